package domain_test

import (
	"testing"

	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/events"
)

func TestLaunchRequiresAStatedPurpose(t *testing.T) {
	p := programme(registered(), planAdopted())
	err := p.LaunchProgramme(domain.LaunchProgramme(launched()))
	thenError(t, err, p.Changes(), events.ECONFLICT, "programme.launched: programme prog-1 has no stated purpose: record programme.purpose_stated first (step 1)")
}

func TestLaunchRequiresAnAdoptedPlan(t *testing.T) {
	p := programme(registered(), purposeStated())
	err := p.LaunchProgramme(domain.LaunchProgramme(launched()))
	thenError(t, err, p.Changes(), events.ECONFLICT, "programme.launched: programme prog-1 has no plan: record programme.plan_adopted first (step 2)")
}

// Checklist 1 recommends the evaluation strategy "before the programme has
// begun"; the launch is recorded without it and the report flags it.
func TestLaunchWithoutAnEvaluationStrategyIsRecorded(t *testing.T) {
	p := programme(registered(), planAdopted(), purposeStated())
	err := p.LaunchProgramme(domain.LaunchProgramme(launched()))
	then(t, err, p.Changes(), launched())
	if on, ok := p.Launched(); !ok || on != d("2025-01-06") {
		t.Fatalf("Launched()=%s, %t, want 2025-01-06, true", on, ok)
	}
}

func TestEvaluationStrategyAfterTheLaunchIsRecorded(t *testing.T) {
	p := programme(registered(), planAdopted(), purposeStated(), launched())
	e := evaluationStrategyDefined()
	e.DefinedOn = d("2025-02-01")
	err := p.DefineEvaluationStrategy(domain.DefineEvaluationStrategy(e))
	then(t, err, p.Changes(), e)
}

func TestProgrammeIsLaunchedOnce(t *testing.T) {
	p := programme(registered(), planAdopted(), purposeStated(), launched())
	err := p.LaunchProgramme(domain.LaunchProgramme(launched()))
	thenError(t, err, p.Changes(), events.ECONFLICT, "programme.launched: programme prog-1 was already launched on 2025-01-06")
}

func TestStakeholdersBriefedAreKnownAudiences(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*events.StakeholdersBriefed)
		msg  string
	}{
		{"no audience", func(c *events.StakeholdersBriefed) { c.Audiences = nil }, "programme.stakeholders_briefed.audiences: at least 1 required, got 0"},
		{"unknown audience", func(c *events.StakeholdersBriefed) { c.Audiences = []string{"press"} }, `programme.stakeholders_briefed.audiences: must be one of senior_managers, line_managers, mentors, mentees, staff, partner_organisations, steering_group, funders, other, got "press"`},
		{"audience twice", func(c *events.StakeholdersBriefed) { c.Audiences = []string{"mentors", "mentors"} }, `programme.stakeholders_briefed.audiences: "mentors" is named twice`},
		{"unknown method", func(c *events.StakeholdersBriefed) { c.Method = "carrier_pigeon" }, `programme.stakeholders_briefed.method: must be one of meeting, presentation, written, online, got "carrier_pigeon"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := events.StakeholdersBriefed{ProgrammeID: progID, BriefedOn: d("2024-12-18"), Audiences: []string{events.AudienceMentors}, Method: events.BriefingMeeting}
			tc.edit(&c)
			p := programme()
			err := p.BriefStakeholders(domain.BriefStakeholders(c))
			thenError(t, err, p.Changes(), events.EINVALID, tc.msg)
		})
	}
}
