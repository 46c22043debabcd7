package reports_test

import (
	"slices"
	"testing"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/reports"
)

var buildChecklist5 = programmeChecklist(reports.BuildChecklist5)

// registeredPair registers the programme and matches r1 on the day, then
// records the facts given.
func registeredPair(on string, facts ...struct {
	day string
	p   events.Payload
}) func(w *world) {
	return func(w *world) {
		registeredOnly(w)
		pair(w, on)
		for _, f := range facts {
			w.rec(f.day, f.p)
		}
	}
}

func session(id, kind, on string) events.FeedbackSessionHeld {
	return events.FeedbackSessionHeld{ProgrammeID: prog, SessionID: id, Kind: kind, HeldOn: d(on), Participants: 7}
}

func review(on, kind string, changes ...string) events.ProgrammeReviewed {
	return events.ProgrammeReviewed{ProgrammeID: prog, ReviewedOn: d(on), Kind: kind, ChangesAgreed: changes}
}

func launched(w *world) {
	registeredWith(at("2024-11-05", purposeOf("2024-11-05")), at("2024-11-10", planOf("2024-11-10")),
		at("2024-12-16", events.ProgrammeLaunched{ProgrammeID: prog, LaunchedOn: d("2024-12-16")}))(w)
}

func TestChecklist5EveryItemFlipsWhenItsEvidenceIsRecorded(t *testing.T) {
	relReview := func(on string) events.RelationshipReviewed {
		return events.RelationshipReviewed{RelationshipID: "r1", ReviewedOn: d(on), Kind: events.RelationshipReviewProgress}
	}
	runFlips(t, buildChecklist5, reports.Checklist5.Items(), []flip{
		{item: 1, given: registeredPair("2025-02-01", at("2025-03-01", session("fs-1", events.FeedbackSession, "2025-03-01"))), before: reports.Partly,
			flip: recording("2025-04-01", relReview("2025-04-01"))},
		{item: 2, given: registeredWith(at("2025-03-01", survey("s1", "2025-03-01", events.AudienceMentor))), before: reports.NotMet,
			flip: recording("2025-03-10", answered("s1", "2025-03-10", "yes"))},
		{item: 3, given: registeredPair("2025-02-01", at("2025-02-10", logged("r1", "m1", "2025-02-10"))), before: reports.NotApplicable,
			flip: recording("2025-03-10", logged("r1", "m2", "2025-03-10")), unrecorded: true},
		{item: 4, given: registeredPair("2025-02-01", at("2025-02-10", logged("r1", "m1", "2025-02-10"))), before: reports.Partly,
			flip: recording("2025-02-11", events.ActionPlanAgreed{RelationshipID: "r1", AgreedOn: d("2025-02-11"), LongTermGoal: "lead a team",
				ShortTermGoals: []string{"chair a meeting"}, Milestones: []events.Milestone{{Description: "chaired", DueOn: d("2025-05-01")}},
				SuccessCriteria: []string{"feedback"}, ReviewDates: []events.Date{d("2025-05-01")}})},
		{item: 5, given: registeredWith(at("2025-03-31", review("2025-03-31", events.ReviewSteeringGroup))), before: reports.Partly,
			flip: recording("2025-04-10", session("fs-1", events.FeedbackSession, "2025-04-10"))},
		{item: 6, given: registeredPair("2025-02-01", at("2025-03-01", events.IssueRaised{RelationshipID: "r1", IssueID: "i1", RaisedOn: d("2025-03-01"),
			Category: events.IssueMeetings, RaisedByRole: events.RoleMentee})), before: reports.NotMet,
			flip: recording("2025-03-10", events.IssueResolved{RelationshipID: "r1", IssueID: "i1", ResolvedOn: d("2025-03-10")})},
		{item: 7, given: registeredPair("2025-02-01"), before: reports.NotApplicable,
			flip: recording("2025-04-01", ended("r1", "2025-04-01", events.EndWorkload, false))},
		{item: 8, given: registeredPair("2025-02-01"), before: reports.NotMet,
			flip: recording("2025-03-01", events.SupervisionRecorded{ParticipantID: "mentor-1", HeldOn: d("2025-03-01"), Minutes: 60})},
		{item: 9, today: "2025-10-31", given: registeredPair("2025-02-01", at("2025-02-10", goal("r1", "g1", events.GoalShortTerm, "2025-02-10", "ms1", "ms2")),
			at("2025-09-02", events.MilestoneMissed{RelationshipID: "r1", MilestoneID: "ms1", MissedOn: d("2025-09-02")})), before: reports.NotMet,
			flip: recording("2025-09-10", events.MilestoneAchieved{RelationshipID: "r1", MilestoneID: "ms2", AchievedOn: d("2025-09-10")})},
		{item: 10, given: launched, before: reports.NotMet, flip: recording("2025-05-01", review("2025-05-01", events.ReviewSteeringGroup))},
		{item: 11, given: registeredPair("2025-02-01"), before: reports.NotApplicable, flip: recording("2025-02-10", logged("r1", "m1", "2025-02-10"))},
		{item: 12, given: registeredWith(at("2025-03-01", survey("s1", "2025-03-01", events.AudienceMentor))), before: reports.NotApplicable,
			flip: recording("2025-03-10", answered("s1", "2025-03-10", "yes"))},
		{item: 13, given: registeredPair("2025-02-01"), before: reports.NotMet, flip: recording("2025-04-01", relReview("2025-04-01"))},
		{item: 14, given: registeredPair("2025-02-01", at("2025-03-01", events.IssueRaised{RelationshipID: "r1", IssueID: "i1", RaisedOn: d("2025-03-01"),
			Category: events.IssueBoundaries, RaisedByRole: events.RoleMentor})), before: reports.NotMet,
			flip: recording("2025-03-20", events.IssueResolved{RelationshipID: "r1", IssueID: "i1", ResolvedOn: d("2025-03-20")})},
		{item: 15, given: registeredWith(at("2024-12-01", person("mentor-1", events.RoleMentor)),
			at("2025-01-10", events.TrainingNeedIdentified{ParticipantID: "mentor-1", NeedID: "n1", IdentifiedOn: d("2025-01-10"), Area: events.NeedSkills})),
			before: reports.NotMet, flip: recording("2025-02-10", events.TrainingNeedMet{ParticipantID: "mentor-1", NeedID: "n1", MetOn: d("2025-02-10")})},
		{item: 16, given: registeredWith(at("2025-03-01", session("fs-1", events.FeedbackSession, "2025-03-01")),
			at("2025-03-01", survey("s1", "2025-03-01", events.AudienceMentor))), before: reports.Partly,
			flip: recording("2025-03-10", answered("s1", "2025-03-10", "no"))},
		{item: 17, given: launched, before: reports.NotMet, flip: recording("2025-05-01", briefing("2025-05-01", events.AudienceSteeringGroup))},
		{item: 18, given: registeredWith(), before: reports.NotMet, flip: recording("2024-11-05", administration("2024-11-05"))},
		{item: 19, given: registeredWith(at("2025-03-01", session("fs-1", events.FeedbackSession, "2025-03-01")),
			at("2025-03-02", events.OutcomeRecorded{ProgrammeID: prog, OutcomeID: "o1", Kind: events.OutcomeSkill, AchievedOn: d("2025-03-02"), Description: "chairing"}),
			at("2024-12-01", person("mentor-1", events.RoleMentor))), before: reports.Partly,
			flip: recording("2025-03-05", events.SupervisionRecorded{ParticipantID: "mentor-1", HeldOn: d("2025-03-05"), Minutes: 45})},
		{item: 20, given: registeredWith(at("2024-11-20", evaluationStrategy("2024-11-20", events.EvaluationQuestionnaires))), before: reports.Partly,
			flip: recording("2025-03-31", review("2025-03-31", events.ReviewSteeringGroup))},
		{item: 21, given: registeredWith(at("2025-03-31", review("2025-03-31", events.ReviewSteeringGroup))), before: reports.Partly,
			flip: recording("2025-06-01", review("2025-06-01", events.ReviewAnnual))},
		{item: 22, given: registeredWith(at("2025-03-31", review("2025-03-31", events.ReviewSteeringGroup, "shorter logs"))), before: reports.Partly,
			flip: recording("2025-04-14", events.DocumentRevised{ProgrammeID: prog, RevisedOn: d("2025-04-14"), DocumentKind: events.DocumentMeetingLogTemplate,
				DocumentRef: "LOG-1", Revision: 2, Summary: "shorter"})},
		{item: 23, given: registeredWith(at("2024-11-05", administration("2024-11-05"))), before: reports.Partly,
			flip: recording("2024-11-06", policyOf("2024-11-06", events.PolicyConfidentialityDataProtection))},
	})
}

