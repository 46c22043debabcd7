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

// The funder report must not let a hidden count be worked out from the
// figures it shows (issue 4: "check totals and differences"). Twelve people
// recruited, ten selected and two not: with both recruited counts and the
// selected shown, "not selected <5" would be 12 - 10. Six meetings face to
// face and two by video, all an hour long: with the total shown beside
// them, the video count, and with the hours shown, the face-to-face count,
// would give the video one away.
func TestFunderHidesCountsOtherFiguresWouldGiveAway(t *testing.T) {
	ctx := context.Background()
	l := newLedgerWithViews(t)
	matchedPair(l)
	for i := 0; i < 12; i++ {
		role := events.RoleMentor
		if i%2 == 1 {
			role = events.RoleMentee
		}
		id := fmt.Sprintf("p%02d", i)
		l.record("participant-"+id, "2025-02-01", events.ParticipantRegistered{ParticipantID: id, ProgrammeID: prog, Role: role,
			Organisation: "Org A", RegisteredOn: events.MustDate("2025-02-01")})
		if i < 10 {
			l.record("participant-"+id, "2025-02-03", events.Selected{ParticipantID: id, SelectedOn: events.MustDate("2025-02-03")})
		} else {
			l.record("participant-"+id, "2025-02-03", events.NotSelected{ParticipantID: id, DecidedOn: events.MustDate("2025-02-03"),
				Reason: events.NotSelectedCriteriaNotMet, Informed: true})
		}
	}
	for i := 0; i < 8; i++ {
		m := events.MeetingLogged{RelationshipID: "r1", MeetingID: fmt.Sprintf("m%d", i), HeldOn: events.MustDate("2025-03-03").AddDays(7 * i),
			Location: "library", LocationKind: events.LocationNeutral, Minutes: 60, Method: events.MethodFaceToFace,
			Actions: []events.Action{{Description: "read", Owner: events.RoleMentee}}, CompletedBy: "mentor-1", CompletedByRole: events.RoleMentor}
		if i >= 6 {
			m.Method = events.MethodVideo
		}
		l.record("relationship-r1", m.HeldOn.String(), m)
	}
	l.report(reports.AsOf{}, "2025-07-01")
	rep, err := reports.BuildFunder(ctx, l.views, reports.Period{From: events.MustDate("2025-02-01"), To: events.MustDate("2025-12-31")}, "", reports.AsOf{}, events.MustDate("2025-07-01").Time())
	if err != nil {
		t.Fatal(err)
	}
	cells := map[string]string{}
	for _, tb := range append(rep.Programmes[0].Outputs, rep.Programmes[0].Outcomes...) {
		for _, c := range tb.Cells {
			cells[tb.Title+"/"+c.Label] = c.Value
		}
		if tb.Total != nil {
			cells[tb.Title+"/total"] = tb.Total.Value
		}
	}
	hidden := func(keys ...string) int {
		n := 0
		for _, k := range keys {
			v, ok := cells[k]
			if !ok {
				t.Fatalf("no cell %s in %v", k, cells)
			}
			if v == "<5" || v == "suppressed" {
				n++
			}
		}
		return n
	}
	if got := cells["Participants/not selected"]; got != "<5" {
		t.Fatalf("not selected=%q, want <5", got)
	}
	if n := hidden("Participants/mentors recruited", "Participants/mentees recruited", "Participants/selected", "Participants/not selected"); n < 2 {
		t.Fatalf("recruited and selected: %d hidden, want 2 or more (one alone is the difference of the rest): %v", n, cells)
	}
	if got := cells["Meetings logged, by method/video"]; got != "<5" {
		t.Fatalf("video meetings=%q, want <5", got)
	}
	if got := cells["Meetings logged, by method/face_to_face"]; got != "suppressed" {
		t.Fatalf("face-to-face meetings=%q, want suppressed (the total less it is the video count)", got)
	}
	if got := cells["Meeting hours, by method/face_to_face"]; got != "suppressed" {
		t.Fatalf("face-to-face hours=%q, want suppressed (six one-hour meetings: the hours are the count)", got)
	}
}
