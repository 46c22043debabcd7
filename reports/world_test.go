package reports_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/domain/app"
	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/projections"
	"github.com/mentorledger/mentorledger/reports"
)

// world is a ledger written through the domain's application service, as
// real input is: every fact goes through its command, so the domain's rules
// hold, over a real SQLite ledger with real DuckDB views.
type world struct {
	*ledger
	svc *app.Service
	now time.Time
}

func newWorld(tb testing.TB) *world {
	tb.Helper()
	w := &world{ledger: newLedgerWithViews(tb)}
	w.svc = &app.Service{Store: w.store, Now: func() time.Time { return w.now }}
	return w
}

// rec records a fact through its command with the clock at noon of day and
// returns the id of the event recorded.
func (w *world) rec(day string, p events.Payload) string {
	w.tb.Helper()
	w.now = events.MustDate(day).Time().Add(12 * time.Hour)
	res, err := command(context.Background(), w.svc, p)
	if err != nil {
		w.tb.Fatalf("%s on %s: %v", p.EventType(), day, err)
	}
	page, err := w.store.ReadAll(context.Background(), res.Last-1, 1)
	if err != nil || len(page) != 1 {
		w.tb.Fatalf("read back %s: %v", p.EventType(), err)
	}
	return page[0].ID
}

// catchUp brings the views up to the ledger.
func (w *world) catchUp() {
	w.tb.Helper()
	if _, err := w.views.CatchUp(context.Background(), w.store, projections.CatchUpOptions{}); err != nil {
		w.tb.Fatal(err)
	}
}

// run builds a catalogue report on the views as of today, in JSON.
func (w *world) run(name string, r reports.Request, today string) (string, error) {
	w.tb.Helper()
	w.catchUp()
	r.Now = events.MustDate(today).Time()
	var b strings.Builder
	err := reports.Run(context.Background(), reports.Inputs{Views: w.views, Ledger: w.store}, name, r, "json", &b)
	return b.String(), err
}

