package domain

import (
	"strconv"
	"strings"

	"github.com/mentorledger/mentorledger/events"
)

// SurveyStream is the stream of the survey with this id.
func SurveyStream(id string) string { return "survey-" + id }

// Survey is a survey issued to one audience of a programme and the
// anonymous responses to it. A survey nobody answered is one with no
// evaluation.survey_answered event.
type Survey struct {
	id           string
	issued       bool
	programmeID  string
	instrumentID string
	audience     string
	issuedOn     events.Date
	dueOn        events.Date
	responses    int

	changes []events.Payload
}

// LoadSurvey folds a survey's history. An empty history is a survey not yet
// issued.
func LoadSurvey(history []events.Payload) *Survey {
	s := &Survey{}
	for _, e := range history {
		s.apply(e)
	}
	return s
}

// Issued reports whether the survey exists.
func (s *Survey) Issued() bool { return s.issued }

// InstrumentID is the instrument the survey asks.
func (s *Survey) InstrumentID() string { return s.instrumentID }

// Responses is how many responses were recorded.
func (s *Survey) Responses() int { return s.responses }

// Changes returns the events recorded by commands since loading.
func (s *Survey) Changes() []events.Payload { return s.changes }

func (s *Survey) record(e events.Payload) {
	s.apply(e)
	s.changes = append(s.changes, e)
}

func (s *Survey) apply(e events.Payload) {
	switch e := e.(type) {
	case events.SurveyIssued:
		s.id, s.issued, s.programmeID, s.instrumentID = e.SurveyID, true, e.ProgrammeID, e.InstrumentID
		s.audience, s.issuedOn, s.dueOn = e.Audience, e.IssuedOn, e.DueOn
	case events.SurveyAnswered:
		s.responses++
	}
}

// surveyAudiences are who a survey may be issued to (checklist 4).
var surveyAudiences = []string{events.AudienceMentor, events.AudienceMentee, events.AudienceLineManager}

// IssueSurvey is the command that issues a survey.
type IssueSurvey events.SurveyIssued

// IssueSurvey records a survey on an instrument issued to one audience of a
// programme. Resource 6 is the "Exemplar evaluation - mentors": it is
// issued to mentors only. A programme's own instrument is issued in that
// programme only.
func (s *Survey) IssueSurvey(c IssueSurvey, prog *Programme, in *Instrument) error {
	e := events.SurveyIssued(c)
	if err := checkID(e, "survey_id", e.SurveyID); err != nil {
		return err
	}
	if s.issued {
		return conflict(e, "survey %s is already issued", s.id)
	}
	if prog == nil || !prog.Registered() || prog.ID() != e.ProgrammeID {
		return notFound("programme %s: not found", e.ProgrammeID)
	}
	if in == nil || !in.Defined() || in.ID() != e.InstrumentID {
		return notFound("instrument %s: not found", e.InstrumentID)
	}
	if in.programmeID != "" && in.programmeID != e.ProgrammeID {
		return invalid(e, "instrument_id", "instrument %s belongs to programme %s, not %s", in.id, in.programmeID, e.ProgrammeID)
	}
	if err := checkOneOf(e, "audience", e.Audience, surveyAudiences); err != nil {
		return err
	}
	if in.id == events.InstrumentResource6 && e.Audience != events.AudienceMentor {
		return invalid(e, "audience", "resource 6 is an evaluation by mentors: must be mentor, got %q", e.Audience)
	}
	if err := checkDate(e, "issued_on", e.IssuedOn); err != nil {
		return err
	}
	if err := checkDate(e, "due_on", e.DueOn); err != nil {
		return err
	}
	if e.DueOn.Before(e.IssuedOn) {
		return invalid(e, "due_on", "must not be before issued_on %s, got %s", e.IssuedOn, e.DueOn)
	}
	s.record(e)
	return nil
}

// AnswerSurvey is the command that records one anonymous response. It has
// no field for the respondent, and the event has none either.
type AnswerSurvey events.SurveyAnswered

