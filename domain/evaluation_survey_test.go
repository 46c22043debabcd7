package domain_test

import (
	"testing"

	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/events"
)

func surveyIssued() events.SurveyIssued {
	return events.SurveyIssued{SurveyID: "svy-1", ProgrammeID: progID, InstrumentID: events.InstrumentResource6,
		Audience: events.AudienceMentor, IssuedOn: d("2025-06-02"), DueOn: d("2025-06-30")}
}

func customSurveyIssued() events.SurveyIssued {
	e := surveyIssued()
	e.SurveyID, e.InstrumentID, e.Audience = "svy-2", "exit-1", events.AudienceMentee
	return e
}

func custom() *domain.Instrument {
	return domain.LoadInstrument([]events.Payload{instrumentDefined()})
}

func intp(n int) *int { return &n }

// resource6Answers answers every question of resource 6.
func resource6Answers() []events.Answer {
	var out []events.Answer
	for _, q := range events.Resource6Questions() {
		a := events.Answer{QuestionID: q.QuestionID}
		if q.Kind == events.AnswerYesNo {
			a.Choice = "yes"
		} else {
			a.Text = "Well organised."
		}
		out = append(out, a)
	}
	return out
}

func answered(answers []events.Answer, partial bool) events.SurveyAnswered {
	return events.SurveyAnswered{SurveyID: "svy-1", InstrumentID: events.InstrumentResource6, AnsweredOn: d("2025-06-20"), Answers: answers, Partial: partial}
}

func TestSurveyIsIssuedOnAKnownInstrumentToItsAudience(t *testing.T) {
	s := domain.LoadSurvey(nil)
	err := s.IssueSurvey(domain.IssueSurvey(surveyIssued()), programme(), domain.Resource6())
	then(t, err, s.Changes(), surveyIssued())

	s = domain.LoadSurvey(nil)
	err = s.IssueSurvey(domain.IssueSurvey(customSurveyIssued()), programme(), custom())
	then(t, err, s.Changes(), customSurveyIssued())

	s = domain.LoadSurvey([]events.Payload{surveyIssued()})
	err = s.IssueSurvey(domain.IssueSurvey(surveyIssued()), programme(), domain.Resource6())
	thenError(t, err, s.Changes(), events.ECONFLICT, "survey svy-1 is already issued")

	for _, tc := range []struct {
		name   string
		change func(*events.SurveyIssued)
		code   string
		msg    string
	}{
		{"resource 6 to mentees", func(e *events.SurveyIssued) { e.Audience = events.AudienceMentee }, events.EINVALID, `evaluation.survey_issued.audience: resource 6 is an evaluation by mentors: must be mentor, got "mentee"`},
		{"unknown audience", func(e *events.SurveyIssued) { e.Audience = "funder" }, events.EINVALID, "evaluation.survey_issued.audience: must be one of mentor, mentee, line_manager"},
		{"due before issued", func(e *events.SurveyIssued) { e.DueOn = d("2025-06-01") }, events.EINVALID, "due_on: must not be before issued_on 2025-06-02, got 2025-06-01"},
		{"unknown programme", func(e *events.SurveyIssued) { e.ProgrammeID = "prog-9" }, events.ENOTFOUND, "programme prog-9: not found"},
		{"unknown instrument", func(e *events.SurveyIssued) { e.InstrumentID = "exit-9" }, events.ENOTFOUND, "instrument exit-9: not found"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := surveyIssued()
			tc.change(&e)
			s := domain.LoadSurvey(nil)
			err := s.IssueSurvey(domain.IssueSurvey(e), programme(), domain.Resource6())
			thenError(t, err, s.Changes(), tc.code, tc.msg)
		})
	}

	other := registered()
	other.ProgrammeID = "prog-2"
	e := customSurveyIssued()
	e.ProgrammeID = "prog-2"
	s = domain.LoadSurvey(nil)
	err = s.IssueSurvey(domain.IssueSurvey(e), programme(other), custom())
	thenError(t, err, s.Changes(), events.EINVALID, "instrument_id: instrument exit-1 belongs to programme prog-1, not prog-2")
}

