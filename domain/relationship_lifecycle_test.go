package domain_test

import (
	"testing"
	"time"

	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/events"
)

// Valid lifecycle commands inside rel-1. goal-1 (long term, due
// 2025-06-30) has milestone ms-1 due 2025-03-31; issue iss-1 is open.

func goalSet(day events.Date) events.GoalSet {
	return events.GoalSet{RelationshipID: "rel-1", GoalID: "goal-1", Kind: events.GoalLongTerm, Description: "lead the service redesign",
		SetOn: day, DueOn: d("2025-06-30"), Milestones: []events.GoalMilestone{{MilestoneID: "ms-1", Description: "stakeholder map shared", DueOn: d("2025-03-31")}}}
}

func issueRaised(day events.Date) events.IssueRaised {
	return events.IssueRaised{RelationshipID: "rel-1", IssueID: "iss-1", RaisedOn: day, Category: events.IssueMeetings, RaisedByRole: events.RoleMentee}
}

func cancelled(id string, notice time.Time) events.MeetingCancelled {
	return events.MeetingCancelled{RelationshipID: "rel-1", MeetingID: id, NoticeGiven: notice, CancelledBy: "m1"}
}

// lifecycle runs each lifecycle command inside rel-1 dated on day.
var lifecycle = []struct {
	name string
	run  func(r *domain.Relationship, day events.Date) error
}{
	{"cancel meeting", func(r *domain.Relationship, day events.Date) error {
		return r.CancelMeeting(domain.CancelMeeting(cancelled("mtg-1", day.Time().Add(9*time.Hour))))
	}},
	{"set goal", func(r *domain.Relationship, day events.Date) error {
		g := goalSet(day)
		g.GoalID, g.Milestones = "goal-2", nil
		return r.SetGoal(domain.SetGoal(g))
	}},
	{"achieve milestone", func(r *domain.Relationship, day events.Date) error {
		return r.AchieveMilestone(domain.AchieveMilestone{RelationshipID: "rel-1", MilestoneID: "ms-1", AchievedOn: day})
	}},
	{"miss milestone", func(r *domain.Relationship, day events.Date) error {
		return r.MissMilestone(domain.MissMilestone{RelationshipID: "rel-1", MilestoneID: "ms-1", MissedOn: day.AddDays(60)})
	}},
	{"achieve goal", func(r *domain.Relationship, day events.Date) error {
		return r.AchieveGoal(domain.AchieveGoal{RelationshipID: "rel-1", GoalID: "goal-1", AchievedOn: day})
	}},
	{"revise goal", func(r *domain.Relationship, day events.Date) error {
		return r.ReviseGoal(domain.ReviseGoal{RelationshipID: "rel-1", GoalID: "goal-1", RevisedOn: day, Description: "lead phase one", DueOn: d("2025-08-29")})
	}},
	{"scale progress", func(r *domain.Relationship, day events.Date) error {
		return r.ScaleProgress(domain.ScaleProgress{RelationshipID: "rel-1", GoalID: "goal-1", ScaledOn: day, Scale: 4})
	}},
	{"rate commitment", func(r *domain.Relationship, day events.Date) error {
		return r.RateCommitment(domain.RateCommitment{RelationshipID: "rel-1", RatedOn: day, Rating: 8})
	}},
	{"review", func(r *domain.Relationship, day events.Date) error {
		return r.Review(domain.ReviewRelationship{RelationshipID: "rel-1", ReviewedOn: day, Kind: events.RelationshipReviewProgress})
	}},
	{"enter phase", func(r *domain.Relationship, day events.Date) error {
		return r.EnterPhase(domain.EnterPhase{RelationshipID: "rel-1", Phase: events.PhaseBuildingRapport, EnteredOn: day})
	}},
	{"prepare ending", func(r *domain.Relationship, day events.Date) error {
		return r.PrepareEnding(domain.PrepareEnding{RelationshipID: "rel-1", PreparedOn: day, EndsOn: d("2025-07-10"), NextStepsIdentified: true})
	}},
	{"raise issue", func(r *domain.Relationship, day events.Date) error {
		i := issueRaised(day)
		i.IssueID = "iss-2"
		return r.RaiseIssue(domain.RaiseIssue(i))
	}},
	{"resolve issue", func(r *domain.Relationship, day events.Date) error {
		return r.ResolveIssue(domain.ResolveIssue{RelationshipID: "rel-1", IssueID: "iss-1", ResolvedOn: day})
	}},
}

