package domain

import "github.com/mentorledger/mentorledger/events"

// The bounds of the OSKAR scale (resource 16) and the GROW commitment
// rating (resource 12).
const (
	MinOSKARScale, MaxOSKARScale = 0, 10
	MinGROWRating, MaxGROWRating = 1, 10
)

// ScaleProgress is the command that records an OSKAR scaling of a goal.
type ScaleProgress events.ProgressScaled

// RateCommitment is the command that records a GROW commitment rating.
type RateCommitment events.CommitmentRated

// ScaleProgress records where the mentee places themselves towards a goal
// of the relationship on the OSKAR scale, 0..10, on or after the goal was
// set.
func (r *Relationship) ScaleProgress(c ScaleProgress) error {
	e := events.ProgressScaled(c)
	if err := r.active(&e, e.RelationshipID, "scaled_on", e.ScaledOn); err != nil {
		return err
	}
	g, err := r.goal(&e, e.GoalID)
	if err != nil {
		return err
	}
	if e.ScaledOn.Before(g.setOn) {
		return invalid(e, "scaled_on", "must be on or after the goal's set_on %s, got %s", g.setOn, e.ScaledOn)
	}
	if e.Scale < MinOSKARScale || e.Scale > MaxOSKARScale {
		return invalid(e, "scale", "must be %d..%d (OSKAR), got %d", MinOSKARScale, MaxOSKARScale, e.Scale)
	}
	r.record(e)
	return nil
}

// RateCommitment records the mentee's commitment to the way forward, 1..10,
// for a goal of the relationship or for the session as a whole. A rating
// below 7 is recorded: resource 12 asks what still needs to happen, and the
// reports flag it.
func (r *Relationship) RateCommitment(c RateCommitment) error {
	e := events.CommitmentRated(c)
	if err := r.active(&e, e.RelationshipID, "rated_on", e.RatedOn); err != nil {
		return err
	}
	if e.GoalID != "" {
		g, err := r.goal(&e, e.GoalID)
		if err != nil {
			return err
		}
		if e.RatedOn.Before(g.setOn) {
			return invalid(e, "rated_on", "must be on or after the goal's set_on %s, got %s", g.setOn, e.RatedOn)
		}
	}
	if e.Rating < MinGROWRating || e.Rating > MaxGROWRating {
		return invalid(e, "rating", "must be %d..%d (GROW), got %d", MinGROWRating, MaxGROWRating, e.Rating)
	}
	r.record(e)
	return nil
}
