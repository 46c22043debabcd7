package reports

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/mentorledger/mentorledger/events"
)

// Checklist4 is good practice checklist 4, gathering evaluation data: the
// three things the evaluation should take account of and the seven methods
// it suggests, in the guidance's order.
var Checklist4 = programmeChecklist{
	name: "checklist-4", title: "Good Practice Checklist 4: Gathering evaluation data",
	source: "SSSC, Mentoring: supporting and promoting professional development and learning, good practice checklist 4", activity: [][]string{{"relationships", "action_plans",
		"relationship facts: relationship.goal_set relationship.goal_achieved relationship.milestone_achieved relationship.milestone_missed"}},
	items: []programmeItem{
		{Item{1, "intended-audiences", "The evaluation should take account of the: intended audience(s) and what they will want to know about the success of the programme.",
			"met: the evaluation strategy names its audiences and the measures of success they will want; partly: only one of the two; not met: no evaluation strategy"},
			judgeEvaluationAudiences},
		{Item{2, "how-findings-used", "The evaluation should take account of the: how the findings and conclusions will be used.",
			"met: a programme review agreed changes (findings put to use); partly: programme reviews were held without agreeing changes, or findings were reported to the steering group or funders in a briefing; not met: neither"},
			judgeFindingsUsed},
		{Item{3, "methods-within-constraints", "The evaluation should take account of the: the most appropriate methods to use for evaluation taking into account the constraints of: budget, time, available staffing.",
			"met: the evaluation strategy chooses its methods, a budget is set and co-ordination or administration hours are in place (budget and staffing); partly: methods chosen without a budget or without staffing; not met: no methods chosen"},
			judgeMethodsWithinConstraints},
		{Item{4, "interviews-feedback-sessions", "Methods for gathering evaluation data: interviews or feedback sessions (singly or as groups) with mentors, mentees and line managers at appropriate intervals.",
			"met: feedback sessions are held, the latest within a year of the reference date; partly: held but none in the last year, or planned in the strategy and none held; not met: neither planned nor held"},
			judgeSessions(events.FeedbackSession, events.EvaluationInterviews, "feedback sessions", true)},
		{Item{5, "focus-groups", "Methods for gathering evaluation data: focus groups.",
			"met: a focus group is held; partly: focus groups are planned in the strategy and none held; not met: neither"},
			judgeSessions(events.FocusGroup, events.EvaluationFocusGroups, "focus groups", false)},
		{Item{6, "self-report-questionnaires", "Methods for gathering evaluation data: self-report questionnaires from mentors and mentees. Decide how often this is done.",
			"met: surveys are issued to mentors and to mentees and the evaluation strategy sets how often; partly: some of the three; not met: none"},
			judgeQuestionnaires},
		{Item{7, "milestone-assessment", "Methods for gathering evaluation data: Assessment of achieved and missed milestones, goals and outcomes identified and recorded through action planning processes against desired outcomes.",
			"met: achieved or missed milestones or goals are recorded; partly: goals or action plans are set and none assessed yet; not met: relationships are matched and no goal or action plan is set; not applicable: no relationship yet"},
			judgeMilestoneAssessment},
		{Item{8, "statistical-measures", "Methods for gathering evaluation data: Statistical measures (eg qualifications/learning objectives achieved, staff turnover, skills acquired).",
			"met: outcomes (qualifications, learning objectives, skills) are recorded; partly: the strategy chooses a statistical measure and no outcome is recorded yet; not met: neither"},
			judgeStatisticalMeasures},
		{Item{9, "document-changes-tracked", "Methods for gathering evaluation data: Changes made (and tracked) to project documents and tools during the life of the programme.",
			"met: revisions of programme documents are recorded (programme.document_revised); not met: none is"},
			judgeDocumentChanges},
		{Item{10, "administrative-files", "Methods for gathering evaluation data: Review of administrative files.",
			"met: the evaluation strategy includes reviewing administrative files and a programme review is held; partly: one of the two; not met: neither"},
			judgeAdministrativeFiles},
	},
}

// BuildChecklist4 answers good practice checklist 4 for every programme,
// or the one named, as of asOf.
func BuildChecklist4(ctx context.Context, src Source, programme string, asOf AsOf, now time.Time) (*Checklist, error) {
	return Checklist4.build(ctx, src, programme, asOf, now)
}