func TestLifecycleCommandsNeedAMatchedRelationship(t *testing.T) {
	for _, c := range lifecycle {
		t.Run(c.name, func(t *testing.T) {
			r := given()
			err := c.run(r, d("2025-02-01"))
			thenError(t, err, r.Changes(), events.ENOTFOUND, "relationship rel-1: not found")
		})
	}
}

func TestNothingOfTheLifecycleIsRecordedInAnEndedRelationship(t *testing.T) {
	for _, c := range lifecycle {
		t.Run(c.name, func(t *testing.T) {
			r := given(matched(), scheduled("mtg-1", at("2025-02-01T10:00:00Z")), goalSet(d("2025-01-10")), issueRaised(d("2025-01-10")), ended())
			err := c.run(r, d("2025-02-01"))
			thenError(t, err, r.Changes(), events.ECONFLICT, "relationship rel-1 ended on 2025-03-01")
		})
	}
}

func TestNothingOfTheLifecycleIsDatedBeforeTheMatch(t *testing.T) {
	for _, c := range lifecycle {
		if c.name == "miss milestone" { // dated after the milestone's due date
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			r := given(matched(), scheduled("mtg-1", at("2025-02-01T10:00:00Z")), goalSet(d("2025-01-10")), issueRaised(d("2025-01-10")))
			err := c.run(r, d("2025-01-09"))
			thenError(t, err, r.Changes(), events.EINVALID, "must be on or after matched_on 2025-01-10, got 2025-01-09")
		})
	}
}

func TestEveryLifecycleCommandIsRecordedInAnActiveRelationship(t *testing.T) {
	for _, c := range lifecycle {
		t.Run(c.name, func(t *testing.T) {
			r := given(matched(), scheduled("mtg-1", at("2025-02-01T10:00:00Z")), goalSet(d("2025-01-10")), issueRaised(d("2025-01-10")))
			if err := c.run(r, d("2025-02-01")); err != nil {
				t.Fatal(err)
			}
			if got, want := len(r.Changes()), 1; got != want {
				t.Fatalf("recorded %d events, want %d", got, want)
			}
		})
	}
}

