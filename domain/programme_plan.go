package domain

import (
	"github.com/mentorledger/mentorledger/events"
)

// AdoptPlan is the command that records the programme's plan (step 2):
// its dates and the meeting rules checklist 6 checks. A rule left at zero
// takes the guidance's default.
type AdoptPlan events.PlanAdopted

// AdoptPlan records the plan of a registered programme. A later plan
// replaces an earlier one.
func (p *Programme) AdoptPlan(c AdoptPlan) error {
	e := events.PlanAdopted(c)
	if !p.registered {
		return p.notFoundError(e.ProgrammeID)
	}
	if e.ProgrammeID != p.id {
		return invalid(e, "programme_id", "must be %s, got %q", p.id, e.ProgrammeID)
	}
	if p.closed {
		return conflict(e, "programme %s closed on %s; nothing is recorded after", p.id, p.closedOn)
	}
	if err := checkDate(e, "adopted_on", e.AdoptedOn); err != nil {
		return err
	}
	if e.AdoptedOn.Before(p.registeredOn) {
		return invalid(e, "adopted_on", "must be on or after registered_on %s, got %s", p.registeredOn, e.AdoptedOn)
	}
	if err := checkDate(e, "starts_on", e.StartsOn); err != nil {
		return err
	}
	if err := checkDate(e, "ends_on", e.EndsOn); err != nil {
		return err
	}
	if !e.EndsOn.After(e.StartsOn) {
		return invalid(e, "ends_on", "must be after starts_on %s, got %s", e.StartsOn, e.EndsOn)
	}
	if e.RelationshipMonths == 0 {
		return invalid(e, "relationship_months", "required: relationships have a defined end point (pitfall 2)")
	}
	for _, f := range []struct {
		name     string
		v        *int
		def, max int
	}{
		{"relationship_months", &e.RelationshipMonths, 0, 60},
		{"meeting_frequency_days", &e.MeetingFrequencyDays, DefaultMeetingFrequencyDays, 366},
		{"min_meeting_minutes", &e.MinMeetingMinutes, DefaultMinMeetingMinutes, MaxMeetingMinutes},
		{"max_meeting_minutes", &e.MaxMeetingMinutes, DefaultMaxMeetingMinutes, MaxMeetingMinutes},
		{"contact_after_meeting_days", &e.ContactAfterMeetingDays, DefaultContactAfterMeetingDays, 90},
		{"documents_due_days", &e.DocumentsDueDays, DefaultDocumentsDueDays, 90},
	} {
		if *f.v == 0 {
			*f.v = f.def
		}
		if *f.v < 1 || *f.v > f.max {
			return invalid(e, f.name, "must be 1..%d, got %d", f.max, *f.v)
		}
	}
	if e.MinMeetingMinutes > e.MaxMeetingMinutes {
		return invalid(e, "min_meeting_minutes", "must not exceed max_meeting_minutes %d, got %d", e.MaxMeetingMinutes, e.MinMeetingMinutes)
	}
	p.record(e)
	return nil
}
