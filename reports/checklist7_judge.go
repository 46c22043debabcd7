package reports

import (
	"slices"
	"time"

	"github.com/mentorledger/mentorledger/events"
)

// relEvidence is one relationship's evidence for checklist 7 and the
// dates its stages fall due.
type relEvidence struct {
	*c7book
	ok        bool // the relationship is matched as of the report
	ref       time.Time
	programme string
	matched   fact
	endedOn   time.Time           // zero while active
	meetings  []fact              // in the order they were held
	phases    []fact              // the first entry of each phase, in ledger order
	sums      [c7nkeys]meetingSum // by key of meeting:field
	// arena holds the rows the judges gather while judging one
	// relationship (join, meetingSum, reviews, ...): reused from one
	// relationship to the next on the same worker, since no verdict keeps
	// a row, only the ids of its events.
	arena []fact
}

// reset makes e the evidence of the relationship in b, keeping its storage.
func (e *relEvidence) reset(b *c7book, ref time.Time) {
	e.phases = e.phases[:0]
	e.sums = [c7nkeys]meetingSum{}
	e.arena = e.arena[:0]
	e.c7book, e.ref, e.endedOn = b, ref, time.Time{}
	e.matched, e.ok = b.latest("relationship.matched")
	e.programme = e.matched.subject
	if end, ok := b.earliest("relationship.ended"); ok {
		e.endedOn = end.on
	}
	e.meetings = append(e.meetings[:0], b.all("meeting")...)
	slices.SortStableFunc(e.meetings, func(a, b fact) int { return a.on.Compare(b.on) })
	for _, p := range b.all("relationship.phase_entered") {
		if _, seen := e.phase(p.detail); !seen {
			e.phases = append(e.phases, p)
		}
	}
}

// phase returns the first entry of a lifecycle phase, if any.
func (e *relEvidence) phase(name string) (fact, bool) {
	for _, p := range e.phases {
		if p.detail == name {
			return p, true
		}
	}
	return fact{}, false
}

// join copies rows into the arena, one list after the other.
func (e *relEvidence) join(lists ...[]fact) []fact {
	start := len(e.arena)
	for _, l := range lists {
		e.arena = append(e.arena, l...)
	}
	return e.arena[start:len(e.arena):len(e.arena)]
}

// gathered returns the rows appended to the arena since start.
func (e *relEvidence) gathered(start int) []fact {
	return e.arena[start:len(e.arena):len(e.arena)]
}

// afterMatch is the day n days after the match.
func (e *relEvidence) afterMatch(n int) time.Time { return e.matched.on.AddDate(0, 0, n) }

// stage2 and stage3 are the days those stages fall due: some time into
// their phase, or a fixed time after the match when no phase is recorded.
func (e *relEvidence) stage2() time.Time {
	if p, ok := e.phase(events.PhaseSettingDirection); ok {
		return p.on.AddDate(0, 0, 30)
	}
	return e.afterMatch(90)
}

func (e *relEvidence) stage3() time.Time {
	if p, ok := e.phase(events.PhaseProgression); ok {
		return p.on.AddDate(0, 0, 60)
	}
	return e.afterMatch(180)
}

// stage4 is the day winding up and closure fall due: the ending, 30 days
// into winding up or the agreed end date, whichever comes first (far in
// the future when none is known).
func (e *relEvidence) stage4() time.Time {
	due := farFuture
	if !e.endedOn.IsZero() {
		due = e.endedOn
	}
	if p, ok := e.phase(events.PhaseWindingUp); ok && p.on.AddDate(0, 0, 30).Before(due) {
		due = p.on.AddDate(0, 0, 30)
	}
	if a, ok := e.latest("agreement"); ok && !a.until.IsZero() && a.until.Before(due) {
		due = a.until
	}
	return due
}

// pending says an item with no evidence is not applicable: it is not due
// until due, or the relationship ended before it was.
func (e *relEvidence) pending(due time.Time) (verdict, bool) {
	if e.ref.Before(due) {
		return notApplicable("not yet due (from " + day(due) + ")"), true
	}
	if !e.endedOn.IsZero() && e.endedOn.Before(due) {
		return notApplicable("the relationship ended on " + day(e.endedOn) + ", before this fell due on " + day(due)), true
	}
	return verdict{}, false
}

