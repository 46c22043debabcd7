package reports_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/events/sqlite"
	"github.com/mentorledger/mentorledger/projections"
	"github.com/mentorledger/mentorledger/reports"
)

// ledger is a real SQLite ledger with DuckDB views for one test.
type ledger struct {
	tb    testing.TB
	store *sqlite.Store
	views *projections.Views
	at    time.Time
	path  string // the ledger file
}

func newLedgerWithViews(tb testing.TB) *ledger {
	tb.Helper()
	dir := tb.TempDir()
	st, err := sqlite.Open(filepath.Join(dir, "ledger.db"))
	if err != nil {
		tb.Fatal(err)
	}
	v, err := projections.Open(filepath.Join(dir, "views.duckdb"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { v.Close(); st.Close() })
	return &ledger{tb: tb, store: st, views: v, at: time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC), path: filepath.Join(dir, "ledger.db")}
}

// record appends one payload to its stream, recorded at the given day, and
// returns the event id.
func (l *ledger) record(stream, day string, p events.Payload) string {
	l.tb.Helper()
	ne, err := events.Encode(p)
	if err != nil {
		l.tb.Fatal(err)
	}
	ne.Actor = "test"
	ne.RecordedAt = events.MustDate(day).Time().Add(12 * time.Hour)
	res, err := l.store.Append(context.Background(), stream, events.Any, ne)
	if err != nil {
		l.tb.Fatal(err)
	}
	page, err := l.store.ReadAll(context.Background(), res.Last-1, 1)
	if err != nil {
		l.tb.Fatal(err)
	}
	return page[0].ID
}

func (l *ledger) report(asOf reports.AsOf, today string) *reports.Checklist6 {
	l.tb.Helper()
	ctx := context.Background()
	if _, err := l.views.CatchUp(ctx, l.store, projections.CatchUpOptions{}); err != nil {
		l.tb.Fatal(err)
	}
	rep, err := reports.BuildChecklist6(ctx, l.views, asOf, events.MustDate(today).Time())
	if err != nil {
		l.tb.Fatal(err)
	}
	return rep
}

// grow appends reqs to the ledger in chunks, catching the views up after
// each, and then calls record as of three points: the head, half of it,
// and a second before the last event so far (the fixture's recorded times
// never decrease, so later appends cannot fall inside it).
func (l *ledger) grow(reqs []events.AppendRequest, chunks int, record func(reports.AsOf)) {
	l.tb.Helper()
	ctx := context.Background()
	for chunk := 0; chunk < chunks; chunk++ {
		lo, hi := chunk*len(reqs)/chunks, (chunk+1)*len(reqs)/chunks
		if _, err := l.store.AppendBatch(ctx, reqs[lo:hi]); err != nil {
			l.tb.Fatal(err)
		}
		if _, err := l.views.CatchUp(ctx, l.store, projections.CatchUpOptions{}); err != nil {
			l.tb.Fatal(err)
		}
		head, err := l.store.Head(ctx)
		if err != nil {
			l.tb.Fatal(err)
		}
		record(reports.AsOf{Position: head})
		record(reports.AsOf{Position: head / 2})
		last := reqs[hi-1].Events[len(reqs[hi-1].Events)-1].RecordedAt
		record(reports.AsOf{Time: last.Add(-time.Second)})
	}
}

func finding(tb testing.TB, rep *reports.Checklist6, rel string, item int) reports.Finding {
	tb.Helper()
	for _, p := range rep.Programmes {
		for _, r := range p.Relationships {
			if r.RelationshipID == rel {
				return r.Findings[item-1]
			}
		}
	}
	tb.Fatalf("relationship %s not in report", rel)
	return reports.Finding{}
}

const prog = "prog-1"

