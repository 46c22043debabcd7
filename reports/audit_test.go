package reports_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	_ "github.com/mattn/go-sqlite3"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/reports"
)

func TestAuditListsThePeriodsEventsAndWhichPolicyVersionWasInForce(t *testing.T) {
	ctx := context.Background()
	l := newLedgerWithViews(t)
	matchedPair(l)
	first := l.record("programme-"+prog, "2025-01-10", events.PolicyAdopted{ProgrammeID: prog, AdoptedOn: events.MustDate("2025-01-10"),
		Policy: "code_of_conduct", DocumentRef: "COC-1", ReviewOn: events.MustDate("2026-01-10")})
	second := l.record("programme-"+prog, "2025-06-01", events.PolicyAdopted{ProgrammeID: prog, AdoptedOn: events.MustDate("2025-06-01"),
		Policy: "code_of_conduct", DocumentRef: "COC-2", ReviewOn: events.MustDate("2026-06-01")})
	l.report(reports.AsOf{}, "2025-07-01") // catch the views up
	rep, err := reports.BuildAudit(ctx, l.views, l.store, reports.Period{From: events.MustDate("2025-01-03"), To: events.MustDate("2025-01-06")}, "", reports.AsOf{}, events.MustDate("2025-07-01").Time())
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Verification.OK {
		t.Fatalf("verification: %+v", rep.Verification)
	}
	// The period holds the two registrations (01-03) and the match (01-06).
	if got, want := len(rep.Events), 3; got != want {
		t.Fatalf("events in the period=%d, want %d: %+v", got, want, rep.Events)
	}
	for _, e := range rep.Events {
		if e.Actor != "test" || e.EventID == "" || e.Stream == "" {
			t.Fatalf("event without actor, id or stream: %+v", e)
		}
	}
	var versions []reports.DocumentVersion
	for _, d := range rep.Documents {
		if d.Document == "code_of_conduct" {
			versions = append(versions, d)
		}
	}
	if len(versions) != 2 {
		t.Fatalf("code of conduct versions=%d, want 2: %+v", len(versions), rep.Documents)
	}
	if v := versions[0]; v.EventID != first || v.InForceFrom != "2025-01-10" || v.InForceTo != "2025-05-31" || v.ReviewDue != "2026-01-10" {
		t.Fatalf("first version: %+v", v)
	}
	if v := versions[1]; v.EventID != second || v.InForceFrom != "2025-06-01" || v.InForceTo != "" {
		t.Fatalf("second version: %+v", v)
	}
	// As of before the second adoption, only the first was known, and in force.
	asOf, err := reports.BuildAudit(ctx, l.views, l.store, reports.Period{}, prog, reports.AsOf{Time: events.MustDate("2025-05-01").Time()}, events.MustDate("2025-07-01").Time())
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range asOf.Documents {
		if d.Document == "code_of_conduct" {
			n++
			if d.InForceTo != "" {
				t.Fatalf("as of May the first version was open-ended: %+v", d)
			}
		}
	}
	if n != 1 {
		t.Fatalf("versions known in May=%d, want 1", n)
	}
}

func TestAuditReportsABrokenChain(t *testing.T) {
	ctx := context.Background()
	l := newLedgerWithViews(t)
	matchedPair(l)
	l.report(reports.AsOf{}, "2025-07-01")
	l.alterActor(3, "someone else")
	rep, err := reports.BuildAudit(ctx, l.views, l.store, reports.Period{}, "", reports.AsOf{}, events.MustDate("2025-07-01").Time())
	if err != nil {
		t.Fatal(err)
	}
	if v := rep.Verification; v.OK || v.BrokenAt != 3 || !strings.Contains(v.Reason, "altered") {
		t.Fatalf("verification of a tampered ledger: %+v", v)
	}
	// Every event is still listed, as the ledger now holds it.
	head, err := l.store.Head(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Events) != int(head) || rep.Events[2].Position != 3 || rep.Events[2].Actor != "someone else" {
		t.Fatalf("events of a tampered ledger: %d listed of %d, third %+v", len(rep.Events), head, rep.Events[min(2, len(rep.Events)-1)])
	}
	for _, format := range reports.Formats {
		var b strings.Builder
		if err := reports.RenderAudit(&b, format, rep); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		if !strings.Contains(strings.ToLower(b.String()), "broken") {
			t.Fatalf("%s output does not say the chain is broken", format)
		}
	}
}

