package demo_test

import (
	"bytes"
	"context"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mentorledger/mentorledger/domain/app"
	"github.com/mentorledger/mentorledger/domain/demo"
	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/events/keystore"
	"github.com/mentorledger/mentorledger/events/sqlite"
)

// generated is one run of the demo: its events in ledger order (the
// ledger's own digests left out) and its summary.
type generated struct {
	envs []events.Envelope
	sum  demo.Summary
	// people are the participants with their details opened.
	people []app.Person
}

// run generates the demo into a fresh SQLite ledger, checks that the ledger
// verifies and reads it back.
func run(tb testing.TB) generated {
	tb.Helper()
	ctx := context.Background()
	store, err := sqlite.Open(filepath.Join(tb.TempDir(), "demo.db"), sqlite.WithIdleDigest(0))
	if err != nil {
		tb.Fatal(err)
	}
	defer func() {
		if err := store.Close(); err != nil {
			tb.Error(err)
		}
	}()
	// Keys and nonces from a fixed seed, so that two runs seal the same
	// ciphertext (a real key store draws them from crypto/rand).
	keys, err := keystore.Open(filepath.Join(tb.TempDir(), "keys.db"), keystore.WithRand(rand.NewChaCha8([32]byte{'d', 'e', 'm', 'o'})))
	if err != nil {
		tb.Fatal(err)
	}
	defer keys.Close()
	opt := demo.Options{Keys: keys}
	svc, clock := demo.NewService(store, opt)
	sum, err := demo.Generate(ctx, svc, clock, opt)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := events.Verify(ctx, store, events.VerifyOptions{GapFree: true}); err != nil {
		tb.Fatalf("verify: %v", err)
	}
	people, err := svc.Participants(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	g := generated{sum: sum, people: people}
	var after events.Position
	for {
		page, err := store.ReadAll(ctx, after, 1000)
		if err != nil {
			tb.Fatal(err)
		}
		for _, e := range page {
			if e.Stream != events.DigestStream {
				g.envs = append(g.envs, e)
			}
			after = e.Position
		}
		if len(page) < 1000 {
			break
		}
	}
	return g
}

func TestDemo(t *testing.T) {
	var a, b generated
	t.Run("generate", func(t *testing.T) {
		t.Run("first", func(t *testing.T) { t.Parallel(); a = run(t) })
		t.Run("second", func(t *testing.T) { t.Parallel(); b = run(t) })
	})
	if t.Failed() {
		return
	}
	t.Logf("%d programme, %d participants, %d relationships, %d meetings logged, %d events",
		a.sum.Programmes, a.sum.Participants, a.sum.Relationships, a.sum.Meetings, a.sum.Events)
	t.Run("is deterministic", func(t *testing.T) { testDeterministic(t, a, b) })
	t.Run("programme", func(t *testing.T) { testProgramme(t, a) })
	t.Run("good practice", func(t *testing.T) { testGoodPractice(t, a) })
	t.Run("mess", func(t *testing.T) { testMess(t, a) })
	t.Run("personal details sealed", func(t *testing.T) { testPersonal(t, a) })
}

func testDeterministic(t *testing.T, a, b generated) {
	if got, want := len(b.envs), len(a.envs); got != want {
		t.Fatalf("second run recorded %d events, first %d", got, want)
	}
	for i := range a.envs {
		x, y := a.envs[i], b.envs[i]
		if x.ID != y.ID || x.Stream != y.Stream || x.Version != y.Version || x.Type != y.Type || !bytes.Equal(x.Payload, y.Payload) ||
			!x.RecordedAt.Equal(y.RecordedAt) || x.Actor != y.Actor || x.CorrelationID != y.CorrelationID || x.Hash != y.Hash {
			t.Fatalf("event %d differs:\n%+v\n%+v", i+1, x, y)
		}
	}
	if a.sum.Events != len(a.envs) {
		t.Errorf("summary counts %d events, the ledger holds %d", a.sum.Events, len(a.envs))
	}
}

// ledger indexes one run's events.
type ledger struct {
	participants map[string]events.ParticipantRegistered
	plan         events.PlanAdopted
	matched      []events.Matched
	rel          map[string]*relEvents
}

type relEvents struct {
	matched    events.Matched
	agreement  []events.AgreementSigned
	scheduled  map[string]time.Time
	postponed  []events.MeetingPostponed
	notice     []time.Duration        // notice each postponement gave
	logs       []events.MeetingLogged // in order of held_on
	loggedAt   map[string]time.Time   // meeting id → when its log was recorded
	contacts   []events.ContactMade
	plans      []events.ActionPlanAgreed
	reviews    []events.ActionPlanReviewed
	ended      *events.RelationshipEnded
	recordedAt []time.Time
}

func index(t *testing.T, g generated) ledger {
	t.Helper()
	l := ledger{participants: map[string]events.ParticipantRegistered{}, rel: map[string]*relEvents{}}
	for i := range g.envs {
		e := &g.envs[i]
		p, err := events.Decode(e)
		if err != nil {
			t.Fatal(err)
		}
		var r *relEvents
		if id := relID(p); id != "" {
			if r = l.rel[id]; r == nil {
				r = &relEvents{scheduled: map[string]time.Time{}, loggedAt: map[string]time.Time{}}
				l.rel[id] = r
			}
			r.recordedAt = append(r.recordedAt, e.RecordedAt)
		}
		switch p := p.(type) {
		case events.ParticipantRegistered:
			l.participants[p.ParticipantID] = p
		case events.PlanAdopted:
			l.plan = p
		case events.Matched:
			l.matched = append(l.matched, p)
			r.matched = p
		case events.AgreementSigned:
			r.agreement = append(r.agreement, p)
		case events.MeetingScheduled:
			r.scheduled[p.MeetingID] = p.ScheduledFor
		case events.MeetingPostponed:
			r.postponed = append(r.postponed, p)
			r.notice = append(r.notice, r.scheduled[p.MeetingID].Sub(p.NoticeGiven))
			if p.NewTime != nil {
				r.scheduled[p.MeetingID] = *p.NewTime
			}
		case events.MeetingLogged:
			r.logs = append(r.logs, p)
			r.loggedAt[p.MeetingID] = e.RecordedAt
		case events.ContactMade:
			r.contacts = append(r.contacts, p)
		case events.ActionPlanAgreed:
			r.plans = append(r.plans, p)
		case events.ActionPlanReviewed:
			r.reviews = append(r.reviews, p)
		case events.RelationshipEnded:
			r.ended = &p
		}
	}
	for _, r := range l.rel {
		slices.SortStableFunc(r.logs, func(a, b events.MeetingLogged) int { return a.HeldOn.Time().Compare(b.HeldOn.Time()) })
	}
	return l
}

func relID(p events.Payload) string {
	switch p := p.(type) {
	case events.Matched:
		return p.RelationshipID
	case events.AgreementSigned:
		return p.RelationshipID
	case events.MeetingScheduled:
		return p.RelationshipID
	case events.MeetingPostponed:
		return p.RelationshipID
	case events.MeetingLogged:
		return p.RelationshipID
	case events.ContactMade:
		return p.RelationshipID
	case events.ActionPlanAgreed:
		return p.RelationshipID
	case events.ActionPlanReviewed:
		return p.RelationshipID
	case events.RelationshipEnded:
		return p.RelationshipID
	}
	return ""
}

func testProgramme(t *testing.T, g generated) {
	l := index(t, g)
	if got, want := l.plan.MeetingFrequencyDays, 30; got != want {
		t.Errorf("plan meeting_frequency_days=%d, want %d", got, want)
	}
	if got, want := l.plan.MaxMeetingMinutes, 120; got != want {
		t.Errorf("plan max_meeting_minutes=%d, want %d", got, want)
	}
	if n := len(l.participants); n < 40 || n > 50 {
		t.Errorf("participants=%d, want about 45", n)
	}
	orgs := map[string]bool{}
	for _, p := range l.participants {
		orgs[p.Organisation] = true
	}
	if len(orgs) != 2 {
		t.Errorf("participants come from %d organisations, want 2", len(orgs))
	}
	if got := len(l.matched); got < 40 || got != g.sum.Relationships {
		t.Errorf("relationships=%d (summary %d), want at least 40", got, g.sum.Relationships)
	}
	models := map[string]bool{}
	first, last := l.matched[0].MatchedOn, l.matched[0].MatchedOn
	for _, m := range l.matched {
		models[m.Model] = true
		if m.MatchedOn.After(last) {
			last = m.MatchedOn
		}
	}
	for _, m := range []string{events.ModelOneToOne, events.ModelGroup, events.ModelTwoByTwo, events.ModelTeam} {
		if !models[m] {
			t.Errorf("no %s relationship", m)
		}
	}
	if first != events.MustDate("2025-01-06") || last.DaysSince(first) < 365 {
		t.Errorf("relationships matched from %s to %s, want from 2025-01-06 over more than a year", first, last)
	}
	for id, r := range l.rel {
		if r.ended == nil {
			t.Errorf("%s never ended", id)
		}
		if !slices.IsSortedFunc(r.recordedAt, func(a, b time.Time) int { return a.Compare(b) }) {
			t.Errorf("%s: recorded times go backwards", id)
		}
		for _, lg := range r.logs {
			if lg.HeldOn.After(events.NewDate(r.loggedAt[lg.MeetingID])) {
				t.Errorf("%s: %s logged before it was held", id, lg.MeetingID)
			}
		}
	}
}

// testGoodPractice checks the habits checklist 6 asks for appear in most
// relationships.
func testGoodPractice(t *testing.T, g generated) {
	l := index(t, g)
	var planFirst, contactTwoWeeks, shifted, pairs, reviewed int
	for _, r := range l.rel {
		if len(r.logs) == 0 {
			t.Errorf("%s: no meeting logged", r.matched.RelationshipID)
			continue
		}
		if len(r.plans) > 0 && r.plans[0].AgreedOn == r.logs[0].HeldOn {
			planFirst++
		}
		if len(r.reviews) > 0 {
			reviewed++
		}
		for _, lg := range r.logs {
			if slices.ContainsFunc(r.contacts, func(c events.ContactMade) bool {
				n := c.ContactOn.DaysSince(lg.HeldOn)
				return n >= 12 && n <= 16 && c.ByRole == events.RoleMentor
			}) {
				contactTwoWeeks++
				break
			}
		}
		if r.matched.Model == events.ModelOneToOne {
			pairs++
			if r.logs[0].CompletedByRole == events.RoleMentor && r.logs[len(r.logs)-1].CompletedByRole == events.RoleMentee {
				shifted++
			}
		}
	}
	n := len(l.rel)
	if planFirst*2 <= n {
		t.Errorf("action plan at the first meeting in %d of %d relationships, want most", planFirst, n)
	}
	if contactTwoWeeks*2 <= n {
		t.Errorf("mentor contact about two weeks after a meeting in %d of %d relationships, want most", contactTwoWeeks, n)
	}
	if shifted*2 <= pairs {
		t.Errorf("log completion moved from mentor to mentee in %d of %d pairs, want most", shifted, pairs)
	}
	if reviewed*2 <= n {
		t.Errorf("action plan reviewed in %d of %d relationships, want most", reviewed, n)
	}
}

// testMess checks that each kind of mess the demo promises is in the
// ledger, found from the events themselves.
func testMess(t *testing.T, g generated) {
	l := index(t, g)
	found := map[string]bool{}
	endedEarly := map[string]bool{}
	for id, r := range l.rel {
		for _, n := range r.notice {
			if n >= 24*time.Hour {
				found[demo.MessPostponed] = true
			} else if n > 0 {
				found[demo.MessLateNotice] = true
			}
		}
		if len(r.agreement) == 0 {
			found[demo.MessNoAgreement] = true
		} else if r.agreement[0].SignedOn.After(r.logs[0].HeldOn) {
			found[demo.MessLateAgreement] = true
		}
		if len(r.plans) == 0 {
			found[demo.MessNoActionPlan] = true
		} else if r.plans[0].AgreedOn.After(r.logs[0].HeldOn) {
			found[demo.MessLateActionPlan] = true
		}
		if len(r.plans) > 0 && len(r.reviews) == 0 {
			found[demo.MessNoReview] = true
		}
		mentorLogs := true
		for i, lg := range r.logs {
			if lg.Minutes > 120 {
				found[demo.MessOverTwoHours] = true
			}
			if lg.LocationKind == events.LocationWorkplaceOpen {
				found[demo.MessOpenWorkplace] = true
			}
			if i > 0 && lg.HeldOn.DaysSince(r.logs[i-1].HeldOn) > 42 {
				found[demo.MessGap] = true
			}
			if _, ok := r.scheduled[lg.MeetingID]; !ok {
				found[demo.MessUnscheduledMeeting] = true
			}
			mentorLogs = mentorLogs && lg.CompletedByRole == events.RoleMentor
		}
		for _, lg := range r.logs {
			if events.NewDate(r.loggedAt[lg.MeetingID]).DaysSince(lg.HeldOn) >= 21 {
				found[demo.MessLateLog] = true
			}
		}
		if mentorLogs && len(r.logs) > 2 {
			found[demo.MessMentorLogsAll] = true
		}
		if len(r.contacts) < len(r.logs)/2 {
			found[demo.MessFewContacts] = true
		}
		for _, m := range r.matched.MentorIDs {
			for _, e := range r.matched.MenteeIDs {
				if l.participants[e].LineManagerRef == m {
					found[demo.MessMentorIsLineManager] = true
				}
			}
		}
		if e := r.ended; e != nil {
			switch {
			case !e.Planned:
				found[demo.MessPrematureEnd] = true
				endedEarly[id] = true
			case len(r.agreement) > 0 && e.EndedOn == r.agreement[len(r.agreement)-1].EndsOn:
				found[demo.MessPlannedEnd] = true
			}
		}
	}
	for _, r := range l.rel {
		if endedEarly[r.matched.RematchOf] {
			found[demo.MessRematch] = true
		}
	}
	// No agenda is checked from the schedules' payloads.
	for _, e := range g.envs {
		if p, _ := events.Decode(&e); p != nil {
			if s, ok := p.(events.MeetingScheduled); ok && len(s.Agenda) == 0 {
				found[demo.MessNoAgenda] = true
			}
		}
	}
	for _, kind := range []string{demo.MessPostponed, demo.MessLateNotice, demo.MessOverTwoHours, demo.MessNoAgreement,
		demo.MessLateAgreement, demo.MessOpenWorkplace, demo.MessGap, demo.MessLateLog, demo.MessPrematureEnd, demo.MessRematch,
		demo.MessPlannedEnd, demo.MessNoActionPlan, demo.MessLateActionPlan, demo.MessUnscheduledMeeting, demo.MessNoAgenda,
		demo.MessMentorIsLineManager, demo.MessMentorLogsAll, demo.MessNoReview, demo.MessFewContacts} {
		if !found[kind] {
			t.Errorf("no %s in the ledger", kind)
		}
		if len(g.sum.Mess[kind]) == 0 {
			t.Errorf("summary lists no relationship with %s", kind)
		}
	}
}

// testPersonal checks that every participant has made-up details, unique,
// sealed in the ledger and readable only through the key store.
func testPersonal(t *testing.T, g generated) {
	if got, want := len(g.people), g.sum.Participants; got != want {
		t.Fatalf("participants=%d, want %d", got, want)
	}
	seen := map[string]bool{}
	for _, p := range g.people {
		if !strings.Contains(p.Name, " ") || !strings.Contains(p.Email, "@") || p.Phone == "" || p.Erased {
			t.Errorf("%s: details %+v, want a full name, an email and a phone", p.ParticipantID, p.Details)
		}
		if seen[p.Name] || seen[p.Email] {
			t.Errorf("%s: %q or %q given twice", p.ParticipantID, p.Name, p.Email)
		}
		seen[p.Name], seen[p.Email] = true, true
	}
	for _, e := range g.envs {
		if e.Type == (events.ParticipantRegistered{}).EventType() && !bytes.Contains(e.Payload, []byte(`"personal":{"key_id":`)) {
			t.Errorf("%s: no sealed details in %s", e.Stream, e.Payload)
		}
		for _, p := range g.people {
			for _, clear := range []string{p.Name, p.Email, p.Phone} {
				if bytes.Contains(e.Payload, []byte(clear)) {
					t.Fatalf("%s version %d holds %q in clear", e.Stream, e.Version, clear)
				}
			}
		}
	}
}
