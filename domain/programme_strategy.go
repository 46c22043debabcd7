package domain

import (
	"slices"

	"github.com/mentorledger/mentorledger/events"
)

// The programme design features of checklist 1: communication and
// marketing, recruitment and selection, mentor training and mentee
// induction, matching, evaluation (step 7), recognition and expenses. Each
// later decision of a kind replaces the earlier one; when they were made
// relative to the launch is for the checklist report to judge.

// AdoptCommunicationStrategy is the command that records the strategy for
// informing stakeholders about the programme's purpose.
type AdoptCommunicationStrategy events.CommunicationStrategyAdopted

// AdoptCommunicationStrategy records the audiences a communication strategy
// addresses and the document that holds it.
func (p *Programme) AdoptCommunicationStrategy(c AdoptCommunicationStrategy) error {
	e := events.CommunicationStrategyAdopted(c)
	if err := p.checkOpen(&e, e.ProgrammeID, "adopted_on", e.AdoptedOn); err != nil {
		return err
	}
	if err := checkEnums(e, "audiences", e.Audiences, audiences); err != nil {
		return err
	}
	if err := checkRef(e, "document_ref", e.DocumentRef); err != nil {
		return err
	}
	e.Audiences = slices.Clone(e.Audiences)
	p.record(e)
	return nil
}

// AdoptMarketingStrategy is the command that records the programme's
// marketing strategy.
type AdoptMarketingStrategy events.MarketingStrategyAdopted

// AdoptMarketingStrategy records whom the marketing is meant to reach and
// the document that holds it.
func (p *Programme) AdoptMarketingStrategy(c AdoptMarketingStrategy) error {
	e := events.MarketingStrategyAdopted(c)
	if err := p.checkOpen(&e, e.ProgrammeID, "adopted_on", e.AdoptedOn); err != nil {
		return err
	}
	if err := checkEnums(e, "audiences", e.Audiences, audiences); err != nil {
		return err
	}
	if err := checkRef(e, "document_ref", e.DocumentRef); err != nil {
		return err
	}
	e.Audiences = slices.Clone(e.Audiences)
	p.record(e)
	return nil
}

// SetSelectionCriteria is the command that records the selection criteria
// for mentors or for mentees.
type SetSelectionCriteria events.SelectionCriteriaSet

// SetSelectionCriteria records the criteria for one role (checklist 1:
// "the programme has recruitment and selection criteria").
func (p *Programme) SetSelectionCriteria(c SetSelectionCriteria) error {
	e := events.SelectionCriteriaSet(c)
	if err := p.checkOpen(&e, e.ProgrammeID, "set_on", e.SetOn); err != nil {
		return err
	}
	if err := checkOneOf(e, "role", e.Role, roles); err != nil {
		return err
	}
	if err := checkList(e, "criteria", e.Criteria); err != nil {
		return err
	}
	e.Criteria = slices.Clone(e.Criteria)
	p.record(e)
	return nil
}

// DefineMentorTraining is the command that records the mentor training.
type DefineMentorTraining events.MentorTrainingDefined

// DefineMentorTraining records whether mentor training is mandatory and its
// agreed content. From then on the programme's MentorTrainingMandatory is
// this definition's answer, until a later plan or definition changes it.
func (p *Programme) DefineMentorTraining(c DefineMentorTraining) error {
	e := events.MentorTrainingDefined(c)
	if err := p.checkOpen(&e, e.ProgrammeID, "defined_on", e.DefinedOn); err != nil {
		return err
	}
	if err := checkList(e, "topics", e.Topics); err != nil {
		return err
	}
	e.Topics = slices.Clone(e.Topics)
	p.record(e)
	return nil
}

// DefineMenteeInduction is the command that records the mentee induction.
type DefineMenteeInduction events.MenteeInductionDefined

