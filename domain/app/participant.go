package app

import (
	"context"

	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/events"
)

// RegisterParticipant records a mentor or mentee joining a programme; the
// programme must exist.
func (s *Service) RegisterParticipant(ctx context.Context, actor string, c domain.RegisterParticipant) (events.AppendResult, error) {
	return handle(ctx, s, actor, domain.ParticipantStream(c.ParticipantID), domain.LoadParticipant, func(p *domain.Participant) error {
		prog, err := s.programme(ctx, c.ProgrammeID)
		if err != nil {
			return err
		}
		if err := p.Register(c, prog); err != nil {
			return err
		}
		return s.notFuture(events.ParticipantRegistered(c), "registered_on", c.RegisteredOn)
	})
}

// participant reads and folds a participant.
func (s *Service) participant(ctx context.Context, id string) (*domain.Participant, error) {
	h, _, err := s.read(ctx, domain.ParticipantStream(id))
	if err != nil {
		return nil, err
	}
	return domain.LoadParticipant(h), nil
}
