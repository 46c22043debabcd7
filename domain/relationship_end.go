package domain

import (
	"github.com/mentorledger/mentorledger/events"
)

// EndRelationship is the command that records the end of a relationship,
// planned or premature.
type EndRelationship events.RelationshipEnded

// End records the ending of a relationship that has not ended, on or after
// everything recorded in it, with a known reason category. Either party or
// the co-ordinator may end it, and nothing records blame (etiquette 7,
// resource 5 clause 9): the event has no field for it.
func (r *Relationship) End(c EndRelationship) error {
	e := events.RelationshipEnded(c)
	if !r.matched {
		return notFound("relationship %s: not found", e.RelationshipID)
	}
	if r.ended {
		return conflict(e, "relationship %s already ended on %s", r.id, r.endedOn)
	}
	if err := r.active(&e, e.RelationshipID, "ended_on", e.EndedOn); err != nil {
		return err
	}
	if e.EndedOn.Before(r.lastDated) {
		return invalid(e, "ended_on", "must be on or after the last date recorded in relationship %s, %s, got %s", r.id, r.lastDated, e.EndedOn)
	}
	if err := checkOneOf(e, "reason", e.Reason, endReasons); err != nil {
		return err
	}
	r.record(e)
	return nil
}