// matchedPair records a programme with its plan, a mentor, a mentee and
// their one-to-one relationship r1 matched on 2025-01-06.
func matchedPair(l *ledger) {
	l.record("programme-"+prog, "2025-01-02", events.ProgrammeRegistered{ProgrammeID: prog, Name: "Peer mentoring",
		Organisations: []string{"Org A"}, Models: []string{events.ModelOneToOne}, RegisteredOn: events.MustDate("2025-01-02")})
	l.record("programme-"+prog, "2025-01-02", events.PlanAdopted{ProgrammeID: prog, AdoptedOn: events.MustDate("2025-01-02"),
		StartsOn: events.MustDate("2025-01-06"), EndsOn: events.MustDate("2026-01-06"), RelationshipMonths: 12,
		MeetingFrequencyDays: 30, MinMeetingMinutes: 30, MaxMeetingMinutes: 120, ContactAfterMeetingDays: 14, DocumentsDueDays: 7})
	for _, p := range []events.ParticipantRegistered{
		{ParticipantID: "mentor-1", ProgrammeID: prog, Role: events.RoleMentor, Organisation: "Org A", RegisteredOn: events.MustDate("2025-01-03")},
		{ParticipantID: "mentee-1", ProgrammeID: prog, Role: events.RoleMentee, Organisation: "Org A", RegisteredOn: events.MustDate("2025-01-03")},
	} {
		l.record("participant-"+p.ParticipantID, "2025-01-03", p)
	}
	l.record("relationship-r1", "2025-01-06", events.Matched{RelationshipID: "r1", ProgrammeID: prog, Model: events.ModelOneToOne,
		MentorIDs: []string{"mentor-1"}, MenteeIDs: []string{"mentee-1"}, Rationale: "shared practice area", MatchedOn: events.MustDate("2025-01-06")})
}

func meeting(id, on string, minutes int, by string) events.MeetingLogged {
	return events.MeetingLogged{RelationshipID: "r1", MeetingID: id, HeldOn: events.MustDate(on), Location: "library",
		LocationKind: events.LocationNeutral, Minutes: minutes, Method: events.MethodFaceToFace, Topics: []string{"caseload"},
		Actions: []events.Action{{Description: "read the policy", Owner: "mentee"}}, CompletedBy: by, CompletedByRole: map[string]string{"mentor-1": "mentor", "mentee-1": "mentee"}[by]}
}

func TestAgreementAtFirstMeetingFlipsWhenTheAgreementIsRecorded(t *testing.T) {
	l := newLedgerWithViews(t)
	matchedPair(l)
	if got := finding(t, l.report(reports.AsOf{}, "2025-01-08"), "r1", 4).Status; got != reports.NotApplicable {
		t.Fatalf("before any meeting: status=%s, want %s", got, reports.NotApplicable)
	}
	m1 := l.record("relationship-r1", "2025-01-10", meeting("m1", "2025-01-10", 60, "mentor-1"))
	f := finding(t, l.report(reports.AsOf{}, "2025-01-11"), "r1", 4)
	if f.Status != reports.NotMet || !slices.Contains(f.Evidence, m1) {
		t.Fatalf("meeting without agreement: %+v, want not_met with evidence %s", f, m1)
	}
	agr := l.record("relationship-r1", "2025-01-10", events.AgreementSigned{RelationshipID: "r1", SignedOn: events.MustDate("2025-01-10"),
		EndsOn: events.MustDate("2026-01-06"), MeetingFrequencyDays: 30, MinMeetingMinutes: 30, MaxMeetingMinutes: 120,
		ContactBetweenMeetings: "email", ConfidentialityAgreed: true, SignedBy: []string{"mentor-1", "mentee-1"}})
	f = finding(t, l.report(reports.AsOf{}, "2025-01-11"), "r1", 4)
	if f.Status != reports.Met || !slices.Contains(f.Evidence, agr) {
		t.Fatalf("agreement at the first meeting: %+v, want met with evidence %s", f, agr)
	}
}

