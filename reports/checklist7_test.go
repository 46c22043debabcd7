package reports_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/reports"
)

// Facts of relationship r1 for the checklist 7 tests.

func phase(on, p string) events.PhaseEntered {
	return events.PhaseEntered{RelationshipID: "r1", Phase: p, EnteredOn: d(on)}
}

func relReviewed(on, kind string) events.RelationshipReviewed {
	return events.RelationshipReviewed{RelationshipID: "r1", ReviewedOn: d(on), Kind: kind}
}

func scaled(on string, n int) events.ProgressScaled {
	return events.ProgressScaled{RelationshipID: "r1", GoalID: "g1", ScaledOn: d(on), Scale: n}
}

func rated(on string, n int) events.CommitmentRated {
	return events.CommitmentRated{RelationshipID: "r1", GoalID: "g1", RatedOn: d(on), Rating: n}
}

func actionPlan(on string) events.ActionPlanAgreed {
	return events.ActionPlanAgreed{RelationshipID: "r1", AgreedOn: d(on), LongTermGoal: "lead a team", ShortTermGoals: []string{"chair a meeting"},
		Milestones: []events.Milestone{{Description: "chaired", DueOn: d("2025-09-01")}}, SuccessCriteria: []string{"feedback"},
		ReviewDates: []events.Date{d("2025-09-01")}}
}

func preparedEnding(on string, nextSteps bool) events.EndingPrepared {
	return events.EndingPrepared{RelationshipID: "r1", PreparedOn: d(on), EndsOn: d(on).AddDays(30), NextStepsIdentified: nextSteps}
}

func issue(id, on, category string) events.IssueRaised {
	return events.IssueRaised{RelationshipID: "r1", IssueID: id, RaisedOn: d(on), Category: category, RaisedByRole: events.RoleMentee}
}

// meetingBy is a meeting log completed by the mentor, with one action point
// owned by owner and the given numbers of challenges and steps.
func meetingBy(id, on, owner string, challenges, steps int) events.MeetingLogged {
	m := logged("r1", id, on)
	m.Actions = nil
	if owner != "" {
		m.Actions = []events.Action{{Description: "do something", Owner: owner}}
	}
	for i := 0; i < challenges; i++ {
		m.Challenges = append(m.Challenges, "time")
	}
	for i := 0; i < steps; i++ {
		m.Steps = append(m.Steps, "ask the manager")
	}
	return m
}

// matchedOn registers the programme, matches r1 on 2025-01-10 and records
// the facts given.
func matchedOn(facts ...struct {
	day string
	p   events.Payload
}) func(w *world) {
	return registeredPair("2025-01-10", facts...)
}

func buildChecklist7(w *world, today string) *reports.Checklist7 {
	w.tb.Helper()
	w.catchUp()
	rep, err := reports.BuildChecklist7(context.Background(), w.views, "", reports.AsOf{}, d(today).Time())
	if err != nil {
		w.tb.Fatal(err)
	}
	return rep
}

