package domain_test

import (
	"fmt"
	"testing"

	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/events"
)

// designEvents is one valid event of every programme design and management
// type, dated after the fixture programme's registration (2024-11-01) and
// plan (2024-11-15).
func designEvents() []events.Payload {
	return []events.Payload{
		purposeStated(),
		events.SeniorLeadAssigned{ProgrammeID: progID, AssignedOn: d("2024-11-05"), LeadID: "staff-42", Organisation: "Org A"},
		events.SteeringGroupFormed{ProgrammeID: progID, FormedOn: d("2024-11-12"), Members: []events.SteeringMember{
			{Role: events.SteeringSeniorLead, Organisation: "Org A"}, {Role: events.SteeringPartnerRepresentative, Organisation: "Org B"}},
			Objectives: []string{"Agree the plan"}},
		events.CoordinatorAppointed{ProgrammeID: progID, AppointedOn: d("2024-11-12"), CoordinatorID: "staff-107",
			Appointment: events.AppointmentInternalPartOfRole, HoursPerWeek: 14},
		events.AdministrationArranged{ProgrammeID: progID, ArrangedOn: d("2024-11-20"), HoursPerWeek: 7, RecordsStorage: events.RecordsElectronic},
		policyAdopted(),
		events.EtiquetteAdopted{ProgrammeID: progID, AdoptedOn: d("2024-12-02"), Principles: []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, DocumentRef: "etiquette-v1"},
		events.CommunicationStrategyAdopted{ProgrammeID: progID, AdoptedOn: d("2024-12-02"), Audiences: []string{events.AudienceStaff, events.AudienceLineManagers}, DocumentRef: "comms-2025"},
		events.MarketingStrategyAdopted{ProgrammeID: progID, AdoptedOn: d("2024-12-09"), Audiences: []string{events.AudienceStaff}, DocumentRef: "marketing-2025"},
		events.SelectionCriteriaSet{ProgrammeID: progID, SetOn: d("2024-12-02"), Role: events.RoleMentor, Criteria: []string{"Contribution to evaluation process"}},
		mentorTrainingDefined(true),
		menteeInductionDefined(true),
		events.MatchingStrategyDefined{ProgrammeID: progID, DefinedOn: d("2024-12-09"), Criteria: []string{"Mentee's goals"}, RematchingOffered: true},
		evaluationStrategyDefined(),
		events.RecognitionArranged{ProgrammeID: progID, ArrangedOn: d("2024-12-16"), Mechanisms: []string{events.RecognitionCertificate, events.RecognitionCPD}},
		events.ExpensesPolicyDecided{ProgrammeID: progID, DecidedOn: d("2024-12-16"), MentorsPaid: true, DocumentRef: "FIN-expenses"},
		budgetSet(),
		fundingSourceIdentified(),
		fundingSecured(),
		expenditureRecorded("exp-1"),
		launched(),
		events.StakeholdersBriefed{ProgrammeID: progID, BriefedOn: d("2024-12-18"), Audiences: []string{events.AudienceMentors}, Method: events.BriefingPresentation},
		events.ProgrammeReviewed{ProgrammeID: progID, ReviewedOn: d("2025-06-30"), Kind: events.ReviewMidTerm, ChangesAgreed: []string{"Remind mentors to make contact"}},
		documentRevised("meeting-log", 2),
		closed(),
	}
}

func purposeStated() events.PurposeStated {
	return events.PurposeStated{ProgrammeID: progID, StatedOn: d("2024-11-20"), Purpose: "Develop first-line managers",
		Aims: []string{"Build confidence"}, ExpectedOutcomes: []string{"Greater confidence"}, ExpectedOutputs: []string{"20 mentors trained"}}
}

func policyAdopted() events.PolicyAdopted {
	return events.PolicyAdopted{ProgrammeID: progID, AdoptedOn: d("2024-12-02"), Policy: events.PolicyConfidentialityDataProtection,
		DocumentRef: "POL-017", ReviewOn: d("2025-12-01")}
}

func mentorTrainingDefined(mandatory bool) events.MentorTrainingDefined {
	return events.MentorTrainingDefined{ProgrammeID: progID, DefinedOn: d("2024-12-09"), Mandatory: mandatory, Topics: []string{"Etiquette"}}
}

