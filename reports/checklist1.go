package reports

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/mentorledger/mentorledger/events"
)

// Checklist1 is good practice checklist 1, designing mentoring programmes:
// its eleven items and the sixteen mentoring features of "Programme design
// addresses specific mentoring features", in the guidance's order.
var Checklist1 = programmeChecklist{
	name: "checklist-1", title: "Good practice checklist 1: Designing mentoring programmes",
	source: "SSSC, Mentoring: supporting and promoting professional development and learning, good practice checklist 1", activity: [][]string{{"relationships", "meetings.intervals", "meetings.long_intervals", "meetings.logged", "relationships.no_end_point", "relationships.end_point",
		"participant facts: participant.supervision_recorded participant.mentor_training_completed participant.mentee_induction_completed"}},
	items: []programmeItem{
		{Item{1, "senior-lead", "Leadership is provided by a senior member of staff.",
			"met: a senior lead is assigned (programme.senior_lead_assigned); not met: none is"},
			recorded("programme.senior_lead_assigned", "senior lead assigned")},
		{Item{2, "workplace-protocols", "Protocols exist to enable workplace mentoring eg informing managers and allocating time for mentoring meetings.",
			"met: line managers are informed (an audience of a stakeholder briefing or of the communication strategy) and the plan sets how often and how long meetings are (the time to allocate); partly: one of the two; not met: neither. The ledger holds no protocol document as such"},
			judgeWorkplaceProtocols},
		{Item{3, "clear-purpose", "Programme has a clearly stated purpose.",
			"met: the programme's purpose is stated (programme.purpose_stated); not met: it is not"},
			recorded("programme.purpose_stated", "purpose stated")},
		{Item{4, "stakeholders-understand", "All stakeholders understand the purpose of the programme.",
			"met: stakeholder briefings have reached every audience the communication strategy names; partly: briefings were held but not to every audience of the strategy, or there is no strategy to compare with; not met: no briefing. The ledger records briefings, not understanding"},
			judgeStakeholdersUnderstand},
		{Item{5, "steering-group", "Programme is driven by a steering group or similar.",
			"met: a steering group is formed (programme.steering_group_formed; its reviews are listed too); not met: none is"},
			judgeSteeringGroup},
		{Item{6, "dedicated-coordinator", "There is a dedicated co-ordinator or manager.",
			"met: the latest co-ordinator appointment is a dedicated internal or an external one; partly: the co-ordinator does it as part of an existing role; not met: no co-ordinator appointed"},
			judgeDedicatedCoordinator},
		{Item{7, "administrative-structure", "The programme has a dedicated administrative structure.",
			"met: administration is arranged with hours a week and a store for records (programme.administration_arranged); partly: arranged with no hours; not met: not arranged"},
			judgeAdministration},
		{Item{8, "tailored-and-flexible", "Programme is tailored to meet the needs of the organisation, and flexible enough to meet the need of the participants.",
			"met: the programme was adapted (a review agreed changes, or a programme document was revised) and it is flexible for participants (more than one mentoring model, or rematching offered); partly: one of the two; not met: neither"},
			judgeTailored},
		{Item{9, "communication-strategy", "Communication strategy in place to inform all stakeholders about the purpose of the programme.",
			"met: a communication strategy is adopted (programme.communication_strategy_adopted); not met: none is"},
			judgeCommunicationStrategy},
		{Item{10, "goals-outcomes-outputs", "There is agreement on the programme goals and expected outcomes and outputs.",
			"met: the stated purpose names aims, expected outcomes and expected outputs, and a steering group exists to agree them; partly: the purpose names them but no steering group is formed; not met: no purpose stated, or it lacks aims, outcomes or outputs"},
			judgeGoalsOutcomesOutputs},
		{Item{11, "marketing-strategy", "There is a marketing strategy.",
			"met: a marketing strategy is adopted (programme.marketing_strategy_adopted); not met: none is"},
			recorded("programme.marketing_strategy_adopted", "marketing strategy adopted")},
		{Item{12, "models-considered", "Programme design addresses specific mentoring features: consideration has been given to mentoring models to be developed.",
			"met: the programme's registration names the mentoring models it develops (one-to-one, group, two-by-two, team); not met: it names none"},
			judgeModels},
		{Item{13, "mentor-role-clear", "Programme design addresses specific mentoring features: the mentor's role is clear.",
			"met: mentor training content is defined and the etiquette of mentoring practice adopted (both set out the mentor's role); partly: one of the two; not met: neither"},
			judgeRoleClear("programme.mentor_training_defined", "mentor training")},
		{Item{14, "mentee-role-clear", "Programme design addresses specific mentoring features: the mentee's role is clear.",
			"met: mentee induction content is defined and the etiquette of mentoring practice adopted (both set out the mentee's role); partly: one of the two; not met: neither"},
			judgeRoleClear("programme.mentee_induction_defined", "mentee induction")},
		{Item{15, "selection-criteria", "Programme design addresses specific mentoring features: the programme has recruitment and selection criteria.",
			"met: selection criteria are set for mentors and for mentees; partly: for one role only; not met: none are set"},
			judgeSelectionCriteria},
		{Item{16, "mentor-training-mandatory", "Programme design addresses specific mentoring features: mentor training is provided and is mandatory and content agreed.",
			"met: the latest mentor training definition makes it mandatory, with its content, and mentors have completed it; partly: defined but optional, or mandatory with no mentor trained yet; not met: no training defined (a plan that only flags it mandatory agrees no content)"},
			judgePreparation("programme.mentor_training_defined", "plan.mentor_training_mandatory", "participant.mentor_training_completed", "mentor training", "mentors trained")},
		{Item{17, "mentee-induction-mandatory", "Programme design addresses specific mentoring features: mentee induction is provided and mandatory and content agreed.",
			"met: the latest mentee induction definition makes it mandatory, with its content, and mentees have completed it; partly: defined but optional, or mandatory with no mentee inducted yet; not met: no induction defined (a plan that only flags it mandatory agrees no content)"},
			judgePreparation("programme.mentee_induction_defined", "plan.mentee_induction_mandatory", "participant.mentee_induction_completed", "mentee induction", "mentees inducted")},
		{Item{18, "resources-adequate", "Programme design addresses specific mentoring features: resources are adequate and accessible to ensure smooth running and sustainability of the programme.",
			"met: a budget and secured funding both cover the reference date; partly: a budget or secured funding exists, but not both covering the reference date; not met: neither. Adequacy itself is for the steering group to judge"},
			judgeResources},
		{Item{19, "matching-strategy", "Programme design addresses specific mentoring features: there is a strategy for matching and re-matching mentee and mentor individuals/group/teams.",
			"met: a matching strategy is defined and offers rematching; partly: defined without rematching; not met: none defined"},
			judgeMatchingStrategy},
		{Item{20, "meetings-regular", "Programme design addresses specific mentoring features: meetings between mentors and mentees are held regularly.",
			"met: at most 10% of the intervals between a match or meeting and the next meeting (or the reference date, while the relationship is open) exceed the agreed frequency (plan default 30 days) by more than 7 days; partly: at most a third do; not met: more do; not applicable: no relationship yet"},
			judgeMeetingsRegular},
		{Item{21, "formal-start-and-end", "Programme design addresses specific mentoring features: there is a formal start and end point for formal mentoring relationships.",
			"met: the plan sets the relationships' length (their start is the match) and every relationship matched more than 30 days ago has an agreed end date or has ended; partly: only one of the two holds, with at least one agreed end date or a plan length; not met: no plan length and no agreed end dates"},
			judgeFormalStartEnd},
		{Item{22, "documenting-mechanisms", "Programme design addresses specific mentoring features: there are mechanisms in place for documenting mentoring activities and meetings.",
			"met: administration is arranged with a store for records and meeting logs are recorded (or no relationship is matched yet); partly: only one of the two; not met: neither"},
			judgeDocumenting},
		{Item{23, "contact-protocols", "Programme design addresses specific mentoring features: there are protocols in place for contacting mentors and mentees to monitor progress.",
			"met: the evaluation strategy says how participants are contacted (a questionnaire interval, or interviews or feedback sessions) and contact is made (a survey issued, a feedback session held or a mentor's supervision recorded); partly: one of the two; not met: neither"},
			judgeContactProtocols},
		{Item{24, "evaluation-before-launch", "Programme design addresses specific mentoring features: develop the monitoring and evaluation strategy before the programme has begun. Success will be measured.",
			"met: an evaluation strategy with measures of success was defined on or before the launch date (or the programme has not launched yet); partly: defined only after the launch; not met: no strategy"},
			judgeEvaluationBeforeLaunch},
		{Item{25, "recognition-of-achievement", "Programme design addresses specific mentoring features: there are mechanisms in place for recognition of achievement.",
			"met: recognition is arranged with at least one mechanism (programme.recognition_arranged); not met: none is"},
			judgeRecognition},
		{Item{26, "recognition-through-cpd", "Programme design addresses specific mentoring features: mechanisms are in place for recognition through continuous professional development processes (where appropriate).",
			"met: the latest recognition arrangement includes a CPD record; partly: recognition is arranged without CPD (the guidance says where appropriate); not met: no recognition arranged"},
			judgeCPDRecognition},
		{Item{27, "expenses-discussed", "Programme design addresses specific mentoring features: payment of expenses to mentors has been discussed.",
			"met: a decision on paying expenses is recorded, to pay or not (programme.expenses_policy_decided); not met: none is"},
			recorded("programme.expenses_policy_decided", "expenses decision")},
	},
}

