package domain

import (
	"slices"
	"strings"

	"github.com/mentorledger/mentorledger/events"
)

// ScheduleMeeting is the command that arranges a meeting in advance, with
// its agenda (pitfall 4 flags meetings without one).
type ScheduleMeeting events.MeetingScheduled

// ScheduleMeeting records a meeting arranged for a time on or after the
// match, under a meeting id new to the relationship.
func (r *Relationship) ScheduleMeeting(c ScheduleMeeting) error {
	e := events.MeetingScheduled(c)
	if err := r.active(&e, e.RelationshipID, "scheduled_for", dateOf(e.ScheduledFor)); err != nil {
		return err
	}
	if err := checkID(e, "meeting_id", e.MeetingID); err != nil {
		return err
	}
	if _, ok := r.meetings[e.MeetingID]; ok {
		return conflict(e, "meeting %s already exists in relationship %s", e.MeetingID, r.id)
	}
	for i, item := range e.Agenda {
		if strings.TrimSpace(item) == "" {
			return invalid(e, "agenda", "entry %d is blank", i+1)
		}
	}
	e.Agenda = slices.Clone(e.Agenda)
	r.record(e)
	return nil
}
