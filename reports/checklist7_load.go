package reports

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

	"github.com/mentorledger/mentorledger/projections"
)

// checklist7Query gathers, per relationship, the rows checklist 7 judges:
// its ending, agreements, action plans, meeting logs, lifecycle facts and
// its parties, each with the training or induction they completed by the
// first meeting (or the reference date before one). $4 is the reference
// date.
var checklist7Query = newRelTokenQuery("endings", "agreements", "action_plans", "meetings_logged",
	"relationship_facts WHERE fact <> 'relationship.meeting_cancelled'",
	`SELECT p.rel_key, 'P' || chr(31) || p.participant_id || chr(31) || p.role || chr(31) || (p.prep_ev IS NOT NULL)::INT
	            || chr(31) || '0' || chr(31) || '0' || chr(31) || coalesce(p.prep_ev, p.match_ev)
	     FROM (
	         SELECT p.rel_key, p.participant_id, p.role, r.match_ev, first(f.event_id ORDER BY f.on_date, f.pos) AS prep_ev
	         FROM (
	             SELECT p.rel_key, p.participant_id, p.role, coalesce(fm.first_on, $4::DATE) AS by_on
	             FROM relationship_parties p
	             LEFT JOIN (SELECT rel_key, min(held_on) AS first_on FROM meetings_logged WHERE pos <= $1 AND recorded_at <= $2 GROUP BY rel_key) fm
	                 USING (rel_key)
	             WHERE p.pos <= $1 AND p.recorded_at <= $2
	         ) p
	         JOIN (SELECT rel_key, event_id AS match_ev FROM rel) r USING (rel_key)
	         LEFT JOIN participant_facts f ON f.participant_id = p.participant_id AND f.pos <= $1 AND f.recorded_at <= $2 AND f.on_date <= p.by_on
	              AND f.fact = CASE p.role WHEN 'mentor' THEN 'participant.mentor_training_completed' ELSE 'participant.mentee_induction_completed' END
	         GROUP BY p.rel_key, p.participant_id, p.role, r.match_ev
	     ) p`)

// The keys of a relationship's evidence book, as checklist7_reference.sql
// (testdata) names its rows.
var c7keys = []string{
	"", // rows of no interest
	"relationship.matched", "relationship.ended", "agreement", "agreement:confidentiality", "agreement:terms", "agreement:frequency",
	"action_plan", "action_plan.reviewed", "action_plan:long_term_goal", "action_plan:short_term_goals", "action_plan:success_criteria",
	"meeting", "meeting:objectives_achieved", "meeting:challenges", "meeting:steps", "meeting:mentor_actions", "meeting:mentee_actions",
	"party",
	"relationship.goal_set", "relationship.milestone_achieved", "relationship.milestone_missed", "relationship.goal_achieved",
	"relationship.goal_revised", "relationship.progress_scaled", "relationship.commitment_rated", "relationship.reviewed",
	"relationship.phase_entered", "relationship.ending_prepared", "relationship.issue_raised", "relationship.issue_resolved",
	"relationship.rematch_arranged", "relationship.closure_completed",
}

var c7index = func() map[string]int {
	m := make(map[string]int, len(c7keys))
	for i, k := range c7keys {
		m[k] = i
	}
	return m
}()

// Indexes of the keys the loader writes.
var (
	kMatched, kEnded                             = c7index["relationship.matched"], c7index["relationship.ended"]
	kAgreement, kAgrConf, kAgrTerms, kAgrFreq    = c7index["agreement"], c7index["agreement:confidentiality"], c7index["agreement:terms"], c7index["agreement:frequency"]
	kPlan, kPlanReviewed                         = c7index["action_plan"], c7index["action_plan.reviewed"]
	kPlanLong, kPlanShort, kPlanCriteria         = c7index["action_plan:long_term_goal"], c7index["action_plan:short_term_goals"], c7index["action_plan:success_criteria"]
	kMeeting                                     = c7index["meeting"]
	kMeetObjectives, kMeetChallenges, kMeetSteps = c7index["meeting:objectives_achieved"], c7index["meeting:challenges"], c7index["meeting:steps"]
	kMeetMentor, kMeetMentee                     = c7index["meeting:mentor_actions"], c7index["meeting:mentee_actions"]
	kParty                                       = c7index["party"]
)

