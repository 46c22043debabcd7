package app

import (
	"context"

	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/events"
)

// RegisterParticipant records a mentor or mentee joining a programme
// without personal details; the programme must exist. RegisterPerson
// (personal.go) records one with their name and contact details sealed.
func (s *Service) RegisterParticipant(ctx context.Context, actor string, c domain.RegisterParticipant) (events.AppendResult, error) {
	return s.RegisterPerson(ctx, actor, RegisterPerson{RegisterParticipant: c})
}

// participant reads and folds a participant.
func (s *Service) participant(ctx context.Context, id string) (*domain.Participant, error) {
	h, _, err := s.read(ctx, domain.ParticipantStream(id))
	if err != nil {
		return nil, err
	}
	return domain.LoadParticipant(h), nil
}
