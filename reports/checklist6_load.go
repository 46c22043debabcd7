package reports

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"slices"
	"strings"

	"github.com/mentorledger/mentorledger/events"
)

// checklist6Query gathers, per relationship, the rows checklist 6 judges:
// its agreements, endings, action plans, the mentor's contacts, and its
// meetings scheduled, postponed and logged.
var checklist6Query = newRelTokenQuery("agreements", "endings", "action_plans", "contacts WHERE by_role = 'mentor'",
	"meetings_scheduled", "meetings_postponed", "meetings_logged")

// c6plan is what checklist 6 reads of a programme's plan in force.
type c6plan struct {
	freq, maxmin, contactDays, docsDays int
	ev                                  string
}

// latestPlans returns each programme's plan in force as of f: the one
// adopted last.
func latestPlans(ctx context.Context, db *sql.DB, f filter) (map[string]c6plan, error) {
	rows, err := db.QueryContext(ctx, `SELECT programme_id, arg_max(meeting_frequency_days, pos), arg_max(max_meeting_minutes, pos),
		arg_max(contact_after_meeting_days, pos), arg_max(documents_due_days, pos), arg_max(event_id, pos)
		FROM plans WHERE pos <= $1 AND recorded_at <= $2 GROUP BY programme_id`, f.pos, f.until)
	if err != nil {
		return nil, fmt.Errorf("plans: %w", err)
	}
	defer rows.Close()
	out := map[string]c6plan{}
	for rows.Next() {
		var id string
		var p c6plan
		if err := rows.Scan(&id, &p.freq, &p.maxmin, &p.contactDays, &p.docsDays, &p.ev); err != nil {
			return nil, fmt.Errorf("plans: %w", err)
		}
		out[id] = p
	}
	return out, rows.Err()
}

// loadChecklist6 reads every relationship's rows as tokens and derives
// checklist 6's figures from them, on as many goroutines as processors.
func loadChecklist6(ctx context.Context, db *sql.DB, f filter, programme string) ([]*c6row, error) {
	plans, err := latestPlans(ctx, db, f)
	if err != nil {
		return nil, fmt.Errorf("checklist-6: %w", err)
	}
	ref := dayOf(events.NewDate(f.ref).Time())
	workers := runtime.GOMAXPROCS(0)
	parts := make([][]*c6row, workers)
	scratch := make([]c6scratch, workers)
	err = loadRelTokens(ctx, db, "checklist-6", checklist6Query, []any{f.pos, f.until, programme}, workers, func(w int, rt *relTokenRow) error {
		r, err := scratch[w].derive(rt, plans, ref)
		if err != nil {
			return err
		}
		// Judged here, while DuckDB still streams the next relationships.
		judged := r.judge()
		r.judged = &judged
		parts[w] = append(parts[w], r)
		return nil
	})
	if err != nil {
		return nil, err
	}
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	out := make([]*c6row, 0, n)
	for _, p := range parts {
		out = append(out, p...)
	}
	slices.SortFunc(out, func(a, b *c6row) int {
		if c := strings.Compare(a.programme, b.programme); c != 0 {
			return c
		}
		if c := a.matchedOn.Compare(b.matchedOn); c != 0 {
			return c
		}
		return strings.Compare(a.relationship, b.relationship)
	})
	return out, nil
}

// c6log is one meeting log.
type c6log struct {
	meeting          string
	held, recorded   int64 // days
	minutes, actions int64
	venue, role      string
	nextTopic        bool
	pos              uint64
	ev               string
}

// c6sched is what the schedules of one meeting say.
type c6sched struct {
	meeting     string
	first       uint64 // position of the first
	ev          string
	at          int64 // µs, as first scheduled
	agenda      bool  // any had an agenda
	firstRecDay int64 // the day the earliest was recorded
}

type c6postponement struct {
	meeting         string
	notice, newTime int64 // µs
	hasNew          bool
	pos             uint64
	ev              string
}

type c6dated struct {
	day int64
	pos uint64
	ev  string
}

// c6scratch holds one worker's buffers, reused from one relationship to
// the next.
type c6scratch struct {
	logs      []c6log
	scheds    []c6sched
	postponed []c6postponement
	contacts  []c6dated
	reviews   []c6dated
	ms        []c6meeting
}

func (s *c6scratch) sched(meeting string) *c6sched {
	for i := range s.scheds {
		if s.scheds[i].meeting == meeting {
			return &s.scheds[i]
		}
	}
	return nil
}

