package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/events"
)

func TestRelationshipLifecycleFromGoalsToClosureAndRematch(t *testing.T) {
	ctx := context.Background()
	s, c := newService(t)
	setUp(t, s)
	ok(t)(s.Match(ctx, "coord", match("rel-1")))
	c.Set("2025-01-07T09:00:00Z")
	ok(t)(s.EnterPhase(ctx, "m1", domain.EnterPhase{RelationshipID: "rel-1", Phase: events.PhaseBuildingRapport, EnteredOn: d("2025-01-07")}))
	ok(t)(s.ScheduleMeeting(ctx, "m1", domain.ScheduleMeeting{RelationshipID: "rel-1", MeetingID: "mtg-1",
		ScheduledFor: time.Date(2025, 1, 14, 10, 0, 0, 0, time.UTC)}))
	c.Set("2025-01-12T09:00:00Z")
	ok(t)(s.CancelMeeting(ctx, "m1", domain.CancelMeeting{RelationshipID: "rel-1", MeetingID: "mtg-1",
		NoticeGiven: time.Date(2025, 1, 12, 9, 0, 0, 0, time.UTC), CancelledBy: "m1"}))
	c.Set("2025-02-01T12:00:00Z")
	ok(t)(s.EnterPhase(ctx, "e1", domain.EnterPhase{RelationshipID: "rel-1", Phase: events.PhaseSettingDirection, EnteredOn: d("2025-02-01")}))
	ok(t)(s.SetGoal(ctx, "e1", domain.SetGoal{RelationshipID: "rel-1", GoalID: "goal-1", Kind: events.GoalLongTerm, Description: "lead a team",
		SetOn: d("2025-02-01"), DueOn: d("2025-06-30"), Milestones: []events.GoalMilestone{{MilestoneID: "ms-1", Description: "chair a meeting", DueOn: d("2025-03-31")}}}))
	ok(t)(s.ScaleProgress(ctx, "e1", domain.ScaleProgress{RelationshipID: "rel-1", GoalID: "goal-1", ScaledOn: d("2025-02-01"), Scale: 3}))
	ok(t)(s.RateCommitment(ctx, "e1", domain.RateCommitment{RelationshipID: "rel-1", GoalID: "goal-1", RatedOn: d("2025-02-01"), Rating: 8}))
	ok(t)(s.RaiseIssue(ctx, "e1", domain.RaiseIssue{RelationshipID: "rel-1", IssueID: "iss-1", RaisedOn: d("2025-02-01"),
		Category: events.IssueMeetings, RaisedByRole: events.RoleMentee}))
	c.Set("2025-04-02T12:00:00Z")
	ok(t)(s.ResolveIssue(ctx, "coord", domain.ResolveIssue{RelationshipID: "rel-1", IssueID: "iss-1", ResolvedOn: d("2025-02-10")}))
	ok(t)(s.MissMilestone(ctx, "e1", domain.MissMilestone{RelationshipID: "rel-1", MilestoneID: "ms-1", MissedOn: d("2025-04-01")}))
	ok(t)(s.AchieveMilestone(ctx, "e1", domain.AchieveMilestone{RelationshipID: "rel-1", MilestoneID: "ms-1", AchievedOn: d("2025-04-02")}))
	ok(t)(s.ReviseGoal(ctx, "e1", domain.ReviseGoal{RelationshipID: "rel-1", GoalID: "goal-1", RevisedOn: d("2025-04-02"), Description: "lead a project team", DueOn: d("2025-06-15")}))
	ok(t)(s.ReviewRelationship(ctx, "m1", domain.ReviewRelationship{RelationshipID: "rel-1", ReviewedOn: d("2025-04-02"), Kind: events.RelationshipReviewGoals}))
	c.Set("2025-06-20T12:00:00Z")
	ok(t)(s.AchieveGoal(ctx, "e1", domain.AchieveGoal{RelationshipID: "rel-1", GoalID: "goal-1", AchievedOn: d("2025-06-10")}))
	ok(t)(s.EnterPhase(ctx, "m1", domain.EnterPhase{RelationshipID: "rel-1", Phase: events.PhaseWindingUp, EnteredOn: d("2025-06-10")}))
	ok(t)(s.PrepareEnding(ctx, "m1", domain.PrepareEnding{RelationshipID: "rel-1", PreparedOn: d("2025-06-10"), EndsOn: d("2025-07-06"), NextStepsIdentified: true}))

	_, err := s.CompleteClosure(ctx, "coord", domain.CompleteClosure{RelationshipID: "rel-1", CompletedOn: d("2025-06-20")})
	wantCode(t, err, events.ECONFLICT, "relationship rel-1 has not ended: closure follows the ending")

	c.Set("2025-07-10T12:00:00Z")
	ok(t)(s.EndRelationship(ctx, "coord", domain.EndRelationship{RelationshipID: "rel-1", EndedOn: d("2025-07-06"), Reason: events.EndCompleted, Planned: true}))
	_, err = s.EnterPhase(ctx, "m1", domain.EnterPhase{RelationshipID: "rel-1", Phase: events.PhaseMovingOn, EnteredOn: d("2025-07-07")})
	wantCode(t, err, events.ECONFLICT, "relationship rel-1 ended on 2025-07-06")
	ok(t)(s.CompleteClosure(ctx, "coord", domain.CompleteClosure{RelationshipID: "rel-1", CompletedOn: d("2025-07-08")}))

	// A rematch for the mentee, linked from the ended relationship.
	rm := match("rel-2")
	rm.MentorIDs, rm.MatchedOn, rm.RematchOf = []string{"m2"}, d("2025-07-09"), "rel-1"
	_, err = s.ArrangeRematch(ctx, "coord", domain.ArrangeRematch{RelationshipID: "rel-1", NewRelationshipID: "rel-2", ArrangedOn: d("2025-07-09")})
	wantCode(t, err, events.ENOTFOUND, "relationship rel-2: not found")
	ok(t)(s.Match(ctx, "coord", rm))
	res, err := s.ArrangeRematch(ctx, "coord", domain.ArrangeRematch{RelationshipID: "rel-1", NewRelationshipID: "rel-2", ArrangedOn: d("2025-07-09")})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := res.Stream, domain.RelationshipStream("rel-1"); got != want {
		t.Fatalf("rematch appended to %s, want %s", got, want)
	}
	envs, err := s.Store.ReadStream(ctx, domain.RelationshipStream("rel-1"), 0)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := envs[len(envs)-1].Type, "relationship.rematch_arranged"; got != want {
		t.Fatalf("last event %s, want %s", got, want)
	}
	if got, want := len(envs), 20; got != want {
		t.Fatalf("rel-1 has %d events, want %d", got, want)
	}
}

func TestLifecycleFactsAreNotDatedInTheFuture(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t)
	setUp(t, s)
	ok(t)(s.Match(ctx, "coord", match("rel-1")))
	_, err := s.RaiseIssue(ctx, "e1", domain.RaiseIssue{RelationshipID: "rel-1", IssueID: "iss-1", RaisedOn: d("2025-01-07"),
		Category: events.IssueOther, RaisedByRole: events.RoleMentee})
	wantCode(t, err, events.EINVALID, "relationship.issue_raised.raised_on: must not be in the future (today is 2025-01-06), got 2025-01-07")
	_, err = s.CancelMeeting(ctx, "m1", domain.CancelMeeting{RelationshipID: "rel-1", MeetingID: "mtg-1",
		NoticeGiven: time.Date(2025, 1, 7, 9, 0, 0, 0, time.UTC), CancelledBy: "m1"})
	wantCode(t, err, events.ENOTFOUND, "meeting mtg-1: not scheduled in relationship rel-1")
}
