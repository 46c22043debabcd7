package domain

import (
	"slices"

	"github.com/mentorledger/mentorledger/events"
)

// LaunchProgramme is the command that records that the programme began.
type LaunchProgramme events.ProgrammeLaunched

// LaunchProgramme records the launch of a programme whose purpose was
// stated (step 1: "People need to know why the programme exists") and whose
// plan was adopted (step 2). Checklist 1's other items — an evaluation
// strategy "before the programme has begun", a steering group, a
// co-ordinator, training — are recommendations: the launch is recorded
// without them and the checklist report shows what was in place.
func (p *Programme) LaunchProgramme(c LaunchProgramme) error {
	e := events.ProgrammeLaunched(c)
	if err := p.checkOpen(&e, e.ProgrammeID, "launched_on", e.LaunchedOn); err != nil {
		return err
	}
	if p.launched {
		return conflict(e, "programme %s was already launched on %s", p.id, p.launchedOn)
	}
	if !p.purposeStated {
		return conflict(e, "programme %s has no stated purpose: record programme.purpose_stated first (step 1)", p.id)
	}
	if p.plan == nil {
		return conflict(e, "programme %s has no plan: record programme.plan_adopted first (step 2)", p.id)
	}
	p.record(e)
	return nil
}

// BriefStakeholders is the command that records a briefing about the
// programme's purpose.
type BriefStakeholders events.StakeholdersBriefed

// BriefStakeholders records who was briefed and how (step 8: "briefing all
// stakeholders about the purpose of the mentoring programme").
func (p *Programme) BriefStakeholders(c BriefStakeholders) error {
	e := events.StakeholdersBriefed(c)
	if err := p.checkOpen(&e, e.ProgrammeID, "briefed_on", e.BriefedOn); err != nil {
		return err
	}
	if err := checkEnums(e, "audiences", e.Audiences, audiences); err != nil {
		return err
	}
	if err := checkOneOf(e, "method", e.Method, briefingMethods); err != nil {
		return err
	}
	e.Audiences = slices.Clone(e.Audiences)
	p.record(e)
	return nil
}
