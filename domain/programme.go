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

// Programme is a mentoring programme: its registration, its plan and the
// design and management facts of steps 1–8 that its commands check.
type Programme struct {
	id            string
	registered    bool
	registeredOn  events.Date
	organisations []string
	models        []string
	plan          *events.PlanAdopted

	purposeStated            bool
	mentorTrainingMandatory  bool // the latest of the plan and the training definition
	menteeInductionMandatory bool // the latest of the plan and the induction definition
	launched                 bool
	launchedOn               events.Date
	closed                   bool
	closedOn                 events.Date
	fundingSources           map[string]bool // source ids identified
	expenditures             map[string]bool // expenditure ids recorded
	revisions                map[string]int  // document ref → last revision

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

// PurposeStated reports whether the programme's purpose was stated (step 1).
func (p *Programme) PurposeStated() bool { return p.purposeStated }

// MentorTrainingMandatory reports whether mentors must complete training
// before they are matched: the latest of the plan's flag and the mentor
// training definition (checklist 1: "mentor training is provided and is
// mandatory").
func (p *Programme) MentorTrainingMandatory() bool { return p.mentorTrainingMandatory }

// MenteeInductionMandatory reports whether mentees must complete induction
// before they are matched: the latest of the plan's flag and the mentee
// induction definition.
func (p *Programme) MenteeInductionMandatory() bool { return p.menteeInductionMandatory }

// Launched reports whether the programme was launched, and when.
func (p *Programme) Launched() (events.Date, bool) { return p.launchedOn, p.launched }

// Closed reports whether the programme was closed, and when. Nothing is
// recorded on a closed programme.
func (p *Programme) Closed() (events.Date, bool) { return p.closedOn, p.closed }

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
		p.mentorTrainingMandatory, p.menteeInductionMandatory = e.MentorTrainingMandatory, e.MenteeInductionMandatory
	case events.PurposeStated:
		p.purposeStated = true
	case events.MentorTrainingDefined:
		p.mentorTrainingMandatory = e.Mandatory
	case events.MenteeInductionDefined:
		p.menteeInductionMandatory = e.Mandatory
	case events.FundingSourceIdentified:
		p.fundingSources = setKey(p.fundingSources, e.SourceID, true)
	case events.ExpenditureRecorded:
		p.expenditures = setKey(p.expenditures, e.ExpenditureID, true)
	case events.DocumentRevised:
		p.revisions = setKey(p.revisions, e.DocumentRef, e.Revision)
	case events.ProgrammeLaunched:
		p.launched, p.launchedOn = true, e.LaunchedOn
	case events.ProgrammeClosed:
		p.closed, p.closedOn = true, e.ClosedOn
	}
}

// setKey sets m[k] = v, making m first if it is nil.
func setKey[V any](m map[string]V, k string, v V) map[string]V {
	if m == nil {
		m = map[string]V{}
	}
	m[k] = v
	return m
}

// notFoundError is the error of a command on a programme that does not exist.
func (p *Programme) notFoundError(id string) error {
	return notFound("programme %s: not found", id)
}
