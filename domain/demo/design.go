package demo

import (
	"context"
	"fmt"

	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/domain/app"
	"github.com/mentorledger/mentorledger/events"
)

// programmeFact records one programme-level fact through its Service
// command.
func programmeFact(ctx context.Context, s *app.Service, actor string, e events.Payload) error {
	var err error
	switch e := e.(type) {
	case events.ProgrammeRegistered:
		_, err = s.RegisterProgramme(ctx, actor, domain.RegisterProgramme(e))
	case events.PlanAdopted:
		_, err = s.AdoptPlan(ctx, actor, domain.AdoptPlan(e))
	case events.PurposeStated:
		_, err = s.StatePurpose(ctx, actor, domain.StatePurpose(e))
	case events.SeniorLeadAssigned:
		_, err = s.AssignSeniorLead(ctx, actor, domain.AssignSeniorLead(e))
	case events.SteeringGroupFormed:
		_, err = s.FormSteeringGroup(ctx, actor, domain.FormSteeringGroup(e))
	case events.CoordinatorAppointed:
		_, err = s.AppointCoordinator(ctx, actor, domain.AppointCoordinator(e))
	case events.AdministrationArranged:
		_, err = s.ArrangeAdministration(ctx, actor, domain.ArrangeAdministration(e))
	case events.PolicyAdopted:
		_, err = s.AdoptPolicy(ctx, actor, domain.AdoptPolicy(e))
	case events.EtiquetteAdopted:
		_, err = s.AdoptEtiquette(ctx, actor, domain.AdoptEtiquette(e))
	case events.CommunicationStrategyAdopted:
		_, err = s.AdoptCommunicationStrategy(ctx, actor, domain.AdoptCommunicationStrategy(e))
	case events.MarketingStrategyAdopted:
		_, err = s.AdoptMarketingStrategy(ctx, actor, domain.AdoptMarketingStrategy(e))
	case events.SelectionCriteriaSet:
		_, err = s.SetSelectionCriteria(ctx, actor, domain.SetSelectionCriteria(e))
	case events.MentorTrainingDefined:
		_, err = s.DefineMentorTraining(ctx, actor, domain.DefineMentorTraining(e))
	case events.MenteeInductionDefined:
		_, err = s.DefineMenteeInduction(ctx, actor, domain.DefineMenteeInduction(e))
	case events.MatchingStrategyDefined:
		_, err = s.DefineMatchingStrategy(ctx, actor, domain.DefineMatchingStrategy(e))
	case events.EvaluationStrategyDefined:
		_, err = s.DefineEvaluationStrategy(ctx, actor, domain.DefineEvaluationStrategy(e))
	case events.RecognitionArranged:
		_, err = s.ArrangeRecognition(ctx, actor, domain.ArrangeRecognition(e))
	case events.ExpensesPolicyDecided:
		_, err = s.DecideExpensesPolicy(ctx, actor, domain.DecideExpensesPolicy(e))
	case events.BudgetSet:
		_, err = s.SetBudget(ctx, actor, domain.SetBudget(e))
	case events.FundingSourceIdentified:
		_, err = s.IdentifyFundingSource(ctx, actor, domain.IdentifyFundingSource(e))
	case events.FundingSecured:
		_, err = s.SecureFunding(ctx, actor, domain.SecureFunding(e))
	case events.ExpenditureRecorded:
		_, err = s.RecordExpenditure(ctx, actor, domain.RecordExpenditure(e))
	case events.ProgrammeLaunched:
		_, err = s.LaunchProgramme(ctx, actor, domain.LaunchProgramme(e))
	case events.StakeholdersBriefed:
		_, err = s.BriefStakeholders(ctx, actor, domain.BriefStakeholders(e))
	case events.ProgrammeReviewed:
		_, err = s.ReviewProgramme(ctx, actor, domain.ReviewProgramme(e))
	case events.DocumentRevised:
		_, err = s.ReviseDocument(ctx, actor, domain.ReviseDocument(e))
	case events.ProgrammeClosed:
		_, err = s.CloseProgramme(ctx, actor, domain.CloseProgramme(e))
	case events.WarningThresholdsSet:
		_, err = s.SetWarningThresholds(ctx, actor, domain.SetWarningThresholds(e))
	default:
		err = fmt.Errorf("demo: no programme command for %s", e.EventType())
	}
	return err
}

