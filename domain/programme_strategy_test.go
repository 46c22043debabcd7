package domain_test

import (
	"testing"

	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/events"
)

func TestMandatoryTrainingAndInductionAreTheLatestOfPlanAndDefinition(t *testing.T) {
	planMandatory := planAdopted()
	planMandatory.MentorTrainingMandatory, planMandatory.MenteeInductionMandatory = true, true
	for _, tc := range []struct {
		name           string
		history        []events.Payload
		mentor, mentee bool
	}{
		{"no plan", []events.Payload{registered()}, false, false},
		{"plan says mandatory", []events.Payload{registered(), planMandatory}, true, true},
		{"definition after the plan says optional", []events.Payload{registered(), planMandatory, mentorTrainingDefined(false), menteeInductionDefined(false)}, false, false},
		{"definition says mandatory", []events.Payload{registered(), planAdopted(), mentorTrainingDefined(true)}, true, false},
		{"later plan overrides the definition", []events.Payload{registered(), mentorTrainingDefined(true), menteeInductionDefined(true), planAdopted()}, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := programme(tc.history...)
			if got := p.MentorTrainingMandatory(); got != tc.mentor {
				t.Errorf("MentorTrainingMandatory()=%t, want %t", got, tc.mentor)
			}
			if got := p.MenteeInductionMandatory(); got != tc.mentee {
				t.Errorf("MenteeInductionMandatory()=%t, want %t", got, tc.mentee)
			}
		})
	}
	p := programme(registered(), planAdopted())
	if err := p.DefineMentorTraining(domain.DefineMentorTraining(mentorTrainingDefined(true))); err != nil {
		t.Fatal(err)
	}
	if !p.MentorTrainingMandatory() {
		t.Fatal("MentorTrainingMandatory()=false right after a mandatory definition")
	}
}

func TestTrainingAndInductionHaveAgreedContent(t *testing.T) {
	c := mentorTrainingDefined(true)
	c.Topics = nil
	p := programme()
	err := p.DefineMentorTraining(domain.DefineMentorTraining(c))
	thenError(t, err, p.Changes(), events.EINVALID, "programme.mentor_training_defined.topics: at least 1 required, got 0")
	m := menteeInductionDefined(true)
	m.Topics = []string{" "}
	err = p.DefineMenteeInduction(domain.DefineMenteeInduction(m))
	thenError(t, err, p.Changes(), events.EINVALID, "programme.mentee_induction_defined.topics: entry 1 is blank")
}

func TestEvaluationStrategyNamesMeasuresMethodsAndAudiences(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*events.EvaluationStrategyDefined)
		msg  string
	}{
		{"no measure", func(c *events.EvaluationStrategyDefined) { c.Measures = nil }, "programme.evaluation_strategy_defined.measures: at least 1 required, got 0"},
		{"unknown method", func(c *events.EvaluationStrategyDefined) { c.Methods = []string{"astrology"} }, `programme.evaluation_strategy_defined.methods: must be one of interviews_feedback_sessions`},
		{"no audience", func(c *events.EvaluationStrategyDefined) { c.Audiences = nil }, "programme.evaluation_strategy_defined.audiences: at least 1 required, got 0"},
		{"questionnaire interval without questionnaires", func(c *events.EvaluationStrategyDefined) { c.Methods = []string{events.EvaluationFocusGroups} }, "programme.evaluation_strategy_defined.questionnaire_every_days: only with method self_report_questionnaires"},
		{"questionnaire interval over a year", func(c *events.EvaluationStrategyDefined) { c.QuestionnaireEveryDays = 400 }, "programme.evaluation_strategy_defined.questionnaire_every_days: must be 1..366, got 400"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := evaluationStrategyDefined()
			tc.edit(&c)
			p := programme()
			err := p.DefineEvaluationStrategy(domain.DefineEvaluationStrategy(c))
			thenError(t, err, p.Changes(), events.EINVALID, tc.msg)
		})
	}
}

func TestSelectionCriteriaAreForMentorsOrMentees(t *testing.T) {
	p := programme()
	err := p.SetSelectionCriteria(domain.SetSelectionCriteria{ProgrammeID: progID, SetOn: d("2024-12-02"), Role: "coordinator", Criteria: []string{"x"}})
	thenError(t, err, p.Changes(), events.EINVALID, `programme.selection_criteria_set.role: must be one of mentor, mentee, got "coordinator"`)
}

func TestStrategiesNameKnownAudiencesAndMechanisms(t *testing.T) {
	p := programme()
	err := p.AdoptCommunicationStrategy(domain.AdoptCommunicationStrategy{ProgrammeID: progID, AdoptedOn: d("2024-12-02"), DocumentRef: "comms"})
	thenError(t, err, p.Changes(), events.EINVALID, "programme.communication_strategy_adopted.audiences: at least 1 required, got 0")
	err = p.AdoptMarketingStrategy(domain.AdoptMarketingStrategy{ProgrammeID: progID, AdoptedOn: d("2024-12-02"), Audiences: []string{events.AudienceStaff}})
	thenError(t, err, p.Changes(), events.EINVALID, "programme.marketing_strategy_adopted.document_ref: required")
	err = p.ArrangeRecognition(domain.ArrangeRecognition{ProgrammeID: progID, ArrangedOn: d("2024-12-02"), Mechanisms: []string{"medal"}})
	thenError(t, err, p.Changes(), events.EINVALID, `programme.recognition_arranged.mechanisms: must be one of certificate`)
	err = p.DefineMatchingStrategy(domain.DefineMatchingStrategy{ProgrammeID: progID, DefinedOn: d("2024-12-02")})
	thenError(t, err, p.Changes(), events.EINVALID, "programme.matching_strategy_defined.criteria: at least 1 required, got 0")
}

// Checklist 1: "payment of expenses to mentors has been discussed" — a
// decision to pay nothing is recorded too.
func TestDecidingNotToPayExpensesIsRecorded(t *testing.T) {
	c := events.ExpensesPolicyDecided{ProgrammeID: progID, DecidedOn: d("2024-12-16")}
	p := programme()
	err := p.DecideExpensesPolicy(domain.DecideExpensesPolicy(c))
	then(t, err, p.Changes(), c)
}
