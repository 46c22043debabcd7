package reports

import (
	"context"
	"fmt"
	"time"

	"github.com/mentorledger/mentorledger/events"
)

// Checklist5 is good practice checklist 5, monitoring – data sources and
// questions: its eight suggested sources of monitoring data, then its
// fifteen sample monitoring questions, each judged on whether the ledger
// shows the source in use or the question answered. The figures behind the
// questions are in the monitoring report.
var Checklist5 = programmeChecklist{
	name: "checklist-5", title: "Good practice checklist 5: Monitoring – data sources and questions",
	source: "SSSC, Mentoring: supporting and promoting professional development and learning, good practice checklist 5", activity: [][]string{
		{"relationships", "action_plans", "meetings.late_logs", "meetings.logged", "mentor", "relationship.review_due"},
		{"ending.premature", "issue",
			"relationship facts: relationship.reviewed relationship.goal_achieved relationship.milestone_achieved relationship.milestone_missed"},
		{"participant facts: participant.supervision_recorded", "survey.responses", "training_need",
			"survey.answers: resource6:q4 resource6:q7 resource6:q14 resource6:q15 resource6:q16"}},
	items: []programmeItem{
		{Item{1, "source-scheduled-meetings", "Suggestions for sources of monitoring data: scheduled meetings with mentors and mentees.",
			"met: the co-ordinator meets mentors and mentees: feedback sessions or focus groups are held and relationship reviews are recorded; partly: one of the two; not met: neither"},
			judgeScheduledMeetings},
		{Item{2, "source-suggestion-boxes", "Suggestions for sources of monitoring data: suggestion boxes.",
			"met: anonymous answers to a question asking for suggestions (resource 6, q16 \"What would you suggest to improve the mentor programme?\") are received, the ledger's anonymous channel; partly: anonymous survey responses are received, none to a suggestions question; not met: no anonymous response. The ledger records no physical suggestion box"},
			judgeSuggestions},
		{Item{3, "source-update-emails", "Suggestions for sources of monitoring data: update emails from mentors to co-ordinator/manager.",
			"not applicable: the ledger records no emails between mentors and the co-ordinator, so nothing can evidence this source; mentors' meeting logs reaching the co-ordinator are judged under written records (item 4)"},
			func(*programmeEvidence) verdict {
				return notApplicable("the ledger records no update emails from mentors")
			}},
		{Item{4, "source-written-records", "Suggestions for sources of monitoring data: written records eg meeting logs, action plans which track the mentee's journey.",
			"met: meeting logs and action plans are both recorded; partly: only one of the two; not met: relationships are matched and neither is recorded; not applicable: no relationship yet"},
			judgeWrittenRecords},
		{Item{5, "source-stakeholder-input", "Suggestions for sources of monitoring data: input from stakeholders.",
			"met: the programme is reviewed (programme.reviewed) and stakeholders give feedback (answers to a survey of line managers, or a feedback session or focus group); partly: one of the two; not met: neither"},
			judgeStakeholderInput},
		{Item{6, "source-rematching-early-intervention", "Suggestions for sources of monitoring data: analysis of processes for re-matching, early intervention for addressing issues within relationships.",
			"met: every issue raised was resolved within 30 days or has been open less than 30 days, and every premature ending was followed by a rematch; partly: some were; not met: none were; not applicable: no issue raised and no premature ending"},
			judgeEarlyIntervention},
		{Item{7, "source-early-termination-reasons", "Suggestions for sources of monitoring data: reasons for early termination of mentoring relationships.",
			"met: every premature ending records a reason category other than \"other\"; partly: some record only \"other\"; not met: all do; not applicable: no premature ending"},
			judgeTerminationReasons},
		{Item{8, "source-mentor-support-sessions", "Suggestions for sources of monitoring data: evidence from support sessions with mentors.",
			"met: every matched mentor has had a support (supervision) session recorded; partly: some have; not met: none has; not applicable: no mentor matched"},
			judgeSupportSessions},
		{Item{9, "objectives-met", "Sample monitoring question: Are the short and longer term objectives being met for mentees and the project?",
			"met: milestones, goals and programme outcomes achieved are at least as many as milestones missed, with at least one achieved; partly: some achieved but more missed; not met: milestones missed and none achieved; not applicable: nothing achieved or missed yet"},
			judgeObjectivesMet},
		{Item{10, "going-as-expected", "Sample monitoring question: Are things going as expected?",
			"met: a programme review in the last 120 days answers it; partly: reviews are held but the latest is older; not met: launched 120 days or more ago and never reviewed; not applicable: not launched, or launched less than 120 days ago with no review"},
			judgeGoingAsExpected},
		{Item{11, "administration-working", "Sample monitoring question: Are the administrative processes working? Does anything need changed?",
			"met: at least 90% of meeting logs are recorded within the plan's documents window (default 7 days) of the meeting; partly: at least half are; not met: fewer; not applicable: no meeting logged"},
			judgeAdministrationWorking},
		{Item{12, "processes-understood", "Sample monitoring question: Are the processes and systems useful, relevant and easy to understand by all?",
			"met: at least 75% of the answers to resource 6's questions on the training (q4) and on the co-ordinators' accessibility (q7) are yes; partly: at least half are; not met: fewer; not applicable: no such answer"},
			judgeProcessesUnderstood},
		{Item{13, "relationships-working", "Sample monitoring question: Are the mentors and mentees relationships working well? Do we know? How do we know?",
			"met: every relationship matched 90 days or more ago has been reviewed (relationship.reviewed, or its action plan reviewed); partly: some have; not met: none has; not applicable: no relationship is 90 days old"},
			judgeRelationshipsWorking},
		{Item{14, "issues-dealt-with", "Sample monitoring question: Are the challenges and issues raised by mentors and mentees being dealt with in time and effectively?",
			"met: every issue was resolved within 30 days or has been open less than 30 days; partly: some were; not met: none was; not applicable: no issue raised"},
			judgeIssuesDealtWith},
		{Item{15, "training-needs-met", "Sample monitoring question: Have any further training needs been identified? If so, what steps have been taken to meet those needs?",
			"met: every training need identified was met, or was identified less than 60 days ago; partly: some were; not met: none was; not applicable: no training need identified"},
			judgeTrainingNeeds},
		{Item{16, "working-well-or-less-well", "Sample monitoring question: What is working well? What is working less well? What needs to be done differently now and in the future?",
			"met: anonymous answers on what is most and least satisfying (resource 6, q14 and q15) are received and a feedback session or focus group is held; partly: one of the two; not met: neither"},
			judgeWorkingWell},
		{Item{17, "stakeholders-kept-up-to-date", "Sample monitoring question: Are all relevant stakeholders being kept up-to-date with the progress of the project?",
			"met: stakeholders were briefed in the last 183 days; partly: the latest briefing is older; not met: launched and never briefed; not applicable: not launched and never briefed"},
			judgeStakeholdersUpdated},
		{Item{18, "evidence-recorded", "Sample monitoring question: How is the evidence recorded?",
			"met: administration is arranged naming where records are kept (electronic, paper or both); not met: it is not"},
			judgeEvidenceRecorded},
		{Item{19, "other-evidence-sources", "Sample monitoring question: What other sources of evidence can be used to find out how well things are going?",
			"met: three or more kinds of evidence are in use (survey responses, feedback sessions or focus groups, outcomes recorded, relationship reviews, mentors' supervision); partly: one or two; not met: none"},
			judgeEvidenceSources},
		{Item{20, "data-analysed", "Sample monitoring question: How is the data analysed and evaluated?",
			"met: an evaluation strategy sets measures and methods and a programme review was held on or after it (the data evaluated); partly: one of the two; not met: neither"},
			judgeDataAnalysed},
		{Item{21, "sense-of-findings", "Sample monitoring question: How do we make sense of the findings?",
			"met: an evaluative programme review is held (annual, mid-term, end of pilot or final); partly: only steering-group or ad hoc reviews; not met: no review"},
			judgeSenseOfFindings},
		{Item{22, "findings-improve", "Sample monitoring question: How can the findings be used to improve things next time?",
			"met: a programme review agreed changes and a programme document was revised on or after it; partly: changes agreed and no document revised since, or documents revised with no review agreeing changes; not met: neither"},
			judgeFindingsImprove},
		{Item{23, "confidential-documentation", "Sample monitoring question: Is there a reliable system for managing and storing confidential documentation?",
			"met: a confidentiality and data protection policy is adopted and administration names where records are kept; partly: one of the two; not met: neither"},
			judgeConfidentialDocumentation},
	},
}

