package app_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/domain/app"
	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/events/sqlite"
)

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(s string) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// openStore opens a real SQLite ledger in the test's temporary directory.
func openStore(tb testing.TB) *sqlite.Store {
	tb.Helper()
	s, err := sqlite.Open(filepath.Join(tb.TempDir(), "ledger.db"), sqlite.WithIdleDigest(0))
	if err != nil {
		tb.Fatalf("open ledger: %v", err)
	}
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Errorf("close ledger: %v", err)
		}
	})
	return s
}

// newService returns a Service on a fresh ledger, its clock at
// 2025-01-06T09:00Z, with sequential ids.
func newService(tb testing.TB) (*app.Service, *clock) {
	tb.Helper()
	c := &clock{}
	c.Set("2025-01-06T09:00:00Z")
	var n int
	var mu sync.Mutex
	return &app.Service{Store: openStore(tb), Now: c.Now, NewID: func() string {
		mu.Lock()
		defer mu.Unlock()
		n++
		return fmt.Sprintf("00000000-0000-4000-8000-%012d", n)
	}}, c
}

func d(s string) events.Date { return events.MustDate(s) }

// ok fails the test when the command it is given fails.
func ok(tb testing.TB) func(events.AppendResult, error) {
	return func(_ events.AppendResult, err error) {
		tb.Helper()
		if err != nil {
			tb.Fatal(err)
		}
	}
}

func wantCode(tb testing.TB, err error, code, msg string) {
	tb.Helper()
	if got := events.ErrorCode(err); got != code || err == nil || !strings.Contains(err.Error(), msg) {
		tb.Fatalf("error %v (code %q), want code %q containing %q", err, got, code, msg)
	}
}

const prog = "prog-1"

// setUp registers a programme with a plan, mentors m1, m2 and mentees e1, e2.
func setUp(tb testing.TB, s *app.Service) {
	tb.Helper()
	ctx := context.Background()
	ok(tb)(s.RegisterProgramme(ctx, "coord", domain.RegisterProgramme{ProgrammeID: prog, Name: "Pilot",
		Organisations: []string{"Org A", "Org B"}, Partnership: true,
		Models: []string{events.ModelOneToOne, events.ModelGroup}, RegisteredOn: d("2024-11-01")}))
	ok(tb)(s.AdoptPlan(ctx, "coord", domain.AdoptPlan{ProgrammeID: prog, AdoptedOn: d("2024-11-15"), StartsOn: d("2025-01-06"),
		EndsOn: d("2025-12-31"), RelationshipMonths: 6, MaxMeetingMinutes: 90}))
	for _, p := range []struct{ id, role string }{{"m1", events.RoleMentor}, {"m2", events.RoleMentor}, {"e1", events.RoleMentee}, {"e2", events.RoleMentee}} {
		ok(tb)(s.RegisterParticipant(ctx, "coord", domain.RegisterParticipant{ParticipantID: p.id, ProgrammeID: prog, Role: p.role,
			Organisation: "Org A", RegisteredOn: d("2024-12-01")}))
	}
}

func match(id string) domain.Match {
	return domain.Match{RelationshipID: id, ProgrammeID: prog, Model: events.ModelOneToOne, MentorIDs: []string{"m1"},
		MenteeIDs: []string{"e1"}, Rationale: "shared goals", MatchedOn: d("2025-01-06")}
}

func logMeeting(id string, held events.Date) domain.LogMeeting {
	return domain.LogMeeting{RelationshipID: "rel-1", MeetingID: id, HeldOn: held, Location: "library", LocationKind: events.LocationNeutral,
		Minutes: 90, Method: events.MethodFaceToFace, Topics: []string{"goals"},
		Actions: []events.Action{{Description: "draft goals", Owner: events.RoleMentee}}, CompletedBy: "e1"}
}