// BuildChecklist1 answers good practice checklist 1 for every programme,
// or the one named, as of asOf.
func BuildChecklist1(ctx context.Context, src Source, programme string, asOf AsOf, now time.Time) (*Checklist, error) {
	return Checklist1.build(ctx, src, programme, asOf, now)
}

func init() { Checklist1.define() }

// audiencesReached lists the audiences of every briefing and the
// briefings themselves.
func audiencesReached(e *programmeEvidence) (map[string]bool, []fact) {
	reached := map[string]bool{}
	briefings := e.all("programme.stakeholders_briefed")
	for _, b := range briefings {
		for _, a := range e.items(b, "audiences") {
			reached[a] = true
		}
	}
	return reached, briefings
}

func judgeWorkplaceProtocols(e *programmeEvidence) verdict {
	_, briefings := audiencesReached(e)
	var informed []fact
	for _, b := range briefings {
		if slices.Contains(e.items(b, "audiences"), events.AudienceLineManagers) {
			informed = append(informed, b)
		}
	}
	if c, ok := e.latest("programme.communication_strategy_adopted"); ok && slices.Contains(e.items(c, "audiences"), events.AudienceLineManagers) {
		informed = append(informed, c)
	}
	freq, okF := e.latest("plan.meeting_frequency_days")
	length, okL := e.latest("plan.max_meeting_minutes")
	timed := okF && okL && freq.n > 0 && length.n > 0
	var timeEv []string
	if timed {
		timeEv = freq.events
	}
	switch {
	case len(informed) > 0 && timed:
		return met(fmt.Sprintf("line managers informed; the plan sets meetings every %d days of up to %d minutes", freq.n, length.n), evidenceOf(informed...), timeEv)
	case len(informed) > 0:
		return partly("line managers informed; no plan sets the time for meetings", evidenceOf(informed...))
	case timed:
		return partly(fmt.Sprintf("the plan sets meetings every %d days of up to %d minutes; line managers are not an audience of any briefing or of the communication strategy", freq.n, length.n), timeEv)
	}
	return notMet("line managers not informed and no plan sets the time for meetings")
}

