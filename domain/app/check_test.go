package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/domain/app"
	"github.com/mentorledger/mentorledger/events"
)

// history records, through the commands, a little of everything Check has
// to judge, and returns it as an import would ask to append it: one request
// per event, in the order recorded.
func history(tb testing.TB) (*app.Service, []events.AppendRequest) {
	tb.Helper()
	ctx := context.Background()
	s, c := newService(tb)
	withKeys(tb, s)
	setUp(tb, s)
	ok(tb)(s.RegisterPerson(ctx, "coord", grace()))
	mandatoryProgramme(tb, ctx, s)
	ok(tb)(s.CompleteMentorTraining(ctx, "coord", domain.CompleteMentorTraining{ParticipantID: "mm1", CompletedOn: d("2025-01-03")}))
	ok(tb)(s.CompleteMenteeInduction(ctx, "coord", domain.CompleteMenteeInduction{ParticipantID: "me1", CompletedOn: d("2025-01-04")}))
	ok(tb)(s.Match(ctx, "coord", domain.Match{RelationshipID: "rel-m", ProgrammeID: "prog-m", Model: events.ModelOneToOne,
		MentorIDs: []string{"mm1"}, MenteeIDs: []string{"me1"}, Rationale: "shared goals", MatchedOn: d("2025-01-06")}))
	ok(tb)(s.Match(ctx, "coord", match("rel-1")))
	c.Set("2025-01-17T18:00:00Z")
	ok(tb)(s.LogMeeting(ctx, "e1", logMeeting("mtg-1", d("2025-01-16"))))
	ok(tb)(s.IssueSurvey(ctx, "coord", domain.IssueSurvey{SurveyID: "svy-1", ProgrammeID: prog, InstrumentID: events.InstrumentResource6,
		Audience: events.AudienceMentor, IssuedOn: d("2025-01-17"), DueOn: d("2025-02-28")}))
	var answers []events.Answer
	for _, q := range events.Resource6Questions() {
		a := events.Answer{QuestionID: q.QuestionID, Choice: "no"}
		if q.Kind == events.AnswerText {
			a.Choice, a.Text = "", "Fine."
		}
		answers = append(answers, a)
	}
	ok(tb)(s.AnswerSurvey(ctx, domain.AnswerSurvey{SurveyID: "svy-1", InstrumentID: events.InstrumentResource6, AnsweredOn: d("2025-01-17"), Answers: answers}))
	ok(tb)(s.ForgetPerson(ctx, "coord", "m9", d("2025-01-17")))

	envs, err := s.Store.ReadAll(ctx, 0, 1000)
	if err != nil {
		tb.Fatal(err)
	}
	reqs := make([]events.AppendRequest, 0, len(envs))
	for _, e := range envs {
		reqs = append(reqs, events.AppendRequest{Stream: e.Stream, Expected: events.Any, Events: []events.NewEvent{{
			ID: e.ID, Type: e.Type, SchemaVersion: e.SchemaVersion, RecordedAt: e.RecordedAt, Actor: e.Actor,
			CorrelationID: e.CorrelationID, CausationID: e.CausationID, Payload: e.Payload}}})
	}
	return s, reqs
}

// without returns reqs less the first event of type typ that mentions
// what, and the index of the first remaining event of type then.
func without(tb testing.TB, reqs []events.AppendRequest, typ, what, then string) ([]events.AppendRequest, int) {
	tb.Helper()
	i := slices.IndexFunc(reqs, func(r events.AppendRequest) bool {
		return r.Events[0].Type == typ && strings.Contains(string(r.Events[0].Payload), what)
	})
	if i < 0 {
		tb.Fatalf("no %s mentioning %s", typ, what)
	}
	out := slices.Delete(slices.Clone(reqs), i, i+1)
	j := slices.IndexFunc(out, func(r events.AppendRequest) bool { return r.Events[0].Type == then })
	if j < 0 {
		tb.Fatalf("no %s", then)
	}
	return out, j
}

// fresh returns a Service on an empty ledger with a key store that
// counts seals.
func fresh(tb testing.TB) (*app.Service, *countingKeys) {
	tb.Helper()
	s, _ := newService(tb)
	return s, withKeys(tb, s)
}

