package reports_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/reports"
)

func figure(tb testing.TB, rep *reports.Monitoring, key, name string) (float64, []string) {
	tb.Helper()
	for _, a := range rep.Programmes[0].Answers {
		if a.Key != key {
			continue
		}
		for _, f := range a.Figures {
			if f.Name == name {
				return f.Value, a.Evidence
			}
		}
	}
	tb.Fatalf("no figure %q for %s", name, key)
	return 0, nil
}

func TestMonitoringCountsIssuesTrainingNeedsAndEarlyEndings(t *testing.T) {
	ctx := context.Background()
	l := newLedgerWithViews(t)
	matchedPair(l)
	l.record("relationship-r1", "2025-02-01", events.IssueRaised{RelationshipID: "r1", IssueID: "i1", RaisedOn: events.MustDate("2025-02-01"),
		Category: events.IssueMeetings, RaisedByRole: events.RoleMentee})
	l.record("relationship-r1", "2025-02-11", events.IssueResolved{RelationshipID: "r1", IssueID: "i1", ResolvedOn: events.MustDate("2025-02-11")})
	open := l.record("relationship-r1", "2025-03-01", events.IssueRaised{RelationshipID: "r1", IssueID: "i2", RaisedOn: events.MustDate("2025-03-01"),
		Category: events.IssueBoundaries, RaisedByRole: events.RoleMentor})
	unmet := l.record("participant-mentor-1", "2025-02-01", events.TrainingNeedIdentified{ParticipantID: "mentor-1", NeedID: "n1",
		IdentifiedOn: events.MustDate("2025-02-01"), Area: events.NeedSkills})
	early := l.record("relationship-r1", "2025-04-01", events.RelationshipEnded{RelationshipID: "r1", EndedOn: events.MustDate("2025-04-01"),
		Reason: events.EndWorkload, Planned: false})
	l.report(reports.AsOf{}, "2025-04-10") // catch the views up
	rep, err := reports.BuildMonitoring(ctx, l.views, reports.AsOf{}, events.MustDate("2025-04-10").Time())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		key, name string
		want      float64
		evidence  string
	}{
		{"issues-dealt-with", "issues raised", 2, open},
		{"issues-dealt-with", "issues open", 1, open},
		{"issues-dealt-with", "median days to resolve", 10, open},
		{"issues-dealt-with", "longest open", 40, open},
		{"training-needs", "needs not yet met", 1, unmet},
		{"relationships-working", "ended early", 1, early},
	} {
		got, ev := figure(t, rep, c.key, c.name)
		if got != c.want || !slices.Contains(ev, c.evidence) {
			t.Errorf("%s / %s = %v (evidence %v), want %v with %s", c.key, c.name, got, ev, c.want, c.evidence)
		}
	}
	// As of before the second issue, nothing was open.
	then, err := reports.BuildMonitoring(ctx, l.views, reports.AsOf{Time: events.MustDate("2025-02-20").Time()}, events.MustDate("2025-04-10").Time())
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := figure(t, then, "issues-dealt-with", "issues open"); got != 0 {
		t.Fatalf("issues open as of 20 February=%v, want 0", got)
	}
	for _, format := range reports.Formats {
		var b strings.Builder
		if err := reports.RenderMonitoring(&b, format, rep); err != nil || !strings.Contains(b.String(), "issues raised") {
			t.Fatalf("%s: %v", format, err)
		}
	}
}
