package domain_test

import (
	"testing"
	"time"

	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/events"
)

func TestScheduleMeetingRecordsItWithItsAgenda(t *testing.T) {
	c := scheduled("mtg-1", at("2025-01-20T10:00:00Z"))
	r := given(matched())
	err := r.ScheduleMeeting(domain.ScheduleMeeting(c))
	then(t, err, r.Changes(), c)

	// No agenda is recorded as such: pitfall 4 is the reports' to flag.
	c = scheduled("mtg-2", at("2025-02-20T10:00:00Z"))
	c.Agenda = nil
	err = r.ScheduleMeeting(domain.ScheduleMeeting(c))
	then(t, err, r.Changes()[1:], c)
}

func TestMeetingIDsAreUnique(t *testing.T) {
	for _, history := range [][]events.Payload{
		{matched(), scheduled("mtg-1", at("2025-01-20T10:00:00Z"))},
		{matched(), logged("mtg-1", d("2025-01-20"))},
	} {
		r := given(history...)
		err := r.ScheduleMeeting(domain.ScheduleMeeting(scheduled("mtg-1", at("2025-02-20T10:00:00Z"))))
		thenError(t, err, r.Changes(), events.ECONFLICT, "relationship.meeting_scheduled: meeting mtg-1 already exists in relationship rel-1")
	}
}

func TestScheduledMeetingHasATimeAndAnID(t *testing.T) {
	r := given(matched())
	err := r.ScheduleMeeting(domain.ScheduleMeeting(scheduled("mtg-1", time.Time{})))
	thenError(t, err, r.Changes(), events.EINVALID, "relationship.meeting_scheduled.scheduled_for: required")
	err = r.ScheduleMeeting(domain.ScheduleMeeting(scheduled("", at("2025-02-20T10:00:00Z"))))
	thenError(t, err, r.Changes(), events.EINVALID, "relationship.meeting_scheduled.meeting_id: required")
	c := scheduled("mtg-1", at("2025-02-20T10:00:00Z"))
	c.Agenda = []string{"goals", ""}
	err = r.ScheduleMeeting(domain.ScheduleMeeting(c))
	thenError(t, err, r.Changes(), events.EINVALID, "relationship.meeting_scheduled.agenda: entry 2 is blank")
}
