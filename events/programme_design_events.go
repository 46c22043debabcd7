package events

// Programme design and management: the eight steps of the guidance and good
// practice checklists 1 (designing mentoring programmes), 2 (financial and
// resource planning) and 3 (policy requirements). Every payload names its
// programme and the date of the fact. People are referred to by id, never
// by name; amounts of money are whole pence.

// PurposeStated: what the programme is designed to achieve (step 1;
// checklist 1: "Programme has a clearly stated purpose" and "There is
// agreement on the programme goals and expected outcomes and outputs"). A
// later statement replaces an earlier one ("You should review the programme
// regularly").
type PurposeStated struct {
	ProgrammeID      string   `json:"programme_id"`
	StatedOn         Date     `json:"stated_on"`
	Purpose          string   `json:"purpose"`
	Aims             []string `json:"aims"`
	ExpectedOutcomes []string `json:"expected_outcomes"`
	ExpectedOutputs  []string `json:"expected_outputs"`
}

func (PurposeStated) EventType() string { return "programme.purpose_stated" }

// SeniorLeadAssigned: checklist 1, "Leadership is provided by a senior
// member of staff"; resource 4, "identify a champion or sponsor for the
// programme".
type SeniorLeadAssigned struct {
	ProgrammeID  string `json:"programme_id"`
	AssignedOn   Date   `json:"assigned_on"`
	LeadID       string `json:"lead_id"`
	Organisation string `json:"organisation"`
}

func (SeniorLeadAssigned) EventType() string { return "programme.senior_lead_assigned" }

// Roles on a steering group (step 3: "A steering committee or management
// group working to an agreed set of objectives").
const (
	SteeringSeniorLead            = "senior_lead"
	SteeringCoordinator           = "coordinator"
	SteeringPartnerRepresentative = "partner_representative"
	SteeringLineManager           = "line_manager"
	SteeringMentorRepresentative  = "mentor_representative"
	SteeringMenteeRepresentative  = "mentee_representative"
	SteeringHumanResources        = "human_resources"
	SteeringLearningDevelopment   = "learning_development"
	SteeringFunderRepresentative  = "funder_representative"
	SteeringOther                 = "other"
)

// SteeringMember is one seat on a steering group: a role and the
// organisation it represents, not a person.
type SteeringMember struct {
	Role         string `json:"role"`
	Organisation string `json:"organisation"`
}

// SteeringGroupFormed: checklist 1, "Programme is driven by a steering
// group or similar".
type SteeringGroupFormed struct {
	ProgrammeID string           `json:"programme_id"`
	FormedOn    Date             `json:"formed_on"`
	Members     []SteeringMember `json:"members"`
	Objectives  []string         `json:"objectives,omitempty"`
}

func (SteeringGroupFormed) EventType() string { return "programme.steering_group_formed" }

// How a co-ordinator is appointed (step 8: "an internal appointment with
// the role of co-ordinator forming part of an existing role, or ...
// bringing in external expertise").
const (
	AppointmentInternalPartOfRole = "internal_part_of_role"
	AppointmentInternalDedicated  = "internal_dedicated"
	AppointmentExternal           = "external"
)

// CoordinatorAppointed: checklist 1, "There is a dedicated co-ordinator or
// manager"; step 8, "Programmes which do not allocate sufficient time for
// co-ordination and management are likely to fail".
type CoordinatorAppointed struct {
	ProgrammeID   string `json:"programme_id"`
	AppointedOn   Date   `json:"appointed_on"`
	CoordinatorID string `json:"coordinator_id"`
	Appointment   string `json:"appointment"`
	HoursPerWeek  int    `json:"hours_per_week"`
}

func (CoordinatorAppointed) EventType() string { return "programme.coordinator_appointed" }

// Where confidential records are kept (step 4: "how confidential documents
// will be stored and managed").
const (
	RecordsElectronic         = "electronic_restricted"
	RecordsPaper              = "paper_locked"
	RecordsElectronicAndPaper = "electronic_and_paper"
)

// AdministrationArranged: checklist 1, "The programme has a dedicated
// administrative structure".
type AdministrationArranged struct {
	ProgrammeID    string `json:"programme_id"`
	ArrangedOn     Date   `json:"arranged_on"`
	HoursPerWeek   int    `json:"hours_per_week"`
	RecordsStorage string `json:"records_storage"`
}

func (AdministrationArranged) EventType() string { return "programme.administration_arranged" }

