package domain

import "github.com/mentorledger/mentorledger/events"

// CancelMeeting is the command that records a party cancelling a scheduled
// meeting.
type CancelMeeting events.MeetingCancelled

// CancelMeeting records the cancellation of a scheduled meeting by a party.
// A meeting that was held and logged is not cancelled, and a meeting is
// cancelled once. Resource 5 asks for at least 24 hours' notice and an
// alternative date; both are recorded as they happened (notice_given, a new
// relationship.meeting_scheduled) and the reports flag short notice.
func (r *Relationship) CancelMeeting(c CancelMeeting) error {
	e := events.MeetingCancelled(c)
	if err := r.active(&e, e.RelationshipID, "notice_given", dateOf(e.NoticeGiven)); err != nil {
		return err
	}
	m, err := r.scheduledMeeting(&e, e.MeetingID)
	if err != nil {
		return err
	}
	if m.logged {
		return conflict(e, "meeting %s was held on %s and logged: a logged meeting is not cancelled", e.MeetingID, m.heldOn)
	}
	if m.cancelled {
		return conflict(e, "meeting %s was already cancelled on %s", e.MeetingID, m.cancelledOn)
	}
	if _, err := r.party(&e, "cancelled_by", e.CancelledBy); err != nil {
		return err
	}
	r.record(e)
	return nil
}