// c7book is one relationship's evidence for checklist 7: its rows by key,
// each key's rows in ledger order, as the evidence book of the
// programme-level checklists holds them (the same methods), kept in an
// array rather than a map.
type c7book struct {
	rows [c7nkeys][]fact
}

// c7nkeys is len(c7keys).
const c7nkeys = 33

func init() {
	if len(c7keys) != c7nkeys {
		panic("reports: c7nkeys must be len(c7keys)")
	}
}

func (b *c7book) key(k string) int { return c7index[k] }

func (b *c7book) all(key string) []fact { return b.rows[b.key(key)] }

func (b *c7book) has(key string) bool { return len(b.all(key)) > 0 }

func (b *c7book) count(key string) int { return len(b.all(key)) }

func (b *c7book) latest(key string) (fact, bool) {
	rows := b.all(key)
	if len(rows) == 0 {
		return fact{}, false
	}
	return rows[len(rows)-1], true
}

func (b *c7book) earliest(key string) (fact, bool) {
	rows := b.all(key)
	if len(rows) == 0 {
		return fact{}, false
	}
	best := rows[0]
	for _, r := range rows[1:] {
		if r.on.Before(best.on) {
			best = r
		}
	}
	return best, true
}

// value returns the number f's event recorded in a field of its fact.
func (b *c7book) value(f fact, field string) (int64, bool) {
	for _, r := range b.all(f.key + ":" + field) {
		if len(r.events) > 0 && len(f.events) > 0 && r.events[0] == f.events[0] && r.hasN {
			return r.n, true
		}
	}
	return 0, false
}

// add appends a row to its key.
func (b *c7book) add(k int, f fact) {
	f.key = c7keys[k]
	b.rows[k] = append(b.rows[k], f)
}

// reset empties the book, keeping its storage.
func (b *c7book) reset() {
	for i := range b.rows {
		b.rows[i] = b.rows[i][:0]
	}
}

// sortByPos orders each key's rows by position, as the book of a query
// does (ties keep their order: the parties, by participant).
func (b *c7book) sortByPos() {
	for k := range b.rows {
		rows := b.rows[k]
		if len(rows) > 1 && !slices.IsSortedFunc(rows, byFactPos) {
			slices.SortStableFunc(rows, byFactPos)
		}
	}
}

func byFactPos(a, b fact) int {
	switch {
	case a.pos < b.pos:
		return -1
	case a.pos > b.pos:
		return 1
	}
	return 0
}

// fromBook copies the rows of a query's evidence book (the reference
// path).
func (b *c7book) fromBook(bk book) {
	b.reset()
	for k, rows := range bk {
		if i, ok := c7index[k]; ok && i > 0 {
			b.rows[i] = append(b.rows[i], rows...)
		}
	}
}

