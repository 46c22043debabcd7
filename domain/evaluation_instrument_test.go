package domain_test

import (
	"testing"

	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/events"
)

func instrumentDefined() events.InstrumentDefined {
	return events.InstrumentDefined{InstrumentID: "exit-1", ProgrammeID: progID, DefinedOn: d("2025-01-15"),
		Questions: []events.Question{
			{QuestionID: "q1", Title: "How would you rate the mentoring programme?", Kind: events.AnswerScale},
			{QuestionID: "q2", Title: "Did you achieve your goals?", Kind: events.AnswerYesNo},
			{QuestionID: "q3", Title: "What would you improve?", Kind: events.AnswerText},
		}, ScaleMin: 1, ScaleMax: 5}
}

func TestResource6HasTheSixteenQuestionsOfTheGuidance(t *testing.T) {
	qs := domain.Resource6().Questions()
	if got, want := len(qs), 16; got != want {
		t.Fatalf("questions=%d, want %d", got, want)
	}
	if got, want := qs[0].Title, "How would you rate the mentoring programme?"; got != want {
		t.Errorf("q1=%q, want %q", got, want)
	}
	if got, want := qs[15].QuestionID+" "+qs[15].Title, "q16 What would you suggest to improve the mentor programme?"; got != want {
		t.Errorf("last=%q, want %q", got, want)
	}
	for _, q := range qs {
		if q.Kind == events.AnswerScale {
			t.Errorf("%s is a scale question, but the guidance gives no scale", q.QuestionID)
		}
	}
}

func TestInstrumentIsDefinedOnceWithUniqueQuestionsAndAScaleForScaleQuestions(t *testing.T) {
	in := domain.LoadInstrument(nil)
	err := in.DefineInstrument(domain.DefineInstrument(instrumentDefined()), programme())
	then(t, err, in.Changes(), instrumentDefined())

	in = domain.LoadInstrument([]events.Payload{instrumentDefined()})
	err = in.DefineInstrument(domain.DefineInstrument(instrumentDefined()), programme())
	thenError(t, err, in.Changes(), events.ECONFLICT, "instrument exit-1 is already defined")

	for _, tc := range []struct {
		name   string
		change func(*events.InstrumentDefined)
		code   string
		msg    string
	}{
		{"built-in id", func(e *events.InstrumentDefined) { e.InstrumentID = events.InstrumentResource6 }, events.ECONFLICT, "is the built-in resource 6"},
		{"unknown programme", func(e *events.InstrumentDefined) { e.ProgrammeID = "prog-9" }, events.ENOTFOUND, "programme prog-9: not found"},
		{"no questions", func(e *events.InstrumentDefined) { e.Questions = nil }, events.EINVALID, "evaluation.instrument_defined.questions: must be 1..100, got 0"},
		{"duplicate id", func(e *events.InstrumentDefined) { e.Questions[2].QuestionID = "q1" }, events.EINVALID, `questions.2.question_id: "q1" appears more than once`},
		{"blank title", func(e *events.InstrumentDefined) { e.Questions[1].Title = " " }, events.EINVALID, "questions.1.title: required"},
		{"unknown kind", func(e *events.InstrumentDefined) { e.Questions[1].Kind = "stars" }, events.EINVALID, "questions.1.kind: must be one of"},
		{"empty scale", func(e *events.InstrumentDefined) { e.ScaleMin, e.ScaleMax = 3, 3 }, events.EINVALID, "scale_max: the scale must run from scale_min to a greater scale_max within 0..100, got 3..3"},
		{"scale without scale questions", func(e *events.InstrumentDefined) { e.Questions = e.Questions[1:] }, events.EINVALID, "scale_min and scale_max must be 0, got 1..5"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := instrumentDefined()
			tc.change(&e)
			in := domain.LoadInstrument(nil)
			err := in.DefineInstrument(domain.DefineInstrument(e), programme())
			thenError(t, err, in.Changes(), tc.code, tc.msg)
		})
	}
}