// fact plans a programme-level fact recorded at h:m on day.
func (g *generator) fact(day string, h, m int, e events.Payload) {
	actor := g.p.coordinator
	g.add(on(events.MustDate(day), h, m), e.EventType(), g.p.id+": "+e.EventType(), func(ctx context.Context, s *app.Service) error {
		return programmeFact(ctx, s, actor, e)
	})
}

// planProgramme registers the programme, adopts its plan and records its
// design.
func (g *generator) planProgramme() {
	p := g.p
	g.add(p.registeredAt, events.ProgrammeRegistered{}.EventType(), "register programme "+p.id, func(ctx context.Context, s *app.Service) error {
		return programmeFact(ctx, s, p.coordinator, events.ProgrammeRegistered{ProgrammeID: p.id, Name: p.name, Organisations: append([]string(nil), p.orgs...),
			Partnership: p.partnership, Models: append([]string(nil), p.models...), RegisteredOn: date(p.registeredAt)})
	})
	p.design(g)
}

// adoptPlan plans the programme's plan adopted on day.
func (g *generator) adoptPlan(day string) {
	p := g.p
	g.fact(day, 14, 30, events.PlanAdopted{
		ProgrammeID: p.id, AdoptedOn: events.MustDate(day), StartsOn: p.startsOn, EndsOn: p.endsOn,
		RelationshipMonths: p.months, MeetingFrequencyDays: 30, MinMeetingMinutes: 60, MaxMeetingMinutes: 120,
		ContactAfterMeetingDays: 14, DocumentsDueDays: 7,
		MentorTrainingMandatory: p.mentorTrainingMandatory, MenteeInductionMandatory: true,
	})
}

func policy(id, day, kind, ref, review string) events.PolicyAdopted {
	return events.PolicyAdopted{ProgrammeID: id, AdoptedOn: events.MustDate(day), Policy: kind, DocumentRef: ref, ReviewOn: events.MustDate(review)}
}

func spend(id, ref, day string, pounds int64, category string) events.ExpenditureRecorded {
	return events.ExpenditureRecorded{ProgrammeID: id, ExpenditureID: ref, SpentOn: events.MustDate(day), AmountPence: pounds * 100, Currency: "GBP", Category: category}
}

