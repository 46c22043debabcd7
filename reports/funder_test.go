package reports_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/reports"
)

func TestFunderReportSuppressesSmallCountsAndWhatWouldReveal(t *testing.T) {
	ctx := context.Background()
	l := newLedgerWithViews(t)
	matchedPair(l)
	// 13 more relationships: 10 end as planned, 3 prematurely.
	for i := 0; i < 13; i++ {
		id := fmt.Sprintf("x%02d", i)
		l.record("relationship-"+id, "2025-02-01", events.Matched{RelationshipID: id, ProgrammeID: prog, Model: events.ModelOneToOne,
			MentorIDs: []string{"mentor-1"}, MenteeIDs: []string{"mentee-1"}, Rationale: "test", MatchedOn: events.MustDate("2025-02-01")})
		l.record("relationship-"+id, "2025-06-01", events.RelationshipEnded{RelationshipID: id, EndedOn: events.MustDate("2025-06-01"),
			Reason: events.EndCompleted, Planned: i >= 3})
	}
	l.report(reports.AsOf{}, "2025-07-01")
	rep, err := reports.BuildFunder(ctx, l.views, reports.Period{From: events.MustDate("2025-01-01"), To: events.MustDate("2025-12-31")}, "", reports.AsOf{}, events.MustDate("2025-07-01").Time())
	if err != nil {
		t.Fatal(err)
	}
	table := func(title string) reports.Table {
		for _, tb := range append(rep.Programmes[0].Outputs, rep.Programmes[0].Outcomes...) {
			if tb.Title == title {
				return tb
			}
		}
		t.Fatalf("no table %q", title)
		return reports.Table{}
	}
	endings := table("Endings")
	if got := endings.Cells[1].Value; got != "<5" {
		t.Fatalf("premature endings=%q, want <5", got)
	}
	if got := endings.Cells[0].Value; got != "suppressed" {
		t.Fatalf("planned endings=%q, want suppressed (else total minus planned gives premature)", got)
	}
	if got := endings.Total.Value; got != "13" {
		t.Fatalf("total endings=%q, want 13", got)
	}
	matched := table("Relationships matched, by model")
	if got := matched.Cells[0].Value; got != "14" {
		t.Fatalf("one-to-one matches=%q, want 14", got)
	}
	people := table("Participants")
	for _, c := range people.Cells {
		if c.Value != "0" && c.Value != "<5" {
			t.Fatalf("participants %s=%q: two people must not show as a number", c.Label, c.Value)
		}
	}
}

func TestFunderDrawsAverageFirstAndLastRatingsOnlyOverFiveOrMore(t *testing.T) {
	w := newWorld(t)
	registeredOnly(w)
	pair(w, "2025-01-10")
	rate := func(rel string) {
		if rel != "r1" {
			w.rec("2025-01-10", match(rel, "2025-01-10"))
		}
		w.rec("2025-02-01", events.GoalSet{RelationshipID: rel, GoalID: "g1", Kind: events.GoalLongTerm, Description: "lead", SetOn: d("2025-02-01"), DueOn: d("2026-01-01")})
		w.rec("2025-02-02", events.ProgressScaled{RelationshipID: rel, GoalID: "g1", ScaledOn: d("2025-02-02"), Scale: 2})
		w.rec("2025-06-02", events.ProgressScaled{RelationshipID: rel, GoalID: "g1", ScaledOn: d("2025-06-02"), Scale: 6})
	}
	html := func() string {
		w.catchUp()
		var b strings.Builder
		if err := reports.Run(context.Background(), reports.Inputs{Views: w.views, Ledger: w.store}, "funder", reports.Request{Now: d("2025-12-31").Time()}, "html", &b); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	for _, rel := range []string{"r1", "r2", "r3", "r4"} {
		rate(rel)
	}
	if strings.Contains(html(), "average first and last ratings") {
		t.Fatal("ratings of four relationships drawn: they must stay suppressed")
	}
	rate("r5")
	out := html()
	if !strings.Contains(out, "average first and last ratings") || !strings.Contains(out, "OSKAR scaling first: 2") || !strings.Contains(out, "OSKAR scaling last: 6") {
		t.Fatalf("ratings of five relationships not drawn as 2 then 6:\n%s", out)
	}
	if strings.Contains(out, "GROW commitment first:") {
		t.Fatal("a GROW average drawn with no GROW rating")
	}
}