// The nine policies of good practice checklist 3, in its order.
const (
	PolicyCodeOfConduct                 = "code_of_conduct"
	PolicyComplaints                    = "complaints"
	PolicyConfidentialityDataProtection = "confidentiality_data_protection"
	PolicyEqualOpportunities            = "equal_opportunities"
	PolicyGovernance                    = "governance"
	PolicyHealthAndSafety               = "health_and_safety"
	PolicyVolunteering                  = "volunteering"
	PolicyValuesStatement               = "values_statement"
	PolicyProtectingVulnerableGroups    = "protecting_vulnerable_groups"
)

// PolicyAdopted: one of checklist 3's policies applies to the programme,
// held in a document and due for review (step 4: "how often you will
// review it").
type PolicyAdopted struct {
	ProgrammeID string `json:"programme_id"`
	AdoptedOn   Date   `json:"adopted_on"`
	Policy      string `json:"policy"`
	DocumentRef string `json:"document_ref"`
	ReviewOn    Date   `json:"review_on"`
}

func (PolicyAdopted) EventType() string { return "programme.policy_adopted" }

// EtiquetteAdopted: the guide to the etiquette of mentoring practice
// (step 5), as the numbers of the ten principles the programme adopted
// ("you can adapt and use it").
type EtiquetteAdopted struct {
	ProgrammeID string `json:"programme_id"`
	AdoptedOn   Date   `json:"adopted_on"`
	Principles  []int  `json:"principles"`
	DocumentRef string `json:"document_ref"`
}

func (EtiquetteAdopted) EventType() string { return "programme.etiquette_adopted" }

// Stakeholder audiences: of communication, marketing, briefings and the
// evaluation (checklist 4: "intended audience(s)").
const (
	AudienceSeniorManagers       = "senior_managers"
	AudienceLineManagers         = "line_managers"
	AudienceMentors              = "mentors"
	AudienceMentees              = "mentees"
	AudienceStaff                = "staff"
	AudiencePartnerOrganisations = "partner_organisations"
	AudienceSteeringGroup        = "steering_group"
	AudienceFunders              = "funders"
	AudienceOther                = "other"
)

// CommunicationStrategyAdopted: checklist 1, "Communication strategy in
// place to inform all stakeholders about the purpose of the programme".
type CommunicationStrategyAdopted struct {
	ProgrammeID string   `json:"programme_id"`
	AdoptedOn   Date     `json:"adopted_on"`
	Audiences   []string `json:"audiences"`
	DocumentRef string   `json:"document_ref"`
}

func (CommunicationStrategyAdopted) EventType() string {
	return "programme.communication_strategy_adopted"
}

// MarketingStrategyAdopted: checklist 1, "There is a marketing strategy".
type MarketingStrategyAdopted struct {
	ProgrammeID string   `json:"programme_id"`
	AdoptedOn   Date     `json:"adopted_on"`
	Audiences   []string `json:"audiences"`
	DocumentRef string   `json:"document_ref"`
}

func (MarketingStrategyAdopted) EventType() string { return "programme.marketing_strategy_adopted" }

// SelectionCriteriaSet: checklist 1, "the programme has recruitment and
// selection criteria", for mentors or for mentees (resource 4).
type SelectionCriteriaSet struct {
	ProgrammeID string   `json:"programme_id"`
	SetOn       Date     `json:"set_on"`
	Role        string   `json:"role"`
	Criteria    []string `json:"criteria"`
}

func (SelectionCriteriaSet) EventType() string { return "programme.selection_criteria_set" }

// MentorTrainingDefined: checklist 1, "mentor training is provided and is
// mandatory and content agreed". The latest definition, or plan, decides
// whether training is mandatory.
type MentorTrainingDefined struct {
	ProgrammeID string   `json:"programme_id"`
	DefinedOn   Date     `json:"defined_on"`
	Mandatory   bool     `json:"mandatory"`
	Topics      []string `json:"topics"`
}

func (MentorTrainingDefined) EventType() string { return "programme.mentor_training_defined" }

// MenteeInductionDefined: checklist 1, "mentee induction is provided and
// mandatory and content agreed".
type MenteeInductionDefined struct {
	ProgrammeID string   `json:"programme_id"`
	DefinedOn   Date     `json:"defined_on"`
	Mandatory   bool     `json:"mandatory"`
	Topics      []string `json:"topics"`
}

func (MenteeInductionDefined) EventType() string { return "programme.mentee_induction_defined" }