func judgeStakeholdersUnderstand(e *programmeEvidence) verdict {
	reached, briefings := audiencesReached(e)
	if len(briefings) == 0 {
		return notMet("no stakeholder briefing recorded")
	}
	c, ok := e.latest("programme.communication_strategy_adopted")
	if !ok {
		return partly(fmt.Sprintf("%s held; no communication strategy names the stakeholders to compare with", pluralise(int64(len(briefings)), "briefing", "briefings")), evidenceOf(briefings...))
	}
	var missing []string
	for _, a := range e.items(c, "audiences") {
		if !reached[a] {
			missing = append(missing, a)
		}
	}
	if len(missing) > 0 {
		return partly(fmt.Sprintf("%s held; not yet briefed: %s", pluralise(int64(len(briefings)), "briefing", "briefings"), list(missing)), evidenceOf(briefings...), c.events)
	}
	return met(fmt.Sprintf("every audience of the communication strategy briefed (%s)", list(e.items(c, "audiences"))), evidenceOf(briefings...), c.events)
}

func judgeSteeringGroup(e *programmeEvidence) verdict {
	g, ok := e.latest("programme.steering_group_formed")
	if !ok {
		return notMet("no steering group formed")
	}
	var reviews []fact
	for _, r := range e.all("programme.reviewed") {
		if r.detail == events.ReviewSteeringGroup {
			reviews = append(reviews, r)
		}
	}
	return met(fmt.Sprintf("steering group of %d seats formed on %s; %s since", g.n, day(g.on), pluralise(int64(len(reviews)), "steering-group review", "steering-group reviews")),
		g.events, evidenceOf(reviews...))
}

