package domain

import (
	"slices"
	"strings"

	"github.com/mentorledger/mentorledger/events"
)

// RegisterParticipant is the command that records a mentor or mentee joining
// a programme.
type RegisterParticipant events.ParticipantRegistered

// Register records the participant in prog, the programme the command names
// (loaded by the caller; a programme never registered is not found). The
// participant comes from one of the programme's organisations.
func (p *Participant) Register(c RegisterParticipant, prog *Programme) error {
	e := events.ParticipantRegistered(c)
	if p.registered {
		return conflict(e, "participant %s is already registered", p.id)
	}
	if err := checkID(e, "participant_id", e.ParticipantID); err != nil {
		return err
	}
	if err := checkOneOf(e, "role", e.Role, roles); err != nil {
		return err
	}
	if prog == nil || !prog.Registered() {
		return notFound("programme %s: not found", e.ProgrammeID)
	}
	if e.ProgrammeID != prog.ID() {
		return invalid(e, "programme_id", "must be %s, got %q", prog.ID(), e.ProgrammeID)
	}
	if strings.TrimSpace(e.Organisation) == "" {
		return invalid(e, "organisation", "required")
	}
	if !slices.Contains(prog.organisations, e.Organisation) {
		return invalid(e, "organisation", "must be one of the programme's organisations (%s), got %q", strings.Join(prog.organisations, ", "), e.Organisation)
	}
	if e.LineManagerRef == e.ParticipantID {
		return invalid(e, "line_manager_ref", "a participant is not their own line manager")
	}
	if err := checkDate(e, "registered_on", e.RegisteredOn); err != nil {
		return err
	}
	if e.RegisteredOn.Before(prog.registeredOn) {
		return invalid(e, "registered_on", "must be on or after the programme's registered_on %s, got %s", prog.registeredOn, e.RegisteredOn)
	}
	p.record(e)
	return nil
}
