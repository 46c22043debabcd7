package reports

import (
	"context"
	"fmt"
	"time"

	"github.com/mentorledger/mentorledger/events"
)

// Checklist2 is good practice checklist 2, financial/resource planning: its
// nine items in the guidance's order. Amounts are whole pence in the views;
// details show pounds.
var Checklist2 = programmeChecklist{
	name: "checklist-2", title: "Good practice checklist 2: Financial/resource planning",
	source: "SSSC, Mentoring: supporting and promoting professional development and learning, good practice checklist 2",
	items: []programmeItem{
		{Item{1, "financial-plan", "Develop a clear financial plan with realistic costing, forecasting and budgeting.",
			"met: a budget covers the reference date and the spending recorded in its period is within it (realistic); partly: a budget covers the reference date but spending in its period exceeds it, or budgets exist and none covers the reference date; not met: no budget"},
			judgeFinancialPlan},
		{Item{2, "budget", "Create a budget.",
			"met: a budget is set for a period (programme.budget_set); not met: none is"},
			judgeBudget},
		{Item{3, "funding-level", "Agree a level of funding to kick start and maintain the programme.",
			"met: secured funding covers the start (the launch, or the plan's start before a launch) and the reference date; partly: funding is secured but does not cover both; not met: no funding secured"},
			judgeFundingLevel},
		{Item{4, "funding-sources", "Identify a list of actual and potential sources of funding.",
			"met: both actual and potential sources of funding are identified; partly: only actual or only potential ones; not met: none"},
			judgeFundingSources},
		{Item{5, "funding-life-cycles", "Determine funder and funding life cycles.",
			"met: funding is secured with its period and every identified actual source has funding secured for a period; partly: funding is secured but some identified actual source has none recorded; not met: no funding secured"},
			judgeFundingLifeCycles},
		{Item{6, "funding-for-life-of-project", "Seek funding to cover the life of the project and sustain future programmes.",
			"met: secured funding covers every day of the plan's period and a potential source is identified for the future; partly: funding is secured but leaves part of the plan's period uncovered, or no potential source is identified, or there is no plan period to compare with; not met: no funding secured"},
			judgeFundingForLife},
		{Item{7, "control-structures", "Develop internal structures for controlling funding and for audit and reporting purposes.",
			"met: a governance policy is adopted and a steering group formed; partly: one of the two; not met: neither"},
			judgeControlStructures},
		{Item{8, "finance-in-governance", "Financial processes and knowledge integrated into governance and planning.",
			"met: a budget covers the plan's start date (finance planned with the programme) and a programme review was held within a budget's period (finance before the governance); partly: one of the two; not met: no budget. Knowledge itself is not recorded"},
			judgeFinanceInGovernance},
		{Item{9, "day-to-day-finances", "Establish a system for managing day-to-day project finances.",
			"met: spending is recorded and the latest is within 92 days of the reference date (or of the programme's closure); partly: spending recorded but none in those 92 days; not met: no spending recorded"},
			judgeDayToDayFinances},
	},
}

// BuildChecklist2 answers good practice checklist 2 for every programme,
// or the one named, as of asOf.
func BuildChecklist2(ctx context.Context, src Source, programme string, asOf AsOf, now time.Time) (*Checklist, error) {
	return Checklist2.build(ctx, src, programme, asOf, now)
}

func init() { Checklist2.define() }

func pounds(pence int64) string { return fmt.Sprintf("£%d", pence/100) }

// covering returns the rows of a key whose period includes t.
func (e *programmeEvidence) covering(key string, t time.Time) []fact {
	var out []fact
	for _, f := range e.all(key) {
		if within(f, t) {
			out = append(out, f)
		}
	}
	return out
}

func judgeBudget(e *programmeEvidence) verdict {
	budgets := e.all("programme.budget_set")
	if len(budgets) == 0 {
		return notMet("no budget set")
	}
	b := budgets[len(budgets)-1]
	return met(fmt.Sprintf("%d budgets set; the latest of %s for %s to %s", len(budgets), pounds(b.n), day(b.on), day(b.until)), evidenceOf(budgets...))
}