func judgeDedicatedCoordinator(e *programmeEvidence) verdict {
	c, ok := e.latest("programme.coordinator_appointed")
	if !ok {
		return notMet("no co-ordinator appointed")
	}
	detail := fmt.Sprintf("co-ordinator appointed on %s (%s, %d hours a week)", day(c.on), c.detail, c.n)
	if c.detail == events.AppointmentInternalPartOfRole {
		return partly(detail+": part of an existing role, not dedicated", c.events)
	}
	return met(detail, c.events)
}

func judgeAdministration(e *programmeEvidence) verdict {
	a, ok := e.latest("programme.administration_arranged")
	if !ok {
		return notMet("no administration arranged")
	}
	detail := fmt.Sprintf("administration arranged on %s: %d hours a week, records %s", day(a.on), a.n, a.detail)
	if a.n <= 0 {
		return partly(detail, a.events)
	}
	return met(detail, a.events)
}

func judgeTailored(e *programmeEvidence) verdict {
	var adapted []fact
	for _, r := range e.all("programme.reviewed") {
		if r.n > 0 {
			adapted = append(adapted, r)
		}
	}
	adapted = append(adapted, e.all("programme.document_revised")...)
	var flexible []fact
	var why []string
	if reg, ok := e.latest("programme.registered"); ok {
		if models := strings.Split(reg.detail, ","); len(models) > 1 {
			flexible = append(flexible, reg)
			why = append(why, "models "+reg.detail)
		}
	}
	if m, ok := e.latest("programme.matching_strategy_defined"); ok {
		if v, _ := e.value(m, "rematching_offered"); v == 1 {
			flexible = append(flexible, m)
			why = append(why, "rematching offered")
		}
	}
	a := fmt.Sprintf("%s or document revisions", pluralise(int64(len(adapted)), "review with changes", "reviews with changes"))
	switch {
	case len(adapted) > 0 && len(flexible) > 0:
		return met(a+"; flexible: "+strings.Join(why, ", "), evidenceOf(adapted...), evidenceOf(flexible...))
	case len(adapted) > 0:
		return partly(a+"; one mentoring model and no rematching", evidenceOf(adapted...))
	case len(flexible) > 0:
		return partly("flexible: "+strings.Join(why, ", ")+"; never adapted (no review with changes, no document revised)", evidenceOf(flexible...))
	}
	return notMet("one mentoring model, no rematching, and no review with changes or document revision")
}

func judgeCommunicationStrategy(e *programmeEvidence) verdict {
	c, ok := e.latest("programme.communication_strategy_adopted")
	if !ok {
		return notMet("no communication strategy adopted")
	}
	return met(fmt.Sprintf("communication strategy %s adopted on %s for %s", c.detail, day(c.on), list(e.items(c, "audiences"))), c.events)
}