func TestSurveyAnswerIsAnonymousCompleteOrExplicitlyPartial(t *testing.T) {
	s := domain.LoadSurvey([]events.Payload{surveyIssued()})
	err := s.AnswerSurvey(domain.AnswerSurvey(answered(resource6Answers(), false)), domain.Resource6())
	then(t, err, s.Changes(), answered(resource6Answers(), false))

	partial := answered(resource6Answers()[:3], true)
	s = domain.LoadSurvey([]events.Payload{surveyIssued(), answered(resource6Answers(), false)})
	err = s.AnswerSurvey(domain.AnswerSurvey(partial), domain.Resource6())
	then(t, err, s.Changes(), partial)
	if got, want := s.Responses(), 2; got != want {
		t.Fatalf("responses=%d, want %d", got, want)
	}

	// A late response is recorded as it came.
	late := answered(resource6Answers(), false)
	late.AnsweredOn = d("2025-07-15")
	s = domain.LoadSurvey([]events.Payload{surveyIssued()})
	err = s.AnswerSurvey(domain.AnswerSurvey(late), domain.Resource6())
	then(t, err, s.Changes(), late)

	s = domain.LoadSurvey(nil)
	err = s.AnswerSurvey(domain.AnswerSurvey(answered(resource6Answers(), false)), domain.Resource6())
	thenError(t, err, s.Changes(), events.ENOTFOUND, "survey svy-1: not issued")

	for _, tc := range []struct {
		name   string
		change func(*events.SurveyAnswered)
		msg    string
	}{
		{"incomplete, not marked partial", func(e *events.SurveyAnswered) { e.Answers = e.Answers[:14] },
			"evaluation.survey_answered.partial: questions q15, q16 are not answered: answer every question or mark the response partial"},
		{"complete, marked partial", func(e *events.SurveyAnswered) { e.Partial = true },
			"evaluation.survey_answered.partial: every question of resource6 is answered"},
		{"no answers", func(e *events.SurveyAnswered) { e.Answers, e.Partial = nil, true }, "answers: at least 1 required"},
		{"question of another instrument", func(e *events.SurveyAnswered) { e.Answers[0].QuestionID = "q17" },
			`answers.0.question_id: not a question of instrument resource6, got "q17"`},
		{"answered twice", func(e *events.SurveyAnswered) { e.Answers[1] = e.Answers[0]; e.Partial = true },
			"answers.1.question_id: q1 is answered more than once"},
		{"yes_no answered with text", func(e *events.SurveyAnswered) { e.Answers[2].Text = "maybe" },
			"answers.2: q3 is a yes_no question: give choice only"},
		{"yes_no with another choice", func(e *events.SurveyAnswered) { e.Answers[2].Choice = "maybe" },
			`answers.2.choice: must be one of yes, no, got "maybe"`},
		{"text answered with a number", func(e *events.SurveyAnswered) { e.Answers[0].Value = intp(5) },
			"answers.0: q1 is a text question: give text only"},
		{"blank text", func(e *events.SurveyAnswered) { e.Answers[13].Text = "  " }, "answers.13.text: required for text question q14"},
		{"other instrument", func(e *events.SurveyAnswered) { e.InstrumentID = "exit-1" }, `instrument_id: survey svy-1 asks instrument resource6, got "exit-1"`},
		{"before issue", func(e *events.SurveyAnswered) { e.AnsweredOn = d("2025-06-01") }, "answered_on: must not be before the survey was issued on 2025-06-02"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := answered(resource6Answers(), false)
			tc.change(&e)
			s := domain.LoadSurvey([]events.Payload{surveyIssued()})
			err := s.AnswerSurvey(domain.AnswerSurvey(e), domain.Resource6())
			thenError(t, err, s.Changes(), events.EINVALID, tc.msg)
		})
	}
}

func TestSurveyAnswerOnAScaleIsWithinTheInstrumentsScale(t *testing.T) {
	ok := events.SurveyAnswered{SurveyID: "svy-2", InstrumentID: "exit-1", AnsweredOn: d("2025-06-20"), Answers: []events.Answer{
		{QuestionID: "q1", Value: intp(5)}, {QuestionID: "q2", Choice: "no"}, {QuestionID: "q3", Text: "More time."}}}
	s := domain.LoadSurvey([]events.Payload{customSurveyIssued()})
	err := s.AnswerSurvey(domain.AnswerSurvey(ok), custom())
	then(t, err, s.Changes(), ok)

	for _, tc := range []struct {
		name  string
		value *int
		msg   string
	}{
		{"above", intp(6), "answers.0.value: must be 1..5, got 6"},
		{"below", intp(0), "answers.0.value: must be 1..5, got 0"},
		{"missing", nil, "answers.0.value: required for scale question q1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := ok
			e.Answers = []events.Answer{{QuestionID: "q1", Value: tc.value}, ok.Answers[1], ok.Answers[2]}
			s := domain.LoadSurvey([]events.Payload{customSurveyIssued()})
			err := s.AnswerSurvey(domain.AnswerSurvey(e), custom())
			thenError(t, err, s.Changes(), events.EINVALID, tc.msg)
		})
	}
}
