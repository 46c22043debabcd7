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
	t.Logf("%d programmes, %d participants, %d relationships, %d meetings logged, %d events",
		a.sum.Programmes, a.sum.Participants, a.sum.Relationships, a.sum.Meetings, a.sum.Events)
	for _, p := range a.sum.ByProgramme {
		t.Logf("%s: %d participants, %d relationships, %d meetings logged, %d events", p.ProgrammeID, p.Participants, p.Relationships, p.Meetings, p.Events)
	}
	t.Run("is deterministic", func(t *testing.T) { testDeterministic(t, a, b) })
	t.Run("programme", func(t *testing.T) { testProgramme(t, a) })
	t.Run("good practice", func(t *testing.T) { testGoodPractice(t, a) })
	t.Run("mess", func(t *testing.T) { testMess(t, a) })
	t.Run("pitfalls", func(t *testing.T) { testPitfalls(t, a) })
	t.Run("event types", func(t *testing.T) { testEventTypes(t, a) })
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
	plans        map[string]events.PlanAdopted // by programme
	programmes   []events.ProgrammeRegistered
	launched     map[string]events.Date
	evaluation   map[string]events.Date // evaluation strategy defined, by programme
	closed       map[string]bool
	matched      []events.Matched
	rel          map[string]*relEvents
	trained      map[string]events.Date // mentor training completed
	levels       map[string]string      // latest EMCC level
	notSelected  map[string]events.NotSelected
	withdrew     map[string]bool
	needs        map[string]bool // participant/need → met
	surveys      map[string]int  // responses per survey issued
	partial      int
	complete     int
	outcomes     int
	sessions     map[string]bool // kinds of feedback session held
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
	goals      []events.GoalSet
	phases     []string
	prepared   int
	relReviews int
	cancelled  int
	issues     map[string]events.IssueRaised
	resolved   map[string]bool
	rematches  []string
	closed     bool
}

