package reports_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/mentorledger/mentorledger/projections"
	"github.com/mentorledger/mentorledger/reports"
)

// TestJSONRenderingMatchesEncodingJSON checks that every report's JSON, now
// written by goccy/go-json, is byte for byte what encoding/json writes for
// the same report (indented, "<" and ">" unescaped), now and as of the
// middle of a fixture ledger.
func TestJSONRenderingMatchesEncodingJSON(t *testing.T) {
	ctx := context.Background()
	l := newLedgerWithViews(t)
	if _, err := l.store.AppendBatch(ctx, fixtureRequests(t, 6000)); err != nil {
		t.Fatal(err)
	}
	if _, err := l.views.CatchUp(ctx, l.store, projections.CatchUpOptions{}); err != nil {
		t.Fatal(err)
	}
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
