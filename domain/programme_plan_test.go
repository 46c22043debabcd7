package domain_test

import (
	"testing"

	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/events"
)

func TestPlanIsAdoptedAsGiven(t *testing.T) {
	p := programme(registered())
	err := p.AdoptPlan(domain.AdoptPlan(planAdopted()))
	then(t, err, p.Changes(), planAdopted())
}

func TestPlanNeedsARegisteredProgramme(t *testing.T) {
	p := domain.LoadProgramme(nil)
	err := p.AdoptPlan(domain.AdoptPlan(planAdopted()))
	thenError(t, err, p.Changes(), events.ENOTFOUND, "programme prog-1: not found")
}

// Checklist 6: meet once a month, no more than two hours, contact about two
// weeks after a meeting, documents forwarded soon after; resource 5: a
// minimum of one hour.
func TestPlanTakesTheGuidanceDefaults(t *testing.T) {
	c := planAdopted()
	c.MeetingFrequencyDays, c.MinMeetingMinutes, c.MaxMeetingMinutes, c.ContactAfterMeetingDays, c.DocumentsDueDays = 0, 0, 0, 0, 0
	p := programme(registered())
	err := p.AdoptPlan(domain.AdoptPlan(c))
	want := c
	want.MeetingFrequencyDays, want.MinMeetingMinutes, want.MaxMeetingMinutes, want.ContactAfterMeetingDays, want.DocumentsDueDays = 30, 60, 120, 14, 7
	then(t, err, p.Changes(), want)
}

func TestLaterPlanReplacesTheEarlier(t *testing.T) {
	c := planAdopted()
	c.AdoptedOn, c.MeetingFrequencyDays = d("2025-06-01"), 21
	p := programme(registered(), planAdopted())
	if err := p.AdoptPlan(domain.AdoptPlan(c)); err != nil {
		t.Fatal(err)
	}
	if got, _ := p.Plan(); got.MeetingFrequencyDays != 21 {
		t.Fatalf("meeting_frequency_days=%d, want 21", got.MeetingFrequencyDays)
	}
}

func TestPlanEndsAfterItStartsAndMinIsAtMostMax(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*events.PlanAdopted)
		msg  string
	}{
		{"other programme", func(c *events.PlanAdopted) { c.ProgrammeID = "prog-2" }, `programme.plan_adopted.programme_id: must be prog-1, got "prog-2"`},
		{"adopted before registration", func(c *events.PlanAdopted) { c.AdoptedOn = d("2024-10-01") }, "programme.plan_adopted.adopted_on: must be on or after registered_on 2024-11-01, got 2024-10-01"},
		{"no start", func(c *events.PlanAdopted) { c.StartsOn = events.Date{} }, "programme.plan_adopted.starts_on: required"},
		{"ends on start", func(c *events.PlanAdopted) { c.EndsOn = c.StartsOn }, "programme.plan_adopted.ends_on: must be after starts_on 2025-01-06, got 2025-01-06"},
		{"ends before start", func(c *events.PlanAdopted) { c.EndsOn = d("2024-12-31") }, "programme.plan_adopted.ends_on: must be after starts_on 2025-01-06, got 2024-12-31"},
		{"min over max", func(c *events.PlanAdopted) { c.MinMeetingMinutes, c.MaxMeetingMinutes = 90, 60 }, "programme.plan_adopted.min_meeting_minutes: must not exceed max_meeting_minutes 60, got 90"},
		{"min over default max", func(c *events.PlanAdopted) { c.MinMeetingMinutes, c.MaxMeetingMinutes = 150, 0 }, "programme.plan_adopted.min_meeting_minutes: must not exceed max_meeting_minutes 120, got 150"},
		{"max over a day's work", func(c *events.PlanAdopted) { c.MaxMeetingMinutes = 600 }, "programme.plan_adopted.max_meeting_minutes: must be 1..480, got 600"},
		{"negative frequency", func(c *events.PlanAdopted) { c.MeetingFrequencyDays = -1 }, "programme.plan_adopted.meeting_frequency_days: must be 1..366, got -1"},
		{"contact after a quarter", func(c *events.PlanAdopted) { c.ContactAfterMeetingDays = 91 }, "programme.plan_adopted.contact_after_meeting_days: must be 1..90, got 91"},
		{"no relationship length", func(c *events.PlanAdopted) { c.RelationshipMonths = 0 }, "programme.plan_adopted.relationship_months: required: relationships have a defined end point (pitfall 2)"},
		{"relationship over five years", func(c *events.PlanAdopted) { c.RelationshipMonths = 61 }, "programme.plan_adopted.relationship_months: must be 1..60, got 61"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := planAdopted()
			tc.edit(&c)
			p := programme(registered())
			err := p.AdoptPlan(domain.AdoptPlan(c))
			thenError(t, err, p.Changes(), events.EINVALID, tc.msg)
		})
	}
}