func TestMeetingIsNotCancelledAfterItWasLogged(t *testing.T) {
	c := cancelled("mtg-1", at("2025-01-31T09:00:00Z"))
	r := given(matched(), scheduled("mtg-1", at("2025-02-01T10:00:00Z")))
	err := r.CancelMeeting(domain.CancelMeeting(c))
	then(t, err, r.Changes(), c)

	for _, tc := range []struct {
		name      string
		history   []events.Payload
		edit      func(*events.MeetingCancelled)
		code, msg string
	}{
		{"logged", []events.Payload{logged("mtg-1", d("2025-01-30"))}, nil, events.ECONFLICT,
			"relationship.meeting_cancelled: meeting mtg-1 was held on 2025-01-30 and logged: a logged meeting is not cancelled"},
		{"cancelled twice", []events.Payload{c}, nil, events.ECONFLICT, "relationship.meeting_cancelled: meeting mtg-1 was already cancelled on 2025-01-31"},
		{"not scheduled", nil, func(c *events.MeetingCancelled) { c.MeetingID = "mtg-7" }, events.ENOTFOUND, "meeting mtg-7: not scheduled in relationship rel-1"},
		{"not a party", nil, func(c *events.MeetingCancelled) { c.CancelledBy = "m2" }, events.EINVALID, `relationship.meeting_cancelled.cancelled_by: must be a party to relationship rel-1, got "m2"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := c
			if tc.edit != nil {
				tc.edit(&c)
			}
			r := given(append([]events.Payload{matched(), scheduled("mtg-1", at("2025-02-01T10:00:00Z"))}, tc.history...)...)
			err := r.CancelMeeting(domain.CancelMeeting(c))
			thenError(t, err, r.Changes(), tc.code, tc.msg)
		})
	}
}

func TestGoalHasAKindATimescaleAndMilestonesWithinIt(t *testing.T) {
	r := given(matched())
	err := r.SetGoal(domain.SetGoal(goalSet(d("2025-01-20"))))
	then(t, err, r.Changes(), goalSet(d("2025-01-20")))

	for _, tc := range []struct {
		name      string
		edit      func(*events.GoalSet)
		code, msg string
	}{
		{"unknown kind", func(g *events.GoalSet) { g.Kind = "medium_term" }, events.EINVALID, `relationship.goal_set.kind: must be one of long_term, short_term, got "medium_term"`},
		{"no description", func(g *events.GoalSet) { g.Description = " " }, events.EINVALID, "relationship.goal_set.description: required"},
		{"no timescale", func(g *events.GoalSet) { g.DueOn = events.Date{} }, events.EINVALID, "relationship.goal_set.due_on: required"},
		{"due on the day it is set", func(g *events.GoalSet) { g.DueOn = g.SetOn }, events.EINVALID, "relationship.goal_set.due_on: must be after set_on 2025-01-20, got 2025-01-20"},
		{"milestone after the goal", func(g *events.GoalSet) { g.Milestones[0].DueOn = d("2025-07-01") }, events.EINVALID,
			`relationship.goal_set.milestones: milestone ms-1 is due after set_on 2025-01-20 and by the goal's due_on 2025-06-30, got "2025-07-01"`},
		{"milestone twice", func(g *events.GoalSet) { g.Milestones = append(g.Milestones, g.Milestones[0]) }, events.EINVALID, "relationship.goal_set.milestones: milestone ms-1 is named twice"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := goalSet(d("2025-01-20"))
			tc.edit(&g)
			r := given(matched())
			err := r.SetGoal(domain.SetGoal(g))
			thenError(t, err, r.Changes(), tc.code, tc.msg)
		})
	}

	r = given(matched(), goalSet(d("2025-01-20")))
	again := goalSet(d("2025-01-21"))
	err = r.SetGoal(domain.SetGoal(again))
	thenError(t, err, r.Changes(), events.ECONFLICT, "relationship.goal_set: goal goal-1 was already set on 2025-01-20")

	again.GoalID = "goal-2"
	err = r.SetGoal(domain.SetGoal(again))
	thenError(t, err, r.Changes(), events.ECONFLICT, "relationship.goal_set: milestone ms-1 is already a milestone of goal goal-1")
}

