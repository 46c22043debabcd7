package domain

import "github.com/mentorledger/mentorledger/events"

// Known values of the participant lifecycle enumerations.
var (
	// notSelectedReasons are the reason categories of a selection decision
	// that did not select.
	notSelectedReasons = []string{events.NotSelectedCriteriaNotMet, events.NotSelectedCommitment, events.NotSelectedSelfSelected, events.NotSelectedNoPlace, events.NotSelectedOther}
	// mentorLevels are the EMCC mentor profile levels (seed 002).
	mentorLevels = []string{events.LevelFoundation, events.LevelPractitioner, events.LevelSeniorPractitioner, events.LevelMasterPractitioner}
	// needAreas are the areas of a training need.
	needAreas = []string{events.NeedRoleAndBoundaries, events.NeedEtiquette, events.NeedSkills, events.NeedManagingRelationship, events.NeedActionPlanning, events.NeedMonitoringEvaluation, events.NeedOther}
)

// taking checks what every lifecycle command on a participant needs: the
// participant named by id is registered and has not withdrawn, and the
// command's date field (on) is on or after the registration.
func (p *Participant) taking(e events.Payload, id, field string, on events.Date) error {
	if !p.registered {
		return notFound("participant %s: not found", id)
	}
	if id != p.id {
		return invalid(e, "participant_id", "must be %s, got %q", p.id, id)
	}
	if p.withdrawn {
		return conflict(e, "participant %s withdrew on %s", p.id, p.withdrewOn)
	}
	if err := checkDate(e, field, on); err != nil {
		return err
	}
	if on.Before(p.registeredOn) {
		return invalid(e, field, "must be on or after registered_on %s, got %s", p.registeredOn, on)
	}
	return nil
}

// inRole checks that the participant has the role a command is for.
func (p *Participant) inRole(e events.Payload, role, what string) error {
	if p.role != role {
		return invalid(e, "participant_id", "%s is a %s: %s is for %ss", p.id, p.role, what, role)
	}
	return nil
}