// peerDesign is the peer programme's design, steps 1 to 8. Its evaluation
// strategy is defined only after the launch (checklist 1 asks for it
// before): the mess a timing check should catch.
func peerDesign(g *generator) {
	id, d := g.p.id, events.MustDate
	g.fact("2024-11-06", 11, 0, events.PurposeStated{ProgrammeID: id, StatedOn: d("2024-11-06"),
		Purpose:          "Develop leadership and professional confidence across the health and social care partnership through peer mentoring",
		Aims:             []string{"Support staff stepping into leadership roles", "Share practice across the two organisations", "Retain experienced staff"},
		ExpectedOutcomes: []string{"Mentees report greater confidence in their role", "Cross-organisation working relationships", "Lower turnover among mentees"},
		ExpectedOutputs:  []string{"About 250 mentoring relationships over two years", "Trained mentors in both organisations", "An evaluation report each year"}})
	g.fact("2024-11-07", 10, 0, events.SeniorLeadAssigned{ProgrammeID: id, AssignedOn: d("2024-11-07"), LeadID: "lead-01", Organisation: organisations[0]})
	g.fact("2024-11-12", 15, 0, events.SteeringGroupFormed{ProgrammeID: id, FormedOn: d("2024-11-12"), Members: []events.SteeringMember{
		{Role: events.SteeringSeniorLead, Organisation: organisations[0]}, {Role: events.SteeringCoordinator, Organisation: organisations[0]},
		{Role: events.SteeringPartnerRepresentative, Organisation: organisations[1]}, {Role: events.SteeringHumanResources, Organisation: organisations[1]},
		{Role: events.SteeringLearningDevelopment, Organisation: organisations[0]}, {Role: events.SteeringLineManager, Organisation: organisations[1]},
	}, Objectives: []string{"Oversee the programme's design and delivery", "Review progress each quarter"}})
	g.fact("2024-11-12", 16, 0, events.CoordinatorAppointed{ProgrammeID: id, AppointedOn: d("2024-11-12"), CoordinatorID: g.p.coordinator,
		Appointment: events.AppointmentInternalDedicated, HoursPerWeek: 30})
	g.fact("2024-11-14", 10, 0, events.AdministrationArranged{ProgrammeID: id, ArrangedOn: d("2024-11-14"), HoursPerWeek: 15, RecordsStorage: events.RecordsElectronic})
	g.fact("2024-11-18", 11, 0, events.FundingSourceIdentified{ProgrammeID: id, IdentifiedOn: d("2024-11-18"), SourceID: "fund-partnership",
		Funder: "Lochside and Eastbank Integration Joint Board", FunderKind: events.FunderPartnerOrganisation, Status: events.FundingActual})
	g.fact("2024-11-18", 11, 30, events.FundingSourceIdentified{ProgrammeID: id, IdentifiedOn: d("2024-11-18"), SourceID: "fund-workforce-trust",
		Funder: "Workforce Development Trust", FunderKind: events.FunderCharitableTrust, Status: events.FundingPotential})
	g.fact("2024-11-20", 14, 0, events.BudgetSet{ProgrammeID: id, SetOn: d("2024-11-20"), AmountPence: 8_650_000, Currency: "GBP",
		PeriodStartsOn: d("2025-01-01"), PeriodEndsOn: d("2025-12-31")})
	g.adoptPlan("2024-11-25")
	g.fact("2024-11-26", 9, 30, events.FundingSecured{ProgrammeID: id, SecuredOn: d("2024-11-26"), SourceID: "fund-partnership",
		Funder: "Lochside and Eastbank Integration Joint Board", AmountPence: 15_000_000, Currency: "GBP", PeriodStartsOn: d("2025-01-01"), PeriodEndsOn: d("2026-12-31")})
	for i, pol := range []events.PolicyAdopted{
		policy(id, "2024-11-27", events.PolicyCodeOfConduct, "PM-POL-01 code of conduct", "2025-11-27"),
		policy(id, "2024-11-27", events.PolicyConfidentialityDataProtection, "PM-POL-02 confidentiality and data protection", "2025-11-27"),
		policy(id, "2024-11-27", events.PolicyComplaints, "PM-POL-03 complaints", "2026-05-27"),
		policy(id, "2024-11-28", events.PolicyEqualOpportunities, "PM-POL-04 equal opportunities", "2025-11-28"),
		policy(id, "2024-11-28", events.PolicyHealthAndSafety, "PM-POL-05 lone working and venues", "2025-11-28"),
		policy(id, "2024-11-28", events.PolicyValuesStatement, "PM-POL-06 statement of values", "2026-11-28"),
		policy(id, "2024-11-28", events.PolicyGovernance, "PM-POL-07 governance", "2025-11-28"),
	} {
		g.fact(pol.AdoptedOn.String(), 10+i, 0, pol)
	}
	g.fact("2024-11-28", 17, 30, events.EtiquetteAdopted{ProgrammeID: id, AdoptedOn: d("2024-11-28"), Principles: []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, DocumentRef: "PM-ETQ-01"})
	g.fact("2024-11-29", 10, 0, events.MentorTrainingDefined{ProgrammeID: id, DefinedOn: d("2024-11-29"), Mandatory: true,
		Topics: []string{"the role and its boundaries", "etiquette and confidentiality", "listening and questioning skills", "GROW and OSKAR", "action planning", "ending well"}})
	g.fact("2024-11-29", 11, 0, events.MenteeInductionDefined{ProgrammeID: id, DefinedOn: d("2024-11-29"), Mandatory: true,
		Topics: []string{"what mentoring is and is not", "taking responsibility for the log", "setting goals", "confidentiality"}})
	g.fact("2024-12-02", 9, 0, events.SelectionCriteriaSet{ProgrammeID: id, SetOn: d("2024-12-02"), Role: events.RoleMentor,
		Criteria: []string{"At least three years in a leadership or senior practitioner role", "Line manager's support for the time", "No line-management link with a mentee"}})
	g.fact("2024-12-02", 9, 10, events.SelectionCriteriaSet{ProgrammeID: id, SetOn: d("2024-12-02"), Role: events.RoleMentee,
		Criteria: []string{"A development goal the programme can support", "Able to commit to monthly meetings for six months"}})
	g.fact("2024-12-02", 9, 20, events.CommunicationStrategyAdopted{ProgrammeID: id, AdoptedOn: d("2024-12-02"),
		Audiences: []string{events.AudienceSeniorManagers, events.AudienceLineManagers, events.AudienceMentors, events.AudienceMentees, events.AudienceSteeringGroup}, DocumentRef: "PM-COM-01"})
	g.fact("2024-12-02", 9, 30, events.MarketingStrategyAdopted{ProgrammeID: id, AdoptedOn: d("2024-12-02"),
		Audiences: []string{events.AudienceStaff, events.AudiencePartnerOrganisations}, DocumentRef: "PM-MKT-01"})
	g.fact("2024-12-03", 10, 0, events.MatchingStrategyDefined{ProgrammeID: id, DefinedOn: d("2024-12-03"),
		Criteria: []string{"development goal and mentor's experience", "mentor from the other organisation where possible", "no line-management link"}, RematchingOffered: true})
	g.fact("2024-12-04", 10, 0, events.RecognitionArranged{ProgrammeID: id, ArrangedOn: d("2024-12-04"),
		Mechanisms: []string{events.RecognitionCertificate, events.RecognitionCPD, events.RecognitionCelebration}})
	g.fact("2024-12-04", 11, 0, events.ExpensesPolicyDecided{ProgrammeID: id, DecidedOn: d("2024-12-04"), MentorsPaid: true, MenteesPaid: true, DocumentRef: "PM-EXP-01"})
	g.fact("2024-12-09", 12, 0, spend(id, "exp-001", "2024-12-09", 2400, events.SpendTraining))
	g.fact("2024-12-10", 15, 0, events.StakeholdersBriefed{ProgrammeID: id, BriefedOn: d("2024-12-10"),
		Audiences: []string{events.AudienceSeniorManagers, events.AudienceLineManagers}, Method: events.BriefingPresentation})
	g.fact("2024-12-16", 12, 0, events.ProgrammeLaunched{ProgrammeID: id, LaunchedOn: d("2024-12-16")})
	g.fact("2024-12-16", 13, 0, spend(id, "exp-002", "2024-12-16", 650, events.SpendMarketing))
	// Checklist 1 asks for the evaluation strategy before the launch; this
	// programme got to it eight weeks after.
	g.fact("2025-02-10", 11, 0, events.EvaluationStrategyDefined{ProgrammeID: id, DefinedOn: d("2025-02-10"),
		Measures:  []string{events.MeasureGoalsAchieved, events.MeasureMilestonesAchieved, events.MeasureSkillsAcquired, events.MeasureRelationshipCompletion, events.MeasureParticipantFeedback, events.MeasureStaffTurnover},
		Methods:   []string{events.EvaluationQuestionnaires, events.EvaluationFocusGroups, events.EvaluationInterviews, events.EvaluationMilestoneAssessment, events.EvaluationStatistics},
		Audiences: []string{events.AudienceSteeringGroup, events.AudienceSeniorManagers, events.AudienceFunders}, QuestionnaireEveryDays: 180})
	g.flag(MessLateEvaluationPlan, id)
	for i, q := range []string{"2025-03-31", "2025-06-30", "2025-09-29", "2025-12-15", "2026-03-30", "2026-06-29", "2026-09-28"} {
		g.fact(q, 15, 0, events.ProgrammeReviewed{ProgrammeID: id, ReviewedOn: d(q), Kind: events.ReviewSteeringGroup})
		g.fact(q, 16, 0, spend(id, fmt.Sprintf("exp-%03d", 10+i), q, int64(1800+150*i), pick(g, []string{events.SpendVenues, events.SpendMaterials, events.SpendTraining, events.SpendAdministration})))
	}
	g.fact("2025-04-14", 10, 0, events.DocumentRevised{ProgrammeID: id, RevisedOn: d("2025-04-14"), DocumentKind: events.DocumentAgreementTemplate,
		DocumentRef: "PM-AGR-01", Revision: 2, Summary: "Added the agreed end date and the review points to the agreement"})
	g.fact("2025-06-16", 14, 0, events.StakeholdersBriefed{ProgrammeID: id, BriefedOn: d("2025-06-16"),
		Audiences: []string{events.AudienceSteeringGroup, events.AudienceFunders, events.AudiencePartnerOrganisations}, Method: events.BriefingWritten})
	g.fact("2025-07-21", 10, 0, events.DocumentRevised{ProgrammeID: id, RevisedOn: d("2025-07-21"), DocumentKind: events.DocumentProcedureManual,
		DocumentRef: "PM-MAN-01", Revision: 2, Summary: "Rematching procedure and the closure checklist added"})
	g.fact("2025-11-03", 10, 0, events.BudgetSet{ProgrammeID: id, SetOn: d("2025-11-03"), AmountPence: 9_100_000, Currency: "GBP",
		PeriodStartsOn: d("2026-01-01"), PeriodEndsOn: d("2026-12-31")})
	g.fact("2025-12-08", 10, 0, events.DocumentRevised{ProgrammeID: id, RevisedOn: d("2025-12-08"), DocumentKind: events.DocumentTrainingMaterials,
		DocumentRef: "PM-TRN-01", Revision: 2, Summary: "More on boundaries: when to signpost to occupational health"})
	g.fact("2025-12-15", 16, 30, events.ProgrammeReviewed{ProgrammeID: id, ReviewedOn: d("2025-12-15"), Kind: events.ReviewAnnual,
		ChangesAgreed: []string{"Quarterly intakes continue", "Remind pairs to prepare for the ending two meetings ahead"}})
	g.fact("2025-12-19", 12, 0, spend(id, "exp-040", "2025-12-19", 900, events.SpendRecognition))
	g.fact("2026-06-15", 11, 0, events.ProgrammeReviewed{ProgrammeID: id, ReviewedOn: d("2026-06-15"), Kind: events.ReviewMidTerm})
}

