package reports_test

import (
	"context"
	"testing"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/reports"
)

// Checklist 6, monitoring and the early warnings, asked for one programme,
// show only its rows; an unknown programme is ENOTFOUND.

func demoLikeWorld(t *testing.T) *world {
	t.Helper()
	w := newWorld(t)
	demoLike(w)
	w.catchUp()
	return w
}

func TestChecklist6ForOneProgramme(t *testing.T) {
	ctx, w := context.Background(), demoLikeWorld(t)
	now := d(demoToday).Time()
	all, err := reports.BuildChecklist6(ctx, w.views, reports.AsOf{}, now)
	if err != nil || len(all.Programmes) != 2 {
		t.Fatalf("every programme: %v, %d programmes", err, len(all.Programmes))
	}
	one, err := reports.BuildChecklist6(ctx, w.views, reports.AsOf{}, now, "prog-2")
	if err != nil {
		t.Fatal(err)
	}
	if len(one.Programmes) != 1 || one.Programmes[0].ProgrammeID != "prog-2" || len(one.Programmes[0].Relationships) != 1 ||
		one.Programmes[0].Relationships[0].RelationshipID != "x1" {
		t.Fatalf("prog-2 only: %+v", one.Programmes)
	}
	if _, err := reports.BuildChecklist6(ctx, w.views, reports.AsOf{}, now, "prog-9"); events.ErrorCode(err) != events.ENOTFOUND {
		t.Fatalf("unknown programme: %v, want ENOTFOUND", err)
	}
}

func TestMonitoringForOneProgramme(t *testing.T) {
	ctx, w := context.Background(), demoLikeWorld(t)
	now := d(demoToday).Time()
	one, err := reports.BuildMonitoring(ctx, w.views, reports.AsOf{}, now, prog)
	if err != nil {
		t.Fatal(err)
	}
	if len(one.Programmes) != 1 || one.Programmes[0].ProgrammeID != prog {
		t.Fatalf("prog-1 only: %+v", one.Programmes)
	}
	if _, err := reports.BuildMonitoring(ctx, w.views, reports.AsOf{}, now, "prog-9"); events.ErrorCode(err) != events.ENOTFOUND {
		t.Fatalf("unknown programme: %v, want ENOTFOUND", err)
	}
}

func TestPitfallsForOneProgramme(t *testing.T) {
	ctx, w := context.Background(), demoLikeWorld(t)
	now := d(demoToday).Time()
	all, err := reports.BuildPitfalls(ctx, w.views, reports.AsOf{}, reports.DefaultThresholds, now)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, x := range all.Warnings {
		seen[x.ProgrammeID] = true
	}
	if !seen[prog] || !seen["prog-2"] {
		t.Fatalf("warnings of every programme: %v, want both", seen)
	}
	one, err := reports.BuildPitfalls(ctx, w.views, reports.AsOf{}, reports.DefaultThresholds, now, "prog-2")
	if err != nil {
		t.Fatal(err)
	}
	if len(one.Warnings) == 0 || len(one.Counts) != 1 {
		t.Fatalf("prog-2's warnings: %d warnings, counts %v", len(one.Warnings), one.Counts)
	}
	for _, x := range one.Warnings {
		if x.ProgrammeID != "prog-2" {
			t.Fatalf("asked for prog-2, got a warning of %s", x.ProgrammeID)
		}
	}
	if _, err := reports.BuildPitfalls(ctx, w.views, reports.AsOf{}, reports.DefaultThresholds, now, "prog-9"); events.ErrorCode(err) != events.ENOTFOUND {
		t.Fatalf("unknown programme: %v, want ENOTFOUND", err)
	}
}

func TestMonitoringCountsMeetingsPerMonthAndPhases(t *testing.T) {
	ctx, w := context.Background(), demoLikeWorld(t)
	rep, err := reports.BuildMonitoring(ctx, w.views, reports.AsOf{}, d(demoToday).Time(), prog)
	if err != nil {
		t.Fatal(err)
	}
	p := rep.Programmes[0]
	months := map[string]int{}
	for _, c := range p.MeetingsPerMonth {
		months[c.Label] = c.N
	}
	// r1 met in January, February and March, r2 in March, r3 in May; April
	// had none and still shows.
	want := map[string]int{"2025-01": 1, "2025-02": 1, "2025-03": 2, "2025-04": 0, "2025-05": 1}
	if len(months) != len(want) {
		t.Fatalf("months=%v, want %v", p.MeetingsPerMonth, want)
	}
	for m, n := range want {
		if months[m] != n {
			t.Fatalf("meetings in %s=%d, want %d (%v)", m, months[m], n, p.MeetingsPerMonth)
		}
	}
	phases := map[string]int{}
	for _, c := range p.Phases {
		phases[c.Label] = c.N
	}
	// r1 and r2 ended; r3 never entered a phase.
	if phases["ended"] != 2 || phases["no phase recorded"] != 1 || phases["progression"] != 0 {
		t.Fatalf("phases=%v", p.Phases)
	}
	// As of May, r1 was in progression and r2 had ended.
	then, err := reports.BuildMonitoring(ctx, w.views, reports.AsOf{Time: d("2025-04-30").Time()}, d(demoToday).Time(), prog)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range then.Programmes[0].Phases {
		if c.Label == "progression" && c.N != 1 {
			t.Fatalf("as of April, in progression=%d, want 1", c.N)
		}
	}
}
