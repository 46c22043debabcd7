package domain

import (
	"slices"

	"github.com/mentorledger/mentorledger/events"
)

// EnterPhase is the command that records the relationship entering a phase
// of the mentoring lifecycle.
type EnterPhase events.PhaseEntered

// EnterPhase records the relationship entering one of the five phases of
// resource 17. Phases move forward only: a phase after the current one,
// possibly skipping some (a relationship ending early goes to winding up),
// on or after the day the current one was entered. The guidance's lifecycle
// has no way back, and the phase a report shows should not flicker; a pair
// that returns to the work of an earlier phase (goals revisited in
// progression) records a relationship.reviewed of kind phase instead.
func (r *Relationship) EnterPhase(c EnterPhase) error {
	e := events.PhaseEntered(c)
	if err := r.active(&e, e.RelationshipID, "entered_on", e.EnteredOn); err != nil {
		return err
	}
	if err := checkOneOf(e, "phase", e.Phase, phases); err != nil {
		return err
	}
	if next := slices.Index(phases, e.Phase); next <= r.phase {
		return conflict(e, "relationship %s entered %s on %s: phases move forward only (record a step back as relationship.reviewed of kind %s)",
			r.id, phases[r.phase], r.phaseOn, events.RelationshipReviewPhase)
	}
	if e.EnteredOn.Before(r.phaseOn) {
		return invalid(e, "entered_on", "must be on or after %s was entered on %s, got %s", phases[r.phase], r.phaseOn, e.EnteredOn)
	}
	r.record(e)
	return nil
}