func wantOneError(tb testing.TB, errs []app.EventError, index int, code, msg string) {
	tb.Helper()
	if len(errs) != 1 {
		tb.Fatalf("errors %v, want one at %d", errs, index)
	}
	if got, want := errs[0].Index, index; got != want {
		tb.Fatalf("error at %d (%v), want at %d", got, errs[0].Err, want)
	}
	wantCode(tb, errs[0].Err, code, msg)
}

func TestCheckPassesARecordedHistoryAndAppendsNothing(t *testing.T) {
	ctx := context.Background()
	_, reqs := history(t)
	s, keys := fresh(t)
	if errs := s.Check(ctx, reqs); len(errs) != 0 {
		t.Fatalf("check of a recorded history: %v", errs)
	}
	if head, err := s.Store.Head(ctx); err != nil || head != 0 {
		t.Fatalf("head %d (%v) after a check, want 0", head, err)
	}
	if keys.seals != 0 {
		t.Fatalf("check sealed %d times, want none", keys.seals)
	}
	// The registration carried sealed details and the erasure was
	// checked, yet no key was made: the target has none to open.
	if _, err := keys.Open(ctx, "m9", events.Sealed{KeyID: "m9"}); err == nil {
		t.Fatal("a key for m9 exists after the check")
	}
}

func TestCheckLeavesARetryToTheStore(t *testing.T) {
	s, reqs := history(t)
	if errs := s.Check(context.Background(), reqs); len(errs) != 0 {
		t.Fatalf("check of events already recorded: %v", errs)
	}
}

func TestCheckNamesAMeetingLoggedInAnUnmatchedRelationship(t *testing.T) {
	_, reqs := history(t)
	reqs, at := without(t, reqs, "relationship.matched", `"rel-1"`, "relationship.meeting_logged")
	s, _ := fresh(t)
	wantOneError(t, s.Check(context.Background(), reqs), at, events.ENOTFOUND, "relationship rel-1: not found")
}

func TestCheckNamesAMatchOfAnUntrainedMentor(t *testing.T) {
	_, reqs := history(t)
	reqs, at := without(t, reqs, "participant.mentor_training_completed", `"mm1"`, "relationship.matched")
	s, _ := fresh(t)
	wantOneError(t, s.Check(context.Background(), reqs), at, events.EINVALID,
		"relationship.matched.mentor_ids: mentor mm1 has not completed the mandatory mentor training")
}

func TestCheckHonoursTheExpectedVersion(t *testing.T) {
	_, reqs := history(t)
	reqs[1].Expected = events.Exact(5) // programme-prog-1 is at version 1
	s, _ := fresh(t)
	errs := s.Check(context.Background(), reqs)
	if len(errs) != 1 || errs[0].Index != 1 || !errors.Is(errs[0].Err, events.ErrConcurrency) ||
		!strings.Contains(errs[0].Err.Error(), "stream programme-prog-1: expected version 5, but it is at version 1") {
		t.Fatalf("errors %v, want a stale version at 1", errs)
	}
}

func TestCheckWantsWhatTheCommandRecords(t *testing.T) {
	_, reqs := history(t)
	s, _ := fresh(t)
	i := slices.IndexFunc(reqs, func(r events.AppendRequest) bool { return r.Events[0].Type == "evaluation.survey_answered" })
	reqs[i].Events[0].Actor = "mentor-m1"
	wantOneError(t, s.Check(context.Background(), reqs), i, events.EINVALID,
		`actor: must be "anonymous", as command AnswerSurvey records evaluation.survey_answered, got "mentor-m1"`)
	reqs[i].Events[0].Actor = app.AnonymousActor
	reqs[1].Stream = "programme-prog-2"
	wantOneError(t, s.Check(context.Background(), reqs), 1, events.EINVALID,
		"stream: must be programme-prog-1, where command AdoptPlan records programme.plan_adopted, got programme-prog-2")
}