// BuildChecklist5 answers good practice checklist 5 for every programme,
// or the one named, as of asOf.
func BuildChecklist5(ctx context.Context, src Source, programme string, asOf AsOf, now time.Time) (*Checklist, error) {
	return Checklist5.build(ctx, src, programme, asOf, now)
}

func init() { Checklist5.define() }

// allOrSome judges "every / some / none" of a list of checks.
func allOrSome(good, total int, detail string, ev ...[]string) verdict {
	switch someOf(good, total) {
	case Met:
		return met(detail, ev...)
	case Partly:
		return partly(detail, ev...)
	case NotMet:
		return notMet(detail, ev...)
	}
	return notApplicable(detail, ev...)
}

// bothOf judges two conditions: met when both hold, partly when one does.
func bothOf(a, b bool, detail string, ev ...[]string) verdict {
	switch {
	case a && b:
		return met(detail, ev...)
	case a || b:
		return partly(detail, ev...)
	}
	return notMet(detail, ev...)
}

// answers returns the survey answer rows of an instrument's question
// ("resource6:q16") with the given choice ("" for any).
func (e *programmeEvidence) answers(question, choice string) []fact {
	var out []fact
	for _, a := range e.all("survey.answers") {
		if a.subject == question && (choice == "" || a.detail == choice) {
			out = append(out, a)
		}
	}
	return out
}