func index(t *testing.T, g generated) ledger {
	t.Helper()
	l := ledger{participants: map[string]events.ParticipantRegistered{}, rel: map[string]*relEvents{}, plans: map[string]events.PlanAdopted{},
		launched: map[string]events.Date{}, evaluation: map[string]events.Date{}, closed: map[string]bool{}, trained: map[string]events.Date{},
		levels: map[string]string{}, notSelected: map[string]events.NotSelected{}, withdrew: map[string]bool{}, needs: map[string]bool{},
		surveys: map[string]int{}, sessions: map[string]bool{}}
	for i := range g.envs {
		e := &g.envs[i]
		p, err := events.Decode(e)
		if err != nil {
			t.Fatal(err)
		}
		var r *relEvents
		if id := relID(p); id != "" {
			if r = l.rel[id]; r == nil {
				r = &relEvents{scheduled: map[string]time.Time{}, loggedAt: map[string]time.Time{}, issues: map[string]events.IssueRaised{}, resolved: map[string]bool{}}
				l.rel[id] = r
			}
			r.recordedAt = append(r.recordedAt, e.RecordedAt)
		}
		switch p := p.(type) {
		case events.ParticipantRegistered:
			l.participants[p.ParticipantID] = p
		case events.PlanAdopted:
			l.plans[p.ProgrammeID] = p
		case events.ProgrammeRegistered:
			l.programmes = append(l.programmes, p)
		case events.ProgrammeLaunched:
			l.launched[p.ProgrammeID] = p.LaunchedOn
		case events.EvaluationStrategyDefined:
			l.evaluation[p.ProgrammeID] = p.DefinedOn
		case events.ProgrammeClosed:
			l.closed[p.ProgrammeID] = true
		case events.MentorTrainingCompleted:
			l.trained[p.ParticipantID] = p.CompletedOn
		case events.MentorLevelAssessed:
			l.levels[p.ParticipantID] = p.Level
		case events.NotSelected:
			l.notSelected[p.ParticipantID] = p
		case events.ParticipantWithdrew:
			l.withdrew[p.ParticipantID] = true
		case events.TrainingNeedIdentified:
			l.needs[p.ParticipantID+"/"+p.NeedID] = false
		case events.TrainingNeedMet:
			l.needs[p.ParticipantID+"/"+p.NeedID] = true
		case events.SurveyIssued:
			l.surveys[p.SurveyID] = 0
		case events.SurveyAnswered:
			l.surveys[p.SurveyID]++
			if p.Partial {
				l.partial++
			} else {
				l.complete++
			}
		case events.OutcomeRecorded:
			l.outcomes++
		case events.FeedbackSessionHeld:
			l.sessions[p.Kind] = true
		case events.GoalSet:
			r.goals = append(r.goals, p)
		case events.PhaseEntered:
			r.phases = append(r.phases, p.Phase)
		case events.EndingPrepared:
			r.prepared++
		case events.RelationshipReviewed:
			r.relReviews++
		case events.MeetingCancelled:
			r.cancelled++
		case events.IssueRaised:
			r.issues[p.IssueID] = p
		case events.IssueResolved:
			r.resolved[p.IssueID] = true
		case events.RematchArranged:
			r.rematches = append(r.rematches, p.NewRelationshipID)
		case events.ClosureCompleted:
			r.closed = true
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
	case events.GoalSet:
		return p.RelationshipID
	case events.PhaseEntered:
		return p.RelationshipID
	case events.EndingPrepared:
		return p.RelationshipID
	case events.RelationshipReviewed:
		return p.RelationshipID
	case events.MeetingCancelled:
		return p.RelationshipID
	case events.IssueRaised:
		return p.RelationshipID
	case events.IssueResolved:
		return p.RelationshipID
	case events.RematchArranged:
		return p.RelationshipID
	case events.ClosureCompleted:
		return p.RelationshipID
	case events.MilestoneAchieved:
		return p.RelationshipID
	case events.MilestoneMissed:
		return p.RelationshipID
	case events.GoalAchieved:
		return p.RelationshipID
	case events.GoalRevised:
		return p.RelationshipID
	case events.ProgressScaled:
		return p.RelationshipID
	case events.CommitmentRated:
		return p.RelationshipID
	}
	return ""
}

func testProgramme(t *testing.T, g generated) {
	l := index(t, g)
	if got, want := len(l.programmes), 2; got != want || g.sum.Programmes != want || len(g.sum.ByProgramme) != want {
		t.Fatalf("programmes=%d (summary %d, %d), want %d", got, g.sum.Programmes, len(g.sum.ByProgramme), want)
	}
	for _, p := range l.programmes {
		plan, ok := l.plans[p.ProgrammeID]
		if !ok || plan.MeetingFrequencyDays != 30 || plan.MaxMeetingMinutes != 120 {
			t.Errorf("%s: plan %+v, want meetings every 30 days of at most 120 minutes", p.ProgrammeID, plan)
		}
		if _, ok := l.launched[p.ProgrammeID]; !ok {
			t.Errorf("%s never launched", p.ProgrammeID)
		}
	}
	// The peer programme defines its evaluation strategy after the launch
	// (checklist 1's timing rule has something to catch); the scheme before.
	peer, scheme := demo.DefaultProgrammeID, demo.DefaultSchemeID
	if !l.evaluation[peer].After(l.launched[peer]) || !l.evaluation[scheme].Before(l.launched[scheme]) {
		t.Errorf("evaluation strategies defined %s (peer, launched %s) and %s (scheme, launched %s)",
			l.evaluation[peer], l.launched[peer], l.evaluation[scheme], l.launched[scheme])
	}
	if !l.closed[scheme] || l.closed[peer] {
		t.Errorf("closed: %v, want the scheme only", l.closed)
	}
	rels, models, orgs := map[string]int{}, map[string]map[string]bool{}, map[string]map[string]bool{}
	first, last := map[string]events.Date{}, map[string]events.Date{}
	for _, m := range l.matched {
		rels[m.ProgrammeID]++
		if models[m.ProgrammeID] == nil {
			models[m.ProgrammeID], first[m.ProgrammeID] = map[string]bool{}, m.MatchedOn
		}
		models[m.ProgrammeID][m.Model] = true
		if m.MatchedOn.After(last[m.ProgrammeID]) {
			last[m.ProgrammeID] = m.MatchedOn
		}
	}
	for _, p := range l.participants {
		if orgs[p.ProgrammeID] == nil {
			orgs[p.ProgrammeID] = map[string]bool{}
		}
		orgs[p.ProgrammeID][p.Organisation] = true
	}
	if got := len(l.matched); got < 270 || got != g.sum.Relationships {
		t.Errorf("relationships=%d (summary %d), want at least 270", got, g.sum.Relationships)
	}
	if n := rels[peer]; n < 250 || n > 280 {
		t.Errorf("peer programme: %d relationships, want 250..280", n)
	}
	if n := rels[scheme]; n < 15 || n > 25 {
		t.Errorf("scheme: %d relationships, want 15..25", n)
	}
	for _, m := range []string{events.ModelOneToOne, events.ModelGroup, events.ModelTwoByTwo, events.ModelTeam} {
		if !models[peer][m] {
			t.Errorf("peer programme: no %s relationship", m)
		}
	}
	if len(models[scheme]) != 2 || !models[scheme][events.ModelOneToOne] || !models[scheme][events.ModelGroup] {
		t.Errorf("scheme models %v, want one-to-one and group", models[scheme])
	}
	if len(orgs[peer]) != 2 || len(orgs[scheme]) < 3 {
		t.Errorf("organisations: peer %d, scheme %d; want 2 and a local authority with its schools", len(orgs[peer]), len(orgs[scheme]))
	}
	if first[peer] != events.MustDate("2025-01-06") || last[peer].DaysSince(first[peer]) < 500 {
		t.Errorf("peer relationships matched from %s to %s, want from 2025-01-06 over most of two years", first[peer], last[peer])
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
		// Phases in the order of resource 17.
		order := []string{events.PhaseBuildingRapport, events.PhaseSettingDirection, events.PhaseProgression, events.PhaseWindingUp, events.PhaseMovingOn}
		if !slices.IsSortedFunc(r.phases, func(a, b string) int { return slices.Index(order, a) - slices.Index(order, b) }) || len(r.phases) == 0 {
			t.Errorf("%s: phases %v out of order", id, r.phases)
		}
	}
	// EMCC levels for every mentor of the scheme who mentored.
	for _, m := range l.matched {
		if m.ProgrammeID != scheme {
			continue
		}
		for _, id := range m.MentorIDs {
			if l.levels[id] == "" {
				t.Errorf("scheme mentor %s has no EMCC level", id)
			}
		}
	}
	// Evaluation: resource 6 surveys (one unanswered), complete and
	// partial responses, outcomes, a feedback session and a focus group.
	if l.partial == 0 || l.complete == 0 || l.outcomes == 0 || !l.sessions[events.FeedbackSession] || !l.sessions[events.FocusGroup] {
		t.Errorf("evaluation: %d partial, %d complete responses, %d outcomes, sessions %v", l.partial, l.complete, l.outcomes, l.sessions)
	}
	unanswered := 0
	for _, n := range l.surveys {
		if n == 0 {
			unanswered++
		}
	}
	if unanswered == 0 || unanswered == len(l.surveys) {
		t.Errorf("%d of %d surveys unanswered, want some", unanswered, len(l.surveys))
	}
	// Participants: some not selected (one never told), a withdrawal,
	// training needs met and one never met.
	told, notTold := 0, 0
	for _, ns := range l.notSelected {
		if ns.Informed {
			told++
		} else {
			notTold++
		}
	}
	met, unmet := 0, 0
	for _, ok := range l.needs {
		if ok {
			met++
		} else {
			unmet++
		}
	}
	if told == 0 || notTold == 0 || len(l.withdrew) == 0 || met == 0 || unmet == 0 {
		t.Errorf("not selected: %d told, %d not told; %d withdrew; training needs %d met, %d unmet", told, notTold, len(l.withdrew), met, unmet)
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
			if !slices.Contains(l.rel[r.matched.RematchOf].rematches, r.matched.RelationshipID) {
				t.Errorf("%s: no rematch_arranged to %s", r.matched.RematchOf, r.matched.RelationshipID)
			}
		}
		if r.cancelled > 0 {
			found[demo.MessCancelledMeeting] = true
		}
		for id := range r.issues {
			if !r.resolved[id] {
				found[demo.MessIssueLeftOpen] = true
			}
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
		demo.MessMentorIsLineManager, demo.MessMentorLogsAll, demo.MessNoReview, demo.MessFewContacts, demo.MessCancelledMeeting, demo.MessIssueLeftOpen} {
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

// testPitfalls checks that each of resource 19's nine pitfalls is in the
// ledger, found from the events themselves, and listed in the summary.
func testPitfalls(t *testing.T, g generated) {
	l := index(t, g)
	found := map[string][]string{}
	note := func(kind, id string) { found[kind] = append(found[kind], id) }
	for id, r := range l.rel {
		if len(r.plans) == 0 && len(r.goals) == 0 {
			note(demo.MessNoPurpose, id) // 1: no purpose or goals
		}
		if len(r.agreement) == 0 && r.prepared == 0 {
			note(demo.MessNoEndPoint, id) // 2: no end point
		}
		if len(r.postponed)+r.cancelled >= 3 {
			note(demo.MessIrregularMeetings, id) // 3: irregular and postponed meetings
		}
		if r.ended != nil && r.ended.Planned && len(r.agreement) > 0 && r.prepared == 0 {
			note(demo.MessNoClosurePreparation, id) // 5: no preparation for the end
		}
		for _, is := range r.issues {
			if is.Category == events.IssueBoundaries {
				note(demo.MessRoleConfusion, id) // 6: coach or counsellor
			}
		}
		for _, m := range r.matched.MentorIDs {
			done, trained := l.trained[m]
			if l.levels[m] == events.LevelFoundation && (!trained || done.After(r.matched.MatchedOn)) {
				note(demo.MessInexperiencedMentor, id) // 7: a manager, not a trained mentor
			}
			for _, e := range r.matched.MenteeIDs {
				if l.participants[e].LineManagerRef == m {
					note(demo.MessMentorIsLineManager, id) // 8: mentor as line manager
				}
			}
		}
		if len(r.plans) > 0 && len(r.reviews) == 0 && r.relReviews == 0 {
			note(demo.MessNoReview, id) // 9: no review of progress
		}
	}
	for _, e := range g.envs {
		if e.Type != (events.MeetingScheduled{}).EventType() {
			continue
		}
		if p, _ := events.Decode(&e); p != nil && len(p.(events.MeetingScheduled).Agenda) == 0 {
			note(demo.MessNoAgenda, p.(events.MeetingScheduled).RelationshipID) // 4: no agenda
		}
	}
	for i, kind := range demo.Pitfalls {
		if len(found[kind]) == 0 {
			t.Errorf("pitfall %d (%s): not in the ledger", i+1, kind)
		}
		if len(g.sum.Mess[kind]) == 0 {
			t.Errorf("pitfall %d (%s): the summary lists no relationship", i+1, kind)
		}
		for _, id := range g.sum.Mess[kind] {
			if !slices.Contains(found[kind], id) {
				t.Errorf("pitfall %d (%s): the summary lists %s, the ledger does not show it", i+1, kind, id)
			}
		}
	}
}

// testEventTypes checks the demo uses most of the ledger's vocabulary.
func testEventTypes(t *testing.T, g generated) {
	types := map[string]int{}
	for _, e := range g.envs {
		types[e.Type]++
	}
	if len(types) < 50 {
		t.Errorf("%d distinct event types, want at least 50: %v", len(types), types)
	}
	for _, want := range []string{"relationship.rematch_arranged", "relationship.closure_completed", "relationship.meeting_cancelled",
		"programme.closed", "participant.withdrew", "participant.not_selected", "evaluation.instrument_defined", "relationship.milestone_missed",
		"relationship.goal_revised"} {
		if types[want] == 0 {
			t.Errorf("no %s", want)
		}
	}
	t.Logf("%d distinct event types", len(types))
}