// command runs the Service command that records p.
func command(ctx context.Context, s *app.Service, p events.Payload) (events.AppendResult, error) {
	const actor = "coordinator"
	switch p := p.(type) {
	case events.ProgrammeRegistered:
		return s.RegisterProgramme(ctx, actor, domain.RegisterProgramme(p))
	case events.PlanAdopted:
		return s.AdoptPlan(ctx, actor, domain.AdoptPlan(p))
	case events.PurposeStated:
		return s.StatePurpose(ctx, actor, domain.StatePurpose(p))
	case events.SeniorLeadAssigned:
		return s.AssignSeniorLead(ctx, actor, domain.AssignSeniorLead(p))
	case events.SteeringGroupFormed:
		return s.FormSteeringGroup(ctx, actor, domain.FormSteeringGroup(p))
	case events.CoordinatorAppointed:
		return s.AppointCoordinator(ctx, actor, domain.AppointCoordinator(p))
	case events.AdministrationArranged:
		return s.ArrangeAdministration(ctx, actor, domain.ArrangeAdministration(p))
	case events.PolicyAdopted:
		return s.AdoptPolicy(ctx, actor, domain.AdoptPolicy(p))
	case events.EtiquetteAdopted:
		return s.AdoptEtiquette(ctx, actor, domain.AdoptEtiquette(p))
	case events.CommunicationStrategyAdopted:
		return s.AdoptCommunicationStrategy(ctx, actor, domain.AdoptCommunicationStrategy(p))
	case events.MarketingStrategyAdopted:
		return s.AdoptMarketingStrategy(ctx, actor, domain.AdoptMarketingStrategy(p))
	case events.SelectionCriteriaSet:
		return s.SetSelectionCriteria(ctx, actor, domain.SetSelectionCriteria(p))
	case events.MentorTrainingDefined:
		return s.DefineMentorTraining(ctx, actor, domain.DefineMentorTraining(p))
	case events.MenteeInductionDefined:
		return s.DefineMenteeInduction(ctx, actor, domain.DefineMenteeInduction(p))
	case events.MatchingStrategyDefined:
		return s.DefineMatchingStrategy(ctx, actor, domain.DefineMatchingStrategy(p))
	case events.EvaluationStrategyDefined:
		return s.DefineEvaluationStrategy(ctx, actor, domain.DefineEvaluationStrategy(p))
	case events.RecognitionArranged:
		return s.ArrangeRecognition(ctx, actor, domain.ArrangeRecognition(p))
	case events.WarningThresholdsSet:
		return s.SetWarningThresholds(ctx, actor, domain.SetWarningThresholds(p))
	case events.ExpensesPolicyDecided:
		return s.DecideExpensesPolicy(ctx, actor, domain.DecideExpensesPolicy(p))
	case events.BudgetSet:
		return s.SetBudget(ctx, actor, domain.SetBudget(p))
	case events.FundingSourceIdentified:
		return s.IdentifyFundingSource(ctx, actor, domain.IdentifyFundingSource(p))
	case events.FundingSecured:
		return s.SecureFunding(ctx, actor, domain.SecureFunding(p))
	case events.ExpenditureRecorded:
		return s.RecordExpenditure(ctx, actor, domain.RecordExpenditure(p))
	case events.ProgrammeLaunched:
		return s.LaunchProgramme(ctx, actor, domain.LaunchProgramme(p))
	case events.StakeholdersBriefed:
		return s.BriefStakeholders(ctx, actor, domain.BriefStakeholders(p))
	case events.ProgrammeReviewed:
		return s.ReviewProgramme(ctx, actor, domain.ReviewProgramme(p))
	case events.DocumentRevised:
		return s.ReviseDocument(ctx, actor, domain.ReviseDocument(p))
	case events.ProgrammeClosed:
		return s.CloseProgramme(ctx, actor, domain.CloseProgramme(p))
	case events.ParticipantRegistered:
		return s.RegisterParticipant(ctx, actor, domain.RegisterParticipant(p))
	case events.Selected:
		return s.SelectParticipant(ctx, actor, domain.SelectParticipant(p))
	case events.MentorTrainingCompleted:
		return s.CompleteMentorTraining(ctx, actor, domain.CompleteMentorTraining(p))
	case events.MenteeInductionCompleted:
		return s.CompleteMenteeInduction(ctx, actor, domain.CompleteMenteeInduction(p))
	case events.SupervisionRecorded:
		return s.RecordSupervision(ctx, actor, domain.RecordSupervision(p))
	case events.TrainingNeedIdentified:
		return s.IdentifyTrainingNeed(ctx, actor, domain.IdentifyTrainingNeed(p))
	case events.TrainingNeedMet:
		return s.MeetTrainingNeed(ctx, actor, domain.MeetTrainingNeed(p))
	case events.Matched:
		return s.Match(ctx, actor, domain.Match(p))
	case events.AgreementSigned:
		return s.SignAgreement(ctx, actor, domain.SignAgreement(p))
	case events.MeetingScheduled:
		return s.ScheduleMeeting(ctx, actor, domain.ScheduleMeeting(p))
	case events.MeetingPostponed:
		return s.PostponeMeeting(ctx, actor, domain.PostponeMeeting(p))
	case events.MeetingCancelled:
		return s.CancelMeeting(ctx, actor, domain.CancelMeeting(p))
	case events.MeetingLogged:
		return s.LogMeeting(ctx, actor, domain.LogMeeting(p))
	case events.ContactMade:
		return s.MakeContact(ctx, actor, domain.MakeContact(p))
	case events.ActionPlanAgreed:
		return s.AgreeActionPlan(ctx, actor, domain.AgreeActionPlan(p))
	case events.ActionPlanReviewed:
		return s.ReviewActionPlan(ctx, actor, domain.ReviewActionPlan(p))
	case events.RelationshipEnded:
		return s.EndRelationship(ctx, actor, domain.EndRelationship(p))
	case events.GoalSet:
		return s.SetGoal(ctx, actor, domain.SetGoal(p))
	case events.MilestoneAchieved:
		return s.AchieveMilestone(ctx, actor, domain.AchieveMilestone(p))
	case events.MilestoneMissed:
		return s.MissMilestone(ctx, actor, domain.MissMilestone(p))
	case events.GoalAchieved:
		return s.AchieveGoal(ctx, actor, domain.AchieveGoal(p))
	case events.GoalRevised:
		return s.ReviseGoal(ctx, actor, domain.ReviseGoal(p))
	case events.ProgressScaled:
		return s.ScaleProgress(ctx, actor, domain.ScaleProgress(p))
	case events.CommitmentRated:
		return s.RateCommitment(ctx, actor, domain.RateCommitment(p))
	case events.RelationshipReviewed:
		return s.ReviewRelationship(ctx, actor, domain.ReviewRelationship(p))
	case events.PhaseEntered:
		return s.EnterPhase(ctx, actor, domain.EnterPhase(p))
	case events.EndingPrepared:
		return s.PrepareEnding(ctx, actor, domain.PrepareEnding(p))
	case events.IssueRaised:
		return s.RaiseIssue(ctx, actor, domain.RaiseIssue(p))
	case events.IssueResolved:
		return s.ResolveIssue(ctx, actor, domain.ResolveIssue(p))
	case events.RematchArranged:
		return s.ArrangeRematch(ctx, actor, domain.ArrangeRematch(p))
	case events.ClosureCompleted:
		return s.CompleteClosure(ctx, actor, domain.CompleteClosure(p))
	case events.InstrumentDefined:
		return s.DefineInstrument(ctx, actor, domain.DefineInstrument(p))
	case events.SurveyIssued:
		return s.IssueSurvey(ctx, actor, domain.IssueSurvey(p))
	case events.SurveyAnswered:
		return s.AnswerSurvey(ctx, domain.AnswerSurvey(p))
	case events.OutcomeRecorded:
		return s.RecordOutcome(ctx, actor, domain.RecordOutcome(p))
	case events.FeedbackSessionHeld:
		return s.HoldFeedbackSession(ctx, actor, domain.HoldFeedbackSession(p))
	}
	return events.AppendResult{}, fmt.Errorf("no command records %s", p.EventType())
}