func sumN(rows []fact) int64 {
	var n int64
	for _, r := range rows {
		n += r.n
	}
	return n
}

// sessions returns the feedback sessions and focus groups held.
func (e *programmeEvidence) sessions() []fact { return e.all("evaluation.feedback_session_held") }

func judgeScheduledMeetings(e *programmeEvidence) verdict {
	sessions, reviews := e.sessions(), e.all("relationship.reviewed")
	return bothOf(len(sessions) > 0, len(reviews) > 0,
		fmt.Sprintf("%d feedback sessions or focus groups; %d relationship reviews", len(sessions), e.n("relationship.reviewed")),
		evidenceOf(sessions...), evidenceOf(reviews...))
}

func judgeSuggestions(e *programmeEvidence) verdict {
	suggestions := e.answers(events.InstrumentResource6+":q16", "")
	responses := e.all("survey.responses")
	switch {
	case len(suggestions) > 0:
		return met(fmt.Sprintf("%d anonymous answers to resource 6's q16 (suggestions to improve the programme)", sumN(suggestions)), evidenceOf(suggestions...))
	case len(responses) > 0:
		return partly(fmt.Sprintf("%d anonymous survey responses; none to a suggestions question", sumN(responses)), evidenceOf(responses...))
	}
	return notMet("no anonymous survey response received")
}

func judgeWrittenRecords(e *programmeEvidence) verdict {
	if e.n("relationships") == 0 {
		return notApplicable("no relationship matched yet")
	}
	logs, okL := e.latest("meetings.logged")
	plans, okP := e.latest("action_plans")
	return bothOf(okL, okP, fmt.Sprintf("%d meeting logs and %d action plans recorded", logs.n, plans.n), logs.events, plans.events)
}

func judgeStakeholderInput(e *programmeEvidence) verdict {
	reviews := e.all("programme.reviewed")
	var feedback []fact
	feedback = append(feedback, e.sessions()...)
	for _, r := range e.all("survey.responses") {
		if r.subject == events.AudienceLineManager {
			feedback = append(feedback, r)
		}
	}
	return bothOf(len(reviews) > 0, len(feedback) > 0,
		fmt.Sprintf("%d programme reviews; %d pieces of stakeholder feedback (line managers' survey responses, feedback sessions, focus groups)", len(reviews), len(feedback)),
		evidenceOf(reviews...), evidenceOf(feedback...))
}

// issueDealtWith reports whether an issue was resolved within 30 days or
// has been open less than 30 days at the reference date.
func (e *programmeEvidence) issueDealtWith(i fact) bool {
	if !i.until.IsZero() {
		return daysBetween(i.on, i.until) <= 30
	}
	return daysBetween(i.on, e.ref) < 30
}

func judgeEarlyIntervention(e *programmeEvidence) verdict {
	good, total := 0, 0
	var ok, bad []fact
	for _, i := range e.all("issue") {
		total++
		if e.issueDealtWith(i) {
			good++
			ok = append(ok, i)
		} else {
			bad = append(bad, i)
		}
	}
	rematched, premature := 0, 0
	for _, x := range e.all("ending.premature") {
		premature++
		total++
		if !x.until.IsZero() {
			good++
			rematched++
			ok = append(ok, x)
		} else {
			bad = append(bad, x)
		}
	}
	return allOrSome(good, total, fmt.Sprintf("%d of %d issues dealt with within 30 days; %d of %d premature endings followed by a rematch",
		good-rematched, total-premature, rematched, premature), evidenceOf(bad...), evidenceOf(ok...))
}

