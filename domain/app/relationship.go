package app

import (
	"context"

	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/events"
)

// Match records a new relationship, reading the programme, every named
// participant and, for a rematch, the relationship that ended.
func (s *Service) Match(ctx context.Context, actor string, c domain.Match) (events.AppendResult, error) {
	return handle(ctx, s, actor, domain.RelationshipStream(c.RelationshipID), domain.LoadRelationship, func(r *domain.Relationship) error {
		in := domain.Matching{Participants: map[string]*domain.Participant{}}
		var err error
		if in.Programme, err = s.programme(ctx, c.ProgrammeID); err != nil {
			return err
		}
		for _, id := range append(append([]string{}, c.MentorIDs...), c.MenteeIDs...) {
			if _, done := in.Participants[id]; done || id == "" {
				continue
			}
			if in.Participants[id], err = s.participant(ctx, id); err != nil {
				return err
			}
		}
		if c.RematchOf != "" && c.RematchOf != c.RelationshipID {
			h, _, err := s.read(ctx, domain.RelationshipStream(c.RematchOf))
			if err != nil {
				return err
			}
			in.Previous = domain.LoadRelationship(h)
		}
		if err := r.Match(c, in); err != nil {
			return err
		}
		return s.notFuture(events.Matched(c), "matched_on", c.MatchedOn)
	})
}

// SignAgreement records the mentoring agreement; rules it leaves at zero
// come from the programme's plan.
func (s *Service) SignAgreement(ctx context.Context, actor string, c domain.SignAgreement) (events.AppendResult, error) {
	return s.relationship(ctx, actor, c.RelationshipID, func(r *domain.Relationship) error {
		var prog *domain.Programme
		if r.Matched() {
			var err error
			if prog, err = s.programme(ctx, r.ProgrammeID()); err != nil {
				return err
			}
		}
		if err := r.SignAgreement(c, prog); err != nil {
			return err
		}
		return s.notFuture(events.AgreementSigned(c), "signed_on", c.SignedOn)
	})
}

// ScheduleMeeting records a meeting arranged in advance.
func (s *Service) ScheduleMeeting(ctx context.Context, actor string, c domain.ScheduleMeeting) (events.AppendResult, error) {
	return s.relationship(ctx, actor, c.RelationshipID, func(r *domain.Relationship) error {
		return r.ScheduleMeeting(c)
	})
}

// PostponeMeeting records that a scheduled meeting was postponed.
func (s *Service) PostponeMeeting(ctx context.Context, actor string, c domain.PostponeMeeting) (events.AppendResult, error) {
	return s.relationship(ctx, actor, c.RelationshipID, func(r *domain.Relationship) error {
		if err := r.PostponeMeeting(c); err != nil {
			return err
		}
		if now := s.now(); c.NoticeGiven.After(now) {
			return events.Errorf(events.EINVALID, "%s.notice_given: must not be in the future (now is %s), got %s",
				events.MeetingPostponed{}.EventType(), events.FormatTime(now), events.FormatTime(c.NoticeGiven))
		}
		return nil
	})
}

// LogMeeting records a meeting log.
func (s *Service) LogMeeting(ctx context.Context, actor string, c domain.LogMeeting) (events.AppendResult, error) {
	return s.relationship(ctx, actor, c.RelationshipID, func(r *domain.Relationship) error {
		if err := r.LogMeeting(c); err != nil {
			return err
		}
		return s.notFuture(events.MeetingLogged(c), "held_on", c.HeldOn)
	})
}

// MakeContact records contact between meetings.
func (s *Service) MakeContact(ctx context.Context, actor string, c domain.MakeContact) (events.AppendResult, error) {
	return s.relationship(ctx, actor, c.RelationshipID, func(r *domain.Relationship) error {
		if err := r.MakeContact(c); err != nil {
			return err
		}
		return s.notFuture(events.ContactMade(c), "contact_on", c.ContactOn)
	})
}

// AgreeActionPlan records an action plan.
func (s *Service) AgreeActionPlan(ctx context.Context, actor string, c domain.AgreeActionPlan) (events.AppendResult, error) {
	return s.relationship(ctx, actor, c.RelationshipID, func(r *domain.Relationship) error {
		if err := r.AgreeActionPlan(c); err != nil {
			return err
		}
		return s.notFuture(events.ActionPlanAgreed(c), "agreed_on", c.AgreedOn)
	})
}

// ReviewActionPlan records a review of the action plan.
func (s *Service) ReviewActionPlan(ctx context.Context, actor string, c domain.ReviewActionPlan) (events.AppendResult, error) {
	return s.relationship(ctx, actor, c.RelationshipID, func(r *domain.Relationship) error {
		if err := r.ReviewActionPlan(c); err != nil {
			return err
		}
		return s.notFuture(events.ActionPlanReviewed(c), "reviewed_on", c.ReviewedOn)
	})
}

// EndRelationship records the end of a relationship. Either party or the
// co-ordinator may end it: the actor is whoever recorded it, and nothing
// records blame.
func (s *Service) EndRelationship(ctx context.Context, actor string, c domain.EndRelationship) (events.AppendResult, error) {
	return s.relationship(ctx, actor, c.RelationshipID, func(r *domain.Relationship) error {
		if err := r.End(c); err != nil {
			return err
		}
		return s.notFuture(events.RelationshipEnded(c), "ended_on", c.EndedOn)
	})
}

// relationship runs a command on an existing relationship's stream.
func (s *Service) relationship(ctx context.Context, actor, id string, decide func(*domain.Relationship) error) (events.AppendResult, error) {
	return handle(ctx, s, actor, domain.RelationshipStream(id), domain.LoadRelationship, decide)
}