// orMissing is the verdict on an item without evidence: not applicable
// until due, not met after.
func (e *relEvidence) orMissing(due time.Time, detail string) verdict {
	if v, ok := e.pending(due); ok {
		return v
	}
	return notMet(detail + " by " + day(due))
}

// meetingSum adds up a number of the meeting logs (meeting:field) and
// returns the logs where it is positive.
func (e *relEvidence) meetingSum(field string) (int64, []fact) {
	k := e.key("meeting:" + field)
	if s := &e.sums[k]; s.done {
		return s.n, s.rows
	}
	var n int64
	start := len(e.arena)
	for _, r := range e.rows[k] {
		if r.n > 0 {
			n += r.n
			e.arena = append(e.arena, r)
		}
	}
	rows := e.gathered(start) // shared: an append copies
	e.sums[k] = meetingSum{n: n, rows: rows, done: true}
	return n, rows
}

// meetingSum is a sum of the meeting logs, once worked out.
type meetingSum struct {
	n    int64
	rows []fact
	done bool
}

// reviews returns the relationship reviews of the given kinds (none: all).
func (e *relEvidence) reviews(kinds ...string) []fact {
	start := len(e.arena)
	for _, r := range e.all("relationship.reviewed") {
		if len(kinds) == 0 {
			e.arena = append(e.arena, r)
			continue
		}
		for _, k := range kinds {
			if r.detail == k {
				e.arena = append(e.arena, r)
			}
		}
	}
	return e.gathered(start)
}

// openIssues returns the issues raised and not resolved, of the given
// category ("" = any).
func (e *relEvidence) openIssues(category string) []fact {
	resolved := e.all("relationship.issue_resolved")
	start := len(e.arena)
	for _, i := range e.all("relationship.issue_raised") {
		if !hasSubject(resolved, i.subject) && (category == "" || i.detail == category) {
			e.arena = append(e.arena, i)
		}
	}
	return e.gathered(start)
}

// hasSubject reports whether a row of rows has the subject.
func hasSubject(rows []fact, subject string) bool {
	for _, r := range rows {
		if r.subject == subject {
			return true
		}
	}
	return false
}

// goalsOfKind returns the goals set of a kind and the action plans that
// name such goals (long_term_goal or short_term_goals).
func (e *relEvidence) goalsOfKind(kind, planField string) []fact {
	start := len(e.arena)
	for _, g := range e.all("relationship.goal_set") {
		if g.detail == kind {
			e.arena = append(e.arena, g)
		}
	}
	for _, p := range e.all("action_plan") {
		if v, _ := e.value(p, planField); v > 0 {
			e.arena = append(e.arena, p)
		}
	}
	return e.gathered(start)
}

// judgeChecklist7 judges every item of checklist 7 for one relationship.
func judgeChecklist7(id string, e *relEvidence) RelationshipChecklist {
	rc := RelationshipChecklist{RelationshipID: id, Model: e.matched.detail, MatchedOn: day(e.matched.on), Meetings: len(e.meetings)}
	if !e.endedOn.IsZero() {
		rc.EndedOn = day(e.endedOn)
	}
	rc.Findings = make([]Finding, 0, len(checklist7Judges))
	for i, judge := range checklist7Judges {
		v := judge(e)
		it := Checklist7Items[i]
		if v.evidence == nil {
			v.evidence = []string{}
		}
		rc.Findings = append(rc.Findings, Finding{Item: it.Number, Key: it.Key, Status: v.status, Detail: v.detail, Evidence: v.evidence})
	}
	return rc
}