func TestGoalsAndMilestonesReferencedMustExist(t *testing.T) {
	for _, tc := range []struct {
		name string
		run  func(r *domain.Relationship) error
		msg  string
	}{
		{"achieve goal", func(r *domain.Relationship) error {
			return r.AchieveGoal(domain.AchieveGoal{RelationshipID: "rel-1", GoalID: "goal-9", AchievedOn: d("2025-02-01")})
		}, "goal goal-9: not set in relationship rel-1"},
		{"revise goal", func(r *domain.Relationship) error {
			return r.ReviseGoal(domain.ReviseGoal{RelationshipID: "rel-1", GoalID: "goal-9", RevisedOn: d("2025-02-01"), Description: "x", DueOn: d("2025-05-01")})
		}, "goal goal-9: not set in relationship rel-1"},
		{"scale progress", func(r *domain.Relationship) error {
			return r.ScaleProgress(domain.ScaleProgress{RelationshipID: "rel-1", GoalID: "goal-9", ScaledOn: d("2025-02-01"), Scale: 3})
		}, "goal goal-9: not set in relationship rel-1"},
		{"rate commitment", func(r *domain.Relationship) error {
			return r.RateCommitment(domain.RateCommitment{RelationshipID: "rel-1", GoalID: "goal-9", RatedOn: d("2025-02-01"), Rating: 7})
		}, "goal goal-9: not set in relationship rel-1"},
		{"achieve milestone", func(r *domain.Relationship) error {
			return r.AchieveMilestone(domain.AchieveMilestone{RelationshipID: "rel-1", MilestoneID: "ms-9", AchievedOn: d("2025-02-01")})
		}, "milestone ms-9: not set in relationship rel-1"},
		{"miss milestone", func(r *domain.Relationship) error {
			return r.MissMilestone(domain.MissMilestone{RelationshipID: "rel-1", MilestoneID: "ms-9", MissedOn: d("2025-02-01")})
		}, "milestone ms-9: not set in relationship rel-1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := given(matched(), goalSet(d("2025-01-20")))
			err := tc.run(r)
			thenError(t, err, r.Changes(), events.ENOTFOUND, tc.msg)
		})
	}
}

func TestAchievedGoalIsNotAchievedOrRevisedAgain(t *testing.T) {
	done := events.GoalAchieved{RelationshipID: "rel-1", GoalID: "goal-1", AchievedOn: d("2025-05-01")}
	r := given(matched(), goalSet(d("2025-01-20")), done)
	err := r.AchieveGoal(domain.AchieveGoal(done))
	thenError(t, err, r.Changes(), events.ECONFLICT, "relationship.goal_achieved: goal goal-1 was already achieved on 2025-05-01")
	err = r.ReviseGoal(domain.ReviseGoal{RelationshipID: "rel-1", GoalID: "goal-1", RevisedOn: d("2025-05-02"), Description: "more", DueOn: d("2025-06-01")})
	thenError(t, err, r.Changes(), events.ECONFLICT, "relationship.goal_revised: goal goal-1 was achieved on 2025-05-01: an achieved goal is not revised")

	r = given(matched(), goalSet(d("2025-01-20")))
	rev := events.GoalRevised{RelationshipID: "rel-1", GoalID: "goal-1", RevisedOn: d("2025-04-01"), Description: "lead phase one", DueOn: d("2025-04-01")}
	err = r.ReviseGoal(domain.ReviseGoal(rev))
	thenError(t, err, r.Changes(), events.EINVALID, "relationship.goal_revised.due_on: must be after revised_on 2025-04-01, got 2025-04-01")
}

func TestMilestoneIsMissedOnlyOnOrAfterItsDueDateAndNotOnceAchieved(t *testing.T) {
	missed := events.MilestoneMissed{RelationshipID: "rel-1", MilestoneID: "ms-1", MissedOn: d("2025-04-01")}
	r := given(matched(), goalSet(d("2025-01-20")))
	err := r.MissMilestone(domain.MissMilestone(missed))
	then(t, err, r.Changes(), missed)

	early := missed
	early.MissedOn = d("2025-03-30")
	r = given(matched(), goalSet(d("2025-01-20")))
	err = r.MissMilestone(domain.MissMilestone(early))
	thenError(t, err, r.Changes(), events.EINVALID, "relationship.milestone_missed.missed_on: must be on or after the milestone's due_on 2025-03-31, got 2025-03-30")

	achieved := events.MilestoneAchieved{RelationshipID: "rel-1", MilestoneID: "ms-1", AchievedOn: d("2025-03-20")}
	r = given(matched(), goalSet(d("2025-01-20")), achieved)
	err = r.MissMilestone(domain.MissMilestone(missed))
	thenError(t, err, r.Changes(), events.ECONFLICT, "relationship.milestone_missed: milestone ms-1 was achieved on 2025-03-20")
	err = r.AchieveMilestone(domain.AchieveMilestone(achieved))
	thenError(t, err, r.Changes(), events.ECONFLICT, "relationship.milestone_achieved: milestone ms-1 was already achieved on 2025-03-20")

	// A milestone missed may still be achieved late: both facts stay.
	late := events.MilestoneAchieved{RelationshipID: "rel-1", MilestoneID: "ms-1", AchievedOn: d("2025-04-20")}
	r = given(matched(), goalSet(d("2025-01-20")), missed)
	err = r.AchieveMilestone(domain.AchieveMilestone(late))
	then(t, err, r.Changes(), late)
}

