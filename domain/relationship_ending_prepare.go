package domain

import "github.com/mentorledger/mentorledger/events"

// PrepareEnding is the command that records the parties preparing for the
// end of the relationship.
type PrepareEnding events.EndingPrepared

// PrepareEnding records that the parties discussed and prepared for the end
// (pitfall 5), agreeing an end on or after the day they did. It may be
// recorded again when the end is rediscussed; an end date other than the
// agreement's is recorded as agreed ("timescales ... can be reassessed").
func (r *Relationship) PrepareEnding(c PrepareEnding) error {
	e := events.EndingPrepared(c)
	if err := r.active(&e, e.RelationshipID, "prepared_on", e.PreparedOn); err != nil {
		return err
	}
	if err := checkDate(e, "ends_on", e.EndsOn); err != nil {
		return err
	}
	if e.EndsOn.Before(e.PreparedOn) {
		return invalid(e, "ends_on", "must be on or after prepared_on %s, got %s", e.PreparedOn, e.EndsOn)
	}
	r.record(e)
	return nil
}
