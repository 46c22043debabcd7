package domain_test

import (
	"strings"
	"testing"

	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/events"
)

func outcome() events.OutcomeRecorded {
	return events.OutcomeRecorded{ProgrammeID: progID, OutcomeID: "out-1", RelationshipID: "rel-1", Kind: events.OutcomeSkill,
		AchievedOn: d("2025-06-10"), Description: "Chairs team meetings"}
}

func session() events.FeedbackSessionHeld {
	return events.FeedbackSessionHeld{ProgrammeID: progID, SessionID: "fb-1", Kind: events.FocusGroup, HeldOn: d("2025-06-25"), Participants: 8}
}

func TestOutcomeIsRecordedOnceForTheProgrammeAndItsRelationship(t *testing.T) {
	ev := domain.LoadEvaluation(nil)
	err := ev.RecordOutcome(domain.RecordOutcome(outcome()), programme(), given(matched()))
	then(t, err, ev.Changes(), outcome())

	noRel := outcome()
	noRel.RelationshipID = ""
	ev = domain.LoadEvaluation(nil)
	err = ev.RecordOutcome(domain.RecordOutcome(noRel), programme(), nil)
	then(t, err, ev.Changes(), noRel)

	ev = domain.LoadEvaluation([]events.Payload{outcome()})
	err = ev.RecordOutcome(domain.RecordOutcome(outcome()), programme(), given(matched()))
	thenError(t, err, ev.Changes(), events.ECONFLICT, "outcome out-1 is already recorded")

	otherRel := matched()
	otherRel.ProgrammeID = "prog-2"
	for _, tc := range []struct {
		name   string
		change func(*events.OutcomeRecorded)
		rel    *domain.Relationship
		code   string
		msg    string
	}{
		{"unknown relationship", func(*events.OutcomeRecorded) {}, given(), events.ENOTFOUND, "relationship rel-1: not found"},
		{"relationship of another programme", func(*events.OutcomeRecorded) {}, given(otherRel), events.EINVALID, "relationship_id: relationship rel-1 belongs to programme prog-2, not prog-1"},
		{"unknown kind", func(e *events.OutcomeRecorded) { e.Kind = "turnover" }, given(matched()), events.EINVALID, "evaluation.outcome_recorded.kind: must be one of qualification, learning_objective, skill"},
		{"blank description", func(e *events.OutcomeRecorded) { e.Description = " " }, given(matched()), events.EINVALID, "description: required"},
		{"long description", func(e *events.OutcomeRecorded) { e.Description = strings.Repeat("x", 501) }, given(matched()), events.EINVALID, "description: at most 500 characters, got 501"},
		{"no date", func(e *events.OutcomeRecorded) { e.AchievedOn = events.Date{} }, given(matched()), events.EINVALID, "achieved_on: required"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := outcome()
			tc.change(&e)
			ev := domain.LoadEvaluation(nil)
			err := ev.RecordOutcome(domain.RecordOutcome(e), programme(), tc.rel)
			thenError(t, err, ev.Changes(), tc.code, tc.msg)
		})
	}
}

func TestFeedbackSessionRecordsHowManyTookPartNotWho(t *testing.T) {
	ev := domain.LoadEvaluation(nil)
	err := ev.HoldFeedbackSession(domain.HoldFeedbackSession(session()), programme())
	then(t, err, ev.Changes(), session())

	ev = domain.LoadEvaluation([]events.Payload{session()})
	err = ev.HoldFeedbackSession(domain.HoldFeedbackSession(session()), programme())
	thenError(t, err, ev.Changes(), events.ECONFLICT, "session fb-1 is already recorded")

	for _, tc := range []struct {
		name   string
		change func(*events.FeedbackSessionHeld)
		code   string
		msg    string
	}{
		{"nobody", func(e *events.FeedbackSessionHeld) { e.Participants = 0 }, events.EINVALID, "participants: must be 1..1000, got 0"},
		{"unknown kind", func(e *events.FeedbackSessionHeld) { e.Kind = "survey" }, events.EINVALID, "kind: must be one of feedback_session, focus_group"},
		{"unknown programme", func(e *events.FeedbackSessionHeld) { e.ProgrammeID = "prog-9" }, events.ENOTFOUND, "programme prog-9: not found"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := session()
			tc.change(&e)
			ev := domain.LoadEvaluation(nil)
			err := ev.HoldFeedbackSession(domain.HoldFeedbackSession(e), programme())
			thenError(t, err, ev.Changes(), tc.code, tc.msg)
		})
	}
}