func menteeInductionDefined(mandatory bool) events.MenteeInductionDefined {
	return events.MenteeInductionDefined{ProgrammeID: progID, DefinedOn: d("2024-12-09"), Mandatory: mandatory, Topics: []string{"Roles"}}
}

func evaluationStrategyDefined() events.EvaluationStrategyDefined {
	return events.EvaluationStrategyDefined{ProgrammeID: progID, DefinedOn: d("2024-12-16"),
		Measures:  []string{events.MeasureGoalsAchieved},
		Methods:   []string{events.EvaluationQuestionnaires, events.EvaluationMilestoneAssessment},
		Audiences: []string{events.AudienceFunders}, QuestionnaireEveryDays: 90}
}

func budgetSet() events.BudgetSet {
	return events.BudgetSet{ProgrammeID: progID, SetOn: d("2024-12-02"), AmountPence: 1_850_000, Currency: "GBP",
		PeriodStartsOn: d("2025-01-01"), PeriodEndsOn: d("2025-12-31")}
}

func fundingSourceIdentified() events.FundingSourceIdentified {
	return events.FundingSourceIdentified{ProgrammeID: progID, IdentifiedOn: d("2024-11-25"), SourceID: "fund-1",
		Funder: "Workforce Trust", FunderKind: events.FunderCharitableTrust, Status: events.FundingPotential}
}

func fundingSecured() events.FundingSecured {
	return events.FundingSecured{ProgrammeID: progID, SecuredOn: d("2024-12-20"), SourceID: "fund-1", Funder: "Workforce Trust",
		AmountPence: 1_500_000, Currency: "GBP", PeriodStartsOn: d("2025-04-01"), PeriodEndsOn: d("2026-03-31")}
}

func expenditureRecorded(id string) events.ExpenditureRecorded {
	return events.ExpenditureRecorded{ProgrammeID: progID, ExpenditureID: id, SpentOn: d("2025-01-20"), AmountPence: 45_000,
		Currency: "GBP", Category: events.SpendTraining}
}

func launched() events.ProgrammeLaunched {
	return events.ProgrammeLaunched{ProgrammeID: progID, LaunchedOn: d("2025-01-06")}
}

func documentRevised(ref string, revision int) events.DocumentRevised {
	return events.DocumentRevised{ProgrammeID: progID, RevisedOn: d("2025-07-01"), DocumentKind: events.DocumentMeetingLogTemplate,
		DocumentRef: ref, Revision: revision, Summary: "Added the date of the next contact"}
}

func closed() events.ProgrammeClosed {
	return events.ProgrammeClosed{ProgrammeID: progID, ClosedOn: d("2026-03-31"), Reason: events.CloseCompleted}
}

// command runs the programme command that would record e.
func command(p *domain.Programme, e events.Payload) error {
	switch e := e.(type) {
	case events.PlanAdopted:
		return p.AdoptPlan(domain.AdoptPlan(e))
	case events.PurposeStated:
		return p.StatePurpose(domain.StatePurpose(e))
	case events.SeniorLeadAssigned:
		return p.AssignSeniorLead(domain.AssignSeniorLead(e))
	case events.SteeringGroupFormed:
		return p.FormSteeringGroup(domain.FormSteeringGroup(e))
	case events.CoordinatorAppointed:
		return p.AppointCoordinator(domain.AppointCoordinator(e))
	case events.AdministrationArranged:
		return p.ArrangeAdministration(domain.ArrangeAdministration(e))
	case events.PolicyAdopted:
		return p.AdoptPolicy(domain.AdoptPolicy(e))
	case events.EtiquetteAdopted:
		return p.AdoptEtiquette(domain.AdoptEtiquette(e))
	case events.CommunicationStrategyAdopted:
		return p.AdoptCommunicationStrategy(domain.AdoptCommunicationStrategy(e))
	case events.MarketingStrategyAdopted:
		return p.AdoptMarketingStrategy(domain.AdoptMarketingStrategy(e))
	case events.SelectionCriteriaSet:
		return p.SetSelectionCriteria(domain.SetSelectionCriteria(e))
	case events.MentorTrainingDefined:
		return p.DefineMentorTraining(domain.DefineMentorTraining(e))
	case events.MenteeInductionDefined:
		return p.DefineMenteeInduction(domain.DefineMenteeInduction(e))
	case events.MatchingStrategyDefined:
		return p.DefineMatchingStrategy(domain.DefineMatchingStrategy(e))
	case events.EvaluationStrategyDefined:
		return p.DefineEvaluationStrategy(domain.DefineEvaluationStrategy(e))
	case events.RecognitionArranged:
		return p.ArrangeRecognition(domain.ArrangeRecognition(e))
	case events.ExpensesPolicyDecided:
		return p.DecideExpensesPolicy(domain.DecideExpensesPolicy(e))
	case events.BudgetSet:
		return p.SetBudget(domain.SetBudget(e))
	case events.FundingSourceIdentified:
		return p.IdentifyFundingSource(domain.IdentifyFundingSource(e))
	case events.FundingSecured:
		return p.SecureFunding(domain.SecureFunding(e))
	case events.ExpenditureRecorded:
		return p.RecordExpenditure(domain.RecordExpenditure(e))
	case events.ProgrammeLaunched:
		return p.LaunchProgramme(domain.LaunchProgramme(e))
	case events.StakeholdersBriefed:
		return p.BriefStakeholders(domain.BriefStakeholders(e))
	case events.ProgrammeReviewed:
		return p.ReviewProgramme(domain.ReviewProgramme(e))
	case events.DocumentRevised:
		return p.ReviseDocument(domain.ReviseDocument(e))
	case events.ProgrammeClosed:
		return p.CloseProgramme(domain.CloseProgramme(e))
	}
	panic(fmt.Sprintf("no command records %T", e))
}