func TestChecklist7EveryItemFlipsWhenItsEvidenceIsRecorded(t *testing.T) {
	rec := recording
	early := func(end string) events.AgreementSigned {
		a := agreement("r1", "2025-01-15")
		a.EndsOn = d(end)
		return a
	}
	cases := []flip{
		// Stage 1: due 30 (or 60) days after the match on 2025-01-10.
		{item: 1, today: "2025-03-01", given: matchedOn(at("2025-01-20", logged("r1", "m1", "2025-01-20"))), before: reports.Partly,
			flip: rec("2025-01-10", phase("2025-01-10", events.PhaseBuildingRapport))},
		{item: 2, today: "2025-04-01", given: matchedOn(at("2025-01-20", logged("r1", "m1", "2025-01-20"))), before: reports.NotMet,
			flip: rec("2025-02-20", logged("r1", "m2", "2025-02-20"))},
		{item: 3, today: "2025-03-01", given: matchedOn(at("2025-01-05", events.MenteeInductionCompleted{ParticipantID: "mentee-1", CompletedOn: d("2025-01-05")})),
			before: reports.Partly, flip: rec("2025-01-06", events.MentorTrainingCompleted{ParticipantID: "mentor-1", CompletedOn: d("2025-01-06")})},
		{item: 4, today: "2025-03-01", given: matchedOn(), before: reports.NotMet, flip: rec("2025-01-15", agreement("r1", "2025-01-15"))},
		{item: 5, today: "2025-04-01", given: matchedOn(at("2025-01-15", agreement("r1", "2025-01-15"))), before: reports.Partly,
			flip: rec("2025-02-01", meetingBy("m1", "2025-02-01", events.RoleMentee, 0, 0))},
		{item: 6, today: "2025-03-01", given: matchedOn(), before: reports.NotMet, flip: rec("2025-01-15", agreement("r1", "2025-01-15"))},
		{item: 7, today: "2025-03-01", given: matchedOn(), before: reports.NotMet, flip: rec("2025-02-01", logged("r1", "m1", "2025-02-01"))},
		{item: 8, today: "2025-03-01", given: matchedOn(), before: reports.NotMet, flip: rec("2025-01-15", agreement("r1", "2025-01-15"))},
		{item: 9, today: "2025-04-01", given: matchedOn(at("2025-01-20", meetingBy("m1", "2025-01-20", events.RoleMentor, 0, 0))), before: reports.NotMet,
			flip: rec("2025-02-20", meetingBy("m2", "2025-02-20", events.RoleMentee, 0, 0))},
		// Stage 2: due 90 days after the match (2025-04-10).
		{item: 10, today: "2025-05-01", given: matchedOn(), before: reports.NotApplicable,
			flip: rec("2025-02-01", goal("r1", "g1", events.GoalLongTerm, "2025-02-01")), unrecorded: true},
		{item: 11, today: "2025-05-01", given: matchedOn(at("2025-02-01", goal("r1", "g1", events.GoalLongTerm, "2025-02-01"))), before: reports.Partly,
			flip: rec("2025-02-02", rated("2025-02-02", 8))},
		{item: 12, today: "2025-05-01", given: matchedOn(at("2025-02-01", goal("r1", "g1", events.GoalLongTerm, "2025-02-01"))), before: reports.NotMet,
			flip: rec("2025-02-02", scaled("2025-02-02", 3))},
		{item: 13, today: "2025-05-01", given: matchedOn(), before: reports.NotMet, flip: rec("2025-02-01", goal("r1", "g1", events.GoalLongTerm, "2025-02-01"))},
		{item: 14, today: "2025-05-01", given: matchedOn(at("2025-02-01", goal("r1", "g1", events.GoalLongTerm, "2025-02-01", "ms1"))), before: reports.Partly,
			flip: rec("2025-02-02", actionPlan("2025-02-02"))},
		{item: 15, today: "2025-05-01", given: matchedOn(at("2025-02-01", goal("r1", "g1", events.GoalLongTerm, "2025-02-01"))), before: reports.NotMet,
			flip: rec("2025-02-02", goal("r1", "g2", events.GoalShortTerm, "2025-02-02"))},
		{item: 16, today: "2025-05-01", given: matchedOn(at("2025-02-01", goal("r1", "g1", events.GoalShortTerm, "2025-02-01"))), before: reports.NotMet,
			flip: rec("2025-02-02", goal("r1", "g2", events.GoalLongTerm, "2025-02-02"))},
		{item: 17, today: "2025-05-01", given: matchedOn(), before: reports.NotMet, flip: rec("2025-03-01", actionPlan("2025-03-01"))},
		{item: 18, today: "2025-05-01", given: matchedOn(at("2025-02-01", goal("r1", "g1", events.GoalLongTerm, "2025-02-01")), at("2025-02-02", rated("2025-02-02", 5))),
			before: reports.Partly, flip: rec("2025-03-02", rated("2025-03-02", 8))},
		// Stage 3: due 180 days after the match (2025-07-09).
		{item: 19, today: "2025-08-01", given: matchedOn(), before: reports.NotMet, flip: rec("2025-02-01", logged("r1", "m1", "2025-02-01"))},
		{item: 20, today: "2025-08-01", given: matchedOn(at("2025-02-01", meetingBy("m1", "2025-02-01", events.RoleMentee, 0, 0))), before: reports.Partly,
			flip: rec("2025-03-01", meetingBy("m2", "2025-03-01", events.RoleMentor, 0, 0))},
		{item: 21, today: "2025-08-01", given: matchedOn(), before: reports.NotMet, flip: rec("2025-05-01", relReviewed("2025-05-01", events.RelationshipReviewProgress))},
		{item: 22, today: "2025-08-01", given: matchedOn(at("2025-02-01", goal("r1", "g1", events.GoalShortTerm, "2025-02-01", "ms1")),
			at("2025-02-02", meetingBy("m1", "2025-02-02", events.RoleMentee, 0, 0))), before: reports.Partly,
			flip: rec("2025-04-01", events.MilestoneAchieved{RelationshipID: "r1", MilestoneID: "ms1", AchievedOn: d("2025-04-01")})},
		{item: 23, today: "2025-08-01", given: matchedOn(at("2025-02-01", goal("r1", "g1", events.GoalShortTerm, "2025-02-01"))), before: reports.NotMet,
			flip: rec("2025-05-01", events.GoalRevised{RelationshipID: "r1", GoalID: "g1", RevisedOn: d("2025-05-01"), Description: "chair two meetings", DueOn: d("2026-02-01")})},
		{item: 24, today: "2025-08-01", given: matchedOn(at("2025-02-01", goal("r1", "g1", events.GoalShortTerm, "2025-02-01")), at("2025-02-02", scaled("2025-02-02", 3))),
			before: reports.Partly, flip: rec("2025-05-02", scaled("2025-05-02", 6))},
		{item: 25, today: "2025-08-01", given: matchedOn(at("2025-02-01", goal("r1", "g1", events.GoalShortTerm, "2025-02-01", "ms1"))), before: reports.NotMet,
			flip: rec("2025-04-01", events.MilestoneAchieved{RelationshipID: "r1", MilestoneID: "ms1", AchievedOn: d("2025-04-01")})},
		{item: 26, today: "2025-08-01", given: matchedOn(), before: reports.NotMet, flip: rec("2025-02-01", meetingBy("m1", "2025-02-01", events.RoleMentee, 1, 0))},
		{item: 27, today: "2025-08-01", given: matchedOn(at("2025-03-01", issue("i1", "2025-03-01", events.IssueCommitment))), before: reports.NotMet,
			flip: rec("2025-03-15", events.IssueResolved{RelationshipID: "r1", IssueID: "i1", ResolvedOn: d("2025-03-15")})},
		{item: 28, today: "2025-08-01", given: matchedOn(at("2025-02-01", goal("r1", "g1", events.GoalShortTerm, "2025-02-01"))), before: reports.NotMet,
			flip: rec("2025-05-01", relReviewed("2025-05-01", events.RelationshipReviewGoals))},
		{item: 29, today: "2025-08-01", given: matchedOn(at("2025-05-01", relReviewed("2025-05-01", events.RelationshipReviewProgress))), before: reports.Partly,
			flip: rec("2025-05-02", relReviewed("2025-05-02", events.RelationshipReviewRelationship))},
		// Stage 4/5: due at the ending, 30 days into winding up or the agreed end.
		{item: 30, today: "2025-08-01", given: matchedOn(at("2025-06-01", preparedEnding("2025-06-01", true))), before: reports.Partly,
			flip: rec("2025-06-15", relReviewed("2025-06-15", events.RelationshipReviewFinal))},
		{item: 31, today: "2025-08-01", given: matchedOn(at("2025-03-01", issue("i1", "2025-03-01", events.IssueMeetings)), at("2025-06-01", preparedEnding("2025-06-01", true))),
			before: reports.Partly, flip: rec("2025-06-10", events.IssueResolved{RelationshipID: "r1", IssueID: "i1", ResolvedOn: d("2025-06-10")})},
		{item: 32, today: "2025-08-01", given: matchedOn(at("2025-01-15", early("2025-06-01"))), before: reports.NotMet,
			flip: rec("2025-05-20", relReviewed("2025-05-20", events.RelationshipReviewFinal))},
		{item: 33, today: "2025-08-01", given: matchedOn(at("2025-06-01", preparedEnding("2025-06-01", false))), before: reports.Partly,
			flip: rec("2025-06-10", preparedEnding("2025-06-10", true))},
		{item: 34, today: "2025-08-01", given: matchedOn(at("2025-05-01", ended("r1", "2025-05-01", events.EndCompleted, true))), before: reports.NotMet,
			flip: rec("2025-07-01", events.ClosureCompleted{RelationshipID: "r1", CompletedOn: d("2025-07-01")})},
	}
	covered := map[int]bool{}
	for _, c := range cases {
		covered[c.item] = true
		it := reports.Checklist7Items[c.item-1]
		t.Run(it.Key, func(t *testing.T) {
			w := newWorld(t)
			c.given(w)
			if got := finding(t, buildChecklist7(w, c.today), "r1", c.item); got.Status != c.before {
				t.Fatalf("before: %+v, want %s", got, c.before)
			}
			id := c.flip(w)
			got := finding(t, buildChecklist7(w, c.today), "r1", c.item)
			if c.unrecorded {
				if got.Status != reports.NotApplicable || !strings.Contains(it.Rule, "records no") {
					t.Fatalf("after %s: %+v, want not applicable, with a rule saying what the ledger does not record", id, got)
				}
				return
			}
			if got.Status != reports.Met || !slices.Contains(got.Evidence, id) {
				t.Fatalf("after %s: %+v, want met with that evidence", id, got)
			}
		})
	}
	for _, it := range reports.Checklist7Items {
		if !covered[it.Number] {
			t.Errorf("item %d (%s) has no flip test", it.Number, it.Key)
		}
	}
}