func byDayPos(a, b c6dated) int {
	if a.day != b.day {
		return cmp.Compare(a.day, b.day)
	}
	return cmp.Compare(a.pos, b.pos)
}

// derive computes one relationship's checklist 6 figures from its rows:
// what testdata/checklist6_reference.sql computes in SQL.
func (s *c6scratch) derive(rt *relTokenRow, plans map[string]c6plan, ref int64) (*c6row, error) {
	r := &c6row{}
	m := rt.match.reader()
	matched, _ := m.day()
	r.relationship = rt.id
	r.programme = m.str()
	r.model = m.str()
	r.matchedOn, r.matchEv = dayTime(matched), rt.match.ev
	if m.err != nil {
		return r, fmt.Errorf("relationship %s: %w", rt.id, m.err)
	}
	s.logs, s.scheds, s.postponed, s.contacts, s.reviews = s.logs[:0], s.scheds[:0], s.postponed[:0], s.contacts[:0], s.reviews[:0]

	// The first agreement's day and event, and the first stated frequency
	// and longest meeting (arg_min skips a missing value); the first
	// ending; the earliest action plan's day and the first one's event.
	const none = ^uint64(0)
	agrPos, endPos, maxPos, freqPos, planPos := none, none, none, none, none
	var agrFreq, agrMax, ended, planOn int64
	err := rt.each(func(t tokenRow) error {
		fr := t.reader()
		switch t.tag {
		case 'A':
			signed, _ := fr.day()
			fr.str() // ends_on
			freq, okFreq := fr.opt()
			maxmin, okMax := fr.opt()
			if t.pos < agrPos {
				agrPos = t.pos
				r.signedOn = sql.NullTime{Time: dayTime(signed), Valid: true}
				r.agrEv = sql.NullString{String: t.ev, Valid: true}
			}
			if okFreq && t.pos < freqPos {
				freqPos, agrFreq = t.pos, freq
			}
			if okMax && t.pos < maxPos {
				maxPos, agrMax = t.pos, maxmin
			}
		case 'E':
			on, _ := fr.day()
			if t.pos < endPos {
				endPos, ended = t.pos, on
				r.endEv = sql.NullString{String: t.ev, Valid: true}
			}
		case 'L':
			kind := fr.str()
			on, _ := fr.day()
			switch kind {
			case "agreed":
				if !r.planOn.Valid || on < planOn {
					planOn = on
					r.planOn = sql.NullTime{Time: dayTime(on), Valid: true}
				}
				if t.pos < planPos {
					planPos = t.pos
					r.actionPlanEv = sql.NullString{String: t.ev, Valid: true}
				}
			case "reviewed":
				s.reviews = append(s.reviews, c6dated{on, t.pos, t.ev})
			}
		case 'C':
			on, _ := fr.day()
			s.contacts = append(s.contacts, c6dated{on, t.pos, t.ev})
		case 'S':
			id := fr.str()
			at, _ := fr.opt()
			agenda := fr.flag()
			sc := s.sched(id)
			if sc == nil {
				s.scheds = append(s.scheds, c6sched{meeting: id, first: t.pos, ev: t.ev, at: at, firstRecDay: t.recordedDay()})
				sc = &s.scheds[len(s.scheds)-1]
			} else if t.pos < sc.first {
				sc.first, sc.ev, sc.at = t.pos, t.ev, at
			}
			sc.agenda = sc.agenda || agenda
			sc.firstRecDay = min(sc.firstRecDay, t.recordedDay())
		case 'Q':
			p := c6postponement{meeting: fr.str(), pos: t.pos, ev: t.ev}
			p.notice, _ = fr.opt()
			p.newTime, p.hasNew = fr.opt()
			s.postponed = append(s.postponed, p)
		case 'M':
			l := c6log{meeting: fr.str(), recorded: t.recordedDay(), pos: t.pos, ev: t.ev}
			l.held, _ = fr.day()
			l.minutes = fr.num()
			fr.str() // method
			l.venue = fr.str()
			l.actions = fr.num()
			l.nextTopic = fr.flag()
			l.role = fr.str()
			s.logs = append(s.logs, l)
		}
		return fr.err
	})
	if err != nil {
		return r, err
	}

	// The terms in force: the agreement's, else the plan's, else the
	// guidance's defaults.
	r.freq, r.maxmin, r.contactDays, r.docDays = 30, 120, 14, 7
	if plan, ok := plans[r.programme]; ok {
		r.freq, r.maxmin, r.contactDays, r.docDays = plan.freq, plan.maxmin, plan.contactDays, plan.docsDays
		r.planEv = sql.NullString{String: plan.ev, Valid: true}
	}
	if freqPos != none {
		r.freq = int(agrFreq)
	}
	if maxPos != none {
		r.maxmin = int(agrMax)
	}
	until := ref
	if endPos != none {
		r.endedOn = sql.NullTime{Time: dayTime(ended), Valid: true}
		until = min(ended, ref)
	}
	r.untilOn = dayTime(until)
	slices.SortFunc(s.reviews, func(a, b c6dated) int { return cmp.Compare(a.pos, b.pos) })
	r.reviews = len(s.reviews)
	if len(s.reviews) > 0 {
		r.reviewEvs = make([]string, len(s.reviews))
		for i, v := range s.reviews {
			r.reviewEvs[i] = v.ev
		}
	}

	// Each meeting in the order held, with what came before it.
	slices.SortFunc(s.logs, func(a, b c6log) int {
		if a.held != b.held {
			return cmp.Compare(a.held, b.held)
		}
		return cmp.Compare(a.pos, b.pos)
	})
	slices.SortFunc(s.contacts, byDayPos)
	if len(s.logs) > 0 {
		r.firstOn = sql.NullTime{Time: dayTime(s.logs[0].held), Valid: true}
		r.lastOn = sql.NullTime{Time: dayTime(s.logs[len(s.logs)-1].held), Valid: true}
	}
	s.ms = s.ms[:0]
	cd := int64(r.contactDays)
	for i, l := range s.logs {
		prevOn, prevNext := matched, false
		if i > 0 {
			prevOn, prevNext = s.logs[i-1].held, s.logs[i-1].nextTopic
		}
		flags := 0
		if l.held-prevOn > int64(r.freq)+7 {
			flags |= flagLongGap
		}
		if l.minutes > int64(r.maxmin) {
			flags |= flagTooLong
		}
		if l.venue == events.LocationWorkplaceOpen {
			flags |= flagOpenVenue
		}
		if l.actions > 0 {
			flags |= flagHasActions
		}
		if l.recorded-l.held <= int64(r.docDays) {
			flags |= flagForwarded
		}
		if l.role == events.RoleMentee || l.role == "both" {
			flags |= flagByMentee
		}
		if l.held+cd+7 <= until {
			flags |= flagContactDue
		}
		mt := c6meeting{n: i + 1, event: l.ev, flags: flags}
		sc := s.sched(l.meeting)
		if (sc != nil && sc.agenda && sc.firstRecDay < l.held) || prevNext {
			mt.flags |= flagPrepared
		}
		if sc != nil {
			mt.sched = sc.ev
		}
		// The mentor's first contact from seven days before the contact
		// day, if it is no later than seven days after it.
		from := l.held + cd - 7
		k, _ := slices.BinarySearchFunc(s.contacts, from, func(c c6dated, d int64) int { return cmp.Compare(c.day, d) })
		if k < len(s.contacts) && s.contacts[k].day <= l.held+cd+7 {
			mt.contact = s.contacts[k].ev
		}
		s.ms = append(s.ms, mt)
	}
	r.setMeetings(s.ms)

	// Each postponement: notified before the time it moved the meeting
	// from (the previous postponement's new time, else the first
	// schedule's) and given a new time.
	if len(s.postponed) > 0 {
		slices.SortFunc(s.postponed, func(a, b c6postponement) int { return cmp.Compare(a.pos, b.pos) })
		fields := make([]string, 0, len(s.postponed))
		for i, p := range s.postponed {
			var wasFor int64
			has := false
			prev := -1
			for j := i - 1; j >= 0; j-- {
				if s.postponed[j].meeting == p.meeting {
					prev = j
					break
				}
			}
			if prev >= 0 && s.postponed[prev].hasNew {
				wasFor, has = s.postponed[prev].newTime, true
			} else if sc := s.sched(p.meeting); sc != nil {
				wasFor, has = sc.at, true
			}
			ok := "0"
			if has && p.notice < wasFor && p.hasNew {
				ok = "1"
			}
			fields = append(fields, p.ev+"|"+ok)
		}
		if err := r.setPostponements(fields); err != nil {
			return r, err
		}
	}
	return r, nil
}