// fill reads one relationship's tokens into the book. The events of its
// rows are one-element slices of one array per relationship.
func (b *c7book) fill(rt *relTokenRow) error {
	b.reset()
	n := 1 + strings.Count(rt.tokens, string(projections.TokenSep))
	evs := make([]string, 0, n)
	ev := func(t tokenRow) []string {
		evs = append(evs, t.ev)
		return evs[len(evs)-1 : len(evs) : len(evs)]
	}
	m := rt.match
	fr := m.reader()
	matched, _ := fr.day()
	prog, model := fr.str(), fr.str()
	parties := fr.num() + fr.num()
	b.add(kMatched, fact{on: dayTime(matched), subject: prog, detail: model, n: parties, hasN: true, events: ev(m), pos: m.pos})
	if fr.err != nil {
		return fr.err
	}
	err := rt.each(func(t tokenRow) error {
		fr := t.reader()
		switch t.tag {
		case 'E':
			on, _ := fr.day()
			reason := fr.str()
			planned := fr.num()
			b.add(kEnded, fact{on: dayTime(on), detail: reason, n: planned, hasN: true, events: ev(t), pos: t.pos})
		case 'A':
			signed, _ := fr.day()
			ends, hasEnds := fr.day()
			freq, hasFreq := fr.opt()
			maxmin, hasMax := fr.opt()
			conf := fr.num()
			sigs := fr.num()
			_, hasMin := fr.opt()
			_ = maxmin
			contact := fr.num()
			on := dayTime(signed)
			e := ev(t)
			a := fact{on: on, n: sigs, hasN: true, events: e, pos: t.pos}
			if hasEnds {
				a.until = dayTime(ends)
			}
			b.add(kAgreement, a)
			b.add(kAgrConf, fact{on: on, n: conf, hasN: true, events: e, pos: t.pos})
			terms := int64(boolInt(hasFreq) + boolInt(hasMin) + boolInt(hasMax) + int(contact))
			b.add(kAgrTerms, fact{on: on, n: terms, hasN: true, events: e, pos: t.pos})
			if hasFreq {
				b.add(kAgrFreq, fact{on: on, n: freq, hasN: true, events: e, pos: t.pos})
			}
		case 'L':
			kind := fr.str()
			d, _ := fr.day()
			on := dayTime(d)
			adjusted := fr.num()
			milestones := fr.num()
			e := ev(t)
			if kind != "agreed" {
				b.add(kPlanReviewed, fact{on: on, n: adjusted, hasN: true, events: e, pos: t.pos})
				break
			}
			long, short, criteria := fr.num(), fr.num(), fr.num()
			b.add(kPlan, fact{on: on, n: milestones, hasN: true, events: e, pos: t.pos})
			b.add(kPlanLong, fact{on: on, n: long, hasN: true, events: e, pos: t.pos})
			b.add(kPlanShort, fact{on: on, n: short, hasN: true, events: e, pos: t.pos})
			b.add(kPlanCriteria, fact{on: on, n: criteria, hasN: true, events: e, pos: t.pos})
		case 'M':
			fr.str() // meeting id
			d, _ := fr.day()
			on := dayTime(d)
			fr.str() // minutes
			fr.str() // method
			venue := fr.str()
			actions := fr.num()
			fr.str() // has next topic
			role := fr.str()
			e := ev(t)
			b.add(kMeeting, fact{on: on, subject: role, detail: venue, n: actions, hasN: true, events: e, pos: t.pos})
			for _, k := range [...]int{kMeetObjectives, kMeetChallenges, kMeetSteps, kMeetMentor, kMeetMentee} {
				b.add(k, fact{on: on, n: fr.num(), hasN: true, events: e, pos: t.pos})
			}
		case 'F':
			k := c7index[fr.str()]
			if k == 0 {
				break
			}
			f := fact{events: ev(t), pos: t.pos}
			if d, ok := fr.day(); ok {
				f.on = dayTime(d)
			}
			f.subject, f.detail = fr.str(), fr.str()
			f.n, f.hasN = fr.opt()
			if d, ok := fr.day(); ok {
				f.until = dayTime(d)
			}
			b.add(k, f)
		case 'P':
			participant, role := fr.str(), fr.str()
			prepared := fr.num()
			b.add(kParty, fact{subject: participant, detail: role, n: prepared, hasN: true, events: ev(t), pos: 0})
		}
		return fr.err
	})
	if err != nil {
		return err
	}
	b.sortByPos()
	// The parties, at position 0, in the order of their ids.
	if ps := b.rows[kParty]; len(ps) > 1 {
		slices.SortStableFunc(ps, func(a, b fact) int { return strings.Compare(a.subject, b.subject) })
	}
	return nil
}

// loadChecklist7 judges every relationship from its tokens, on as many
// goroutines as processors, and returns the programme and verdict of
// each, by relationship id.
func loadChecklist7(ctx context.Context, db *sql.DB, f filter, programme string, ref time.Time, workers int,
	judge func(w int, id string, b *c7book) error) error {
	books := make([]c7book, workers)
	return loadRelTokens(ctx, db, "checklist-7", checklist7Query, []any{f.pos, f.until, programme, ref}, workers, func(w int, rt *relTokenRow) error {
		if err := books[w].fill(rt); err != nil {
			return err
		}
		return judge(w, rt.id, &books[w])
	})
}
