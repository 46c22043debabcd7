package domain

import "github.com/mentorledger/mentorledger/events"

// ArrangeRematch is the command that links an ended relationship to the new
// relationship one of its parties was rematched into.
type ArrangeRematch events.RematchArranged

// ArrangeRematch records, on this ended relationship, the rematch of one of
// its parties into next, loaded by the caller: a matched relationship of
// the same programme, other than this one, matched on or after this one
// ended, keeping at least one of its parties, and — when next names the
// relationship it is a rematch of — naming this one. Either party may be
// rematched, so an ended relationship may link to several new ones, each
// once.
func (r *Relationship) ArrangeRematch(c ArrangeRematch, next *Relationship) error {
	e := events.RematchArranged(c)
	if err := r.afterTheEnding(&e, e.RelationshipID, "arranged_on", e.ArrangedOn, "a rematch"); err != nil {
		return err
	}
	if err := checkID(e, "new_relationship_id", e.NewRelationshipID); err != nil {
		return err
	}
	if e.NewRelationshipID == r.id {
		return invalid(e, "new_relationship_id", "a relationship is not its own rematch")
	}
	if on, ok := r.rematches[e.NewRelationshipID]; ok {
		return conflict(e, "relationship %s was already linked to %s on %s", r.id, e.NewRelationshipID, on)
	}
	if next == nil || !next.Matched() {
		return notFound("relationship %s: not found", e.NewRelationshipID)
	}
	if next.ProgrammeID() != r.programmeID {
		return invalid(e, "new_relationship_id", "%s belongs to programme %s, not %s", next.ID(), next.ProgrammeID(), r.programmeID)
	}
	if of := next.RematchOf(); of != "" && of != r.id {
		return invalid(e, "new_relationship_id", "%s is a rematch of %s, not %s", next.ID(), of, r.id)
	}
	if next.MatchedOn().Before(r.endedOn) {
		return invalid(e, "new_relationship_id", "%s was matched on %s, before %s ended on %s", next.ID(), next.MatchedOn(), r.id, r.endedOn)
	}
	kept := false
	for id := range next.role {
		if _, ok := r.role[id]; ok {
			kept = true
			break
		}
	}
	if !kept {
		return invalid(e, "new_relationship_id", "a rematch keeps at least one party of %s", r.id)
	}
	r.record(e)
	return nil
}