func init() { Checklist4.define() }

// strategy returns the evaluation strategy in force.
func (e *programmeEvidence) strategy() (fact, bool) {
	return e.latest("programme.evaluation_strategy_defined")
}

// plans reports whether the strategy in force names a method.
func (e *programmeEvidence) plans(method string) (fact, bool) {
	s, ok := e.strategy()
	return s, ok && slices.Contains(e.items(s, "methods"), method)
}

func judgeEvaluationAudiences(e *programmeEvidence) verdict {
	s, ok := e.strategy()
	if !ok {
		return notMet("no evaluation strategy defined")
	}
	audiences, measures := e.items(s, "audiences"), e.items(s, "measures")
	detail := fmt.Sprintf("strategy of %s for audiences %s, measuring %s", day(s.on), list(audiences), list(measures))
	if len(audiences) == 0 || len(measures) == 0 {
		return partly(detail, s.events)
	}
	return met(detail, s.events)
}

func judgeFindingsUsed(e *programmeEvidence) verdict {
	var changed, held []fact
	for _, r := range e.all("programme.reviewed") {
		if r.n > 0 {
			changed = append(changed, r)
		} else {
			held = append(held, r)
		}
	}
	if len(changed) > 0 {
		return met(fmt.Sprintf("%s agreed changes", pluralise(int64(len(changed)), "programme review", "programme reviews")), evidenceOf(changed...))
	}
	var reported []fact
	for _, b := range e.all("programme.stakeholders_briefed") {
		for _, a := range e.items(b, "audiences") {
			if a == events.AudienceSteeringGroup || a == events.AudienceFunders {
				reported = append(reported, b)
				break
			}
		}
	}
	if len(held) > 0 || len(reported) > 0 {
		return partly(fmt.Sprintf("%d programme reviews without agreed changes; %d briefings of the steering group or funders", len(held), len(reported)),
			evidenceOf(held...), evidenceOf(reported...))
	}
	return notMet("no programme review and no briefing of the steering group or funders")
}

func judgeMethodsWithinConstraints(e *programmeEvidence) verdict {
	s, ok := e.strategy()
	methods := e.items(s, "methods")
	if !ok || len(methods) == 0 {
		return notMet("no evaluation methods chosen")
	}
	b, budgeted := e.latest("programme.budget_set")
	var staff []fact
	if c, ok := e.latest("programme.coordinator_appointed"); ok && c.n > 0 {
		staff = append(staff, c)
	}
	if a, ok := e.latest("programme.administration_arranged"); ok && a.n > 0 {
		staff = append(staff, a)
	}
	detail := fmt.Sprintf("methods %s", list(methods))
	switch {
	case budgeted && len(staff) > 0:
		return met(detail+"; a budget is set and co-ordination or administration hours are in place", s.events, b.events, evidenceOf(staff...))
	case budgeted:
		return partly(detail+"; a budget is set, no co-ordination or administration hours", s.events, b.events)
	case len(staff) > 0:
		return partly(detail+"; co-ordination or administration hours in place, no budget", s.events, evidenceOf(staff...))
	}
	return partly(detail+"; no budget and no co-ordination or administration hours", s.events)
}

func judgeSessions(kind, method, what string, recent bool) func(e *programmeEvidence) verdict {
	return func(e *programmeEvidence) verdict {
		var held []fact
		for _, s := range e.all("evaluation.feedback_session_held") {
			if s.detail == kind {
				held = append(held, s)
			}
		}
		s, planned := e.plans(method)
		if len(held) == 0 {
			if planned {
				return partly(what+" planned in the evaluation strategy; none held", s.events)
			}
			return notMet("no " + what + " planned or held")
		}
		last := held[0]
		for _, h := range held {
			if h.on.After(last.on) {
				last = h
			}
		}
		detail := fmt.Sprintf("%s held, the latest on %s", pluralise(int64(len(held)), strings.TrimSuffix(what, "s"), what), day(last.on))
		if recent && daysBetween(last.on, e.ref) > 365 {
			return partly(detail+", over a year ago", evidenceOf(held...))
		}
		return met(detail, evidenceOf(held...))
	}
}