// designed is the fixture programme with every design event before e
// recorded, which e may need (a launch needs a purpose, secured funding its
// source).
func designed(e events.Payload) *domain.Programme {
	history := []events.Payload{registered(), planAdopted()}
	for _, prior := range designEvents() {
		if prior.EventType() == e.EventType() {
			break
		}
		history = append(history, prior)
	}
	return programme(history...)
}

// with sets the programme id and the date of the fact of a design event.
func with(e events.Payload, id string, on events.Date) events.Payload {
	switch e := e.(type) {
	case events.PurposeStated:
		e.ProgrammeID, e.StatedOn = id, on
		return e
	case events.SeniorLeadAssigned:
		e.ProgrammeID, e.AssignedOn = id, on
		return e
	case events.SteeringGroupFormed:
		e.ProgrammeID, e.FormedOn = id, on
		return e
	case events.CoordinatorAppointed:
		e.ProgrammeID, e.AppointedOn = id, on
		return e
	case events.AdministrationArranged:
		e.ProgrammeID, e.ArrangedOn = id, on
		return e
	case events.PolicyAdopted:
		e.ProgrammeID, e.AdoptedOn = id, on
		return e
	case events.EtiquetteAdopted:
		e.ProgrammeID, e.AdoptedOn = id, on
		return e
	case events.CommunicationStrategyAdopted:
		e.ProgrammeID, e.AdoptedOn = id, on
		return e
	case events.MarketingStrategyAdopted:
		e.ProgrammeID, e.AdoptedOn = id, on
		return e
	case events.SelectionCriteriaSet:
		e.ProgrammeID, e.SetOn = id, on
		return e
	case events.MentorTrainingDefined:
		e.ProgrammeID, e.DefinedOn = id, on
		return e
	case events.MenteeInductionDefined:
		e.ProgrammeID, e.DefinedOn = id, on
		return e
	case events.MatchingStrategyDefined:
		e.ProgrammeID, e.DefinedOn = id, on
		return e
	case events.EvaluationStrategyDefined:
		e.ProgrammeID, e.DefinedOn = id, on
		return e
	case events.RecognitionArranged:
		e.ProgrammeID, e.ArrangedOn = id, on
		return e
	case events.ExpensesPolicyDecided:
		e.ProgrammeID, e.DecidedOn = id, on
		return e
	case events.BudgetSet:
		e.ProgrammeID, e.SetOn = id, on
		return e
	case events.FundingSourceIdentified:
		e.ProgrammeID, e.IdentifiedOn = id, on
		return e
	case events.FundingSecured:
		e.ProgrammeID, e.SecuredOn = id, on
		return e
	case events.ExpenditureRecorded:
		e.ProgrammeID, e.SpentOn = id, on
		return e
	case events.ProgrammeLaunched:
		e.ProgrammeID, e.LaunchedOn = id, on
		return e
	case events.StakeholdersBriefed:
		e.ProgrammeID, e.BriefedOn = id, on
		return e
	case events.ProgrammeReviewed:
		e.ProgrammeID, e.ReviewedOn = id, on
		return e
	case events.DocumentRevised:
		e.ProgrammeID, e.RevisedOn = id, on
		return e
	case events.ProgrammeClosed:
		e.ProgrammeID, e.ClosedOn = id, on
		return e
	}
	panic(fmt.Sprintf("with: %T", e))
}

