package domain

import "github.com/mentorledger/mentorledger/events"

// Withdraw is the command that records a participant leaving the programme.
type Withdraw events.ParticipantWithdrew

// Withdraw records that the participant left the programme. Participation
// is voluntary (etiquette 2): a withdrawal needs no reason and is never
// refused, but it is recorded once — a second one is a conflict, so a
// retried request does not count twice. After it nothing more is recorded
// for the participant and they are not matched again. Relationships they
// are in are ended by their own command (relationship.ended); the reports
// flag a withdrawn participant in an active relationship.
func (p *Participant) Withdraw(c Withdraw) error {
	e := events.ParticipantWithdrew(c)
	if err := p.taking(&e, e.ParticipantID, "withdrew_on", e.WithdrewOn); err != nil {
		if p.withdrawn && p.id == e.ParticipantID {
			return conflict(e, "participant %s already withdrew on %s", p.id, p.withdrewOn)
		}
		return err
	}
	if e.WithdrewOn.Before(p.lastDated) {
		return invalid(e, "withdrew_on", "must be on or after the last date recorded for participant %s, %s, got %s", p.id, p.lastDated, e.WithdrewOn)
	}
	p.record(e)
	return nil
}
