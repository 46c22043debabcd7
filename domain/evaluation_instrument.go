package domain

import (
	"slices"
	"strconv"
	"strings"

	"github.com/mentorledger/mentorledger/events"
)

// InstrumentStream is the stream of the survey instrument with this id.
func InstrumentStream(id string) string { return "instrument-" + id }

// Instrument is a survey instrument: its questions and the scale of its
// scale questions. Resource 6 is built in (Resource6); others are defined
// by a programme (DefineInstrument).
type Instrument struct {
	id          string
	defined     bool
	programmeID string // "" for the built-in instrument, usable by every programme
	questions   []events.Question
	scaleMin    int
	scaleMax    int

	changes []events.Payload
}

// Resource6 returns the built-in instrument of resource 6, "Exemplar
// evaluation - mentors": its sixteen questions and no scale, since the
// guidance gives none (see events.Resource6Questions).
func Resource6() *Instrument {
	return &Instrument{id: events.InstrumentResource6, defined: true, questions: events.Resource6Questions()}
}

// LoadInstrument folds an instrument's history. An empty history is an
// instrument not yet defined.
func LoadInstrument(history []events.Payload) *Instrument {
	in := &Instrument{}
	for _, e := range history {
		in.apply(e)
	}
	return in
}

// ID is the instrument's id.
func (in *Instrument) ID() string { return in.id }

// Defined reports whether the instrument exists.
func (in *Instrument) Defined() bool { return in.defined }

// Questions are the instrument's questions, in order.
func (in *Instrument) Questions() []events.Question { return slices.Clone(in.questions) }

// Changes returns the events recorded by commands since loading.
func (in *Instrument) Changes() []events.Payload { return in.changes }

func (in *Instrument) record(e events.Payload) {
	in.apply(e)
	in.changes = append(in.changes, e)
}

func (in *Instrument) apply(e events.Payload) {
	if e, ok := e.(events.InstrumentDefined); ok {
		in.id, in.defined, in.programmeID = e.InstrumentID, true, e.ProgrammeID
		in.questions = slices.Clone(e.Questions)
		in.scaleMin, in.scaleMax = e.ScaleMin, e.ScaleMax
	}
}

// question returns the question with this id.
func (in *Instrument) question(id string) (events.Question, bool) {
	i := slices.IndexFunc(in.questions, func(q events.Question) bool { return q.QuestionID == id })
	if i < 0 {
		return events.Question{}, false
	}
	return in.questions[i], true
}

// Bounds of an instrument.
const (
	maxQuestions     = 100
	maxQuestionTitle = 500
	maxScale         = 100
)

// answerKinds are how a question is answered.
var answerKinds = []string{events.AnswerYesNo, events.AnswerScale, events.AnswerText}

// DefineInstrument is the command that declares a programme's own survey
// instrument.
type DefineInstrument events.InstrumentDefined

// DefineInstrument records a programme's own instrument (checklist 4:
// "self-report questionnaires from mentors and mentees"). Its question ids
// are unique; a scale is given exactly when a question is answered on one.
// An instrument, once defined, is not changed: the answers already given
// refer to its questions. A changed questionnaire is a new instrument.
func (in *Instrument) DefineInstrument(c DefineInstrument, prog *Programme) error {
	e := events.InstrumentDefined(c)
	e.Questions = slices.Clone(c.Questions)
	if err := checkID(e, "instrument_id", e.InstrumentID); err != nil {
		return err
	}
	if e.InstrumentID == events.InstrumentResource6 {
		return conflict(e, "instrument %s is the built-in resource 6", e.InstrumentID)
	}
	if in.defined {
		return conflict(e, "instrument %s is already defined", in.id)
	}
	if prog == nil || !prog.Registered() || prog.ID() != e.ProgrammeID {
		return notFound("programme %s: not found", e.ProgrammeID)
	}
	if err := checkDate(e, "defined_on", e.DefinedOn); err != nil {
		return err
	}
	if n := len(e.Questions); n < 1 || n > maxQuestions {
		return invalid(e, "questions", "must be 1..%d, got %d", maxQuestions, n)
	}
	seen := map[string]bool{}
	scale := false
	for i, q := range e.Questions {
		if err := checkID(e, "questions."+strconv.Itoa(i)+".question_id", q.QuestionID); err != nil {
			return err
		}
		if seen[q.QuestionID] {
			return invalid(e, "questions."+strconv.Itoa(i)+".question_id", "%q appears more than once", q.QuestionID)
		}
		seen[q.QuestionID] = true
		if strings.TrimSpace(q.Title) == "" {
			return invalid(e, "questions."+strconv.Itoa(i)+".title", "required")
		}
		if err := checkLen(e, "questions."+strconv.Itoa(i)+".title", q.Title, maxQuestionTitle); err != nil {
			return err
		}
		if err := checkOneOf(e, "questions."+strconv.Itoa(i)+".kind", q.Kind, answerKinds); err != nil {
			return err
		}
		scale = scale || q.Kind == events.AnswerScale
	}
	switch {
	case scale && (e.ScaleMin < 0 || e.ScaleMax > maxScale || e.ScaleMin >= e.ScaleMax):
		return invalid(e, "scale_max", "the scale must run from scale_min to a greater scale_max within 0..%d, got %d..%d", maxScale, e.ScaleMin, e.ScaleMax)
	case !scale && (e.ScaleMin != 0 || e.ScaleMax != 0):
		return invalid(e, "scale_max", "no question is answered on a scale: scale_min and scale_max must be 0, got %d..%d", e.ScaleMin, e.ScaleMax)
	}
	in.record(e)
	return nil
}