func TestChecklist5LateLogsAndOldIssuesAreNotMet(t *testing.T) {
	w := newWorld(t)
	registeredPair("2025-02-01")(w)
	late := w.rec("2025-03-01", logged("r1", "m1", "2025-02-10")) // recorded 19 days after the meeting
	got, _ := checklistItem(t, buildChecklist5(w, "2025-06-30"), 11)
	if got.Status != reports.NotMet || got.Evidence[0] != late {
		t.Fatalf("a log recorded 19 days late: %+v, want not met", got)
	}
	w.rec("2025-06-20", events.IssueRaised{RelationshipID: "r1", IssueID: "i1", RaisedOn: d("2025-06-20"), Category: events.IssueMeetings, RaisedByRole: events.RoleMentor})
	if got, _ := checklistItem(t, buildChecklist5(w, "2025-06-30"), 14); got.Status != reports.Met {
		t.Fatalf("an issue open ten days: %+v, want met (still in time)", got)
	}
	if got, _ := checklistItem(t, buildChecklist5(w, "2025-08-30"), 14); got.Status != reports.NotMet {
		t.Fatalf("the same issue open seventy days: %+v, want not met", got)
	}
}

// Items 8 and 13 count mentors and relationships programme-wide and cite
// every one: the supported mentors' sessions then the others' first
// matches, mentor by mentor in the order of their ids; the unreviewed
// relationships' matches then the reviews, in the order of matching.
func TestChecklist5CountsAndCitesEveryMentorAndRelationship(t *testing.T) {
	w := newWorld(t)
	registeredOnly(w)
	matched := map[string]string{}
	for _, m := range []struct{ rel, mentor, mentee, on string }{
		{"r1", "mentor-b", "mentee-1", "2025-01-10"}, {"r2", "mentor-a", "mentee-2", "2025-01-20"}, {"r3", "mentor-c", "mentee-3", "2025-02-01"},
	} {
		w.rec("2024-12-01", person(m.mentor, events.RoleMentor))
		w.rec("2024-12-01", person(m.mentee, events.RoleMentee))
		matched[m.rel] = w.rec(m.on, events.Matched{RelationshipID: m.rel, ProgrammeID: prog, Model: events.ModelOneToOne,
			MentorIDs: []string{m.mentor}, MenteeIDs: []string{m.mentee}, Rationale: "shared practice", MatchedOn: d(m.on)})
	}
	s1 := w.rec("2025-03-01", events.SupervisionRecorded{ParticipantID: "mentor-c", HeldOn: d("2025-03-01"), Minutes: 60})
	s2 := w.rec("2025-03-05", events.SupervisionRecorded{ParticipantID: "mentor-c", HeldOn: d("2025-03-05"), Minutes: 45})
	rv := w.rec("2025-04-01", events.RelationshipReviewed{RelationshipID: "r2", ReviewedOn: d("2025-04-01"), Kind: events.RelationshipReviewProgress})
	rep := buildChecklist5(w, "2025-06-30")
	for _, c := range []struct {
		item     int
		detail   string
		evidence []string
	}{
		{8, "1 of 3 matched mentors had a support session", []string{s1, s2, matched["r2"], matched["r1"]}},
		{13, "1 of 3 relationships matched 90 days or more ago have been reviewed", []string{matched["r1"], matched["r3"], rv}},
	} {
		got, _ := checklistItem(t, rep, c.item)
		if got.Status != reports.Partly || got.Detail != c.detail || !slices.Equal(got.Evidence, c.evidence) {
			t.Fatalf("item %d: %s %q %v, want partly %q %v", c.item, got.Status, got.Detail, got.Evidence, c.detail, c.evidence)
		}
	}
}