// DefineMenteeInduction records whether mentee induction is mandatory and
// its agreed content; MenteeInductionMandatory follows it as
// MentorTrainingMandatory follows DefineMentorTraining.
func (p *Programme) DefineMenteeInduction(c DefineMenteeInduction) error {
	e := events.MenteeInductionDefined(c)
	if err := p.checkOpen(&e, e.ProgrammeID, "defined_on", e.DefinedOn); err != nil {
		return err
	}
	if err := checkList(e, "topics", e.Topics); err != nil {
		return err
	}
	e.Topics = slices.Clone(e.Topics)
	p.record(e)
	return nil
}

// DefineMatchingStrategy is the command that records the strategy for
// matching and re-matching.
type DefineMatchingStrategy events.MatchingStrategyDefined

// DefineMatchingStrategy records what matches are based on and whether a
// rematch is offered (resource 4: "with a no blame policy").
func (p *Programme) DefineMatchingStrategy(c DefineMatchingStrategy) error {
	e := events.MatchingStrategyDefined(c)
	if err := p.checkOpen(&e, e.ProgrammeID, "defined_on", e.DefinedOn); err != nil {
		return err
	}
	if err := checkList(e, "criteria", e.Criteria); err != nil {
		return err
	}
	e.Criteria = slices.Clone(e.Criteria)
	p.record(e)
	return nil
}

// DefineEvaluationStrategy is the command that records how the programme
// will be evaluated and monitored (step 7).
type DefineEvaluationStrategy events.EvaluationStrategyDefined

// DefineEvaluationStrategy records the measures of success, the methods of
// gathering evaluation data (checklist 4) and the audiences. Checklist 1
// wants it before the programme has begun; a strategy defined after the
// launch is still recorded, and the checklist report flags it.
func (p *Programme) DefineEvaluationStrategy(c DefineEvaluationStrategy) error {
	e := events.EvaluationStrategyDefined(c)
	if err := p.checkOpen(&e, e.ProgrammeID, "defined_on", e.DefinedOn); err != nil {
		return err
	}
	if err := checkEnums(e, "measures", e.Measures, measures); err != nil {
		return err
	}
	if err := checkEnums(e, "methods", e.Methods, evaluationMethods); err != nil {
		return err
	}
	if err := checkEnums(e, "audiences", e.Audiences, audiences); err != nil {
		return err
	}
	if e.QuestionnaireEveryDays != 0 {
		if !slices.Contains(e.Methods, events.EvaluationQuestionnaires) {
			return invalid(e, "questionnaire_every_days", "only with method %s", events.EvaluationQuestionnaires)
		}
		if err := checkRange(e, "questionnaire_every_days", e.QuestionnaireEveryDays, 1, 366); err != nil {
			return err
		}
	}
	e.Measures, e.Methods, e.Audiences = slices.Clone(e.Measures), slices.Clone(e.Methods), slices.Clone(e.Audiences)
	p.record(e)
	return nil
}

// ArrangeRecognition is the command that records how achievement is
// recognised.
type ArrangeRecognition events.RecognitionArranged

// ArrangeRecognition records the mechanisms of recognition (checklist 1).
func (p *Programme) ArrangeRecognition(c ArrangeRecognition) error {
	e := events.RecognitionArranged(c)
	if err := p.checkOpen(&e, e.ProgrammeID, "arranged_on", e.ArrangedOn); err != nil {
		return err
	}
	if err := checkEnums(e, "mechanisms", e.Mechanisms, recognitions); err != nil {
		return err
	}
	e.Mechanisms = slices.Clone(e.Mechanisms)
	p.record(e)
	return nil
}

// DecideExpensesPolicy is the command that records the decision on paying
// participants' expenses.
type DecideExpensesPolicy events.ExpensesPolicyDecided

// DecideExpensesPolicy records whether mentors' and mentees' expenses are
// paid (checklist 1: "payment of expenses to mentors has been discussed");
// deciding to pay neither is a decision too.
func (p *Programme) DecideExpensesPolicy(c DecideExpensesPolicy) error {
	e := events.ExpensesPolicyDecided(c)
	if err := p.checkOpen(&e, e.ProgrammeID, "decided_on", e.DecidedOn); err != nil {
		return err
	}
	if e.DocumentRef != "" {
		if err := checkRef(e, "document_ref", e.DocumentRef); err != nil {
			return err
		}
	}
	p.record(e)
	return nil
}
