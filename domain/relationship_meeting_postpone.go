package domain

import (
	"github.com/mentorledger/mentorledger/events"
)

// PostponeMeeting is the command that records a party saying they cannot
// keep a scheduled meeting, and the new time when one was agreed.
type PostponeMeeting events.MeetingPostponed

// PostponeMeeting records the postponement of a scheduled meeting not yet
// logged, requested by a party. Resource 5 asks for at least 24 hours'
// notice; later notice is recorded as given and the reports flag it.
func (r *Relationship) PostponeMeeting(c PostponeMeeting) error {
	e := events.MeetingPostponed(c)
	if err := r.active(&e, e.RelationshipID, "notice_given", dateOf(e.NoticeGiven)); err != nil {
		return err
	}
	m, err := r.scheduledMeeting(&e, e.MeetingID)
	if err != nil {
		return err
	}
	if m.logged {
		return conflict(e, "meeting %s was held on %s and logged", e.MeetingID, m.heldOn)
	}
	if m.cancelled {
		return conflict(e, "meeting %s was cancelled on %s", e.MeetingID, m.cancelledOn)
	}
	if _, err := r.party(&e, "requested_by", e.RequestedBy); err != nil {
		return err
	}
	if e.NewTime != nil {
		if e.NewTime.IsZero() {
			e.NewTime = nil
		} else if !e.NewTime.After(e.NoticeGiven) {
			return invalid(e, "new_time", "must be after notice_given %s, got %s", events.FormatTime(e.NoticeGiven), events.FormatTime(*e.NewTime))
		} else {
			t := *e.NewTime
			e.NewTime = &t
		}
	}
	r.record(e)
	return nil
}
