package reports_test

import (
	"context"
	"fmt"
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