// MatchingStrategyDefined: checklist 1, "there is a strategy for matching
// and re-matching mentee and mentor individuals/group/teams".
type MatchingStrategyDefined struct {
	ProgrammeID       string   `json:"programme_id"`
	DefinedOn         Date     `json:"defined_on"`
	Criteria          []string `json:"criteria"`
	RematchingOffered bool     `json:"rematching_offered"`
}

func (MatchingStrategyDefined) EventType() string { return "programme.matching_strategy_defined" }

// Measures of success (step 7; checklist 4: "Assessment of achieved and
// missed milestones, goals and outcomes" and "Statistical measures (eg
// qualifications/learning objectives achieved, staff turnover, skills
// acquired)").
const (
	MeasureGoalsAchieved          = "goals_achieved"
	MeasureMilestonesAchieved     = "milestones_achieved"
	MeasureQualifications         = "qualifications"
	MeasureLearningObjectives     = "learning_objectives"
	MeasureSkillsAcquired         = "skills_acquired"
	MeasureStaffTurnover          = "staff_turnover"
	MeasureRelationshipCompletion = "relationship_completion"
	MeasureParticipantFeedback    = "participant_feedback"
)

// Methods of gathering evaluation data, the list of checklist 4.
const (
	EvaluationInterviews          = "interviews_feedback_sessions"
	EvaluationFocusGroups         = "focus_groups"
	EvaluationQuestionnaires      = "self_report_questionnaires"
	EvaluationMilestoneAssessment = "milestone_assessment"
	EvaluationStatistics          = "statistical_measures"
	EvaluationDocumentChanges     = "document_changes"
	EvaluationAdministrativeFiles = "administrative_files"
)

// EvaluationStrategyDefined: step 7, "measures of success should be agreed
// early in the process"; checklist 1, "develop the monitoring and evaluation
// strategy before the programme has begun". Whether it came before the
// launch is for the checklist report to judge.
type EvaluationStrategyDefined struct {
	ProgrammeID            string   `json:"programme_id"`
	DefinedOn              Date     `json:"defined_on"`
	Measures               []string `json:"measures"`
	Methods                []string `json:"methods"`
	Audiences              []string `json:"audiences"`
	QuestionnaireEveryDays int      `json:"questionnaire_every_days,omitempty"`
}

func (EvaluationStrategyDefined) EventType() string { return "programme.evaluation_strategy_defined" }

// Mechanisms of recognition (checklist 1; resource 4: "acknowledging
// significant individual contributions and good practice as a mentor as an
// element of performance reviews").
const (
	RecognitionCertificate       = "certificate"
	RecognitionCelebration       = "celebration_event"
	RecognitionCPD               = "cpd_record"
	RecognitionPerformanceReview = "performance_review"
	RecognitionAccreditation     = "accreditation"
	RecognitionOther             = "other"
)

// RecognitionArranged: checklist 1, "there are mechanisms in place for
// recognition of achievement" and "for recognition through continuous
// professional development processes (where appropriate)".
type RecognitionArranged struct {
	ProgrammeID string   `json:"programme_id"`
	ArrangedOn  Date     `json:"arranged_on"`
	Mechanisms  []string `json:"mechanisms"`
}

func (RecognitionArranged) EventType() string { return "programme.recognition_arranged" }

// WarningThresholdsSet: how soon a programme wants each of resource 19's
// pitfalls flagged in its relationships (the early warnings). The guidance
// gives the defaults — monthly meetings, goals and an agreement from the
// first meeting, a review at least every three months — and a programme
// whose pairs meet fortnightly, or that reviews every six weeks, sets its
// own. The setting recorded last is in force from then on. A field left 0
// takes its default: the domain records the value it stands for, so a
// recorded setting states every threshold.
type WarningThresholdsSet struct {
	ProgrammeID string `json:"programme_id"`
	SetOn       Date   `json:"set_on"`
	// PurposeDays: pitfall 1, no action plan or goal this many days after
	// the match.
	PurposeDays int `json:"purpose_days,omitempty"`
	// EndPointDays: pitfall 2, no agreed end date this many days after the
	// match.
	EndPointDays int `json:"end_point_days,omitempty"`
	// Postponements: pitfall 3, this many meetings postponed.
	Postponements int `json:"postponements,omitempty"`
	// GapDays: pitfall 3, more days than this between meetings.
	GapDays int `json:"gap_days,omitempty"`
	// ClosureDays: pitfall 5, no ending prepared this many days before the
	// agreed end.
	ClosureDays int `json:"closure_days,omitempty"`
	// ReviewEveryDays: pitfall 9, no review for longer than this.
	ReviewEveryDays int `json:"review_every_days,omitempty"`
}

