package domain

import (
	"github.com/mentorledger/mentorledger/events"
)

// CloseProgramme is the command that records the end of the programme.
type CloseProgramme events.ProgrammeClosed

// CloseProgramme closes the programme, once. Nothing is recorded on a
// closed programme afterwards.
func (p *Programme) CloseProgramme(c CloseProgramme) error {
	e := events.ProgrammeClosed(c)
	if p.registered && p.closed {
		return conflict(e, "programme %s is already closed (on %s)", p.id, p.closedOn)
	}
	if err := p.checkOpen(&e, e.ProgrammeID, "closed_on", e.ClosedOn); err != nil {
		return err
	}
	if p.launched && e.ClosedOn.Before(p.launchedOn) {
		return invalid(e, "closed_on", "must be on or after launched_on %s, got %s", p.launchedOn, e.ClosedOn)
	}
	if err := checkOneOf(e, "reason", e.Reason, closeReasons); err != nil {
		return err
	}
	p.record(e)
	return nil
}