func TestOSKARScaleIsZeroToTen(t *testing.T) {
	for _, scale := range []int{0, 10} {
		c := events.ProgressScaled{RelationshipID: "rel-1", GoalID: "goal-1", ScaledOn: d("2025-02-01"), Scale: scale}
		r := given(matched(), goalSet(d("2025-01-20")))
		err := r.ScaleProgress(domain.ScaleProgress(c))
		then(t, err, r.Changes(), c)
	}
	for _, scale := range []int{-1, 11} {
		r := given(matched(), goalSet(d("2025-01-20")))
		err := r.ScaleProgress(domain.ScaleProgress{RelationshipID: "rel-1", GoalID: "goal-1", ScaledOn: d("2025-02-01"), Scale: scale})
		thenError(t, err, r.Changes(), events.EINVALID, "relationship.progress_scaled.scale: must be 0..10 (OSKAR), got")
	}
}

func TestGROWCommitmentRatingIsOneToTen(t *testing.T) {
	for _, rating := range []int{1, 10} {
		c := events.CommitmentRated{RelationshipID: "rel-1", GoalID: "goal-1", RatedOn: d("2025-02-01"), Rating: rating}
		r := given(matched(), goalSet(d("2025-01-20")))
		err := r.RateCommitment(domain.RateCommitment(c))
		then(t, err, r.Changes(), c)
	}
	for _, rating := range []int{0, 11} {
		r := given(matched())
		err := r.RateCommitment(domain.RateCommitment{RelationshipID: "rel-1", RatedOn: d("2025-02-01"), Rating: rating})
		thenError(t, err, r.Changes(), events.EINVALID, "relationship.commitment_rated.rating: must be 1..10 (GROW), got")
	}
}

func phase(p string, on events.Date) events.PhaseEntered {
	return events.PhaseEntered{RelationshipID: "rel-1", Phase: p, EnteredOn: on}
}

func TestPhasesMoveForwardOnly(t *testing.T) {
	// Skipping a phase is allowed: a premature ending winds up early.
	r := given(matched(), phase(events.PhaseBuildingRapport, d("2025-01-10")))
	err := r.EnterPhase(domain.EnterPhase(phase(events.PhaseWindingUp, d("2025-02-01"))))
	then(t, err, r.Changes(), phase(events.PhaseWindingUp, d("2025-02-01")))

	for _, p := range []string{events.PhaseBuildingRapport, events.PhaseProgression} {
		t.Run("back to "+p, func(t *testing.T) {
			r := given(matched(), phase(events.PhaseBuildingRapport, d("2025-01-10")), phase(events.PhaseProgression, d("2025-02-10")))
			err := r.EnterPhase(domain.EnterPhase(phase(p, d("2025-03-01"))))
			thenError(t, err, r.Changes(), events.ECONFLICT,
				"relationship.phase_entered: relationship rel-1 entered progression on 2025-02-10: phases move forward only (record a step back as relationship.reviewed of kind phase)")
		})
	}

	r = given(matched(), phase(events.PhaseSettingDirection, d("2025-02-10")))
	err = r.EnterPhase(domain.EnterPhase(phase(events.PhaseProgression, d("2025-02-09"))))
	thenError(t, err, r.Changes(), events.EINVALID, "relationship.phase_entered.entered_on: must be on or after setting_direction was entered on 2025-02-10, got 2025-02-09")

	r = given(matched())
	err = r.EnterPhase(domain.EnterPhase(phase("closure", d("2025-02-09"))))
	thenError(t, err, r.Changes(), events.EINVALID,
		`relationship.phase_entered.phase: must be one of building_rapport, setting_direction, progression, winding_up, moving_on, got "closure"`)

	// The step back is a review.
	rv := events.RelationshipReviewed{RelationshipID: "rel-1", ReviewedOn: d("2025-03-01"), Kind: events.RelationshipReviewPhase}
	r = given(matched(), phase(events.PhaseProgression, d("2025-02-10")))
	err = r.Review(domain.ReviewRelationship(rv))
	then(t, err, r.Changes(), rv)
	if got, want := r.Phase(), events.PhaseProgression; got != want {
		t.Fatalf("phase=%s, want %s", got, want)
	}
}