func judgeFinancialPlan(e *programmeEvidence) verdict {
	if !e.has("programme.budget_set") {
		return notMet("no budget set")
	}
	budgets := e.covering("programme.budget_set", e.ref)
	if len(budgets) == 0 {
		return partly(fmt.Sprintf("no budget covers %s", day(e.ref)), evidenceOf(e.all("programme.budget_set")...))
	}
	b := budgets[len(budgets)-1]
	var spent int64
	var spending []fact
	for _, x := range e.all("programme.expenditure_recorded") {
		if within(b, x.on) {
			spent += x.n
			spending = append(spending, x)
		}
	}
	detail := fmt.Sprintf("budget of %s for %s to %s; %s spent in it", pounds(b.n), day(b.on), day(b.until), pounds(spent))
	if spent > b.n {
		return partly(detail+": over budget", b.events, evidenceOf(spending...))
	}
	return met(detail, b.events, evidenceOf(spending...))
}

// start is the day the programme started: its launch, else its plan's
// start, else none.
func (e *programmeEvidence) start() (fact, bool) {
	if l, ok := e.launched(); ok {
		return l, true
	}
	return e.latest("programme.plan_adopted")
}

func judgeFundingLevel(e *programmeEvidence) verdict {
	funds := e.all("programme.funding_secured")
	if len(funds) == 0 {
		return notMet("no funding secured")
	}
	now := e.covering("programme.funding_secured", e.ref)
	s, started := e.start()
	var atStart []fact
	if started {
		atStart = e.covering("programme.funding_secured", s.on)
	}
	switch {
	case len(now) > 0 && (!started || len(atStart) > 0):
		what := fmt.Sprintf("secured funding covers %s", day(e.ref))
		if started {
			what += " and the start on " + day(s.on)
		}
		return met(what, evidenceOf(append(atStart, now...)...), s.events)
	case len(now) > 0:
		return partly(fmt.Sprintf("secured funding covers %s but not the start on %s", day(e.ref), day(s.on)), evidenceOf(now...), s.events)
	case len(atStart) > 0:
		return partly(fmt.Sprintf("secured funding covered the start on %s but not %s", day(s.on), day(e.ref)), evidenceOf(atStart...), s.events)
	}
	return partly(fmt.Sprintf("funding secured, covering neither the start nor %s", day(e.ref)), evidenceOf(funds...))
}

func judgeFundingSources(e *programmeEvidence) verdict {
	var actual, potential []fact
	for _, s := range e.all("programme.funding_source_identified") {
		if s.detail == events.FundingPotential {
			potential = append(potential, s)
		} else {
			actual = append(actual, s)
		}
	}
	detail := fmt.Sprintf("%d actual and %d potential sources identified", len(actual), len(potential))
	switch {
	case len(actual) > 0 && len(potential) > 0:
		return met(detail, evidenceOf(actual...), evidenceOf(potential...))
	case len(actual) > 0 || len(potential) > 0:
		return partly(detail, evidenceOf(actual...), evidenceOf(potential...))
	}
	return notMet("no source of funding identified")
}

func judgeFundingLifeCycles(e *programmeEvidence) verdict {
	funds := e.all("programme.funding_secured")
	if len(funds) == 0 {
		return notMet("no funding secured")
	}
	secured := map[string]bool{}
	for _, f := range funds {
		secured[f.subject] = true
	}
	var missing []fact
	var names []string
	for _, s := range e.all("programme.funding_source_identified") {
		if s.detail == events.FundingActual && !secured[s.subject] {
			missing = append(missing, s)
			names = append(names, s.subject)
		}
	}
	if len(missing) > 0 {
		return partly(fmt.Sprintf("%s secured; no period recorded for actual sources %s", pluralise(int64(len(funds)), "funding period", "funding periods"), list(names)), evidenceOf(missing...), evidenceOf(funds...))
	}
	return met(fmt.Sprintf("%s secured, one for every actual source", pluralise(int64(len(funds)), "funding period", "funding periods")), evidenceOf(funds...))
}

