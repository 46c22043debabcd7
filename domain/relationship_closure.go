package domain

import "github.com/mentorledger/mentorledger/events"

// CompleteClosure is the command that records the closure of an ended
// relationship.
type CompleteClosure events.ClosureCompleted

// CompleteClosure records, once, that the closure after the ending was
// completed and the co-ordinator informed (checklist 7, stage 4/5: "Say
// goodbye – closure"), on or after the ending.
func (r *Relationship) CompleteClosure(c CompleteClosure) error {
	e := events.ClosureCompleted(c)
	if err := r.afterTheEnding(&e, e.RelationshipID, "completed_on", e.CompletedOn, "closure"); err != nil {
		return err
	}
	if r.closed {
		return conflict(e, "relationship %s closure was already completed on %s", r.id, r.closedOn)
	}
	r.record(e)
	return nil
}