// TestAuditAsOfVerifiesTheLedgerAsItStoodThen: an as-of audit verifies
// the ledger through its basis position, and says so; an event altered
// after that position does not break it, while the audit of now and an
// audit as of the altered event's position name it.
func TestAuditAsOfVerifiesTheLedgerAsItStoodThen(t *testing.T) {
	ctx := context.Background()
	l := newLedgerWithViews(t)
	matchedPair(l)
	l.report(reports.AsOf{}, "2025-07-01")
	today := events.MustDate("2025-07-01").Time()
	audit := func(at reports.AsOf) *reports.Audit {
		t.Helper()
		rep, err := reports.BuildAudit(ctx, l.views, l.store, reports.Period{}, "", at, today)
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	if v := audit(reports.AsOf{Position: 2}).Verification; !v.OK || !v.ThroughAsOf || v.Last != 2 || v.Events != 2 {
		t.Fatalf("as of position 2: %+v", v)
	}
	if v := audit(reports.AsOf{}).Verification; !v.OK || v.ThroughAsOf {
		t.Fatalf("now: %+v, want the whole ledger verified", v)
	}
	l.alterActor(3, "someone else")
	rep := audit(reports.AsOf{Position: 2})
	if v := rep.Verification; !v.OK || v.Last != 2 || len(rep.Events) != 2 {
		t.Fatalf("as of position 2, position 3 altered: %+v, %d events", v, len(rep.Events))
	}
	for _, at := range []reports.AsOf{{}, {Position: 3}} {
		if v := audit(at).Verification; v.OK || v.BrokenAt != 3 {
			t.Fatalf("as of %+v, position 3 altered: %+v, want broken at 3", at, v)
		}
	}
	var b strings.Builder
	if err := reports.RenderAudit(&b, "text", audit(reports.AsOf{Position: 2})); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "hash chain as of the report (through its position): ok, 2 events, last position 2") {
		t.Fatalf("text of an as-of audit:\n%s", b.String())
	}
}

// TestAuditOverManyPagesReadAhead: on a ledger of several pages, read two
// at a time, the audit lists every event once and in order, verifies the
// whole chain, and names an altered event on any page — the first, one
// being read ahead, the last.
func TestAuditOverManyPagesReadAhead(t *testing.T) {
	ctx := context.Background()
	l := caughtUpFixture(t, 34000)
	head, err := l.store.Head(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if head < 30000 {
		t.Fatalf("head %d: fewer than three pages", head)
	}
	now := events.MustDate("2026-01-01").Time()
	rep, err := reports.BuildAudit(ctx, l.views, l.store, reports.Period{}, "", reports.AsOf{}, now)
	if err != nil {
		t.Fatal(err)
	}
	if v := rep.Verification; !v.OK || v.Last != uint64(head) {
		t.Fatalf("verification: %+v, head %d", v, head)
	}
	if len(rep.Events) != int(head) {
		t.Fatalf("%d events listed, the ledger holds %d", len(rep.Events), head)
	}
	for i, e := range rep.Events {
		if e.Position != uint64(i+1) {
			t.Fatalf("event %d listed at position %d", i+1, e.Position)
		}
	}
	db, err := sql.Open("sqlite3", l.path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	first := head + 1 // the first altered position so far
	for _, pos := range []events.Position{head, 25000, 10001} {
		if _, err := db.Exec(`UPDATE events SET actor = actor || '!' WHERE position = ?`, int64(pos)); err != nil {
			t.Fatal(err)
		}
		rep, err := reports.BuildAudit(ctx, l.views, l.store, reports.Period{}, "", reports.AsOf{}, now)
		if err != nil {
			t.Fatal(err)
		}
		first = min(first, pos)
		if v := rep.Verification; v.OK || v.BrokenAt != uint64(first) {
			t.Fatalf("after altering position %d: %+v, want broken at %d", pos, v, first)
		}
	}
}

// alterActor changes the recorded actor of the event at pos in the ledger
// file itself, behind the store's back, as someone tampering would.
func (l *ledger) alterActor(pos events.Position, actor string) {
	l.tb.Helper()
	db, err := sql.Open("sqlite3", l.path)
	if err != nil {
		l.tb.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`UPDATE events SET actor = ? WHERE position = ?`, actor, int64(pos)); err != nil {
		l.tb.Fatal(err)
	}
}