func TestMeetingOverTwoHoursIsFlagged(t *testing.T) {
	l := newLedgerWithViews(t)
	matchedPair(l)
	l.record("relationship-r1", "2025-01-10", meeting("m1", "2025-01-10", 90, "mentor-1"))
	if got := finding(t, l.report(reports.AsOf{}, "2025-01-20"), "r1", 2).Status; got != reports.Met {
		t.Fatalf("a 90-minute meeting: status=%s, want met", got)
	}
	long := l.record("relationship-r1", "2025-02-10", meeting("m2", "2025-02-10", 150, "mentee-1"))
	f := finding(t, l.report(reports.AsOf{}, "2025-02-20"), "r1", 2)
	if f.Status != reports.NotMet || f.Evidence[0] != long {
		t.Fatalf("a 150-minute meeting: %+v, want not_met led by %s", f, long)
	}
}

func TestMentorContactAboutTwoWeeksAfterAMeeting(t *testing.T) {
	l := newLedgerWithViews(t)
	matchedPair(l)
	l.record("relationship-r1", "2025-01-10", meeting("m1", "2025-01-10", 60, "mentor-1"))
	if got := finding(t, l.report(reports.AsOf{}, "2025-01-20"), "r1", 3).Status; got != reports.NotApplicable {
		t.Fatalf("window still open: status=%s, want not_applicable", got)
	}
	if got := finding(t, l.report(reports.AsOf{}, "2025-02-05"), "r1", 3).Status; got != reports.NotMet {
		t.Fatalf("window closed without contact: status=%s, want not_met", got)
	}
	c := l.record("relationship-r1", "2025-01-24", events.ContactMade{RelationshipID: "r1", ContactOn: events.MustDate("2025-01-24"),
		By: "mentor-1", ByRole: events.RoleMentor, Method: "phone"})
	f := finding(t, l.report(reports.AsOf{}, "2025-02-05"), "r1", 3)
	if f.Status != reports.Met || !slices.Contains(f.Evidence, c) {
		t.Fatalf("contact after 14 days: %+v, want met with evidence %s", f, c)
	}
}

func TestMonthlyMeetingsIncludeTheOpenGap(t *testing.T) {
	l := newLedgerWithViews(t)
	matchedPair(l)
	l.record("relationship-r1", "2025-01-10", meeting("m1", "2025-01-10", 60, "mentor-1"))
	l.record("relationship-r1", "2025-02-07", meeting("m2", "2025-02-07", 60, "mentee-1"))
	if got := finding(t, l.report(reports.AsOf{}, "2025-03-01"), "r1", 1).Status; got != reports.Met {
		t.Fatalf("monthly so far: status=%s, want met", got)
	}
	// Two months on with no meeting: one of three intervals too long.
	f := finding(t, l.report(reports.AsOf{}, "2025-04-20"), "r1", 1)
	if f.Status != reports.Partly {
		t.Fatalf("no meeting since 7 February: %+v, want partly", f)
	}
}

func TestAsOfReportsAreIdenticalAfterARebuildFromZero(t *testing.T) {
	ctx := context.Background()
	l := newLedgerWithViews(t)
	reqs := fixtureRequests(t, 4000)
	type point struct {
		asOf reports.AsOf
		json string
	}
	var points []point
	l.grow(reqs, 4, func(at reports.AsOf) {
		rep := l.report(at, "2026-01-01")
		b, _ := json.Marshal(rep)
		points = append(points, point{at, string(b)})
	})
	if _, err := l.views.Rebuild(ctx, l.store, projections.CatchUpOptions{PageSize: 500}); err != nil {
		t.Fatal(err)
	}
	for i, p := range points {
		rep, err := reports.BuildChecklist6(ctx, l.views, p.asOf, events.MustDate("2026-01-01").Time())
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(rep)
		// The views' own position differs (they now hold everything); the
		// rest must not.
		var then, now map[string]any
		_ = json.Unmarshal([]byte(p.json), &then)
		_ = json.Unmarshal(b, &now)
		delete(then["basis"].(map[string]any), "views_position")
		delete(now["basis"].(map[string]any), "views_position")
		tb, _ := json.Marshal(then)
		nb, _ := json.Marshal(now)
		if string(tb) != string(nb) {
			t.Fatalf("as-of point %d (%+v) differs after rebuild:\nthen %.600s\nnow  %.600s", i, p.asOf, tb, nb)
		}
	}
}