func judgeQuestionnaires(e *programmeEvidence) verdict {
	byAudience := map[string][]fact{}
	for _, s := range e.all("evaluation.survey_issued") {
		for _, a := range e.items(s, "audience") {
			byAudience[a] = append(byAudience[a], s)
		}
	}
	var have []string
	var ev []string
	for _, a := range []string{events.AudienceMentor, events.AudienceMentee} {
		if len(byAudience[a]) > 0 {
			have = append(have, "surveys of "+a+"s")
			ev = append(ev, evidenceOf(byAudience[a]...)...)
		}
	}
	if s, ok := e.strategy(); ok {
		if d, ok := e.value(s, "questionnaire_every_days"); ok && d > 0 {
			have = append(have, fmt.Sprintf("questionnaires every %d days", d))
			ev = append(ev, s.events...)
		}
	}
	switch len(have) {
	case 3:
		return met(list(have), ev)
	case 0:
		return notMet("no survey of mentors or mentees issued and no questionnaire interval set")
	}
	return partly(list(have)+"; the checklist asks for surveys of mentors and of mentees and how often", ev)
}

func judgeMilestoneAssessment(e *programmeEvidence) verdict {
	if e.n("relationships") == 0 {
		return notApplicable("no relationship matched yet")
	}
	var assessed []fact
	for _, k := range []string{"relationship.milestone_achieved", "relationship.milestone_missed", "relationship.goal_achieved"} {
		assessed = append(assessed, e.all(k)...)
	}
	if len(assessed) > 0 {
		return met(fmt.Sprintf("%d milestones achieved, %d missed, %d goals achieved", e.n("relationship.milestone_achieved"),
			e.n("relationship.milestone_missed"), e.n("relationship.goal_achieved")), evidenceOf(assessed...))
	}
	set := append(append([]fact{}, e.all("relationship.goal_set")...), e.all("action_plans")...)
	if len(set) > 0 {
		return partly(fmt.Sprintf("%d goals and %d action plans set; none assessed yet", e.n("relationship.goal_set"), e.n("action_plans")), evidenceOf(set...))
	}
	return notMet(fmt.Sprintf("%d relationships and no goal or action plan", e.n("relationships")))
}

func judgeStatisticalMeasures(e *programmeEvidence) verdict {
	outcomes := e.all("evaluation.outcome_recorded")
	if len(outcomes) > 0 {
		kinds := map[string]int{}
		for _, o := range outcomes {
			kinds[o.detail]++
		}
		var parts []string
		for _, k := range []string{events.OutcomeQualification, events.OutcomeLearningObjective, events.OutcomeSkill} {
			if kinds[k] > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", kinds[k], k))
			}
		}
		return met("outcomes recorded: "+list(parts), evidenceOf(outcomes...))
	}
	if s, ok := e.strategy(); ok {
		for _, m := range e.items(s, "measures") {
			switch m {
			case events.MeasureQualifications, events.MeasureLearningObjectives, events.MeasureSkillsAcquired, events.MeasureStaffTurnover:
				return partly("the strategy measures "+list(e.items(s, "measures"))+"; no outcome recorded yet", s.events)
			}
		}
	}
	if _, ok := e.plans(events.EvaluationStatistics); ok {
		s, _ := e.strategy()
		return partly("the strategy plans statistical measures; no outcome recorded yet", s.events)
	}
	return notMet("no statistical measure chosen and no outcome recorded")
}

func judgeDocumentChanges(e *programmeEvidence) verdict {
	revisions := e.all("programme.document_revised")
	if len(revisions) == 0 {
		return notMet("no revision of a programme document recorded")
	}
	return met(fmt.Sprintf("%s of programme documents recorded", pluralise(int64(len(revisions)), "revision", "revisions")), evidenceOf(revisions...))
}

func judgeAdministrativeFiles(e *programmeEvidence) verdict {
	s, planned := e.plans(events.EvaluationAdministrativeFiles)
	reviews := e.all("programme.reviewed")
	switch {
	case planned && len(reviews) > 0:
		return met(fmt.Sprintf("the strategy includes administrative files; %d programme reviews held", len(reviews)), s.events, evidenceOf(reviews...))
	case planned:
		return partly("the strategy includes administrative files; no programme review held yet", s.events)
	case len(reviews) > 0:
		return partly(fmt.Sprintf("%d programme reviews held; the strategy does not include administrative files", len(reviews)), evidenceOf(reviews...))
	}
	return notMet("administrative files not in the strategy and no programme review held")
}