func judgeFundingForLife(e *programmeEvidence) verdict {
	funds := e.all("programme.funding_secured")
	if len(funds) == 0 {
		return notMet("no funding secured")
	}
	var potential []fact
	for _, s := range e.all("programme.funding_source_identified") {
		if s.detail == events.FundingPotential {
			potential = append(potential, s)
		}
	}
	plan, ok := e.latest("programme.plan_adopted")
	if !ok || plan.on.IsZero() || plan.until.IsZero() {
		return partly("funding secured; no plan period to compare it with", evidenceOf(funds...))
	}
	whole := covers(funds, plan.on, plan.until)
	period := fmt.Sprintf("the plan's period %s to %s", day(plan.on), day(plan.until))
	switch {
	case whole && len(potential) > 0:
		return met(fmt.Sprintf("secured funding covers %s; %d potential sources identified for the future", period, len(potential)),
			evidenceOf(funds...), plan.events, evidenceOf(potential...))
	case whole:
		return partly(fmt.Sprintf("secured funding covers %s; no potential source identified for the future", period), evidenceOf(funds...), plan.events)
	}
	return partly(fmt.Sprintf("secured funding leaves part of %s uncovered", period), evidenceOf(funds...), plan.events, evidenceOf(potential...))
}

func judgeControlStructures(e *programmeEvidence) verdict {
	var governance []fact
	for _, p := range e.all("programme.policy_adopted") {
		if p.subject == events.PolicyGovernance {
			governance = append(governance, p)
		}
	}
	g, okG := e.latest("programme.steering_group_formed")
	switch {
	case len(governance) > 0 && okG:
		return met("governance policy adopted and steering group formed", evidenceOf(governance...), g.events)
	case len(governance) > 0:
		return partly("governance policy adopted; no steering group", evidenceOf(governance...))
	case okG:
		return partly("steering group formed; no governance policy", g.events)
	}
	return notMet("no governance policy and no steering group")
}

func judgeFinanceInGovernance(e *programmeEvidence) verdict {
	budgets := e.all("programme.budget_set")
	if len(budgets) == 0 {
		return notMet("no budget set")
	}
	var planned []fact
	plan, okP := e.latest("programme.plan_adopted")
	if okP && !plan.on.IsZero() {
		planned = e.covering("programme.budget_set", plan.on)
	}
	var reviewed []fact
	for _, r := range e.all("programme.reviewed") {
		for _, b := range budgets {
			if within(b, r.on) {
				reviewed = append(reviewed, r)
				break
			}
		}
	}
	switch {
	case len(planned) > 0 && len(reviewed) > 0:
		return met(fmt.Sprintf("a budget covers the plan's start on %s; %d programme reviews within budget periods", day(plan.on), len(reviewed)),
			evidenceOf(planned...), evidenceOf(reviewed...))
	case len(planned) > 0:
		return partly(fmt.Sprintf("a budget covers the plan's start on %s; no programme review within a budget period", day(plan.on)), evidenceOf(planned...))
	case len(reviewed) > 0:
		return partly(fmt.Sprintf("%d programme reviews within budget periods; no budget covers the plan's start", len(reviewed)), evidenceOf(reviewed...), evidenceOf(budgets...))
	}
	return partly("budgets set, none covering the plan's start, and no programme review within a budget period", evidenceOf(budgets...))
}

func judgeDayToDayFinances(e *programmeEvidence) verdict {
	spending := e.all("programme.expenditure_recorded")
	if len(spending) == 0 {
		return notMet("no spending recorded")
	}
	last := spending[0]
	for _, s := range spending {
		if s.on.After(last.on) {
			last = s
		}
	}
	until := e.until()
	detail := fmt.Sprintf("%d items of spending recorded; the latest on %s", len(spending), day(last.on))
	if daysBetween(last.on, until) > 92 {
		return partly(detail+fmt.Sprintf(", %d days before %s", daysBetween(last.on, until), day(until)), last.events)
	}
	return met(detail, last.events)
}