// dateField names the date of the fact of a design event.
var dateField = map[string]string{
	"programme.purpose_stated": "stated_on", "programme.senior_lead_assigned": "assigned_on",
	"programme.steering_group_formed": "formed_on", "programme.coordinator_appointed": "appointed_on",
	"programme.administration_arranged": "arranged_on", "programme.policy_adopted": "adopted_on",
	"programme.etiquette_adopted": "adopted_on", "programme.communication_strategy_adopted": "adopted_on",
	"programme.marketing_strategy_adopted": "adopted_on", "programme.selection_criteria_set": "set_on",
	"programme.mentor_training_defined": "defined_on", "programme.mentee_induction_defined": "defined_on",
	"programme.matching_strategy_defined": "defined_on", "programme.evaluation_strategy_defined": "defined_on",
	"programme.recognition_arranged": "arranged_on", "programme.expenses_policy_decided": "decided_on",
	"programme.budget_set": "set_on", "programme.funding_source_identified": "identified_on",
	"programme.funding_secured": "secured_on", "programme.expenditure_recorded": "spent_on",
	"programme.launched": "launched_on", "programme.stakeholders_briefed": "briefed_on",
	"programme.reviewed": "reviewed_on", "programme.document_revised": "revised_on", "programme.closed": "closed_on",
}

func TestEveryProgrammeDesignEventIsRecordedAsGiven(t *testing.T) {
	for _, e := range designEvents() {
		t.Run(e.EventType(), func(t *testing.T) {
			p := designed(e)
			err := command(p, e)
			then(t, err, p.Changes(), e)
		})
	}
}

func TestEveryProgrammeEventNeedsARegisteredProgramme(t *testing.T) {
	for _, e := range designEvents() {
		t.Run(e.EventType(), func(t *testing.T) {
			p := domain.LoadProgramme(nil)
			err := command(p, e)
			thenError(t, err, p.Changes(), events.ENOTFOUND, "programme prog-1: not found")
		})
	}
}

func TestEveryProgrammeEventNamesItsProgramme(t *testing.T) {
	for _, e := range designEvents() {
		t.Run(e.EventType(), func(t *testing.T) {
			p := designed(e)
			err := command(p, with(e, "prog-2", d("2025-01-10")))
			thenError(t, err, p.Changes(), events.EINVALID, e.EventType()+`.programme_id: must be prog-1, got "prog-2"`)
		})
	}
}

func TestNoProgrammeEventAfterItIsClosed(t *testing.T) {
	all := append([]events.Payload{planAdopted()}, designEvents()...)
	for _, e := range all[:len(all)-1] { // closing twice has its own test
		t.Run(e.EventType(), func(t *testing.T) {
			history := append([]events.Payload{registered(), planAdopted(), purposeStated(), fundingSourceIdentified()}, closed())
			p := programme(history...)
			err := command(p, e)
			thenError(t, err, p.Changes(), events.ECONFLICT, e.EventType()+": programme prog-1 closed on 2026-03-31; nothing is recorded after")
		})
	}
}

func TestEveryProgrammeFactIsDatedOnOrAfterTheRegistration(t *testing.T) {
	for _, e := range designEvents() {
		field := dateField[e.EventType()]
		t.Run(e.EventType(), func(t *testing.T) {
			p := designed(e)
			err := command(p, with(e, progID, events.Date{}))
			thenError(t, err, p.Changes(), events.EINVALID, e.EventType()+"."+field+": required")
			err = command(p, with(e, progID, d("2024-10-31")))
			thenError(t, err, p.Changes(), events.EINVALID, e.EventType()+"."+field+": must be on or after registered_on 2024-11-01, got 2024-10-31")
		})
	}
}
