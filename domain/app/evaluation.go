package app

import (
	"context"

	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/events"
)

// AnonymousActor is the actor of every survey response: the ledger stamps
// an actor on each event, and a response must not name its respondent.
const AnonymousActor = "anonymous"

// DefineInstrument records a programme's own survey instrument.
func (s *Service) DefineInstrument(ctx context.Context, actor string, c domain.DefineInstrument) (events.AppendResult, error) {
	return handle(ctx, s, actor, domain.InstrumentStream(c.InstrumentID), domain.LoadInstrument, func(in *domain.Instrument) error {
		prog, err := s.programme(ctx, c.ProgrammeID)
		if err != nil {
			return err
		}
		if err := in.DefineInstrument(c, prog); err != nil {
			return err
		}
		return s.notFuture(events.InstrumentDefined(c), "defined_on", c.DefinedOn)
	})
}

// IssueSurvey records a survey issued on an instrument: resource 6 or one
// the programme defined.
func (s *Service) IssueSurvey(ctx context.Context, actor string, c domain.IssueSurvey) (events.AppendResult, error) {
	return handle(ctx, s, actor, domain.SurveyStream(c.SurveyID), domain.LoadSurvey, func(sv *domain.Survey) error {
		prog, err := s.programme(ctx, c.ProgrammeID)
		if err != nil {
			return err
		}
		in, err := s.instrument(ctx, c.InstrumentID)
		if err != nil {
			return err
		}
		if err := sv.IssueSurvey(c, prog, in); err != nil {
			return err
		}
		return s.notFuture(events.SurveyIssued(c), "issued_on", c.IssuedOn)
	})
}

// AnswerSurvey records one anonymous response to a survey. It takes no
// actor: the response is recorded by AnonymousActor, so neither the event
// nor its envelope names the respondent.
func (s *Service) AnswerSurvey(ctx context.Context, c domain.AnswerSurvey) (events.AppendResult, error) {
	return handle(ctx, s, AnonymousActor, domain.SurveyStream(c.SurveyID), domain.LoadSurvey, func(sv *domain.Survey) error {
		var in *domain.Instrument
		if sv.Issued() {
			var err error
			if in, err = s.instrument(ctx, sv.InstrumentID()); err != nil {
				return err
			}
		}
		if err := sv.AnswerSurvey(c, in); err != nil {
			return err
		}
		return s.notFuture(events.SurveyAnswered(c), "answered_on", c.AnsweredOn)
	})
}

// RecordOutcome records an outcome achieved in a programme, from one of
// its relationships when given.
func (s *Service) RecordOutcome(ctx context.Context, actor string, c domain.RecordOutcome) (events.AppendResult, error) {
	return handle(ctx, s, actor, domain.EvaluationStream(c.ProgrammeID), domain.LoadEvaluation, func(ev *domain.Evaluation) error {
		prog, err := s.programme(ctx, c.ProgrammeID)
		if err != nil {
			return err
		}
		var rel *domain.Relationship
		if c.RelationshipID != "" {
			h, _, err := s.read(ctx, domain.RelationshipStream(c.RelationshipID))
			if err != nil {
				return err
			}
			rel = domain.LoadRelationship(h)
		}
		if err := ev.RecordOutcome(c, prog, rel); err != nil {
			return err
		}
		return s.notFuture(events.OutcomeRecorded(c), "achieved_on", c.AchievedOn)
	})
}

// HoldFeedbackSession records a feedback session or focus group.
func (s *Service) HoldFeedbackSession(ctx context.Context, actor string, c domain.HoldFeedbackSession) (events.AppendResult, error) {
	return handle(ctx, s, actor, domain.EvaluationStream(c.ProgrammeID), domain.LoadEvaluation, func(ev *domain.Evaluation) error {
		prog, err := s.programme(ctx, c.ProgrammeID)
		if err != nil {
			return err
		}
		if err := ev.HoldFeedbackSession(c, prog); err != nil {
			return err
		}
		return s.notFuture(events.FeedbackSessionHeld(c), "held_on", c.HeldOn)
	})
}

// instrument returns the built-in resource 6 or folds a defined instrument.
func (s *Service) instrument(ctx context.Context, id string) (*domain.Instrument, error) {
	if id == events.InstrumentResource6 {
		return domain.Resource6(), nil
	}
	h, _, err := s.read(ctx, domain.InstrumentStream(id))
	if err != nil {
		return nil, err
	}
	return domain.LoadInstrument(h), nil
}