// Check keeps the streams it has judged, and the aggregate the last
// command folded, from one event to the next: what it judges later must
// still be the events as the file gives them, however their payloads are
// written, and a rule broken late in a stream must still be found there.
func TestCheckJudgesLaterEventsOnTheEventsAsGiven(t *testing.T) {
	_, reqs := history(t)
	for i := range reqs {
		var b bytes.Buffer
		if err := json.Indent(&b, reqs[i].Events[0].Payload, "", "   "); err != nil {
			t.Fatal(err)
		}
		reqs[i].Events[0].Payload = b.Bytes() // not the bytes a command encodes
	}
	s, _ := fresh(t)
	if errs := s.Check(context.Background(), reqs); len(errs) != 0 {
		t.Fatalf("check of a recorded history, payloads indented: %v", errs)
	}
	// The meeting logged again, as a new event, at the end: the stream's
	// cached history must hold the first log.
	i := slices.IndexFunc(reqs, func(r events.AppendRequest) bool { return r.Events[0].Type == "relationship.meeting_logged" })
	again := reqs[i]
	again.Events = []events.NewEvent{again.Events[0]}
	again.Events[0].ID = ""
	reqs = append(reqs, again)
	s, _ = fresh(t)
	wantOneError(t, s.Check(context.Background(), reqs), len(reqs)-1, events.ECONFLICT,
		"relationship.meeting_logged: meeting mtg-1 was already logged (held on 2025-01-16)")
	// Twice more: the second copy is judged on a stream holding the first
	// copy too, rejected but staged, as an append would be.
	reqs = append(reqs, again)
	s, _ = fresh(t)
	errs := s.Check(context.Background(), reqs)
	if len(errs) != 2 || errs[0].Index != len(reqs)-2 || errs[1].Index != len(reqs)-1 {
		t.Fatalf("errors %v, want the last two events", errs)
	}
}

// A Checker given the requests in parts finds what Check finds in the
// whole, at the same indexes, and stops at twenty; so does one given the
// parts' payloads decoded ahead (AddDecoded), as an import gives them,
// including a payload that cannot be decoded.
func TestCheckerInPartsFindsWhatCheckFinds(t *testing.T) {
	_, reqs := history(t)
	i := slices.IndexFunc(reqs, func(r events.AppendRequest) bool { return r.Events[0].Type == "relationship.meeting_logged" })
	undecodable := reqs[i]
	undecodable.Events = []events.NewEvent{undecodable.Events[0]}
	undecodable.Events[0].ID = ""
	undecodable.Events[0].Payload = []byte(`{"relationship_id": 5}`)
	reqs = append(reqs, undecodable)
	again := reqs[i]
	again.Events = []events.NewEvent{again.Events[0]}
	again.Events[0].ID = ""
	for range 25 {
		reqs = append(reqs, again)
	}
	s, _ := fresh(t)
	whole := s.Check(context.Background(), reqs)
	if len(whole) != 20 {
		t.Fatalf("%d errors, want the first 20", len(whole))
	}
	if !strings.Contains(whole[0].Err.Error(), "payload") {
		t.Fatalf("first error %v, want the undecodable payload's", whole[0])
	}
	for _, decodedAhead := range []bool{false, true} {
		for _, size := range []int{1, 3, 7, len(reqs)} {
			s, _ := fresh(t)
			c := s.NewChecker()
			stopped := false
			for from := 0; from < len(reqs); from += size {
				part := reqs[from:min(from+size, len(reqs))]
				if decodedAhead {
					stopped = c.AddDecoded(context.Background(), part, app.DecodeAll(part))
				} else {
					stopped = c.Add(context.Background(), part)
				}
			}
			got := c.Errors()
			if !stopped || len(got) != len(whole) {
				t.Fatalf("parts of %d (decoded ahead %v): %d errors (stopped %v), want %d", size, decodedAhead, len(got), stopped, len(whole))
			}
			for k := range got {
				if got[k].Index != whole[k].Index || got[k].Err.Error() != whole[k].Err.Error() {
					t.Fatalf("parts of %d (decoded ahead %v): error %d is %v, want %v", size, decodedAhead, k, got[k], whole[k])
				}
			}
		}
	}
}