func judgeTerminationReasons(e *programmeEvidence) verdict {
	good, total := 0, 0
	var rows []fact
	counts := map[string]int{}
	for _, x := range e.all("ending.premature") {
		total++
		rows = append(rows, x)
		counts[x.detail]++
		if x.detail != events.EndOther {
			good++
		}
	}
	var parts []string
	for _, r := range []string{events.EndMovedRole, events.EndWorkload, events.EndPersonalCircumstances, events.EndNotWorking,
		events.EndLeftOrganisation, events.EndGoalsAchieved, events.EndCompleted, events.EndOther} {
		if counts[r] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", r, counts[r]))
		}
	}
	if total == 0 {
		return notApplicable("no premature ending")
	}
	return allOrSome(good, total, fmt.Sprintf("%d premature endings, reasons: %s", total, list(parts)), evidenceOf(rows...))
}

func judgeSupportSessions(e *programmeEvidence) verdict {
	supported, unsupported := e.all("mentor.supported"), e.all("mentor.unsupported")
	good, total := int(sumN(supported)), int(sumN(supported)+sumN(unsupported))
	return allOrSome(good, total, fmt.Sprintf("%d of %d matched mentors had a support session", good, total),
		evidenceOf(supported...), evidenceOf(unsupported...))
}

func judgeObjectivesMet(e *programmeEvidence) verdict {
	achieved := append(append(append([]fact{}, e.all("relationship.milestone_achieved")...), e.all("relationship.goal_achieved")...),
		e.all("evaluation.outcome_recorded")...)
	missed := e.all("relationship.milestone_missed")
	a := e.n("relationship.milestone_achieved") + e.n("relationship.goal_achieved") + int64(e.count("evaluation.outcome_recorded"))
	m := e.n("relationship.milestone_missed")
	detail := fmt.Sprintf("%d milestones and %d goals achieved, %d programme outcomes recorded; %d milestones missed",
		e.n("relationship.milestone_achieved"), e.n("relationship.goal_achieved"), e.count("evaluation.outcome_recorded"), m)
	switch {
	case a == 0 && m == 0:
		return notApplicable("nothing achieved or missed yet")
	case a == 0:
		return notMet(detail, evidenceOf(missed...))
	case a >= m:
		return met(detail, evidenceOf(achieved...), evidenceOf(missed...))
	}
	return partly(detail, evidenceOf(missed...), evidenceOf(achieved...))
}

func judgeGoingAsExpected(e *programmeEvidence) verdict {
	reviews := e.all("programme.reviewed")
	var last fact
	for _, r := range reviews {
		if last.on.IsZero() || r.on.After(last.on) {
			last = r
		}
	}
	l, launched := e.launched()
	switch {
	case len(reviews) > 0 && daysBetween(last.on, e.until()) <= 120:
		return met(fmt.Sprintf("the latest programme review on %s", day(last.on)), last.events)
	case len(reviews) > 0:
		return partly(fmt.Sprintf("the latest programme review on %s, %d days ago", day(last.on), daysBetween(last.on, e.until())), last.events)
	case launched && daysBetween(l.on, e.until()) >= 120:
		return notMet(fmt.Sprintf("launched on %s and never reviewed", day(l.on)), l.events)
	case launched:
		return notApplicable(fmt.Sprintf("launched on %s, less than 120 days ago", day(l.on)), l.events)
	}
	return notApplicable("not launched")
}

func judgeAdministrationWorking(e *programmeEvidence) verdict {
	logs, ok := e.latest("meetings.logged")
	if !ok || logs.n == 0 {
		return notApplicable("no meeting logged")
	}
	late, _ := e.latest("meetings.late_logs")
	onTime := logs.n - late.n
	detail := fmt.Sprintf("%d of %d meeting logs recorded within the documents window", onTime, logs.n)
	switch {
	case onTime*10 >= logs.n*9:
		return met(detail, logs.events, late.events)
	case onTime*2 >= logs.n:
		return partly(detail, late.events)
	}
	return notMet(detail, late.events)
}

