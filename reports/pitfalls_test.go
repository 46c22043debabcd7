package reports_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/reports"
)

func warning(tb testing.TB, rep *reports.Pitfalls, pitfall int) (reports.Warning, bool) {
	tb.Helper()
	for _, w := range rep.Warnings {
		if w.RelationshipID == "r1" && w.Pitfall == pitfall {
			return w, true
		}
	}
	return reports.Warning{}, false
}

func TestPitfallWarningsAppearAndClearWithTheirEvidence(t *testing.T) {
	ctx := context.Background()
	l := newLedgerWithViews(t)
	matchedPair(l) // matched on 2025-01-06, no plan, no goal, no agreement
	build := func(today string, th reports.Thresholds) *reports.Pitfalls {
		l.report(reports.AsOf{}, today)
		rep, err := reports.BuildPitfalls(ctx, l.views, reports.AsOf{}, th, events.MustDate(today).Time())
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	if _, ok := warning(t, build("2025-01-20", reports.DefaultThresholds), 1); ok {
		t.Fatal("pitfall 1 shown two weeks after the match")
	}
	w, ok := warning(t, build("2025-02-20", reports.DefaultThresholds), 1)
	if !ok || w.FirstAppeared != "2025-02-05" || len(w.Evidence) != 1 {
		t.Fatalf("pitfall 1 after six weeks: %+v (shown %v), want first appeared 2025-02-05 with the match as evidence", w, ok)
	}
	th := reports.DefaultThresholds
	th.PurposeDays = 60
	if _, ok := warning(t, build("2025-02-20", th), 1); ok {
		t.Fatal("pitfall 1 shown before a 60-day threshold")
	}
	plan := l.record("relationship-r1", "2025-02-21", events.ActionPlanAgreed{RelationshipID: "r1", AgreedOn: events.MustDate("2025-02-21"),
		LongTermGoal: "lead a team", ShortTermGoals: []string{"chair a meeting"},
		Milestones:      []events.Milestone{{Description: "chaired", DueOn: events.MustDate("2025-04-01")}},
		SuccessCriteria: []string{"feedback"}, ReviewDates: []events.Date{events.MustDate("2025-05-01")}})
	if _, ok := warning(t, build("2025-02-22", reports.DefaultThresholds), 1); ok {
		t.Fatalf("pitfall 1 still shown after the action plan %s", plan)
	}
	if w, ok := warning(t, build("2025-02-22", reports.DefaultThresholds), 2); !ok || w.FirstAppeared != "2025-02-05" {
		t.Fatalf("pitfall 2 (no agreement): %+v shown %v", w, ok)
	}
}

func TestMentorWhoIsTheMenteesLineManagerIsPitfall8(t *testing.T) {
	ctx := context.Background()
	l := newLedgerWithViews(t)
	l.record("programme-"+prog, "2025-01-02", events.ProgrammeRegistered{ProgrammeID: prog, Name: "Peer mentoring",
		Organisations: []string{"Org A"}, Models: []string{events.ModelOneToOne}, RegisteredOn: events.MustDate("2025-01-02")})
	l.record("participant-boss", "2025-01-03", events.ParticipantRegistered{ParticipantID: "boss", ProgrammeID: prog, Role: events.RoleMentor,
		Organisation: "Org A", RegisteredOn: events.MustDate("2025-01-03")})
	l.record("participant-staff", "2025-01-03", events.ParticipantRegistered{ParticipantID: "staff", ProgrammeID: prog, Role: events.RoleMentee,
		Organisation: "Org A", LineManagerRef: "boss", RegisteredOn: events.MustDate("2025-01-03")})
	match := l.record("relationship-r1", "2025-01-06", events.Matched{RelationshipID: "r1", ProgrammeID: prog, Model: events.ModelOneToOne,
		MentorIDs: []string{"boss"}, MenteeIDs: []string{"staff"}, Rationale: "same team", MatchedOn: events.MustDate("2025-01-06")})
	l.report(reports.AsOf{}, "2025-01-07")
	rep, err := reports.BuildPitfalls(ctx, l.views, reports.AsOf{}, reports.DefaultThresholds, events.MustDate("2025-01-07").Time())
	if err != nil {
		t.Fatal(err)
	}
	w, ok := warning(t, rep, 8)
	if !ok || w.FirstAppeared != "2025-01-06" || !slices.Contains(w.Evidence, match) || !strings.Contains(w.Detail, "line manager") {
		t.Fatalf("pitfall 8: %+v shown %v", w, ok)
	}
	for _, format := range reports.Formats {
		var b strings.Builder
		if err := reports.RenderPitfalls(&b, format, rep); err != nil || !strings.Contains(b.String(), "line manager") {
			t.Fatalf("%s: %v", format, err)
		}
	}
}

// Each programme's early warnings use its own thresholds as it last set
// them, as of the report; thresholds given for a run replace them.
func TestAProgrammesOwnThresholdsDecideItsWarnings(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	registeredOnly(w)
	pair(w, "2025-01-06")
	w.rec("2025-01-06", logged("r1", "m1", "2025-01-06"))
	w.rec("2025-02-05", logged("r1", "m2", "2025-02-05")) // 30 days on
	w.catchUp()
	before, err := w.views.Checkpoint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	set := w.rec("2025-03-03", events.WarningThresholdsSet{ProgrammeID: prog, SetOn: d("2025-03-03"), GapDays: 21})
	w.catchUp()
	gaps := func(asOf reports.AsOf, run reports.Thresholds) (*reports.Pitfalls, []reports.Warning) {
		t.Helper()
		rep, err := reports.BuildPitfalls(ctx, w.views, asOf, run, d("2025-03-10").Time())
		if err != nil {
			t.Fatal(err)
		}
		var out []reports.Warning
		for _, x := range rep.Warnings {
			if x.Pitfall == 3 && strings.Contains(x.Detail, "no meeting for") {
				out = append(out, x)
			}
		}
		return rep, out
	}

	rep, got := gaps(reports.AsOf{}, reports.Thresholds{})
	if len(got) != 1 || got[0].FirstAppeared != "2025-01-27" || got[0].Detail != "no meeting for 30 days" {
		t.Fatalf("gap warnings with the programme's 21 days = %+v, want one since 2025-01-27", got)
	}
	th := rep.ProgrammeThresholds[prog]
	if th.GapDays != 21 || th.ReviewEveryDays != 90 || th.SetBy != set || th.SetOn != "2025-03-03" {
		t.Fatalf("programme thresholds = %+v, want gap 21 and the rest the guidance's, set by %s on 2025-03-03", th, set)
	}

	rep, got = gaps(reports.AsOf{Position: before}, reports.Thresholds{})
	if len(got) != 0 {
		t.Fatalf("as of before the setting, gap warnings = %+v, want none (the guidance's 45 days)", got)
	}
	if th := rep.ProgrammeThresholds[prog]; th.GapDays != 45 || th.SetBy != "" {
		t.Fatalf("programme thresholds as of before the setting = %+v, want the guidance's", th)
	}

	rep, got = gaps(reports.AsOf{}, reports.Thresholds{GapDays: 60})
	if len(got) != 0 {
		t.Fatalf("with 60 days given for the run, gap warnings = %+v, want none", got)
	}
	if th := rep.ProgrammeThresholds[prog]; th.GapDays != 60 || rep.Thresholds.GapDays != 60 || !slices.Equal(th.GivenForRun, []string{"gap_days"}) {
		t.Fatalf("thresholds with 60 given for the run = %+v / %+v, want 60, given for the run", th, rep.Thresholds)
	}
}
