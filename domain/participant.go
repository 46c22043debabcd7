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
	// personal is the sealed personal details (nil: none given); erased
	// once the key that sealed them was destroyed (participant_erase.go).
	personal *events.Sealed
	erased   bool
	erasedOn events.Date

	// Selection, training and development (participant_lifecycle.go).
	selected, notSelected bool
	decidedOn             events.Date
	trainedOn             events.Date // first mentor training (zero: none)
	inductedOn            events.Date // mentee induction (zero: none)
	level                 string
	needs                 map[string]*trainingNeed
	withdrawn             bool
	withdrewOn            events.Date
	// lastDated is the latest date of anything recorded for the participant.
	lastDated events.Date

	changes []events.Payload
}

// trainingNeed is what the participant knows of one training need.
type trainingNeed struct {
	identifiedOn events.Date
	met          bool
	metOn        events.Date
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

// RegisteredOn is the date of registration.
func (p *Participant) RegisteredOn() events.Date { return p.registeredOn }

// Selected reports whether the participant was selected.
func (p *Participant) Selected() bool { return p.selected }

// NotSelected reports whether the participant was not selected.
func (p *Participant) NotSelected() bool { return p.notSelected }

// MentorTrainingCompleted reports whether a mentor completed mentor
// training, and the date of the first session completed.
func (p *Participant) MentorTrainingCompleted() (events.Date, bool) {
	return p.trainedOn, !p.trainedOn.IsZero()
}

// MenteeInductionCompleted reports whether a mentee completed the
// induction, and when.
func (p *Participant) MenteeInductionCompleted() (events.Date, bool) {
	return p.inductedOn, !p.inductedOn.IsZero()
}

// MentorLevel is the mentor's latest assessed EMCC level ("" when none).
func (p *Participant) MentorLevel() string { return p.level }

// Withdrawn reports whether the participant withdrew from the programme.
func (p *Participant) Withdrawn() bool { return p.withdrawn }

// WithdrewOn is the date of the withdrawal (zero while taking part).
func (p *Participant) WithdrewOn() events.Date { return p.withdrewOn }

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
		p.personal = e.Personal
		p.dated(e.RegisteredOn)
	case events.Selected:
		p.selected, p.decidedOn = true, e.SelectedOn
		p.dated(e.SelectedOn)
	case events.NotSelected:
		p.notSelected, p.decidedOn = true, e.DecidedOn
		p.dated(e.DecidedOn)
	case events.MentorTrainingCompleted:
		if p.trainedOn.IsZero() || e.CompletedOn.Before(p.trainedOn) {
			p.trainedOn = e.CompletedOn
		}
		p.dated(e.CompletedOn)
	case events.MenteeInductionCompleted:
		p.inductedOn = e.CompletedOn
		p.dated(e.CompletedOn)
	case events.MentorLevelAssessed:
		p.level = e.Level
		p.dated(e.AssessedOn)
	case events.SupervisionRecorded:
		p.dated(e.HeldOn)
	case events.TrainingNeedIdentified:
		if p.needs == nil {
			p.needs = map[string]*trainingNeed{}
		}
		p.needs[e.NeedID] = &trainingNeed{identifiedOn: e.IdentifiedOn}
		p.dated(e.IdentifiedOn)
	case events.TrainingNeedMet:
		if n := p.needs[e.NeedID]; n != nil {
			n.met, n.metOn = true, e.MetOn
		}
		p.dated(e.MetOn)
	case events.ParticipantWithdrew:
		p.withdrawn, p.withdrewOn = true, e.WithdrewOn
		p.dated(e.WithdrewOn)
	case events.PersonalDataErased:
		// Not a programme date: lastDated is left alone, so erasure never
		// holds back a later withdrawal.
		p.erased, p.erasedOn = true, e.ErasedOn
	}
}

func (p *Participant) dated(d events.Date) {
	if d.After(p.lastDated) {
		p.lastDated = d
	}
}