func TestReviewHasAKnownKind(t *testing.T) {
	r := given(matched())
	err := r.Review(domain.ReviewRelationship{RelationshipID: "rel-1", ReviewedOn: d("2025-02-01"), Kind: "appraisal"})
	thenError(t, err, r.Changes(), events.EINVALID, `relationship.reviewed.kind: must be one of progress, goals, relationship, phase, final, got "appraisal"`)
}

func TestEndingIsPreparedForADateOnOrAfterThePreparation(t *testing.T) {
	r := given(matched())
	err := r.PrepareEnding(domain.PrepareEnding{RelationshipID: "rel-1", PreparedOn: d("2025-02-01"), EndsOn: d("2025-01-31")})
	thenError(t, err, r.Changes(), events.EINVALID, "relationship.ending_prepared.ends_on: must be on or after prepared_on 2025-02-01, got 2025-01-31")
}

func TestIssueIsResolvedOnlyIfRaisedAndNotYetResolved(t *testing.T) {
	res := events.IssueResolved{RelationshipID: "rel-1", IssueID: "iss-1", ResolvedOn: d("2025-02-10")}
	r := given(matched(), issueRaised(d("2025-02-01")))
	err := r.ResolveIssue(domain.ResolveIssue(res))
	then(t, err, r.Changes(), res)

	r = given(matched())
	err = r.ResolveIssue(domain.ResolveIssue(res))
	thenError(t, err, r.Changes(), events.ENOTFOUND, "issue iss-1: not raised in relationship rel-1")

	r = given(matched(), issueRaised(d("2025-02-01")), res)
	err = r.ResolveIssue(domain.ResolveIssue(res))
	thenError(t, err, r.Changes(), events.ECONFLICT, "relationship.issue_resolved: issue iss-1 was already resolved on 2025-02-10")

	early := res
	early.ResolvedOn = d("2025-01-31")
	r = given(matched(), issueRaised(d("2025-02-01")))
	err = r.ResolveIssue(domain.ResolveIssue(early))
	thenError(t, err, r.Changes(), events.EINVALID, "relationship.issue_resolved.resolved_on: must be on or after the issue's raised_on 2025-02-01, got 2025-01-31")

	r = given(matched(), issueRaised(d("2025-02-01")))
	err = r.RaiseIssue(domain.RaiseIssue(issueRaised(d("2025-02-02"))))
	thenError(t, err, r.Changes(), events.ECONFLICT, "relationship.issue_raised: issue iss-1 was already raised on 2025-02-01")

	blame := issueRaised(d("2025-02-02"))
	blame.IssueID, blame.RaisedByRole = "iss-2", "m1"
	r = given(matched())
	err = r.RaiseIssue(domain.RaiseIssue(blame))
	thenError(t, err, r.Changes(), events.EINVALID, `relationship.issue_raised.raised_by_role: must be one of mentor, mentee, coordinator, got "m1"`)
}