// Choices of a yes_no answer.
const (
	ChoiceYes = "yes"
	ChoiceNo  = "no"
)

// AnswerSurvey records one response to an issued survey, on the survey's
// instrument (in). Every answer is to a question of the instrument, at most
// once, in the question's kind: yes or no, a value within the scale, or a
// non-blank text. A response answers every question unless it says it is
// partial; a partial one leaves at least one out. A late response is
// recorded as it came: the reports compare answered_on with due_on.
func (s *Survey) AnswerSurvey(c AnswerSurvey, in *Instrument) error {
	e := events.SurveyAnswered(c)
	if !s.issued {
		return notFound("survey %s: not issued", e.SurveyID)
	}
	if e.SurveyID != s.id {
		return invalid(e, "survey_id", "must be %s, got %q", s.id, e.SurveyID)
	}
	if e.InstrumentID != s.instrumentID {
		return invalid(e, "instrument_id", "survey %s asks instrument %s, got %q", s.id, s.instrumentID, e.InstrumentID)
	}
	if in == nil || !in.Defined() || in.ID() != s.instrumentID {
		return notFound("instrument %s: not found", s.instrumentID)
	}
	if err := checkDate(e, "answered_on", e.AnsweredOn); err != nil {
		return err
	}
	if e.AnsweredOn.Before(s.issuedOn) {
		return invalid(e, "answered_on", "must not be before the survey was issued on %s, got %s", s.issuedOn, e.AnsweredOn)
	}
	if len(e.Answers) == 0 {
		return invalid(e, "answers", "at least 1 required: a survey nobody answered has no response")
	}
	answered := map[string]bool{}
	for i, a := range e.Answers {
		if err := in.checkAnswer(&e, "answers."+strconv.Itoa(i), a); err != nil {
			return err
		}
		if answered[a.QuestionID] {
			return invalid(e, "answers."+strconv.Itoa(i)+".question_id", "%s is answered more than once", a.QuestionID)
		}
		answered[a.QuestionID] = true
	}
	var missing []string
	for _, q := range in.questions {
		if !answered[q.QuestionID] {
			missing = append(missing, q.QuestionID)
		}
	}
	switch {
	case len(missing) > 0 && !e.Partial:
		return invalid(e, "partial", "questions %s are not answered: answer every question or mark the response partial", strings.Join(missing, ", "))
	case len(missing) == 0 && e.Partial:
		return invalid(e, "partial", "every question of %s is answered: the response is not partial", in.id)
	}
	s.record(e)
	return nil
}

// checkAnswer checks one answer against its question.
func (in *Instrument) checkAnswer(e events.Payload, field string, a events.Answer) error {
	q, ok := in.question(a.QuestionID)
	if !ok {
		return invalid(e, field+".question_id", "not a question of instrument %s, got %q", in.id, a.QuestionID)
	}
	switch q.Kind {
	case events.AnswerYesNo:
		if a.Value != nil || a.Text != "" {
			return invalid(e, field, "%s is a yes_no question: give choice only", q.QuestionID)
		}
		return checkOneOf(e, field+".choice", a.Choice, []string{ChoiceYes, ChoiceNo})
	case events.AnswerScale:
		if a.Choice != "" || a.Text != "" {
			return invalid(e, field, "%s is a scale question: give value only", q.QuestionID)
		}
		if a.Value == nil {
			return invalid(e, field+".value", "required for scale question %s", q.QuestionID)
		}
		if v := *a.Value; v < in.scaleMin || v > in.scaleMax {
			return invalid(e, field+".value", "must be %d..%d, got %d", in.scaleMin, in.scaleMax, v)
		}
	case events.AnswerText:
		if a.Choice != "" || a.Value != nil {
			return invalid(e, field, "%s is a text question: give text only", q.QuestionID)
		}
		if strings.TrimSpace(a.Text) == "" {
			return invalid(e, field+".text", "required for text question %s", q.QuestionID)
		}
		return checkLen(e, field+".text", a.Text, maxText)
	}
	return nil
}
