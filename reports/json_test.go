package reports_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/mentorledger/mentorledger/reports"
)

// TestJSONRenderingMatchesEncodingJSON checks that every report's JSON, now
// written by goccy/go-json, is byte for byte what encoding/json writes for
// the same report (indented, "<" and ">" unescaped), now and as of the
// middle of a fixture ledger.
func TestJSONRenderingMatchesEncodingJSON(t *testing.T) {
	ctx := context.Background()
	l := caughtUpFixture(t, 6000)
	head, err := l.views.Checkpoint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var subject string
	if err := l.views.DB().QueryRow(`SELECT min(relationship_id) FROM relationships`).Scan(&subject); err != nil {
		t.Fatal(err)
	}
	in := reports.Inputs{Views: l.views, Ledger: l.store}
	for _, name := range reports.Names() {
		d, err := reports.Lookup(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, asOf := range []reports.AsOf{{}, {Position: head / 2}} {
			r := reports.Request{AsOf: asOf, Thresholds: reports.DefaultThresholds, Subject: subject,
				Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
			rep, err := d.Build(ctx, in, r)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			var got bytes.Buffer
			if err := rep.Render(&got, "json"); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			want, err := reports.StdJSON(rep)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Errorf("%s as of %d: goccy/go-json and encoding/json differ (%d and %d bytes)", name, asOf.Position, got.Len(), len(want))
			}
			if got.Len() < 100 {
				t.Errorf("%s: only %d bytes: the comparison proves little", name, got.Len())
			}
		}
	}
}

// TestRelationshipsHTMLMatchesTheTemplate checks that the relationships'
// findings written directly are byte for byte what html/template wrote,
// for checklists 6 and 7 of a fixture ledger and for values full of
// characters HTML must escape.
func TestRelationshipsHTMLMatchesTheTemplate(t *testing.T) {
	ctx := context.Background()
	l := caughtUpFixture(t, 4000)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c6, err := reports.BuildChecklist6(ctx, l.views, reports.AsOf{}, now)
	if err != nil {
		t.Fatal(err)
	}
	c7, err := reports.BuildChecklist7(ctx, l.views, "", reports.AsOf{}, now)
	if err != nil {
		t.Fatal(err)
	}
	sets := [][]reports.RelationshipChecklist{{{
		RelationshipID: `r<1>&"x"`, Model: "one'to'one", MatchedOn: "2025-01-01", EndedOn: "2025-<02>",
		Meetings: 3, Findings: []reports.Finding{{Item: 1, Status: `met"><script>`, Detail: "a & b < c — é \u00a0 '", Evidence: []string{"e<1>", `e"2"`}},
			{Item: 2, Status: "partly", Detail: "", Evidence: []string{}}},
	}}, {}}
	n := 0
	for _, p := range append(c6.Programmes, c7.Programmes...) {
		sets = append(sets, p.Relationships)
		n += len(p.Relationships)
	}
	if n < 50 {
		t.Fatalf("only %d relationships: the comparison proves little", n)
	}
	for i, rels := range sets {
		ref, direct, err := reports.RelationshipsHTMLBothWays(rels)
		if err != nil {
			t.Fatal(err)
		}
		if ref != direct {
			t.Fatalf("set %d: direct HTML differs from the template's:\n%s\n%s", i, truncate(direct), truncate(ref))
		}
	}
}

func truncate(s string) string {
	if len(s) > 600 {
		return s[:600] + "…"
	}
	return s
}

// TestAuditEventsHTMLMatchesTheTemplate checks the audit's event rows,
// written directly, against the template they replaced, on a fixture
// ledger's audit and on values HTML must escape.
func TestAuditEventsHTMLMatchesTheTemplate(t *testing.T) {
	ctx := context.Background()
	l := caughtUpFixture(t, 2000)
	d, err := reports.Lookup("audit")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := d.Build(ctx, reports.Inputs{Views: l.views, Ledger: l.store}, reports.Request{Thresholds: reports.DefaultThresholds, Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	audit, ok := reports.Unwrap(rep).(*reports.Audit)
	if !ok || len(audit.Events) < 1000 {
		t.Fatalf("audit: %T with too few events", reports.Unwrap(rep))
	}
	odd := []reports.AuditEvent{{Position: 7, RecordedAt: "<t>", Type: `a"b`, Stream: "s&'x'", Version: -1, Actor: "é <actor>", EventID: "id\u00a0>"}}
	for _, evs := range [][]reports.AuditEvent{audit.Events, odd, nil} {
		ref, direct, err := reports.AuditEventsHTMLBothWays(evs)
		if err != nil {
			t.Fatal(err)
		}
		if ref != direct {
			t.Fatalf("direct HTML differs from the template's:\n%s\n%s", truncate(direct), truncate(ref))
		}
	}
}