// checklist7Judges are the judges of Checklist7Items, in the same order.
var checklist7Judges = []func(e *relEvidence) verdict{
	// Stage 1: build rapport.
	func(e *relEvidence) verdict { // 1 establish rapport
		p, phase := e.phase(events.PhaseBuildingRapport)
		switch {
		case phase && len(e.meetings) > 0:
			return met("building rapport from "+day(p.on)+"; first meeting on "+day(e.meetings[0].on), p.events, e.meetings[0].events)
		case phase:
			return partly("building rapport from "+day(p.on)+"; no meeting yet", p.events)
		case len(e.meetings) > 0:
			return partly("first meeting on "+day(e.meetings[0].on)+"; no building-rapport phase recorded", e.meetings[0].events)
		}
		return e.orMissing(e.afterMatch(30), "no building-rapport phase and no meeting")
	},
	func(e *relEvidence) verdict { // 2 get on and respect each other
		reviews := e.reviews(events.RelationshipReviewRelationship, events.RelationshipReviewProgress)
		end, ended := e.earliest("relationship.ended")
		rematch, rematched := e.latest("relationship.rematch_arranged")
		switch {
		case len(e.meetings) >= 2:
			return met(itoa(len(e.meetings))+" meetings held; the second on "+day(e.meetings[1].on), e.meetings[1].events)
		case len(reviews) > 0:
			return met("relationship reviewed on "+day(reviews[0].on), reviews[0].events)
		case ended && end.detail == events.EndNotWorking && rematched:
			return met("ended as not working on "+day(end.on)+"; rematch arranged on "+day(rematch.on), end.events, rematch.events)
		case ended && end.detail == events.EndNotWorking:
			return partly("ended as not working on "+day(end.on)+"; no rematch arranged", end.events)
		}
		return e.orMissing(e.afterMatch(60), "fewer than two meetings and no review")
	},
	func(e *relEvidence) verdict { // 3 manage expectations
		parties := e.all("party")
		var prepared []fact
		for _, p := range parties {
			if p.n == 1 {
				prepared = append(prepared, p)
			}
		}
		open := e.openIssues(events.IssueExpectations)
		detail := itoa(len(prepared)) + " of " + itoa(len(parties)) + " parties completed training or induction by the first meeting; " + itoa(len(open)) + " expectations issues open"
		switch {
		case len(prepared) == 0:
			return notMet(detail, evidenceOf(open...))
		case len(prepared) == len(parties) && len(open) == 0:
			return met(detail, evidenceOf(prepared...))
		}
		return partly(detail, evidenceOf(open...), evidenceOf(prepared...))
	},
	func(e *relEvidence) verdict { // 4 contract including confidentiality
		a, ok := e.earliest("agreement")
		if !ok {
			return e.orMissing(e.afterMatch(30), "no agreement signed")
		}
		conf, _ := e.value(a, "confidentiality")
		timely := !a.on.After(e.afterMatch(30)) || (len(e.meetings) > 0 && !a.on.After(e.meetings[0].on))
		detail := "agreement signed on " + day(a.on) + " by " + itoa(a.n) + " of " + itoa(e.matched.n) + " parties"
		switch {
		case conf != 1:
			return partly(detail+", confidentiality not agreed", a.events)
		case a.n < e.matched.n:
			return partly(detail+": not every party signed", a.events)
		case !timely:
			return partly(detail+": after the first meeting and more than 30 days after the match", a.events)
		}
		return met(detail+", confidentiality agreed", a.events)
	},
	func(e *relEvidence) verdict { // 5 accountability
		a, signed := e.earliest("agreement")
		mentor, mr := e.meetingSum("mentor_actions")
		mentee, me := e.meetingSum("mentee_actions")
		owned := mentor+mentee > 0
		detail := "agreement signed: " + yesNo(signed) + "; " + itoa(mentor) + " action points owned by the mentor and " + itoa(mentee) + " by the mentee"
		switch {
		case signed && owned:
			return met(detail, a.events, evidenceOf(e.join(mr, me)...))
		case signed || owned:
			return partly(detail, a.events, evidenceOf(e.join(mr, me)...))
		}
		return e.orMissing(e.afterMatch(60), "no agreement and no owned action point")
	},
	func(e *relEvidence) verdict { // 6 way of working
		a, ok := e.latest("agreement")
		if !ok {
			return e.orMissing(e.afterMatch(30), "no agreement signed")
		}
		terms, _ := e.value(a, "terms")
		detail := "agreement of " + day(a.on) + " sets " + itoa(terms) + " of 4 terms of working together"
		if terms >= 4 {
			return met(detail, a.events)
		}
		return partly(detail, a.events)
	},
	func(e *relEvidence) verdict { // 7 regular pattern of contact
		freq := int64(30)
		if a, ok := e.latest("agreement:frequency"); ok && a.n > 0 {
			freq = a.n
		}
		limit := int(freq) + 7
		prev := e.matched
		judged, within := 0, 0
		var evidence []string
		for i := 0; i < 3; i++ {
			if i < len(e.meetings) {
				m := e.meetings[i]
				judged++
				if daysBetween(prev.on, m.on) <= limit {
					within++
				}
				evidence = append(evidence, m.events...)
				prev = m
				continue
			}
			// the interval still open: judged once it has run past the limit
			end := e.ref
			if !e.endedOn.IsZero() && e.endedOn.Before(end) {
				end = e.endedOn
			}
			if daysBetween(prev.on, end) > limit && e.endedOn.IsZero() {
				judged++
				evidence = append(evidence, prev.events...)
			}
			break
		}
		if judged == 0 {
			return notApplicable("no interval has run its course yet")
		}
		return allOrSome(within, judged, itoa(within)+" of the first "+itoa(judged)+" intervals within "+itoa(limit)+" days", evidence)
	},
	func(e *relEvidence) verdict { // 8 boundaries and ground rules
		a, agreed := e.latest("agreement")
		conf, _ := e.value(a, "confidentiality")
		agreed = agreed && conf == 1
		open := e.openIssues(events.IssueBoundaries)
		var raised []fact
		for _, i := range e.all("relationship.issue_raised") {
			if i.detail == events.IssueBoundaries {
				raised = append(raised, i)
			}
		}
		switch {
		case agreed && len(open) == 0:
			return met("ground rules agreed on "+day(a.on)+"; "+itoa(len(raised))+" boundaries issues, none open", a.events, evidenceOf(raised...))
		case agreed:
			return partly("ground rules agreed on "+day(a.on)+"; "+itoa(len(open))+" boundaries issues open", evidenceOf(open...), a.events)
		case len(raised) > 0 && len(open) == 0:
			return partly("boundaries issues raised and resolved; no agreement", evidenceOf(raised...))
		}
		return e.orMissing(e.afterMatch(30), "no agreement setting the ground rules")
	},
	func(e *relEvidence) verdict { // 9 commitment, involvement
		_, menteeActions := e.meetingSum("mentee_actions")
		start := len(e.arena)
		for _, m := range e.meetings {
			if m.subject == events.RoleMentee || m.subject == "both" {
				e.arena = append(e.arena, m)
			}
		}
		e.arena = append(e.arena, menteeActions...)
		involved := e.gathered(start)
		two := len(e.meetings) >= 2
		detail := itoa(len(e.meetings)) + " meetings; the mentee completed or owns actions in " + itoa(len(involved)) + " logs"
		switch {
		case two && len(involved) > 0:
			return met(detail, e.meetings[1].events, evidenceOf(involved...))
		case two:
			return partly(detail, e.meetings[1].events)
		case len(involved) > 0:
			return partly(detail, evidenceOf(involved...))
		}
		return e.orMissing(e.afterMatch(60), "fewer than two meetings and the mentee not involved in the records")
	},

	// Stage 2: set direction.
	func(*relEvidence) verdict { // 10 learning approaches
		return notApplicable("the ledger records no learning approaches or preferences")
	},
	func(e *relEvidence) verdict { // 11 diagnose needs, aspiration and goals (GROW)
		goals := e.all("relationship.goal_set")
		ratings := e.join(e.all("relationship.commitment_rated"), e.all("relationship.progress_scaled"))
		switch {
		case len(goals) > 0 && len(ratings) > 0:
			return met(itoa(len(goals))+" goals set; "+itoa(len(ratings))+" GROW or OSKAR ratings", firstEvents(goals), firstEvents(ratings))
		case len(goals) > 0:
			return partly(itoa(len(goals))+" goals set; no GROW or OSKAR rating", firstEvents(goals))
		}
		return e.orMissing(e.stage2(), "no goal set")
	},
	func(e *relEvidence) verdict { // 12 current reality
		if s, ok := e.earliest("relationship.progress_scaled"); ok {
			return met("progress first scaled at "+itoa(s.n)+" on "+day(s.on), s.events)
		}
		return e.orMissing(e.stage2(), "no progress scaling")
	},
	func(e *relEvidence) verdict { // 13 determine the goals
		goals := e.join(e.all("relationship.goal_set"), e.goalsOfKind("", "long_term_goal"))
		if len(goals) > 0 {
			return met(itoa(e.count("relationship.goal_set"))+" goals set, "+itoa(e.count("action_plan"))+" action plans", firstEvents(goals))
		}
		return e.orMissing(e.stage2(), "no goal set and no action plan")
	},
	func(e *relEvidence) verdict { // 14 objectives and success criteria
		var full, other []fact
		for _, p := range e.all("action_plan") {
			if c, _ := e.value(p, "success_criteria"); c > 0 && p.n > 0 {
				full = append(full, p)
			} else {
				other = append(other, p)
			}
		}
		for _, g := range e.all("relationship.goal_set") {
			if g.n > 0 {
				other = append(other, g)
			}
		}
		switch {
		case len(full) > 0:
			c, _ := e.value(full[0], "success_criteria")
			return met("action plan of "+day(full[0].on)+" with "+itoa(c)+" success criteria and "+itoa(full[0].n)+" milestones", full[0].events)
		case len(other) > 0:
			return partly("objectives set without an action plan with success criteria and milestones", firstEvents(other))
		}
		return e.orMissing(e.stage2(), "no objectives or action plan")
	},
	func(e *relEvidence) verdict { // 15 priority areas
		if rows := e.goalsOfKind(events.GoalShortTerm, "short_term_goals"); len(rows) > 0 {
			return met("short-term goals set ("+itoa(len(rows))+" records)", firstEvents(rows))
		}
		return e.orMissing(e.stage2(), "no short-term goal")
	},
	func(e *relEvidence) verdict { // 16 clarify the focus
		if rows := e.goalsOfKind(events.GoalLongTerm, "long_term_goal"); len(rows) > 0 {
			return met("long-term goal set ("+itoa(len(rows))+" records)", firstEvents(rows))
		}
		return e.orMissing(e.stage2(), "no long-term goal")
	},
	func(e *relEvidence) verdict { // 17 personal development plan
		p, ok := e.earliest("action_plan")
		due := e.stage2()
		switch {
		case ok && !p.on.After(due):
			return met("action plan agreed on "+day(p.on), p.events)
		case ok:
			return partly("action plan agreed on "+day(p.on)+", after "+day(due), p.events)
		}
		return e.orMissing(due, "no action plan")
	},
	func(e *relEvidence) verdict { // 18 gain commitment
		r, ok := e.latest("relationship.commitment_rated")
		switch {
		case ok && r.n >= 7:
			return met("commitment rated "+itoa(r.n)+" on "+day(r.on), r.events)
		case ok:
			return partly("commitment rated "+itoa(r.n)+" on "+day(r.on), r.events)
		}
		return e.orMissing(e.stage2(), "no commitment rating")
	},

	// Stage 3: progression.
	func(e *relEvidence) verdict { // 19 positive environment
		if len(e.meetings) == 0 {
			return e.orMissing(e.stage3(), "no meeting held")
		}
		var open []fact
		for _, m := range e.meetings {
			if m.detail == events.LocationWorkplaceOpen {
				open = append(open, m)
			}
		}
		issues := e.openIssues(events.IssueConfidentiality)
		detail := itoa(len(open)) + " of " + itoa(len(e.meetings)) + " meetings at an open workplace; " + itoa(len(issues)) + " confidentiality issues open"
		switch {
		case len(open) == 0 && len(issues) == 0:
			return met(detail, evidenceOf(e.meetings...))
		case len(open)*3 <= len(e.meetings):
			return partly(detail, evidenceOf(open...), evidenceOf(issues...))
		}
		return notMet(detail, evidenceOf(open...), evidenceOf(issues...))
	},
	func(e *relEvidence) verdict { // 20 use each other's expertise
		mentor, mr := e.meetingSum("mentor_actions")
		mentee, me := e.meetingSum("mentee_actions")
		detail := itoa(mentor) + " action points owned by the mentor, " + itoa(mentee) + " by the mentee"
		switch {
		case mentor > 0 && mentee > 0:
			return met(detail, evidenceOf(mr...), evidenceOf(me...))
		case mentor > 0 || mentee > 0:
			return partly(detail, evidenceOf(mr...), evidenceOf(me...))
		}
		return e.orMissing(e.stage3(), "no owned action point")
	},
	func(e *relEvidence) verdict { // 21 review progress and adapt
		rows := append(e.reviews(events.RelationshipReviewProgress), e.all("action_plan.reviewed")...)
		if len(rows) > 0 {
			return met(itoa(len(rows))+" progress or action plan reviews", evidenceOf(rows...))
		}
		return e.orMissing(e.stage3(), "no progress review")
	},
	func(e *relEvidence) verdict { // 22 empower, opportunities for progress
		mentee, me := e.meetingSum("mentee_actions")
		achieved := e.join(e.all("relationship.milestone_achieved"), e.all("relationship.goal_achieved"))
		detail := itoa(mentee) + " action points owned by the mentee; " + itoa(len(achieved)) + " milestones or goals achieved"
		switch {
		case mentee > 0 && len(achieved) > 0:
			return met(detail, evidenceOf(achieved...), firstEvents(me))
		case mentee > 0 || len(achieved) > 0:
			return partly(detail, evidenceOf(achieved...), firstEvents(me))
		}
		return e.orMissing(e.stage3(), "no mentee-owned action and nothing achieved")
	},
	func(e *relEvidence) verdict { // 23 identify new issues
		var start time.Time
		if g, ok := e.earliest("relationship.goal_set"); ok {
			start = g.on
		}
		if p, ok := e.earliest("action_plan"); ok && (start.IsZero() || p.on.Before(start)) {
			start = p.on
		}
		var fresh []fact
		if !start.IsZero() {
			for _, g := range e.all("relationship.goal_set") {
				if g.on.After(start) {
					fresh = append(fresh, g)
				}
			}
		}
		fresh = append(fresh, e.all("relationship.goal_revised")...)
		fresh = append(fresh, e.all("relationship.issue_raised")...)
		if len(fresh) > 0 {
			return met(itoa(len(fresh))+" new goals, goal revisions or issues after the first goals", evidenceOf(fresh...))
		}
		return e.orMissing(e.stage3(), "no new goal, revision or issue")
	},
	func(e *relEvidence) verdict { // 24 explore feelings about progress
		scales := e.all("relationship.progress_scaled")
		switch {
		case len(scales) >= 2:
			return met("progress scaled "+itoa(len(scales))+" times", evidenceOf(scales...))
		case len(scales) == 1:
			return partly("progress scaled once, on "+day(scales[0].on), scales[0].events)
		}
		return e.orMissing(e.stage3(), "progress never scaled")
	},
	func(e *relEvidence) verdict { // 25 recognise achievements
		achieved := e.join(e.all("relationship.milestone_achieved"), e.all("relationship.goal_achieved"))
		n, logs := e.meetingSum("objectives_achieved")
		if len(achieved) > 0 || n > 0 {
			return met(itoa(len(achieved))+" milestones or goals achieved; "+itoa(n)+" objectives achieved noted in meeting logs",
				evidenceOf(achieved...), evidenceOf(logs...))
		}
		return e.orMissing(e.stage3(), "no achievement recorded")
	},
	func(e *relEvidence) verdict { // 26 examine constraints
		n, logs := e.meetingSum("challenges")
		missed := e.all("relationship.milestone_missed")
		if n > 0 || len(missed) > 0 {
			return met(itoa(n)+" challenges in meeting logs; "+itoa(len(missed))+" milestones missed", evidenceOf(logs...), evidenceOf(missed...))
		}
		return e.orMissing(e.stage3(), "no challenge or missed milestone recorded")
	},
	func(e *relEvidence) verdict { // 27 consider options, look for solutions
		_, withSteps := e.meetingSum("steps")
		steps := func(ev string) bool {
			for _, r := range withSteps {
				if r.events[0] == ev {
					return true
				}
			}
			return false
		}
		actions := func(ev string) bool {
			for _, m := range e.meetings {
				if m.n > 0 && m.events[0] == ev {
					return true
				}
			}
			return false
		}
		good, total := 0, 0
		var solved, unsolved []fact
		_, challenged := e.meetingSum("challenges")
		for _, c := range challenged {
			total++
			if steps(c.events[0]) || actions(c.events[0]) {
				good++
				solved = append(solved, c)
			} else {
				unsolved = append(unsolved, c)
			}
		}
		open := e.openIssues("")
		for _, i := range e.all("relationship.issue_raised") {
			total++
			if hasSubject(open, i.subject) {
				unsolved = append(unsolved, i)
			} else {
				good++
				solved = append(solved, i)
			}
		}
		if total == 0 {
			return notApplicable("no challenge or issue recorded")
		}
		solved = append(solved, e.all("relationship.issue_resolved")...)
		return allOrSome(good, total, itoa(good)+" of "+itoa(total)+" challenges and issues met with steps, actions or a resolution",
			evidenceOf(unsolved...), evidenceOf(solved...))
	},
	func(e *relEvidence) verdict { // 28 review goals
		rows := append(e.reviews(events.RelationshipReviewGoals), e.all("relationship.goal_revised")...)
		if len(rows) > 0 {
			return met(itoa(len(rows))+" goal reviews or revisions", evidenceOf(rows...))
		}
		return e.orMissing(e.stage3(), "no goal review or revision")
	},
	func(e *relEvidence) verdict { // 29 review relationship
		if rows := e.reviews(events.RelationshipReviewRelationship); len(rows) > 0 {
			return met(itoa(len(rows))+" reviews of the relationship", evidenceOf(rows...))
		}
		if rows := e.reviews(); len(rows) > 0 {
			return partly(itoa(len(rows))+" reviews of other kinds; none of the relationship itself", evidenceOf(rows...))
		}
		return e.orMissing(e.stage3(), "no review")
	},

	// Stage 4/5: winding up and closure.
	func(e *relEvidence) verdict { // 30 revisit purpose
		var from fact
		if p, ok := e.phase(events.PhaseWindingUp); ok {
			from = p
		}
		if p, ok := e.earliest("relationship.ending_prepared"); ok && (from.on.IsZero() || p.on.Before(from.on)) {
			from = p
		}
		if from.on.IsZero() {
			return e.orMissing(e.stage4(), "no winding up or ending prepared")
		}
		var reflected []fact
		for _, r := range append(e.reviews(events.RelationshipReviewGoals, events.RelationshipReviewFinal), e.all("relationship.progress_scaled")...) {
			if !r.on.Before(from.on) {
				reflected = append(reflected, r)
			}
		}
		if len(reflected) > 0 {
			return met("winding up from "+day(from.on)+"; "+itoa(len(reflected))+" reviews or scalings since", from.events, evidenceOf(reflected...))
		}
		return partly("winding up from "+day(from.on)+"; no goals or final review or scaling since", from.events)
	},
	func(e *relEvidence) verdict { // 31 feelings and concerns
		p, prepared := e.earliest("relationship.ending_prepared")
		open := e.openIssues("")
		due := e.stage4()
		if !prepared {
			if v, ok := e.pending(due); ok {
				return v
			}
		}
		detail := "ending prepared: " + yesNo(prepared) + "; " + itoa(len(open)) + " issues open"
		switch {
		case prepared && len(open) == 0:
			return met(detail, p.events, evidenceOf(e.all("relationship.issue_resolved")...))
		case prepared:
			return partly(detail, evidenceOf(open...), p.events)
		case len(open) == 0:
			return partly(detail)
		}
		return notMet(detail+" by "+day(due), evidenceOf(open...))
	},
	func(e *relEvidence) verdict { // 32 review and evaluate
		if rows := e.reviews(events.RelationshipReviewFinal); len(rows) > 0 {
			return met("final review on "+day(rows[0].on), rows[0].events)
		}
		return e.orMissing(e.stage4(), "no final review")
	},
	func(e *relEvidence) verdict { // 33 next steps for the mentee
		var with, without []fact
		for _, p := range e.all("relationship.ending_prepared") {
			if p.n == 1 {
				with = append(with, p)
			} else {
				without = append(without, p)
			}
		}
		switch {
		case len(with) > 0:
			return met("next steps identified when the ending was prepared on "+day(with[0].on), with[0].events)
		case len(without) > 0:
			return partly("ending prepared on "+day(without[0].on)+" without next steps", without[0].events)
		}
		return e.orMissing(e.stage4(), "ending not prepared")
	},
	func(e *relEvidence) verdict { // 34 closure
		if c, ok := e.latest("relationship.closure_completed"); ok {
			return met("closure completed on "+day(c.on), c.events)
		}
		if p, ok := e.phase(events.PhaseMovingOn); ok {
			return partly("moving on from "+day(p.on)+"; closure not completed", p.events)
		}
		if e.endedOn.IsZero() {
			return notApplicable("not ended")
		}
		if due := e.endedOn.AddDate(0, 0, 30); e.ref.Before(due) {
			return notApplicable("ended on " + day(e.endedOn) + "; closure due by " + day(due))
		}
		return notMet("ended on " + day(e.endedOn) + " and closure not completed 30 days after")
	},
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