func judgeGoalsOutcomesOutputs(e *programmeEvidence) verdict {
	p, ok := e.latest("programme.purpose_stated")
	if !ok {
		return notMet("no purpose stated")
	}
	aims, _ := e.value(p, "aims")
	outcomes, _ := e.value(p, "expected_outcomes")
	outputs, _ := e.value(p, "expected_outputs")
	detail := fmt.Sprintf("purpose stated on %s with %d aims, %d expected outcomes and %d expected outputs", day(p.on), aims, outcomes, outputs)
	if aims == 0 || outcomes == 0 || outputs == 0 {
		return notMet(detail, p.events)
	}
	g, ok := e.latest("programme.steering_group_formed")
	if !ok {
		return partly(detail+"; no steering group to agree them", p.events)
	}
	return met(detail+"; steering group formed on "+day(g.on), p.events, g.events)
}

func judgeModels(e *programmeEvidence) verdict {
	reg, ok := e.latest("programme.registered")
	if !ok || reg.detail == "" {
		return notMet("no mentoring model named at registration", reg.events)
	}
	return met("mentoring models named at registration: "+strings.ReplaceAll(reg.detail, ",", ", "), reg.events)
}

func judgeRoleClear(definition, what string) func(e *programmeEvidence) verdict {
	return func(e *programmeEvidence) verdict {
		d, okD := e.latest(definition)
		et, okE := e.latest("programme.etiquette_adopted")
		switch {
		case okD && okE:
			return met(fmt.Sprintf("%s defined on %s; etiquette %s adopted on %s", what, day(d.on), et.detail, day(et.on)), d.events, et.events)
		case okD:
			return partly(fmt.Sprintf("%s defined on %s; no etiquette adopted", what, day(d.on)), d.events)
		case okE:
			return partly(fmt.Sprintf("etiquette %s adopted on %s; no %s defined", et.detail, day(et.on), what), et.events)
		}
		return notMet(fmt.Sprintf("no %s defined and no etiquette adopted", what))
	}
}

func judgeSelectionCriteria(e *programmeEvidence) verdict {
	roles := map[string]fact{}
	for _, c := range e.all("programme.selection_criteria_set") {
		roles[c.subject] = c
	}
	mentor, okM := roles[events.RoleMentor]
	mentee, okE := roles[events.RoleMentee]
	switch {
	case okM && okE:
		return met(fmt.Sprintf("criteria for mentors (%d) and mentees (%d)", mentor.n, mentee.n), mentor.events, mentee.events)
	case okM:
		return partly(fmt.Sprintf("criteria for mentors (%d); none for mentees", mentor.n), mentor.events)
	case okE:
		return partly(fmt.Sprintf("criteria for mentees (%d); none for mentors", mentee.n), mentee.events)
	}
	return notMet("no selection criteria set")
}

func judgePreparation(definition, planFlag, completed, what, done string) func(e *programmeEvidence) verdict {
	return func(e *programmeEvidence) verdict {
		d, ok := e.latest(definition)
		if !ok {
			if p, ok := e.latest(planFlag); ok && p.n == 1 {
				return notMet(fmt.Sprintf("the plan makes %s mandatory but no content is defined", what), p.events)
			}
			return notMet(fmt.Sprintf("no %s defined", what))
		}
		c, trained := e.latest(completed)
		switch {
		case d.detail != "mandatory":
			return partly(fmt.Sprintf("%s defined on %s but optional", what, day(d.on)), d.events)
		case !trained:
			return partly(fmt.Sprintf("%s mandatory since %s; none completed yet", what, day(d.on)), d.events)
		}
		return met(fmt.Sprintf("%s mandatory since %s; %d completions (%s)", what, day(d.on), c.n, done), d.events, c.events)
	}
}

