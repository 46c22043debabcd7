package app

import (
	"context"

	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/events"
)

// CancelMeeting records that a scheduled meeting was cancelled.
func (s *Service) CancelMeeting(ctx context.Context, actor string, c domain.CancelMeeting) (events.AppendResult, error) {
	return s.relationship(ctx, actor, c.RelationshipID, func(r *domain.Relationship) error {
		if err := r.CancelMeeting(c); err != nil {
			return err
		}
		if now := s.now(); c.NoticeGiven.After(now) {
			return events.Errorf(events.EINVALID, "%s.notice_given: must not be in the future (now is %s), got %s",
				events.MeetingCancelled{}.EventType(), events.FormatTime(now), events.FormatTime(c.NoticeGiven))
		}
		return nil
	})
}

// SetGoal records a goal of the mentee.
func (s *Service) SetGoal(ctx context.Context, actor string, c domain.SetGoal) (events.AppendResult, error) {
	return s.relationship(ctx, actor, c.RelationshipID, func(r *domain.Relationship) error {
		if err := r.SetGoal(c); err != nil {
			return err
		}
		return s.notFuture(events.GoalSet(c), "set_on", c.SetOn)
	})
}

// AchieveMilestone records a milestone reached.
func (s *Service) AchieveMilestone(ctx context.Context, actor string, c domain.AchieveMilestone) (events.AppendResult, error) {
	return s.relationship(ctx, actor, c.RelationshipID, func(r *domain.Relationship) error {
		if err := r.AchieveMilestone(c); err != nil {
			return err
		}
		return s.notFuture(events.MilestoneAchieved(c), "achieved_on", c.AchievedOn)
	})
}

// MissMilestone records a milestone missed.
func (s *Service) MissMilestone(ctx context.Context, actor string, c domain.MissMilestone) (events.AppendResult, error) {
	return s.relationship(ctx, actor, c.RelationshipID, func(r *domain.Relationship) error {
		if err := r.MissMilestone(c); err != nil {
			return err
		}
		return s.notFuture(events.MilestoneMissed(c), "missed_on", c.MissedOn)
	})
}

// AchieveGoal records a goal achieved.
func (s *Service) AchieveGoal(ctx context.Context, actor string, c domain.AchieveGoal) (events.AppendResult, error) {
	return s.relationship(ctx, actor, c.RelationshipID, func(r *domain.Relationship) error {
		if err := r.AchieveGoal(c); err != nil {
			return err
		}
		return s.notFuture(events.GoalAchieved(c), "achieved_on", c.AchievedOn)
	})
}

// ReviseGoal records a goal restated or retimed.
func (s *Service) ReviseGoal(ctx context.Context, actor string, c domain.ReviseGoal) (events.AppendResult, error) {
	return s.relationship(ctx, actor, c.RelationshipID, func(r *domain.Relationship) error {
		if err := r.ReviseGoal(c); err != nil {
			return err
		}
		return s.notFuture(events.GoalRevised(c), "revised_on", c.RevisedOn)
	})
}

// ScaleProgress records an OSKAR scaling of a goal.
func (s *Service) ScaleProgress(ctx context.Context, actor string, c domain.ScaleProgress) (events.AppendResult, error) {
	return s.relationship(ctx, actor, c.RelationshipID, func(r *domain.Relationship) error {
		if err := r.ScaleProgress(c); err != nil {
			return err
		}
		return s.notFuture(events.ProgressScaled(c), "scaled_on", c.ScaledOn)
	})
}

// RateCommitment records a GROW commitment rating.
func (s *Service) RateCommitment(ctx context.Context, actor string, c domain.RateCommitment) (events.AppendResult, error) {
	return s.relationship(ctx, actor, c.RelationshipID, func(r *domain.Relationship) error {
		if err := r.RateCommitment(c); err != nil {
			return err
		}
		return s.notFuture(events.CommitmentRated(c), "rated_on", c.RatedOn)
	})
}

// ReviewRelationship records a review of the relationship.
func (s *Service) ReviewRelationship(ctx context.Context, actor string, c domain.ReviewRelationship) (events.AppendResult, error) {
	return s.relationship(ctx, actor, c.RelationshipID, func(r *domain.Relationship) error {
		if err := r.Review(c); err != nil {
			return err
		}
		return s.notFuture(events.RelationshipReviewed(c), "reviewed_on", c.ReviewedOn)
	})
}

// EnterPhase records the relationship entering a lifecycle phase.
func (s *Service) EnterPhase(ctx context.Context, actor string, c domain.EnterPhase) (events.AppendResult, error) {
	return s.relationship(ctx, actor, c.RelationshipID, func(r *domain.Relationship) error {
		if err := r.EnterPhase(c); err != nil {
			return err
		}
		return s.notFuture(events.PhaseEntered(c), "entered_on", c.EnteredOn)
	})
}

// PrepareEnding records the parties preparing for the end.
func (s *Service) PrepareEnding(ctx context.Context, actor string, c domain.PrepareEnding) (events.AppendResult, error) {
	return s.relationship(ctx, actor, c.RelationshipID, func(r *domain.Relationship) error {
		if err := r.PrepareEnding(c); err != nil {
			return err
		}
		return s.notFuture(events.EndingPrepared(c), "prepared_on", c.PreparedOn)
	})
}

// RaiseIssue records an issue raised in a relationship.
func (s *Service) RaiseIssue(ctx context.Context, actor string, c domain.RaiseIssue) (events.AppendResult, error) {
	return s.relationship(ctx, actor, c.RelationshipID, func(r *domain.Relationship) error {
		if err := r.RaiseIssue(c); err != nil {
			return err
		}
		return s.notFuture(events.IssueRaised(c), "raised_on", c.RaisedOn)
	})
}

// ResolveIssue records a raised issue resolved.
func (s *Service) ResolveIssue(ctx context.Context, actor string, c domain.ResolveIssue) (events.AppendResult, error) {
	return s.relationship(ctx, actor, c.RelationshipID, func(r *domain.Relationship) error {
		if err := r.ResolveIssue(c); err != nil {
			return err
		}
		return s.notFuture(events.IssueResolved(c), "resolved_on", c.ResolvedOn)
	})
}

// ArrangeRematch records, on the ended relationship, the link to the new
// relationship one of its parties was rematched into; it reads the new
// relationship. Only the ended relationship's stream is appended to: the
// new one names it in relationship.matched's rematch_of when matched so.
func (s *Service) ArrangeRematch(ctx context.Context, actor string, c domain.ArrangeRematch) (events.AppendResult, error) {
	return s.relationship(ctx, actor, c.RelationshipID, func(r *domain.Relationship) error {
		var next *domain.Relationship
		if c.NewRelationshipID != "" && c.NewRelationshipID != c.RelationshipID {
			h, _, err := s.read(ctx, domain.RelationshipStream(c.NewRelationshipID))
			if err != nil {
				return err
			}
			next = domain.LoadRelationship(h)
		}
		if err := r.ArrangeRematch(c, next); err != nil {
			return err
		}
		return s.notFuture(events.RematchArranged(c), "arranged_on", c.ArrangedOn)
	})
}

// CompleteClosure records the closure of an ended relationship.
func (s *Service) CompleteClosure(ctx context.Context, actor string, c domain.CompleteClosure) (events.AppendResult, error) {
	return s.relationship(ctx, actor, c.RelationshipID, func(r *domain.Relationship) error {
		if err := r.CompleteClosure(c); err != nil {
			return err
		}
		return s.notFuture(events.ClosureCompleted(c), "completed_on", c.CompletedOn)
	})
}