func (WarningThresholdsSet) EventType() string { return "programme.warning_thresholds_set" }

// The guidance's early-warning thresholds: what a WarningThresholdsSet
// field left 0 stands for, and what applies where a programme set none.
const (
	DefaultPurposeDays     = 30
	DefaultEndPointDays    = 30
	DefaultPostponements   = 2
	DefaultGapDays         = 45
	DefaultClosureDays     = 30
	DefaultReviewEveryDays = 90
	// MaxThresholdDays bounds every threshold: ten years.
	MaxThresholdDays = 3660
)

// ExpensesPolicyDecided: checklist 1, "payment of expenses to mentors has
// been discussed". Deciding not to pay is a decision too.
type ExpensesPolicyDecided struct {
	ProgrammeID string `json:"programme_id"`
	DecidedOn   Date   `json:"decided_on"`
	MentorsPaid bool   `json:"mentors_paid"`
	MenteesPaid bool   `json:"mentees_paid"`
	DocumentRef string `json:"document_ref,omitempty"`
}

func (ExpensesPolicyDecided) EventType() string { return "programme.expenses_policy_decided" }

// BudgetSet: checklist 2, "Create a budget", for a period.
type BudgetSet struct {
	ProgrammeID    string `json:"programme_id"`
	SetOn          Date   `json:"set_on"`
	AmountPence    int64  `json:"amount_pence"`
	Currency       string `json:"currency"`
	PeriodStartsOn Date   `json:"period_starts_on"`
	PeriodEndsOn   Date   `json:"period_ends_on"`
}

func (BudgetSet) EventType() string { return "programme.budget_set" }

// Kinds of funder and whether a source is actual or potential (checklist
// 2: "Identify a list of actual and potential sources of funding").
const (
	FunderInternal            = "internal"
	FunderPartnerOrganisation = "partner_organisation"
	FunderPublicBody          = "public_body"
	FunderCharitableTrust     = "charitable_trust"
	FunderLottery             = "lottery"
	FunderCorporate           = "corporate"
	FunderOther               = "other"

	FundingActual    = "actual"
	FundingPotential = "potential"
)

// FundingSourceIdentified: a source of funding on checklist 2's list.
type FundingSourceIdentified struct {
	ProgrammeID  string `json:"programme_id"`
	IdentifiedOn Date   `json:"identified_on"`
	SourceID     string `json:"source_id"`
	Funder       string `json:"funder"`
	FunderKind   string `json:"funder_kind"`
	Status       string `json:"status"`
}

func (FundingSourceIdentified) EventType() string { return "programme.funding_source_identified" }

// FundingSecured: checklist 2, "Agree a level of funding to kick start and
// maintain the programme" and "Determine funder and funding life cycles".
type FundingSecured struct {
	ProgrammeID    string `json:"programme_id"`
	SecuredOn      Date   `json:"secured_on"`
	SourceID       string `json:"source_id,omitempty"`
	Funder         string `json:"funder"`
	AmountPence    int64  `json:"amount_pence"`
	Currency       string `json:"currency"`
	PeriodStartsOn Date   `json:"period_starts_on"`
	PeriodEndsOn   Date   `json:"period_ends_on"`
}

func (FundingSecured) EventType() string { return "programme.funding_secured" }

// Categories of spending.
const (
	SpendCoordination   = "coordination"
	SpendAdministration = "administration"
	SpendTraining       = "training"
	SpendInduction      = "induction"
	SpendVenues         = "venues"
	SpendExpenses       = "participant_expenses"
	SpendMaterials      = "materials"
	SpendMarketing      = "marketing"
	SpendEvaluation     = "evaluation"
	SpendRecognition    = "recognition"
	SpendOther          = "other"
)

// ExpenditureRecorded: checklist 2, "Establish a system for managing
// day-to-day project finances".
type ExpenditureRecorded struct {
	ProgrammeID   string `json:"programme_id"`
	ExpenditureID string `json:"expenditure_id"`
	SpentOn       Date   `json:"spent_on"`
	AmountPence   int64  `json:"amount_pence"`
	Currency      string `json:"currency"`
	Category      string `json:"category"`
}

func (ExpenditureRecorded) EventType() string { return "programme.expenditure_recorded" }

// ProgrammeLaunched: the programme began operating.
type ProgrammeLaunched struct {
	ProgrammeID string `json:"programme_id"`
	LaunchedOn  Date   `json:"launched_on"`
}

func (ProgrammeLaunched) EventType() string { return "programme.launched" }

