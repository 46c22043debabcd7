package app

import (
	"context"

	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/events"
)

// The programme design and management commands (steps 1–8, checklists
// 1–3). Each reads the programme's stream, lets the domain decide and
// appends at the version read; the date of the fact must not be in the
// future (a policy's review date and a funding period may be).

// programmeCommand runs one command on the programme with this id, then
// holds the date of the fact it records to the clock.
func programmeCommand(ctx context.Context, s *Service, actor, id string, decide func(*domain.Programme) error, e events.Payload, field string, on events.Date) (events.AppendResult, error) {
	return handle(ctx, s, actor, domain.ProgrammeStream(id), domain.LoadProgramme, func(p *domain.Programme) error {
		if err := decide(p); err != nil {
			return err
		}
		return s.notFuture(e, field, on)
	})
}

// StatePurpose records what the programme is designed to achieve (step 1).
func (s *Service) StatePurpose(ctx context.Context, actor string, c domain.StatePurpose) (events.AppendResult, error) {
	return programmeCommand(ctx, s, actor, c.ProgrammeID, func(p *domain.Programme) error { return p.StatePurpose(c) }, events.PurposeStated(c), "stated_on", c.StatedOn)
}

// AssignSeniorLead records the programme's senior lead.
func (s *Service) AssignSeniorLead(ctx context.Context, actor string, c domain.AssignSeniorLead) (events.AppendResult, error) {
	return programmeCommand(ctx, s, actor, c.ProgrammeID, func(p *domain.Programme) error { return p.AssignSeniorLead(c) }, events.SeniorLeadAssigned(c), "assigned_on", c.AssignedOn)
}

// FormSteeringGroup records the programme's steering group.
func (s *Service) FormSteeringGroup(ctx context.Context, actor string, c domain.FormSteeringGroup) (events.AppendResult, error) {
	return programmeCommand(ctx, s, actor, c.ProgrammeID, func(p *domain.Programme) error { return p.FormSteeringGroup(c) }, events.SteeringGroupFormed(c), "formed_on", c.FormedOn)
}

// AppointCoordinator records the programme's co-ordinator.
func (s *Service) AppointCoordinator(ctx context.Context, actor string, c domain.AppointCoordinator) (events.AppendResult, error) {
	return programmeCommand(ctx, s, actor, c.ProgrammeID, func(p *domain.Programme) error { return p.AppointCoordinator(c) }, events.CoordinatorAppointed(c), "appointed_on", c.AppointedOn)
}

// ArrangeAdministration records the programme's administrative structure.
func (s *Service) ArrangeAdministration(ctx context.Context, actor string, c domain.ArrangeAdministration) (events.AppendResult, error) {
	return programmeCommand(ctx, s, actor, c.ProgrammeID, func(p *domain.Programme) error { return p.ArrangeAdministration(c) }, events.AdministrationArranged(c), "arranged_on", c.ArrangedOn)
}

// AdoptPolicy records one of checklist 3's policies.
func (s *Service) AdoptPolicy(ctx context.Context, actor string, c domain.AdoptPolicy) (events.AppendResult, error) {
	return programmeCommand(ctx, s, actor, c.ProgrammeID, func(p *domain.Programme) error { return p.AdoptPolicy(c) }, events.PolicyAdopted(c), "adopted_on", c.AdoptedOn)
}

// AdoptEtiquette records the guide to the etiquette of mentoring practice.
func (s *Service) AdoptEtiquette(ctx context.Context, actor string, c domain.AdoptEtiquette) (events.AppendResult, error) {
	return programmeCommand(ctx, s, actor, c.ProgrammeID, func(p *domain.Programme) error { return p.AdoptEtiquette(c) }, events.EtiquetteAdopted(c), "adopted_on", c.AdoptedOn)
}