func TestCommandsAppendWhatTheDomainDecidedStampedWithActorTimeAndCorrelation(t *testing.T) {
	ctx := context.Background()
	s, c := newService(t)
	setUp(t, s)
	ok(t)(s.Match(ctx, "coord", match("rel-1")))
	c.Set("2025-01-07T11:00:00Z")
	ok(t)(s.ScheduleMeeting(ctx, "m1", domain.ScheduleMeeting{RelationshipID: "rel-1", MeetingID: "mtg-1",
		ScheduledFor: time.Date(2025, 1, 14, 10, 0, 0, 0, time.UTC), Agenda: []string{"introductions"}}))
	c.Set("2025-01-10T09:00:00Z")
	next := time.Date(2025, 1, 16, 10, 0, 0, 0, time.UTC)
	ok(t)(s.PostponeMeeting(ctx, "e1", domain.PostponeMeeting{RelationshipID: "rel-1", MeetingID: "mtg-1",
		NoticeGiven: time.Date(2025, 1, 10, 9, 0, 0, 0, time.UTC), NewTime: &next, RequestedBy: "e1", Reason: "leave"}))
	c.Set("2025-01-16T12:00:00Z")
	ok(t)(s.SignAgreement(ctx, "e1", domain.SignAgreement{RelationshipID: "rel-1", SignedOn: d("2025-01-16"),
		ConfidentialityAgreed: true, SignedBy: []string{"m1", "e1"}}))
	ok(t)(s.AgreeActionPlan(ctx, "e1", domain.AgreeActionPlan{RelationshipID: "rel-1", AgreedOn: d("2025-01-16"),
		LongTermGoal: "lead a team", ShortTermGoals: []string{"chair a meeting"}}))
	c.Set("2025-01-17T18:00:00Z")
	ok(t)(s.LogMeeting(ctx, "e1", logMeeting("mtg-1", d("2025-01-16"))))
	c.Set("2025-01-30T10:00:00Z")
	ok(t)(s.MakeContact(ctx, "m1", domain.MakeContact{RelationshipID: "rel-1", ContactOn: d("2025-01-30"), By: "m1", Method: events.MethodEmail}))
	c.Set("2025-03-20T16:00:00Z")
	ok(t)(s.ReviewActionPlan(ctx, "m1", domain.ReviewActionPlan{RelationshipID: "rel-1", ReviewedOn: d("2025-03-20")}))
	c.Set("2025-07-06T16:00:00Z")
	res, err := s.EndRelationship(ctx, "coord", domain.EndRelationship{RelationshipID: "rel-1", EndedOn: d("2025-07-06"),
		Reason: events.EndCompleted, Planned: true})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := res.Version, int64(9); got != want {
		t.Fatalf("relationship version=%d, want %d", got, want)
	}

	envs, err := s.Store.ReadStream(ctx, domain.RelationshipStream("rel-1"), 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ typ, actor, at string }{
		{"relationship.matched", "coord", "2025-01-06T09:00:00Z"},
		{"relationship.meeting_scheduled", "m1", "2025-01-07T11:00:00Z"},
		{"relationship.meeting_postponed", "e1", "2025-01-10T09:00:00Z"},
		{"relationship.agreement_signed", "e1", "2025-01-16T12:00:00Z"},
		{"relationship.action_plan_agreed", "e1", "2025-01-16T12:00:00Z"},
		{"relationship.meeting_logged", "e1", "2025-01-17T18:00:00Z"},
		{"relationship.contact_made", "m1", "2025-01-30T10:00:00Z"},
		{"relationship.action_plan_reviewed", "m1", "2025-03-20T16:00:00Z"},
		{"relationship.ended", "coord", "2025-07-06T16:00:00Z"},
	}
	if len(envs) != len(want) {
		t.Fatalf("stream has %d events, want %d", len(envs), len(want))
	}
	correlations := map[string]bool{}
	for i, w := range want {
		e := envs[i]
		if e.Type != w.typ || e.Actor != w.actor || e.RecordedAt.Format(time.RFC3339) != w.at {
			t.Errorf("event %d: %s by %s at %s, want %s by %s at %s", i+1, e.Type, e.Actor, e.RecordedAt.Format(time.RFC3339), w.typ, w.actor, w.at)
		}
		if e.CorrelationID == "" || correlations[e.CorrelationID] {
			t.Errorf("event %d: correlation id %q is empty or reused", i+1, e.CorrelationID)
		}
		correlations[e.CorrelationID] = true
	}
	// The agreement took the plan's rules and end point.
	p, err := events.Decode(&envs[3])
	if err != nil {
		t.Fatal(err)
	}
	a := p.(events.AgreementSigned)
	if a.EndsOn != d("2025-07-06") || a.MeetingFrequencyDays != 30 || a.MinMeetingMinutes != 60 || a.MaxMeetingMinutes != 90 {
		t.Errorf("agreement %+v does not carry the plan's rules", a)
	}
	if _, err := events.Verify(ctx, s.Store, events.VerifyOptions{GapFree: true}); err != nil {
		t.Fatalf("verify: %v", err)
	}
}

func TestRegisterParticipantNeedsTheProgramme(t *testing.T) {
	s, _ := newService(t)
	_, err := s.RegisterParticipant(context.Background(), "coord", domain.RegisterParticipant{ParticipantID: "m1", ProgrammeID: "nope",
		Role: events.RoleMentor, Organisation: "Org A", RegisteredOn: d("2024-12-01")})
	wantCode(t, err, events.ENOTFOUND, "programme nope: not found")
}