// Ways of briefing stakeholders.
const (
	BriefingMeeting      = "meeting"
	BriefingPresentation = "presentation"
	BriefingWritten      = "written"
	BriefingOnline       = "online"
)

// StakeholdersBriefed: step 8, "briefing all stakeholders about the purpose
// of the mentoring programme and what benefits it will bring"; checklist 1,
// "All stakeholders understand the purpose of the programme".
type StakeholdersBriefed struct {
	ProgrammeID string   `json:"programme_id"`
	BriefedOn   Date     `json:"briefed_on"`
	Audiences   []string `json:"audiences"`
	Method      string   `json:"method"`
}

func (StakeholdersBriefed) EventType() string { return "programme.stakeholders_briefed" }

// Kinds of programme review.
const (
	ReviewSteeringGroup = "steering_group"
	ReviewAnnual        = "annual"
	ReviewMidTerm       = "mid_term"
	ReviewEndOfPilot    = "end_of_pilot"
	ReviewFinal         = "final"
	ReviewAdHoc         = "ad_hoc"
)

// ProgrammeReviewed: step 1, "You should review the programme regularly";
// step 8, "reviewing and evaluating the programme and providing feedback to
// those providing governance".
type ProgrammeReviewed struct {
	ProgrammeID   string   `json:"programme_id"`
	ReviewedOn    Date     `json:"reviewed_on"`
	Kind          string   `json:"kind"`
	ChangesAgreed []string `json:"changes_agreed,omitempty"`
}

func (ProgrammeReviewed) EventType() string { return "programme.reviewed" }

// Kinds of programme document.
const (
	DocumentProcedureManual       = "procedure_manual"
	DocumentPolicy                = "policy"
	DocumentPlan                  = "plan"
	DocumentEtiquetteGuide        = "etiquette_guide"
	DocumentAgreementTemplate     = "agreement_template"
	DocumentActionPlanTemplate    = "action_plan_template"
	DocumentMeetingLogTemplate    = "meeting_log_template"
	DocumentEvaluationTool        = "evaluation_tool"
	DocumentTrainingMaterials     = "training_materials"
	DocumentInductionMaterials    = "induction_materials"
	DocumentCommunicationStrategy = "communication_strategy"
	DocumentMarketingStrategy     = "marketing_strategy"
	DocumentOther                 = "other"
)

// DocumentRevised: checklist 4, "Changes made (and tracked) to project
// documents and tools during the life of the programme".
type DocumentRevised struct {
	ProgrammeID  string `json:"programme_id"`
	RevisedOn    Date   `json:"revised_on"`
	DocumentKind string `json:"document_kind"`
	DocumentRef  string `json:"document_ref"`
	Revision     int    `json:"revision"`
	Summary      string `json:"summary"`
}

func (DocumentRevised) EventType() string { return "programme.document_revised" }

// Reasons a programme closes.
const (
	CloseCompleted            = "completed"
	CloseFundingEnded         = "funding_ended"
	CloseMerged               = "merged"
	CloseReplaced             = "replaced"
	CloseOrganisationalChange = "organisational_change"
	CloseOther                = "other"
)

// ProgrammeClosed: the programme ended; nothing is recorded on it after.
type ProgrammeClosed struct {
	ProgrammeID string `json:"programme_id"`
	ClosedOn    Date   `json:"closed_on"`
	Reason      string `json:"reason"`
}

func (ProgrammeClosed) EventType() string { return "programme.closed" }

func init() {
	register[PurposeStated](1)
	register[SeniorLeadAssigned](1)
	register[SteeringGroupFormed](1)
	register[CoordinatorAppointed](1)
	register[AdministrationArranged](1)
	register[PolicyAdopted](1)
	register[EtiquetteAdopted](1)
	register[CommunicationStrategyAdopted](1)
	register[MarketingStrategyAdopted](1)
	register[SelectionCriteriaSet](1)
	register[MentorTrainingDefined](1)
	register[MenteeInductionDefined](1)
	register[MatchingStrategyDefined](1)
	register[EvaluationStrategyDefined](1)
	register[RecognitionArranged](1)
	register[ExpensesPolicyDecided](1)
	register[BudgetSet](1)
	register[FundingSourceIdentified](1)
	register[FundingSecured](1)
	register[ExpenditureRecorded](1)
	register[ProgrammeLaunched](1)
	register[StakeholdersBriefed](1)
	register[ProgrammeReviewed](1)
	register[DocumentRevised](1)
	register[ProgrammeClosed](1)
	register[WarningThresholdsSet](1)
}
