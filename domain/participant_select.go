package domain

import "github.com/mentorledger/mentorledger/events"

// SelectParticipant is the command that records a recruited participant
// selected against the programme's selection criteria.
type SelectParticipant events.Selected

// DeclineParticipant is the command that records a recruited participant
// not selected, with a reason category and whether they were told.
type DeclineParticipant events.NotSelected

// Select records that the participant was selected. A participant is
// decided on once: selected or not selected.
func (p *Participant) Select(c SelectParticipant) error {
	e := events.Selected(c)
	if err := p.taking(&e, e.ParticipantID, "selected_on", e.SelectedOn); err != nil {
		return err
	}
	if err := p.undecided(&e); err != nil {
		return err
	}
	p.record(e)
	return nil
}

// Decline records that the participant was not selected, for a reason
// category (the guidance asks "how individuals who do not meet the
// selection criteria will be informed": Informed records whether they were;
// a decision not yet communicated is recorded and the reports flag it).
func (p *Participant) Decline(c DeclineParticipant) error {
	e := events.NotSelected(c)
	if err := p.taking(&e, e.ParticipantID, "decided_on", e.DecidedOn); err != nil {
		return err
	}
	if err := p.undecided(&e); err != nil {
		return err
	}
	if err := checkOneOf(e, "reason", e.Reason, notSelectedReasons); err != nil {
		return err
	}
	p.record(e)
	return nil
}

// undecided checks that no selection decision was recorded yet.
func (p *Participant) undecided(e events.Payload) error {
	switch {
	case p.selected:
		return conflict(e, "participant %s was already selected on %s", p.id, p.decidedOn)
	case p.notSelected:
		return conflict(e, "participant %s was already not selected on %s", p.id, p.decidedOn)
	}
	return nil
}