func TestMatchChecksTheProgrammeAndParticipantsItReads(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t)
	setUp(t, s)
	c := match("rel-1")
	c.MentorIDs = []string{"e2"}
	_, err := s.Match(ctx, "coord", c)
	wantCode(t, err, events.EINVALID, "relationship.matched.mentor_ids: e2 is registered as a mentee, not a mentor")
	c = match("rel-1")
	c.MenteeIDs = []string{"e9"}
	_, err = s.Match(ctx, "coord", c)
	wantCode(t, err, events.ENOTFOUND, "participant e9: not found")
	c = match("rel-1")
	c.Model = events.ModelTwoByTwo
	_, err = s.Match(ctx, "coord", c)
	wantCode(t, err, events.EINVALID, "relationship.matched.model: programme prog-1 uses one_to_one, group, not two_by_two")
	ok(t)(s.Match(ctx, "coord", match("rel-1")))
	_, err = s.Match(ctx, "coord", match("rel-1"))
	wantCode(t, err, events.ECONFLICT, "relationship rel-1 already exists")
}

func TestRematchReadsTheRelationshipThatEnded(t *testing.T) {
	ctx := context.Background()
	s, c := newService(t)
	setUp(t, s)
	ok(t)(s.Match(ctx, "coord", match("rel-1")))
	c.Set("2025-03-10T10:00:00Z")
	re := match("rel-2")
	re.MentorIDs, re.RematchOf, re.MatchedOn = []string{"m2"}, "rel-1", d("2025-03-10")
	_, err := s.Match(ctx, "coord", re)
	wantCode(t, err, events.EINVALID, "relationship.matched.rematch_of: rel-1 has not ended")

	// Either party may end it; the mentee does here, and no blame is recorded.
	ok(t)(s.EndRelationship(ctx, "e1", domain.EndRelationship{RelationshipID: "rel-1", EndedOn: d("2025-03-03"), Reason: events.EndNotWorking}))
	ok(t)(s.Match(ctx, "coord", re))
}

func TestFactsAreNotDatedInTheFuture(t *testing.T) {
	ctx := context.Background()
	s, c := newService(t)
	setUp(t, s)
	ok(t)(s.Match(ctx, "coord", match("rel-1")))
	c.Set("2025-01-20T17:00:00Z")
	_, err := s.LogMeeting(ctx, "e1", logMeeting("mtg-1", d("2025-01-21")))
	wantCode(t, err, events.EINVALID, "relationship.meeting_logged.held_on: must not be in the future (today is 2025-01-20), got 2025-01-21")
	ok(t)(s.LogMeeting(ctx, "e1", logMeeting("mtg-1", d("2025-01-20"))))
	_, err = s.PostponeMeeting(ctx, "e1", domain.PostponeMeeting{RelationshipID: "rel-1"})
	wantCode(t, err, events.EINVALID, "relationship.meeting_postponed.notice_given: required")
}

func TestRejectedCommandAppendsNothing(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t)
	setUp(t, s)
	before, err := s.Store.Head(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.LogMeeting(ctx, "e1", logMeeting("mtg-1", d("2025-01-06")))
	wantCode(t, err, events.ENOTFOUND, "relationship rel-1: not found")
	_, err = s.Match(ctx, "", match("rel-1"))
	wantCode(t, err, events.EINVALID, "actor: required")
	if after, err := s.Store.Head(ctx); err != nil || after != before {
		t.Fatalf("head moved from %d to %d (%v)", before, after, err)
	}
}

// racingStore lets another writer append to a stream right after the
// service has read it, once.
type racingStore struct {
	events.Store
	stream string
	raced  bool
}

func (r *racingStore) ReadStream(ctx context.Context, stream string, after int64) ([]events.Envelope, error) {
	envs, err := r.Store.ReadStream(ctx, stream, after)
	if err == nil && stream == r.stream && !r.raced {
		r.raced = true
		other := &app.Service{Store: r.Store, Now: func() time.Time { return time.Date(2025, 1, 20, 20, 0, 0, 0, time.UTC) }}
		if _, err := other.LogMeeting(ctx, "m1", logMeeting("mtg-2", d("2025-01-20"))); err != nil {
			return nil, fmt.Errorf("racing writer: %w", err)
		}
	}
	return envs, err
}

func TestStaleVersionIsAConflict(t *testing.T) {
	ctx := context.Background()
	s, c := newService(t)
	setUp(t, s)
	ok(t)(s.Match(ctx, "coord", match("rel-1")))
	c.Set("2025-01-21T09:00:00Z")
	s.Store = &racingStore{Store: s.Store, stream: domain.RelationshipStream("rel-1")}
	_, err := s.LogMeeting(ctx, "e1", logMeeting("mtg-1", d("2025-01-20")))
	if !errors.Is(err, events.ErrConcurrency) || !app.IsConflict(err) {
		t.Fatalf("error %v, want the store's ErrConcurrency", err)
	}
	if got := events.ErrorCode(err); got != events.ECONFLICT {
		t.Fatalf("code %q, want %q", got, events.ECONFLICT)
	}
	// A retry reads the new version and succeeds.
	ok(t)(s.LogMeeting(ctx, "e1", logMeeting("mtg-1", d("2025-01-20"))))
}
