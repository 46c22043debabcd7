package app

import (
	"context"

	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/events"
)

// RegisterProgramme records a new programme.
func (s *Service) RegisterProgramme(ctx context.Context, actor string, c domain.RegisterProgramme) (events.AppendResult, error) {
	return handle(ctx, s, actor, domain.ProgrammeStream(c.ProgrammeID), domain.LoadProgramme, func(p *domain.Programme) error {
		if err := p.Register(c); err != nil {
			return err
		}
		return s.notFuture(events.ProgrammeRegistered(c), "registered_on", c.RegisteredOn)
	})
}

// AdoptPlan records the programme's plan.
func (s *Service) AdoptPlan(ctx context.Context, actor string, c domain.AdoptPlan) (events.AppendResult, error) {
	return handle(ctx, s, actor, domain.ProgrammeStream(c.ProgrammeID), domain.LoadProgramme, func(p *domain.Programme) error {
		if err := p.AdoptPlan(c); err != nil {
			return err
		}
		return s.notFuture(events.PlanAdopted(c), "adopted_on", c.AdoptedOn)
	})
}

// programme reads and folds a programme.
func (s *Service) programme(ctx context.Context, id string) (*domain.Programme, error) {
	h, _, err := s.read(ctx, domain.ProgrammeStream(id))
	if err != nil {
		return nil, err
	}
	return domain.LoadProgramme(h), nil
}