func judgeProcessesUnderstood(e *programmeEvidence) verdict {
	var rows []fact
	var yes, total int64
	for _, q := range []string{"q4", "q7"} {
		for _, a := range e.answers(events.InstrumentResource6+":"+q, "") {
			if a.detail == "" {
				continue
			}
			rows = append(rows, a)
			total += a.n
			if a.detail == "yes" {
				yes += a.n
			}
		}
	}
	detail := fmt.Sprintf("%d of %d answers to resource 6 q4 (training helped) and q7 (co-ordinators accessible) are yes", yes, total)
	switch {
	case total == 0:
		return notApplicable("no answer to resource 6 q4 or q7")
	case yes*4 >= total*3:
		return met(detail, evidenceOf(rows...))
	case yes*2 >= total:
		return partly(detail, evidenceOf(rows...))
	}
	return notMet(detail, evidenceOf(rows...))
}

func judgeRelationshipsWorking(e *programmeEvidence) verdict {
	reviewed, unreviewed := e.all("relationship.review_due.reviewed"), e.all("relationship.review_due.unreviewed")
	good, due := int(sumN(reviewed)), int(sumN(reviewed)+sumN(unreviewed))
	if due == 0 {
		return notApplicable("no relationship is 90 days old")
	}
	return allOrSome(good, due, fmt.Sprintf("%d of %d relationships matched 90 days or more ago have been reviewed", good, due),
		evidenceOf(unreviewed...), evidenceOf(reviewed...))
}

func judgeIssuesDealtWith(e *programmeEvidence) verdict {
	issues := e.all("issue")
	good := 0
	var ok, bad []fact
	for _, i := range issues {
		if e.issueDealtWith(i) {
			good++
			ok = append(ok, i)
		} else {
			bad = append(bad, i)
		}
	}
	if len(issues) == 0 {
		return notApplicable("no issue raised")
	}
	return allOrSome(good, len(issues), fmt.Sprintf("%d of %d issues resolved within 30 days or open less than 30 days", good, len(issues)),
		evidenceOf(bad...), evidenceOf(ok...))
}

func judgeTrainingNeeds(e *programmeEvidence) verdict {
	needs := e.all("training_need")
	good := 0
	var ok, bad []fact
	for _, n := range needs {
		if !n.until.IsZero() || daysBetween(n.on, e.ref) < 60 {
			good++
			ok = append(ok, n)
		} else {
			bad = append(bad, n)
		}
	}
	if len(needs) == 0 {
		return notApplicable("no training need identified")
	}
	return allOrSome(good, len(needs), fmt.Sprintf("%d of %d training needs met or identified less than 60 days ago", good, len(needs)),
		evidenceOf(bad...), evidenceOf(ok...))
}

func judgeWorkingWell(e *programmeEvidence) verdict {
	most, least := e.answers(events.InstrumentResource6+":q14", ""), e.answers(events.InstrumentResource6+":q15", "")
	sessions := e.sessions()
	return bothOf(len(most) > 0 && len(least) > 0, len(sessions) > 0,
		fmt.Sprintf("%d answers on what is most and %d on what is least satisfying; %d feedback sessions or focus groups", sumN(most), sumN(least), len(sessions)),
		evidenceOf(most...), evidenceOf(least...), evidenceOf(sessions...))
}

func judgeStakeholdersUpdated(e *programmeEvidence) verdict {
	briefings := e.all("programme.stakeholders_briefed")
	var last fact
	for _, b := range briefings {
		if last.on.IsZero() || b.on.After(last.on) {
			last = b
		}
	}
	l, launched := e.launched()
	switch {
	case len(briefings) > 0 && daysBetween(last.on, e.until()) <= 183:
		return met(fmt.Sprintf("%d briefings, the latest on %s", len(briefings), day(last.on)), last.events)
	case len(briefings) > 0:
		return partly(fmt.Sprintf("%d briefings, the latest on %s, %d days ago", len(briefings), day(last.on), daysBetween(last.on, e.until())), last.events)
	case launched:
		return notMet(fmt.Sprintf("launched on %s and no stakeholder briefing since", day(l.on)), l.events)
	}
	return notApplicable("not launched and no briefing yet")
}

func judgeEvidenceRecorded(e *programmeEvidence) verdict {
	a, ok := e.latest("programme.administration_arranged")
	if !ok || a.detail == "" {
		return notMet("no administration naming where records are kept")
	}
	return met(fmt.Sprintf("records kept %s (administration arranged on %s); events in the ledger", a.detail, day(a.on)), a.events)
}

