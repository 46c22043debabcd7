package domain

import (
	"slices"

	"github.com/mentorledger/mentorledger/events"
)

// ProgrammeStream is the stream of the programme with this id.
func ProgrammeStream(id string) string { return "programme-" + id }

// Guidance defaults a plan takes when it leaves a rule at zero (checklist 6).
const (
	DefaultMeetingFrequencyDays    = 30  // meet once a month
	DefaultMinMeetingMinutes       = 60  // a minimum of one hour (resource 5)
	DefaultMaxMeetingMinutes       = 120 // no more than two hours per meeting
	DefaultContactAfterMeetingDays = 14  // contact about two weeks after a meeting
	DefaultDocumentsDueDays        = 7   // forward documents soon after completion
)

// Programme is a mentoring programme: its registration and its plan.
type Programme struct {
	id            string
	registered    bool
	registeredOn  events.Date
	organisations []string
	models        []string
	plan          *events.PlanAdopted

	changes []events.Payload
}

// LoadProgramme folds a programme's history. An empty history is a
// programme not yet registered.
func LoadProgramme(history []events.Payload) *Programme {
	p := &Programme{}
	for _, e := range history {
		p.apply(e)
	}
	return p
}

// ID is the programme's id ("" before registration).
func (p *Programme) ID() string { return p.id }

// Registered reports whether the programme exists.
func (p *Programme) Registered() bool { return p.registered }

// Organisations are the organisations taking part.
func (p *Programme) Organisations() []string { return slices.Clone(p.organisations) }

// AllowsModel reports whether the programme uses this mentoring model.
func (p *Programme) AllowsModel(m string) bool { return slices.Contains(p.models, m) }

// Plan returns the programme's current plan, if one was adopted.
func (p *Programme) Plan() (events.PlanAdopted, bool) {
	if p.plan == nil {
		return events.PlanAdopted{}, false
	}
	return *p.plan, true
}

// Changes returns the events recorded by commands since loading.
func (p *Programme) Changes() []events.Payload { return p.changes }

func (p *Programme) record(e events.Payload) {
	p.apply(e)
	p.changes = append(p.changes, e)
}

func (p *Programme) apply(e events.Payload) {
	switch e := e.(type) {
	case events.ProgrammeRegistered:
		p.id, p.registered, p.registeredOn = e.ProgrammeID, true, e.RegisteredOn
		p.organisations = slices.Clone(e.Organisations)
		p.models = slices.Clone(e.Models)
	case events.PlanAdopted:
		p.plan = &e
	}
}

// notFoundError is the error of a command on a programme that does not exist.
func (p *Programme) notFoundError(id string) error {
	return notFound("programme %s: not found", id)
}
