package domain

import "github.com/mentorledger/mentorledger/events"

// ParticipantStream is the stream of the participant with this id.
func ParticipantStream(id string) string { return "participant-" + id }

// Participant is a mentor or mentee of one programme.
type Participant struct {
	id             string
	registered     bool
	programmeID    string
	role           string
	organisation   string
	lineManagerRef string
	registeredOn   events.Date

	changes []events.Payload
}

// LoadParticipant folds a participant's history. An empty history is a
// participant not yet registered.
func LoadParticipant(history []events.Payload) *Participant {
	p := &Participant{}
	for _, e := range history {
		p.apply(e)
	}
	return p
}

// ID is the participant's id ("" before registration).
func (p *Participant) ID() string { return p.id }

// Registered reports whether the participant exists.
func (p *Participant) Registered() bool { return p.registered }

// ProgrammeID is the programme the participant belongs to.
func (p *Participant) ProgrammeID() string { return p.programmeID }

// Role is mentor or mentee.
func (p *Participant) Role() string { return p.role }

// Organisation is the partner organisation the participant comes from.
func (p *Participant) Organisation() string { return p.organisation }

// LineManagerRef names the participant's line manager, when recorded.
func (p *Participant) LineManagerRef() string { return p.lineManagerRef }

// Changes returns the events recorded by commands since loading.
func (p *Participant) Changes() []events.Payload { return p.changes }

func (p *Participant) record(e events.Payload) {
	p.apply(e)
	p.changes = append(p.changes, e)
}

func (p *Participant) apply(e events.Payload) {
	switch e := e.(type) {
	case events.ParticipantRegistered:
		p.id, p.registered, p.programmeID = e.ParticipantID, true, e.ProgrammeID
		p.role, p.organisation, p.lineManagerRef, p.registeredOn = e.Role, e.Organisation, e.LineManagerRef, e.RegisteredOn
	}
}