func TestChecklist7StagesAreNotApplicableUntilDueAndSummarisedPerProgramme(t *testing.T) {
	w := newWorld(t)
	matchedOn()(w)
	rep := buildChecklist7(w, "2025-01-20") // ten days after the match
	for _, item := range []int{1, 4, 11, 19, 32, 34} {
		if got := finding(t, rep, "r1", item); got.Status != reports.NotApplicable || !strings.Contains(got.Detail, "not yet due") && item != 34 {
			t.Errorf("item %d ten days in: %+v, want not applicable", item, got)
		}
	}
	// A relationship that ended early: stage 3 items never fell due.
	w.rec("2025-02-15", ended("r1", "2025-02-15", events.EndWorkload, false))
	rep = buildChecklist7(w, "2025-12-01")
	if got := finding(t, rep, "r1", 21); got.Status != reports.NotApplicable || !strings.Contains(got.Detail, "ended on 2025-02-15") {
		t.Fatalf("progress review in a relationship that ended after five weeks: %+v", got)
	}
	if got := finding(t, rep, "r1", 34); got.Status != reports.NotMet {
		t.Fatalf("no closure months after the ending: %+v, want not met", got)
	}
	p := rep.Programmes[0]
	if len(p.Items) != len(reports.Checklist7Items) || p.Items[33].NotMet != 1 || p.Items[33].Status != reports.NotMet {
		t.Fatalf("programme summary of item 34: %+v", p.Items[33])
	}
}
