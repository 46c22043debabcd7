package app

import (
	"context"

	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/events"
)

// commands maps every event type a command records to that command: the
// one Check runs to judge an imported event. Only ledger.digest, which the
// ledger records itself, has none (TestCheckCoversEveryEventType).
var commands = map[string]command{
	"evaluation.feedback_session_held": {"HoldFeedbackSession", run((*Service).HoldFeedbackSession, func(p events.FeedbackSessionHeld) domain.HoldFeedbackSession { return domain.HoldFeedbackSession(p) })},
	"evaluation.instrument_defined":    {"DefineInstrument", run((*Service).DefineInstrument, func(p events.InstrumentDefined) domain.DefineInstrument { return domain.DefineInstrument(p) })},
	"evaluation.outcome_recorded":      {"RecordOutcome", run((*Service).RecordOutcome, func(p events.OutcomeRecorded) domain.RecordOutcome { return domain.RecordOutcome(p) })},
	"evaluation.survey_issued":         {"IssueSurvey", run((*Service).IssueSurvey, func(p events.SurveyIssued) domain.IssueSurvey { return domain.IssueSurvey(p) })},
	"participant.mentee_induction_completed": {"CompleteMenteeInduction", run((*Service).CompleteMenteeInduction, func(p events.MenteeInductionCompleted) domain.CompleteMenteeInduction {
		return domain.CompleteMenteeInduction(p)
	})},
	"participant.mentor_level_assessed": {"AssessMentorLevel", run((*Service).AssessMentorLevel, func(p events.MentorLevelAssessed) domain.AssessMentorLevel { return domain.AssessMentorLevel(p) })},
	"participant.mentor_training_completed": {"CompleteMentorTraining", run((*Service).CompleteMentorTraining, func(p events.MentorTrainingCompleted) domain.CompleteMentorTraining {
		return domain.CompleteMentorTraining(p)
	})},
	"participant.not_selected":         {"DeclineParticipant", run((*Service).DeclineParticipant, func(p events.NotSelected) domain.DeclineParticipant { return domain.DeclineParticipant(p) })},
	"participant.selected":             {"SelectParticipant", run((*Service).SelectParticipant, func(p events.Selected) domain.SelectParticipant { return domain.SelectParticipant(p) })},
	"participant.supervision_recorded": {"RecordSupervision", run((*Service).RecordSupervision, func(p events.SupervisionRecorded) domain.RecordSupervision { return domain.RecordSupervision(p) })},
	"participant.training_need_identified": {"IdentifyTrainingNeed", run((*Service).IdentifyTrainingNeed, func(p events.TrainingNeedIdentified) domain.IdentifyTrainingNeed {
		return domain.IdentifyTrainingNeed(p)
	})},
	"participant.training_need_met": {"MeetTrainingNeed", run((*Service).MeetTrainingNeed, func(p events.TrainingNeedMet) domain.MeetTrainingNeed { return domain.MeetTrainingNeed(p) })},
	"participant.withdrew":          {"Withdraw", run((*Service).Withdraw, func(p events.ParticipantWithdrew) domain.Withdraw { return domain.Withdraw(p) })},
	"programme.administration_arranged": {"ArrangeAdministration", run((*Service).ArrangeAdministration, func(p events.AdministrationArranged) domain.ArrangeAdministration {
		return domain.ArrangeAdministration(p)
	})},
	"programme.budget_set": {"SetBudget", run((*Service).SetBudget, func(p events.BudgetSet) domain.SetBudget { return domain.SetBudget(p) })},
	"programme.closed":     {"CloseProgramme", run((*Service).CloseProgramme, func(p events.ProgrammeClosed) domain.CloseProgramme { return domain.CloseProgramme(p) })},
	"programme.communication_strategy_adopted": {"AdoptCommunicationStrategy", run((*Service).AdoptCommunicationStrategy, func(p events.CommunicationStrategyAdopted) domain.AdoptCommunicationStrategy {
		return domain.AdoptCommunicationStrategy(p)
	})},
	"programme.coordinator_appointed": {"AppointCoordinator", run((*Service).AppointCoordinator, func(p events.CoordinatorAppointed) domain.AppointCoordinator { return domain.AppointCoordinator(p) })},
	"programme.document_revised":      {"ReviseDocument", run((*Service).ReviseDocument, func(p events.DocumentRevised) domain.ReviseDocument { return domain.ReviseDocument(p) })},
	"programme.etiquette_adopted":     {"AdoptEtiquette", run((*Service).AdoptEtiquette, func(p events.EtiquetteAdopted) domain.AdoptEtiquette { return domain.AdoptEtiquette(p) })},
	"programme.evaluation_strategy_defined": {"DefineEvaluationStrategy", run((*Service).DefineEvaluationStrategy, func(p events.EvaluationStrategyDefined) domain.DefineEvaluationStrategy {
		return domain.DefineEvaluationStrategy(p)
	})},
	"programme.expenditure_recorded": {"RecordExpenditure", run((*Service).RecordExpenditure, func(p events.ExpenditureRecorded) domain.RecordExpenditure { return domain.RecordExpenditure(p) })},
	"programme.expenses_policy_decided": {"DecideExpensesPolicy", run((*Service).DecideExpensesPolicy, func(p events.ExpensesPolicyDecided) domain.DecideExpensesPolicy {
		return domain.DecideExpensesPolicy(p)
	})},
	"programme.funding_secured": {"SecureFunding", run((*Service).SecureFunding, func(p events.FundingSecured) domain.SecureFunding { return domain.SecureFunding(p) })},
	"programme.funding_source_identified": {"IdentifyFundingSource", run((*Service).IdentifyFundingSource, func(p events.FundingSourceIdentified) domain.IdentifyFundingSource {
		return domain.IdentifyFundingSource(p)
	})},
	"programme.launched": {"LaunchProgramme", run((*Service).LaunchProgramme, func(p events.ProgrammeLaunched) domain.LaunchProgramme { return domain.LaunchProgramme(p) })},
	"programme.marketing_strategy_adopted": {"AdoptMarketingStrategy", run((*Service).AdoptMarketingStrategy, func(p events.MarketingStrategyAdopted) domain.AdoptMarketingStrategy {
		return domain.AdoptMarketingStrategy(p)
	})},
	"programme.matching_strategy_defined": {"DefineMatchingStrategy", run((*Service).DefineMatchingStrategy, func(p events.MatchingStrategyDefined) domain.DefineMatchingStrategy {
		return domain.DefineMatchingStrategy(p)
	})},
	"programme.mentee_induction_defined": {"DefineMenteeInduction", run((*Service).DefineMenteeInduction, func(p events.MenteeInductionDefined) domain.DefineMenteeInduction {
		return domain.DefineMenteeInduction(p)
	})},
	"programme.mentor_training_defined": {"DefineMentorTraining", run((*Service).DefineMentorTraining, func(p events.MentorTrainingDefined) domain.DefineMentorTraining {
		return domain.DefineMentorTraining(p)
	})},
	"programme.plan_adopted":           {"AdoptPlan", run((*Service).AdoptPlan, func(p events.PlanAdopted) domain.AdoptPlan { return domain.AdoptPlan(p) })},
	"programme.policy_adopted":         {"AdoptPolicy", run((*Service).AdoptPolicy, func(p events.PolicyAdopted) domain.AdoptPolicy { return domain.AdoptPolicy(p) })},
	"programme.purpose_stated":         {"StatePurpose", run((*Service).StatePurpose, func(p events.PurposeStated) domain.StatePurpose { return domain.StatePurpose(p) })},
	"programme.recognition_arranged":   {"ArrangeRecognition", run((*Service).ArrangeRecognition, func(p events.RecognitionArranged) domain.ArrangeRecognition { return domain.ArrangeRecognition(p) })},
	"programme.registered":             {"RegisterProgramme", run((*Service).RegisterProgramme, func(p events.ProgrammeRegistered) domain.RegisterProgramme { return domain.RegisterProgramme(p) })},
	"programme.reviewed":               {"ReviewProgramme", run((*Service).ReviewProgramme, func(p events.ProgrammeReviewed) domain.ReviewProgramme { return domain.ReviewProgramme(p) })},
	"programme.selection_criteria_set": {"SetSelectionCriteria", run((*Service).SetSelectionCriteria, func(p events.SelectionCriteriaSet) domain.SetSelectionCriteria { return domain.SetSelectionCriteria(p) })},
	"programme.senior_lead_assigned":   {"AssignSeniorLead", run((*Service).AssignSeniorLead, func(p events.SeniorLeadAssigned) domain.AssignSeniorLead { return domain.AssignSeniorLead(p) })},
	"programme.stakeholders_briefed":   {"BriefStakeholders", run((*Service).BriefStakeholders, func(p events.StakeholdersBriefed) domain.BriefStakeholders { return domain.BriefStakeholders(p) })},
	"programme.steering_group_formed":  {"FormSteeringGroup", run((*Service).FormSteeringGroup, func(p events.SteeringGroupFormed) domain.FormSteeringGroup { return domain.FormSteeringGroup(p) })},
	"programme.warning_thresholds_set": {"SetWarningThresholds", run((*Service).SetWarningThresholds, func(p events.WarningThresholdsSet) domain.SetWarningThresholds {
		return domain.SetWarningThresholds(p)
	})},
	"relationship.action_plan_agreed":   {"AgreeActionPlan", run((*Service).AgreeActionPlan, func(p events.ActionPlanAgreed) domain.AgreeActionPlan { return domain.AgreeActionPlan(p) })},
	"relationship.action_plan_reviewed": {"ReviewActionPlan", run((*Service).ReviewActionPlan, func(p events.ActionPlanReviewed) domain.ReviewActionPlan { return domain.ReviewActionPlan(p) })},
	"relationship.agreement_signed":     {"SignAgreement", run((*Service).SignAgreement, func(p events.AgreementSigned) domain.SignAgreement { return domain.SignAgreement(p) })},
	"relationship.closure_completed":    {"CompleteClosure", run((*Service).CompleteClosure, func(p events.ClosureCompleted) domain.CompleteClosure { return domain.CompleteClosure(p) })},
	"relationship.commitment_rated":     {"RateCommitment", run((*Service).RateCommitment, func(p events.CommitmentRated) domain.RateCommitment { return domain.RateCommitment(p) })},
	"relationship.contact_made":         {"MakeContact", run((*Service).MakeContact, func(p events.ContactMade) domain.MakeContact { return domain.MakeContact(p) })},
	"relationship.ended":                {"EndRelationship", run((*Service).EndRelationship, func(p events.RelationshipEnded) domain.EndRelationship { return domain.EndRelationship(p) })},
	"relationship.ending_prepared":      {"PrepareEnding", run((*Service).PrepareEnding, func(p events.EndingPrepared) domain.PrepareEnding { return domain.PrepareEnding(p) })},
	"relationship.goal_achieved":        {"AchieveGoal", run((*Service).AchieveGoal, func(p events.GoalAchieved) domain.AchieveGoal { return domain.AchieveGoal(p) })},
	"relationship.goal_revised":         {"ReviseGoal", run((*Service).ReviseGoal, func(p events.GoalRevised) domain.ReviseGoal { return domain.ReviseGoal(p) })},
	"relationship.goal_set":             {"SetGoal", run((*Service).SetGoal, func(p events.GoalSet) domain.SetGoal { return domain.SetGoal(p) })},
	"relationship.issue_raised":         {"RaiseIssue", run((*Service).RaiseIssue, func(p events.IssueRaised) domain.RaiseIssue { return domain.RaiseIssue(p) })},
	"relationship.issue_resolved":       {"ResolveIssue", run((*Service).ResolveIssue, func(p events.IssueResolved) domain.ResolveIssue { return domain.ResolveIssue(p) })},
	"relationship.matched":              {"Match", run((*Service).Match, func(p events.Matched) domain.Match { return domain.Match(p) })},
	"relationship.meeting_cancelled":    {"CancelMeeting", run((*Service).CancelMeeting, func(p events.MeetingCancelled) domain.CancelMeeting { return domain.CancelMeeting(p) })},
	"relationship.meeting_logged":       {"LogMeeting", run((*Service).LogMeeting, func(p events.MeetingLogged) domain.LogMeeting { return domain.LogMeeting(p) })},
	"relationship.meeting_postponed":    {"PostponeMeeting", run((*Service).PostponeMeeting, func(p events.MeetingPostponed) domain.PostponeMeeting { return domain.PostponeMeeting(p) })},
	"relationship.meeting_scheduled":    {"ScheduleMeeting", run((*Service).ScheduleMeeting, func(p events.MeetingScheduled) domain.ScheduleMeeting { return domain.ScheduleMeeting(p) })},
	"relationship.milestone_achieved":   {"AchieveMilestone", run((*Service).AchieveMilestone, func(p events.MilestoneAchieved) domain.AchieveMilestone { return domain.AchieveMilestone(p) })},
	"relationship.milestone_missed":     {"MissMilestone", run((*Service).MissMilestone, func(p events.MilestoneMissed) domain.MissMilestone { return domain.MissMilestone(p) })},
	"relationship.phase_entered":        {"EnterPhase", run((*Service).EnterPhase, func(p events.PhaseEntered) domain.EnterPhase { return domain.EnterPhase(p) })},
	"relationship.progress_scaled":      {"ScaleProgress", run((*Service).ScaleProgress, func(p events.ProgressScaled) domain.ScaleProgress { return domain.ScaleProgress(p) })},
	"relationship.rematch_arranged":     {"ArrangeRematch", run((*Service).ArrangeRematch, func(p events.RematchArranged) domain.ArrangeRematch { return domain.ArrangeRematch(p) })},
	"relationship.reviewed":             {"ReviewRelationship", run((*Service).ReviewRelationship, func(p events.RelationshipReviewed) domain.ReviewRelationship { return domain.ReviewRelationship(p) })},

	// An export carries the sealed details as they were recorded: the
	// rules of registration are checked without them, and no key is made.
	"participant.registered": {"RegisterParticipant", func(ctx context.Context, s *Service, actor string, p events.Payload) (events.AppendResult, error) {
		reg := p.(events.ParticipantRegistered)
		reg.Personal = nil
		return s.RegisterParticipant(ctx, actor, domain.RegisterParticipant(reg))
	}},
	// ForgetPerson destroys the key before recording the erasure; an
	// import only records it, so the domain's rules are run directly.
	"participant.personal_data_erased": {"ForgetPerson", func(ctx context.Context, s *Service, actor string, p events.Payload) (events.AppendResult, error) {
		c := domain.ErasePersonalData(p.(events.PersonalDataErased))
		return s.participantCommand(ctx, actor, c.ParticipantID, func(pt *domain.Participant) error {
			if err := pt.ErasePersonalData(c); err != nil {
				return err
			}
			return s.notFuture(events.PersonalDataErased(c), "erased_on", c.ErasedOn)
		})
	}},
	// A response is recorded by AnonymousActor whoever gives it: Check
	// then rejects an imported response that names another actor.
	"evaluation.survey_answered": {"AnswerSurvey", func(ctx context.Context, s *Service, _ string, p events.Payload) (events.AppendResult, error) {
		return s.AnswerSurvey(ctx, domain.AnswerSurvey(p.(events.SurveyAnswered)))
	}},
}