// AdoptCommunicationStrategy records the communication strategy.
func (s *Service) AdoptCommunicationStrategy(ctx context.Context, actor string, c domain.AdoptCommunicationStrategy) (events.AppendResult, error) {
	return programmeCommand(ctx, s, actor, c.ProgrammeID, func(p *domain.Programme) error { return p.AdoptCommunicationStrategy(c) }, events.CommunicationStrategyAdopted(c), "adopted_on", c.AdoptedOn)
}

// AdoptMarketingStrategy records the marketing strategy.
func (s *Service) AdoptMarketingStrategy(ctx context.Context, actor string, c domain.AdoptMarketingStrategy) (events.AppendResult, error) {
	return programmeCommand(ctx, s, actor, c.ProgrammeID, func(p *domain.Programme) error { return p.AdoptMarketingStrategy(c) }, events.MarketingStrategyAdopted(c), "adopted_on", c.AdoptedOn)
}

// SetSelectionCriteria records the selection criteria for mentors or mentees.
func (s *Service) SetSelectionCriteria(ctx context.Context, actor string, c domain.SetSelectionCriteria) (events.AppendResult, error) {
	return programmeCommand(ctx, s, actor, c.ProgrammeID, func(p *domain.Programme) error { return p.SetSelectionCriteria(c) }, events.SelectionCriteriaSet(c), "set_on", c.SetOn)
}

// DefineMentorTraining records the mentor training.
func (s *Service) DefineMentorTraining(ctx context.Context, actor string, c domain.DefineMentorTraining) (events.AppendResult, error) {
	return programmeCommand(ctx, s, actor, c.ProgrammeID, func(p *domain.Programme) error { return p.DefineMentorTraining(c) }, events.MentorTrainingDefined(c), "defined_on", c.DefinedOn)
}

// DefineMenteeInduction records the mentee induction.
func (s *Service) DefineMenteeInduction(ctx context.Context, actor string, c domain.DefineMenteeInduction) (events.AppendResult, error) {
	return programmeCommand(ctx, s, actor, c.ProgrammeID, func(p *domain.Programme) error { return p.DefineMenteeInduction(c) }, events.MenteeInductionDefined(c), "defined_on", c.DefinedOn)
}

// DefineMatchingStrategy records the matching and re-matching strategy.
func (s *Service) DefineMatchingStrategy(ctx context.Context, actor string, c domain.DefineMatchingStrategy) (events.AppendResult, error) {
	return programmeCommand(ctx, s, actor, c.ProgrammeID, func(p *domain.Programme) error { return p.DefineMatchingStrategy(c) }, events.MatchingStrategyDefined(c), "defined_on", c.DefinedOn)
}

// DefineEvaluationStrategy records the evaluation and monitoring strategy (step 7).
func (s *Service) DefineEvaluationStrategy(ctx context.Context, actor string, c domain.DefineEvaluationStrategy) (events.AppendResult, error) {
	return programmeCommand(ctx, s, actor, c.ProgrammeID, func(p *domain.Programme) error { return p.DefineEvaluationStrategy(c) }, events.EvaluationStrategyDefined(c), "defined_on", c.DefinedOn)
}

// ArrangeRecognition records the mechanisms of recognition.
func (s *Service) ArrangeRecognition(ctx context.Context, actor string, c domain.ArrangeRecognition) (events.AppendResult, error) {
	return programmeCommand(ctx, s, actor, c.ProgrammeID, func(p *domain.Programme) error { return p.ArrangeRecognition(c) }, events.RecognitionArranged(c), "arranged_on", c.ArrangedOn)
}

// SetWarningThresholds records how soon the programme's early warnings
// flag each pitfall.
func (s *Service) SetWarningThresholds(ctx context.Context, actor string, c domain.SetWarningThresholds) (events.AppendResult, error) {
	return programmeCommand(ctx, s, actor, c.ProgrammeID, func(p *domain.Programme) error { return p.SetWarningThresholds(c) }, events.WarningThresholdsSet(c), "set_on", c.SetOn)
}