func judgeResources(e *programmeEvidence) verdict {
	var budgets, funds []fact
	for _, b := range e.all("programme.budget_set") {
		if within(b, e.ref) {
			budgets = append(budgets, b)
		}
	}
	for _, f := range e.all("programme.funding_secured") {
		if within(f, e.ref) {
			funds = append(funds, f)
		}
	}
	switch {
	case len(budgets) > 0 && len(funds) > 0:
		return met(fmt.Sprintf("budget and secured funding cover %s", day(e.ref)), evidenceOf(budgets...), evidenceOf(funds...))
	case len(budgets) > 0:
		return partly(fmt.Sprintf("a budget covers %s; no secured funding does", day(e.ref)), evidenceOf(budgets...), evidenceOf(e.all("programme.funding_secured")...))
	case len(funds) > 0:
		return partly(fmt.Sprintf("secured funding covers %s; no budget does", day(e.ref)), evidenceOf(funds...), evidenceOf(e.all("programme.budget_set")...))
	case e.has("programme.budget_set") || e.has("programme.funding_secured"):
		return partly(fmt.Sprintf("budgets or funding recorded, none covering %s", day(e.ref)), evidenceOf(e.all("programme.budget_set")...), evidenceOf(e.all("programme.funding_secured")...))
	}
	return notMet("no budget set and no funding secured")
}

func judgeMatchingStrategy(e *programmeEvidence) verdict {
	m, ok := e.latest("programme.matching_strategy_defined")
	if !ok {
		return notMet("no matching strategy defined")
	}
	if v, _ := e.value(m, "rematching_offered"); v != 1 {
		return partly(fmt.Sprintf("matching strategy of %d criteria defined on %s; no rematching offered", m.n, day(m.on)), m.events)
	}
	return met(fmt.Sprintf("matching strategy of %d criteria defined on %s, rematching offered", m.n, day(m.on)), m.events)
}

func judgeMeetingsRegular(e *programmeEvidence) verdict {
	if e.n("relationships") == 0 {
		return notApplicable("no relationship matched yet")
	}
	total, long := e.n("meetings.intervals"), e.n("meetings.long_intervals")
	lf, _ := e.latest("meetings.long_intervals")
	all, _ := e.latest("meetings.intervals")
	plan, _ := e.latest("plan.meeting_frequency_days")
	detail := fmt.Sprintf("%d of %d intervals between meetings more than 7 days over the agreed frequency", long, total)
	switch {
	case total == 0:
		return notApplicable("no interval to judge yet")
	case long*10 <= total:
		return met(detail, evidenceOf(lf, all), plan.events)
	case long*3 <= total:
		return partly(detail, evidenceOf(lf, all), plan.events)
	}
	return notMet(detail, evidenceOf(lf, all), plan.events)
}

func judgeFormalStartEnd(e *programmeEvidence) verdict {
	plan, okP := e.latest("programme.plan_adopted")
	planOK := okP && plan.n > 0
	missing, _ := e.latest("relationships.no_end_point")
	agreed, _ := e.latest("relationships.end_point")
	relsOK := missing.n == 0
	detail := fmt.Sprintf("%d relationships with an agreed end date; %d matched over 30 days ago without one", agreed.n, missing.n)
	if planOK {
		detail = fmt.Sprintf("the plan sets relationships of %d months; ", plan.n) + detail
	} else {
		detail = "no plan sets the relationships' length; " + detail
	}
	switch {
	case planOK && relsOK:
		return met(detail, plan.events, agreed.events)
	case planOK || (relsOK && agreed.n > 0):
		return partly(detail, plan.events, missing.events, agreed.events)
	}
	return notMet(detail, missing.events)
}

func judgeDocumenting(e *programmeEvidence) verdict {
	a, okA := e.latest("programme.administration_arranged")
	okA = okA && a.detail != ""
	logs, okL := e.latest("meetings.logged")
	inUse := okL || e.n("relationships") == 0
	var what string
	if okL {
		what = fmt.Sprintf("%d meeting logs recorded", logs.n)
	} else if e.n("relationships") == 0 {
		what = "no relationship matched yet"
	} else {
		what = "relationships matched and no meeting log recorded"
	}
	switch {
	case okA && inUse:
		return met(fmt.Sprintf("records kept %s; %s", a.detail, what), a.events, logs.events)
	case okA:
		return partly(fmt.Sprintf("records kept %s; %s", a.detail, what), a.events)
	case okL:
		return partly(what+"; no administration with a records store arranged", logs.events)
	}
	return notMet("no administration with a records store arranged; " + what)
}