// schemeDesign is the refugee education scheme's design, all of it before
// the launch (checklist 1).
func schemeDesign(g *generator) {
	id, d := g.p.id, events.MustDate
	g.fact("2025-05-14", 11, 0, events.PurposeStated{ProgrammeID: id, StatedOn: d("2025-05-14"),
		Purpose:          "Support school staff to help refugee children access and thrive in education, through mentoring by experienced colleagues",
		Aims:             []string{"Build staff confidence with newly arrived pupils", "Share trauma-informed and EAL practice between schools", "Strengthen links with families and the resettlement team"},
		ExpectedOutcomes: []string{"Staff report greater confidence and competence", "Refugee pupils' attendance and engagement improve"},
		ExpectedOutputs:  []string{"About twenty mentoring relationships over the school year", "Mentors assessed against the EMCC competence framework"}})
	g.fact("2025-05-15", 10, 0, events.SeniorLeadAssigned{ProgrammeID: id, AssignedOn: d("2025-05-15"), LeadID: "rs-lead", Organisation: schemeOrgs[0]})
	g.fact("2025-05-20", 15, 0, events.SteeringGroupFormed{ProgrammeID: id, FormedOn: d("2025-05-20"), Members: []events.SteeringMember{
		{Role: events.SteeringSeniorLead, Organisation: schemeOrgs[0]}, {Role: events.SteeringCoordinator, Organisation: schemeOrgs[0]},
		{Role: events.SteeringPartnerRepresentative, Organisation: schemeOrgs[1]}, {Role: events.SteeringPartnerRepresentative, Organisation: schemeOrgs[2]},
		{Role: events.SteeringOther, Organisation: schemeOrgs[0]},
	}})
	g.fact("2025-05-20", 16, 0, events.CoordinatorAppointed{ProgrammeID: id, AppointedOn: d("2025-05-20"), CoordinatorID: g.p.coordinator,
		Appointment: events.AppointmentInternalPartOfRole, HoursPerWeek: 8})
	g.fact("2025-05-21", 10, 0, events.AdministrationArranged{ProgrammeID: id, ArrangedOn: d("2025-05-21"), HoursPerWeek: 4, RecordsStorage: events.RecordsElectronic})
	g.fact("2025-05-22", 10, 0, events.FundingSourceIdentified{ProgrammeID: id, IdentifiedOn: d("2025-05-22"), SourceID: "fund-resettlement",
		Funder: "Refugee resettlement education grant", FunderKind: events.FunderPublicBody, Status: events.FundingActual})
	g.fact("2025-05-22", 10, 30, events.BudgetSet{ProgrammeID: id, SetOn: d("2025-05-22"), AmountPence: 1_800_000, Currency: "GBP",
		PeriodStartsOn: d("2025-08-01"), PeriodEndsOn: d("2026-07-31")})
	g.adoptPlan("2025-05-26")
	g.fact("2025-05-27", 9, 0, events.FundingSecured{ProgrammeID: id, SecuredOn: d("2025-05-27"), SourceID: "fund-resettlement",
		Funder: "Refugee resettlement education grant", AmountPence: 1_800_000, Currency: "GBP", PeriodStartsOn: d("2025-08-01"), PeriodEndsOn: d("2026-07-31")})
	for i, pol := range []events.PolicyAdopted{
		policy(id, "2025-05-28", events.PolicyProtectingVulnerableGroups, "RS-POL-01 child protection and safeguarding", "2026-05-28"),
		policy(id, "2025-05-28", events.PolicyConfidentialityDataProtection, "RS-POL-02 confidentiality: children and families", "2026-05-28"),
		policy(id, "2025-05-28", events.PolicyCodeOfConduct, "RS-POL-03 EMCC Global Code of Ethics", "2026-05-28"),
		policy(id, "2025-05-29", events.PolicyEqualOpportunities, "RS-POL-04 equality and inclusion", "2026-05-29"),
	} {
		g.fact(pol.AdoptedOn.String(), 10+i, 0, pol)
	}
	g.fact("2025-05-29", 16, 0, events.EtiquetteAdopted{ProgrammeID: id, AdoptedOn: d("2025-05-29"), Principles: []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, DocumentRef: "RS-ETQ-01"})
	g.fact("2025-05-30", 10, 0, events.SelectionCriteriaSet{ProgrammeID: id, SetOn: d("2025-05-30"), Role: events.RoleMentor,
		Criteria: []string{"Experience of teaching or supporting refugee or EAL pupils", "Commitment to the EMCC code of ethics"}})
	g.fact("2025-05-30", 10, 10, events.SelectionCriteriaSet{ProgrammeID: id, SetOn: d("2025-05-30"), Role: events.RoleMentee,
		Criteria: []string{"Working with one or more refugee pupils this school year"}})
	g.fact("2025-05-30", 11, 0, events.MentorTrainingDefined{ProgrammeID: id, DefinedOn: d("2025-05-30"), Mandatory: false,
		Topics: []string{"the EMCC competence framework", "reflective practice", "GROW and OSKAR", "boundaries: mentoring is not counselling"}})
	g.fact("2025-05-30", 11, 30, events.MenteeInductionDefined{ProgrammeID: id, DefinedOn: d("2025-05-30"), Mandatory: true,
		Topics: []string{"the mentoring contract", "the Scaife self-assessment", "confidentiality about children"}})
	g.fact("2025-06-02", 9, 0, events.CommunicationStrategyAdopted{ProgrammeID: id, AdoptedOn: d("2025-06-02"),
		Audiences: []string{events.AudienceSeniorManagers, events.AudienceStaff, events.AudienceMentors, events.AudienceMentees}, DocumentRef: "RS-COM-01"})
	g.fact("2025-06-02", 9, 30, events.MarketingStrategyAdopted{ProgrammeID: id, AdoptedOn: d("2025-06-02"),
		Audiences: []string{events.AudienceStaff}, DocumentRef: "RS-MKT-01"})
	g.fact("2025-06-03", 10, 0, events.MatchingStrategyDefined{ProgrammeID: id, DefinedOn: d("2025-06-03"),
		Criteria: []string{"mentor from another school", "the pupils' languages and needs", "phase: primary or secondary"}, RematchingOffered: true})
	g.fact("2025-06-04", 10, 0, events.EvaluationStrategyDefined{ProgrammeID: id, DefinedOn: d("2025-06-04"),
		Measures:  []string{events.MeasureGoalsAchieved, events.MeasureSkillsAcquired, events.MeasureParticipantFeedback},
		Methods:   []string{events.EvaluationQuestionnaires, events.EvaluationFocusGroups, events.EvaluationInterviews},
		Audiences: []string{events.AudienceSteeringGroup, events.AudienceFunders}})
	g.fact("2025-06-04", 11, 0, events.RecognitionArranged{ProgrammeID: id, ArrangedOn: d("2025-06-04"), Mechanisms: []string{events.RecognitionCertificate, events.RecognitionCPD}})
	g.fact("2025-06-04", 12, 0, events.ExpensesPolicyDecided{ProgrammeID: id, DecidedOn: d("2025-06-04"), MentorsPaid: true, MenteesPaid: false})
	// The steering group wants a pair flagged after five weeks without a
	// meeting and a review every two months: the staff are new to this
	// work, and a child's needs can change within a term.
	g.fact("2025-06-04", 12, 30, events.WarningThresholdsSet{ProgrammeID: id, SetOn: d("2025-06-04"), GapDays: 35, ReviewEveryDays: 60})
	g.fact("2025-08-20", 14, 0, events.StakeholdersBriefed{ProgrammeID: id, BriefedOn: d("2025-08-20"),
		Audiences: []string{events.AudienceSeniorManagers, events.AudienceStaff}, Method: events.BriefingMeeting})
	g.fact("2025-08-25", 12, 0, events.ProgrammeLaunched{ProgrammeID: id, LaunchedOn: d("2025-08-25")})
	g.fact("2025-08-26", 12, 0, spend(id, "rs-exp-01", "2025-08-26", 1200, events.SpendTraining))
	g.fact("2025-12-10", 15, 0, events.ProgrammeReviewed{ProgrammeID: id, ReviewedOn: d("2025-12-10"), Kind: events.ReviewSteeringGroup,
		ChangesAgreed: []string{"Offer mentor training to every mentor, not only new ones"}})
	g.fact("2026-01-05", 10, 0, events.DocumentRevised{ProgrammeID: id, RevisedOn: d("2026-01-05"), DocumentKind: events.DocumentInductionMaterials,
		DocumentRef: "RS-IND-01", Revision: 2, Summary: "Interpreting services and the resettlement team's contacts added"})
	g.fact("2026-03-16", 12, 0, spend(id, "rs-exp-02", "2026-03-16", 480, events.SpendVenues))
	g.fact("2026-08-24", 15, 0, events.ProgrammeReviewed{ProgrammeID: id, ReviewedOn: d("2026-08-24"), Kind: events.ReviewFinal,
		ChangesAgreed: []string{"Make mentor training mandatory in any future scheme"}})
}

// planClose closes a programme that closes, after everything else.
func (g *generator) planClose() {
	if g.p.closeOn.IsZero() {
		return
	}
	g.fact(g.p.closeOn.String(), 17, 0, events.ProgrammeClosed{ProgrammeID: g.p.id, ClosedOn: g.p.closeOn, Reason: events.CloseFundingEnded})
}