// DecideExpensesPolicy records the decision on paying expenses.
func (s *Service) DecideExpensesPolicy(ctx context.Context, actor string, c domain.DecideExpensesPolicy) (events.AppendResult, error) {
	return programmeCommand(ctx, s, actor, c.ProgrammeID, func(p *domain.Programme) error { return p.DecideExpensesPolicy(c) }, events.ExpensesPolicyDecided(c), "decided_on", c.DecidedOn)
}

// SetBudget records a budget for a period.
func (s *Service) SetBudget(ctx context.Context, actor string, c domain.SetBudget) (events.AppendResult, error) {
	return programmeCommand(ctx, s, actor, c.ProgrammeID, func(p *domain.Programme) error { return p.SetBudget(c) }, events.BudgetSet(c), "set_on", c.SetOn)
}

// IdentifyFundingSource records an actual or potential source of funding.
func (s *Service) IdentifyFundingSource(ctx context.Context, actor string, c domain.IdentifyFundingSource) (events.AppendResult, error) {
	return programmeCommand(ctx, s, actor, c.ProgrammeID, func(p *domain.Programme) error { return p.IdentifyFundingSource(c) }, events.FundingSourceIdentified(c), "identified_on", c.IdentifiedOn)
}

// SecureFunding records funding secured for a period.
func (s *Service) SecureFunding(ctx context.Context, actor string, c domain.SecureFunding) (events.AppendResult, error) {
	return programmeCommand(ctx, s, actor, c.ProgrammeID, func(p *domain.Programme) error { return p.SecureFunding(c) }, events.FundingSecured(c), "secured_on", c.SecuredOn)
}

// RecordExpenditure records money spent.
func (s *Service) RecordExpenditure(ctx context.Context, actor string, c domain.RecordExpenditure) (events.AppendResult, error) {
	return programmeCommand(ctx, s, actor, c.ProgrammeID, func(p *domain.Programme) error { return p.RecordExpenditure(c) }, events.ExpenditureRecorded(c), "spent_on", c.SpentOn)
}

// LaunchProgramme records the programme's launch.
func (s *Service) LaunchProgramme(ctx context.Context, actor string, c domain.LaunchProgramme) (events.AppendResult, error) {
	return programmeCommand(ctx, s, actor, c.ProgrammeID, func(p *domain.Programme) error { return p.LaunchProgramme(c) }, events.ProgrammeLaunched(c), "launched_on", c.LaunchedOn)
}

// BriefStakeholders records a briefing of stakeholders.
func (s *Service) BriefStakeholders(ctx context.Context, actor string, c domain.BriefStakeholders) (events.AppendResult, error) {
	return programmeCommand(ctx, s, actor, c.ProgrammeID, func(p *domain.Programme) error { return p.BriefStakeholders(c) }, events.StakeholdersBriefed(c), "briefed_on", c.BriefedOn)
}

// ReviewProgramme records a review of the programme.
func (s *Service) ReviewProgramme(ctx context.Context, actor string, c domain.ReviewProgramme) (events.AppendResult, error) {
	return programmeCommand(ctx, s, actor, c.ProgrammeID, func(p *domain.Programme) error { return p.ReviewProgramme(c) }, events.ProgrammeReviewed(c), "reviewed_on", c.ReviewedOn)
}

// ReviseDocument records a revision of a programme document.
func (s *Service) ReviseDocument(ctx context.Context, actor string, c domain.ReviseDocument) (events.AppendResult, error) {
	return programmeCommand(ctx, s, actor, c.ProgrammeID, func(p *domain.Programme) error { return p.ReviseDocument(c) }, events.DocumentRevised(c), "revised_on", c.RevisedOn)
}

// CloseProgramme closes the programme.
func (s *Service) CloseProgramme(ctx context.Context, actor string, c domain.CloseProgramme) (events.AppendResult, error) {
	return programmeCommand(ctx, s, actor, c.ProgrammeID, func(p *domain.Programme) error { return p.CloseProgramme(c) }, events.ProgrammeClosed(c), "closed_on", c.ClosedOn)
}