func judgeContactProtocols(e *programmeEvidence) verdict {
	var protocol []fact
	var how []string
	if s, ok := e.latest("programme.evaluation_strategy_defined"); ok {
		if d, ok := e.value(s, "questionnaire_every_days"); ok && d > 0 {
			how = append(how, fmt.Sprintf("questionnaires every %d days", d))
		}
		if slices.Contains(e.items(s, "methods"), events.EvaluationInterviews) {
			how = append(how, "interviews or feedback sessions")
		}
		if len(how) > 0 {
			protocol = append(protocol, s)
		}
	}
	var contact []fact
	for _, k := range []string{"evaluation.survey_issued", "evaluation.feedback_session_held", "participant.supervision_recorded"} {
		if f, ok := e.earliest(k); ok {
			contact = append(contact, f)
		}
	}
	made := fmt.Sprintf("%d surveys issued, %d feedback sessions, %d supervision sessions",
		e.count("evaluation.survey_issued"), e.count("evaluation.feedback_session_held"), e.n("participant.supervision_recorded"))
	switch {
	case len(protocol) > 0 && len(contact) > 0:
		return met("the strategy sets "+strings.Join(how, " and ")+"; "+made, evidenceOf(protocol...), firstEvents(contact))
	case len(protocol) > 0:
		return partly("the strategy sets "+strings.Join(how, " and ")+"; no contact recorded yet", evidenceOf(protocol...))
	case len(contact) > 0:
		return partly(made+"; no strategy sets how participants are contacted", firstEvents(contact))
	}
	return notMet("no strategy sets how participants are contacted and no contact is recorded")
}

// firstEvents lists the first event of each row.
func firstEvents(rows []fact) []string {
	out := []string{}
	for _, r := range rows {
		if len(r.events) > 0 {
			out = append(out, r.events[0])
		}
	}
	return out
}

func judgeEvaluationBeforeLaunch(e *programmeEvidence) verdict {
	s, ok := e.earliest("programme.evaluation_strategy_defined")
	if !ok {
		return notMet("no evaluation strategy defined")
	}
	measures := e.items(s, "measures")
	l, launched := e.launched()
	switch {
	case !launched:
		return met(fmt.Sprintf("strategy with %d measures defined on %s; the programme has not launched", len(measures), day(s.on)), s.events)
	case !s.on.After(l.on):
		return met(fmt.Sprintf("strategy with %d measures defined on %s, before the launch on %s", len(measures), day(s.on), day(l.on)), s.events, l.events)
	}
	return partly(fmt.Sprintf("strategy defined on %s, %d days after the launch on %s", day(s.on), daysBetween(l.on, s.on), day(l.on)), s.events, l.events)
}

func judgeRecognition(e *programmeEvidence) verdict {
	r, ok := e.latest("programme.recognition_arranged")
	if !ok || r.n == 0 {
		return notMet("no recognition arranged")
	}
	return met(fmt.Sprintf("recognition arranged on %s: %s", day(r.on), list(e.items(r, "mechanisms"))), r.events)
}

func judgeCPDRecognition(e *programmeEvidence) verdict {
	r, ok := e.latest("programme.recognition_arranged")
	if !ok {
		return notMet("no recognition arranged")
	}
	mechanisms := e.items(r, "mechanisms")
	if slices.Contains(mechanisms, events.RecognitionCPD) {
		return met(fmt.Sprintf("recognition through a CPD record arranged on %s", day(r.on)), r.events)
	}
	return partly(fmt.Sprintf("recognition arranged on %s without CPD (%s)", day(r.on), list(mechanisms)), r.events)
}