func judgeEvidenceSources(e *programmeEvidence) verdict {
	var kinds []string
	var rows []fact
	for _, k := range []struct{ key, name string }{
		{"survey.responses", "survey responses"}, {"evaluation.feedback_session_held", "feedback sessions or focus groups"},
		{"evaluation.outcome_recorded", "outcomes"}, {"relationship.reviewed", "relationship reviews"},
		{"participant.supervision_recorded", "mentors' supervision"},
	} {
		if f, ok := e.earliest(k.key); ok {
			kinds = append(kinds, k.name)
			rows = append(rows, f)
		}
	}
	detail := "in use: " + list(kinds)
	switch {
	case len(kinds) >= 3:
		return met(detail, firstEvents(rows))
	case len(kinds) > 0:
		return partly(detail, firstEvents(rows))
	}
	return notMet("no survey response, feedback session, outcome, relationship review or supervision recorded")
}

func judgeDataAnalysed(e *programmeEvidence) verdict {
	s, ok := e.strategy()
	var after []fact
	if ok {
		for _, r := range e.all("programme.reviewed") {
			if !r.on.Before(s.on) {
				after = append(after, r)
			}
		}
	}
	switch {
	case ok && len(after) > 0:
		return met(fmt.Sprintf("evaluation strategy of %s; %d programme reviews since", day(s.on), len(after)), s.events, evidenceOf(after...))
	case ok:
		return partly(fmt.Sprintf("evaluation strategy of %s; no programme review since", day(s.on)), s.events)
	case e.has("programme.reviewed"):
		return partly("programme reviews held; no evaluation strategy", evidenceOf(e.all("programme.reviewed")...))
	}
	return notMet("no evaluation strategy and no programme review")
}

func judgeSenseOfFindings(e *programmeEvidence) verdict {
	var evaluative, other []fact
	for _, r := range e.all("programme.reviewed") {
		switch r.detail {
		case events.ReviewAnnual, events.ReviewMidTerm, events.ReviewEndOfPilot, events.ReviewFinal:
			evaluative = append(evaluative, r)
		default:
			other = append(other, r)
		}
	}
	switch {
	case len(evaluative) > 0:
		return met(fmt.Sprintf("%d evaluative reviews (annual, mid-term, end of pilot, final)", len(evaluative)), evidenceOf(evaluative...))
	case len(other) > 0:
		return partly(fmt.Sprintf("%d steering-group or ad hoc reviews; no evaluative review", len(other)), evidenceOf(other...))
	}
	return notMet("no programme review")
}

func judgeFindingsImprove(e *programmeEvidence) verdict {
	var changed []fact
	for _, r := range e.all("programme.reviewed") {
		if r.n > 0 {
			changed = append(changed, r)
		}
	}
	revisions := e.all("programme.document_revised")
	var acted []fact
	for _, c := range changed {
		for _, r := range revisions {
			if !r.on.Before(c.on) {
				acted = append(acted, c, r)
			}
		}
	}
	switch {
	case len(acted) > 0:
		return met(fmt.Sprintf("%d reviews agreed changes; documents revised after them", len(changed)), evidenceOf(acted...))
	case len(changed) > 0:
		return partly(fmt.Sprintf("%d reviews agreed changes; no document revised since", len(changed)), evidenceOf(changed...))
	case len(revisions) > 0:
		return partly(fmt.Sprintf("%d document revisions; no review agreed changes", len(revisions)), evidenceOf(revisions...))
	}
	return notMet("no review agreed changes and no document revised")
}

func judgeConfidentialDocumentation(e *programmeEvidence) verdict {
	var policy []fact
	for _, p := range e.all("programme.policy_adopted") {
		if p.subject == events.PolicyConfidentialityDataProtection {
			policy = append(policy, p)
		}
	}
	a, okA := e.latest("programme.administration_arranged")
	okA = okA && a.detail != ""
	what := "no confidentiality and data protection policy"
	if len(policy) > 0 {
		what = "confidentiality and data protection policy " + policy[len(policy)-1].detail + " adopted"
	}
	if okA {
		what += "; records kept " + a.detail
	} else {
		what += "; no records store named"
	}
	return bothOf(len(policy) > 0, okA, what, evidenceOf(policy...), a.events)
}
