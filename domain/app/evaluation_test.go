package app_test

import (
	"context"
	"testing"

	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/events"
)

func TestEvaluationSurveysOutcomesAndSessions(t *testing.T) {
	ctx := context.Background()
	s, c := newService(t)
	setUp(t, s)
	ok(t)(s.Match(ctx, "coord", match("rel-1")))

	c.Set("2025-06-02T09:00:00Z")
	ok(t)(s.IssueSurvey(ctx, "coord", domain.IssueSurvey{SurveyID: "svy-1", ProgrammeID: prog, InstrumentID: events.InstrumentResource6,
		Audience: events.AudienceMentor, IssuedOn: d("2025-06-02"), DueOn: d("2025-06-30")}))
	five := 5
	ok(t)(s.DefineInstrument(ctx, "coord", domain.DefineInstrument{InstrumentID: "exit-1", ProgrammeID: prog, DefinedOn: d("2025-06-02"),
		Questions: []events.Question{{QuestionID: "q1", Title: "How would you rate the programme?", Kind: events.AnswerScale}},
		ScaleMin:  1, ScaleMax: 5}))
	ok(t)(s.IssueSurvey(ctx, "coord", domain.IssueSurvey{SurveyID: "svy-2", ProgrammeID: prog, InstrumentID: "exit-1",
		Audience: events.AudienceMentee, IssuedOn: d("2025-06-02"), DueOn: d("2025-06-30")}))
	_, err := s.IssueSurvey(ctx, "coord", domain.IssueSurvey{SurveyID: "svy-3", ProgrammeID: prog, InstrumentID: "exit-9",
		Audience: events.AudienceMentee, IssuedOn: d("2025-06-02"), DueOn: d("2025-06-30")})
	wantCode(t, err, events.ENOTFOUND, "instrument exit-9: not found")

	c.Set("2025-06-20T09:00:00Z")
	var all []events.Answer
	for _, q := range events.Resource6Questions() {
		a := events.Answer{QuestionID: q.QuestionID, Choice: "no"}
		if q.Kind == events.AnswerText {
			a.Choice, a.Text = "", "Fine."
		}
		all = append(all, a)
	}
	ok(t)(s.AnswerSurvey(ctx, domain.AnswerSurvey{SurveyID: "svy-1", InstrumentID: events.InstrumentResource6, AnsweredOn: d("2025-06-20"), Answers: all}))
	ok(t)(s.AnswerSurvey(ctx, domain.AnswerSurvey{SurveyID: "svy-2", InstrumentID: "exit-1", AnsweredOn: d("2025-06-20"),
		Answers: []events.Answer{{QuestionID: "q1", Value: &five}}}))
	_, err = s.AnswerSurvey(ctx, domain.AnswerSurvey{SurveyID: "svy-2", InstrumentID: "exit-1", AnsweredOn: d("2025-06-21"),
		Answers: []events.Answer{{QuestionID: "q1", Value: &five}}})
	wantCode(t, err, events.EINVALID, "evaluation.survey_answered.answered_on: must not be in the future")
	_, err = s.AnswerSurvey(ctx, domain.AnswerSurvey{SurveyID: "svy-9", InstrumentID: "exit-1", AnsweredOn: d("2025-06-20"),
		Answers: []events.Answer{{QuestionID: "q1", Value: &five}}})
	wantCode(t, err, events.ENOTFOUND, "survey svy-9: not issued")

	ok(t)(s.RecordOutcome(ctx, "coord", domain.RecordOutcome{ProgrammeID: prog, OutcomeID: "out-1", RelationshipID: "rel-1",
		Kind: events.OutcomeLearningObjective, AchievedOn: d("2025-06-10"), Description: "Runs a supervision session"}))
	_, err = s.RecordOutcome(ctx, "coord", domain.RecordOutcome{ProgrammeID: prog, OutcomeID: "out-2", RelationshipID: "rel-9",
		Kind: events.OutcomeSkill, AchievedOn: d("2025-06-10"), Description: "Coaching"})
	wantCode(t, err, events.ENOTFOUND, "relationship rel-9: not found")
	ok(t)(s.HoldFeedbackSession(ctx, "coord", domain.HoldFeedbackSession{ProgrammeID: prog, SessionID: "fb-1", Kind: events.FocusGroup,
		HeldOn: d("2025-06-19"), Participants: 6}))

	// The responses are recorded by nobody in particular.
	envs, err := s.Store.ReadStream(ctx, domain.SurveyStream("svy-1"), 0)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(envs), 2; got != want {
		t.Fatalf("svy-1 has %d events, want %d", got, want)
	}
	if got, want := envs[1].Type+" "+envs[1].Actor, "evaluation.survey_answered anonymous"; got != want {
		t.Fatalf("response %q, want %q", got, want)
	}
	p, err := events.Decode(&envs[1])
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(p.(events.SurveyAnswered).Answers), 16; got != want {
		t.Fatalf("answers=%d, want %d", got, want)
	}
	envs, err = s.Store.ReadStream(ctx, domain.EvaluationStream(prog), 0)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(envs), 2; got != want {
		t.Fatalf("evaluation-%s has %d events, want %d", prog, got, want)
	}
}
