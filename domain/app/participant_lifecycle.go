package app

import (
	"context"

	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/events"
)

// SelectParticipant records that a recruited participant was selected.
func (s *Service) SelectParticipant(ctx context.Context, actor string, c domain.SelectParticipant) (events.AppendResult, error) {
	return s.participantCommand(ctx, actor, c.ParticipantID, func(p *domain.Participant) error {
		if err := p.Select(c); err != nil {
			return err
		}
		return s.notFuture(events.Selected(c), "selected_on", c.SelectedOn)
	})
}

// DeclineParticipant records that a recruited participant was not selected.
func (s *Service) DeclineParticipant(ctx context.Context, actor string, c domain.DeclineParticipant) (events.AppendResult, error) {
	return s.participantCommand(ctx, actor, c.ParticipantID, func(p *domain.Participant) error {
		if err := p.Decline(c); err != nil {
			return err
		}
		return s.notFuture(events.NotSelected(c), "decided_on", c.DecidedOn)
	})
}

// CompleteMentorTraining records a mentor training session completed.
func (s *Service) CompleteMentorTraining(ctx context.Context, actor string, c domain.CompleteMentorTraining) (events.AppendResult, error) {
	return s.participantCommand(ctx, actor, c.ParticipantID, func(p *domain.Participant) error {
		if err := p.CompleteMentorTraining(c); err != nil {
			return err
		}
		return s.notFuture(events.MentorTrainingCompleted(c), "completed_on", c.CompletedOn)
	})
}

// CompleteMenteeInduction records a mentee's induction.
func (s *Service) CompleteMenteeInduction(ctx context.Context, actor string, c domain.CompleteMenteeInduction) (events.AppendResult, error) {
	return s.participantCommand(ctx, actor, c.ParticipantID, func(p *domain.Participant) error {
		if err := p.CompleteMenteeInduction(c); err != nil {
			return err
		}
		return s.notFuture(events.MenteeInductionCompleted(c), "completed_on", c.CompletedOn)
	})
}

// AssessMentorLevel records a mentor's EMCC level.
func (s *Service) AssessMentorLevel(ctx context.Context, actor string, c domain.AssessMentorLevel) (events.AppendResult, error) {
	return s.participantCommand(ctx, actor, c.ParticipantID, func(p *domain.Participant) error {
		if err := p.AssessMentorLevel(c); err != nil {
			return err
		}
		return s.notFuture(events.MentorLevelAssessed(c), "assessed_on", c.AssessedOn)
	})
}

// RecordSupervision records a mentor's supervision session.
func (s *Service) RecordSupervision(ctx context.Context, actor string, c domain.RecordSupervision) (events.AppendResult, error) {
	return s.participantCommand(ctx, actor, c.ParticipantID, func(p *domain.Participant) error {
		if err := p.RecordSupervision(c); err != nil {
			return err
		}
		return s.notFuture(events.SupervisionRecorded(c), "held_on", c.HeldOn)
	})
}

// IdentifyTrainingNeed records a further training need.
func (s *Service) IdentifyTrainingNeed(ctx context.Context, actor string, c domain.IdentifyTrainingNeed) (events.AppendResult, error) {
	return s.participantCommand(ctx, actor, c.ParticipantID, func(p *domain.Participant) error {
		if err := p.IdentifyTrainingNeed(c); err != nil {
			return err
		}
		return s.notFuture(events.TrainingNeedIdentified(c), "identified_on", c.IdentifiedOn)
	})
}

// MeetTrainingNeed records a training need met.
func (s *Service) MeetTrainingNeed(ctx context.Context, actor string, c domain.MeetTrainingNeed) (events.AppendResult, error) {
	return s.participantCommand(ctx, actor, c.ParticipantID, func(p *domain.Participant) error {
		if err := p.MeetTrainingNeed(c); err != nil {
			return err
		}
		return s.notFuture(events.TrainingNeedMet(c), "met_on", c.MetOn)
	})
}

// Withdraw records a participant leaving the programme. It needs no reason;
// relationships the participant is in are ended by their own command.
func (s *Service) Withdraw(ctx context.Context, actor string, c domain.Withdraw) (events.AppendResult, error) {
	return s.participantCommand(ctx, actor, c.ParticipantID, func(p *domain.Participant) error {
		if err := p.Withdraw(c); err != nil {
			return err
		}
		return s.notFuture(events.ParticipantWithdrew(c), "withdrew_on", c.WithdrewOn)
	})
}

// participantCommand runs a command on an existing participant's stream.
func (s *Service) participantCommand(ctx context.Context, actor, id string, decide func(*domain.Participant) error) (events.AppendResult, error) {
	return handle(ctx, s, actor, domain.ParticipantStream(id), domain.LoadParticipant, decide)
}
