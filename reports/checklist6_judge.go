package reports

import (
	"database/sql"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// c6row is one relationship's figures for checklist 6, with its meetings'
// flags unpacked into counts and evidence lists.
type c6row struct {
	programme, relationship, model     string
	matchedOn                          time.Time
	endedOn                            sql.NullTime
	untilOn                            time.Time
	freq, maxmin, contactDays, docDays int
	matchEv                            string
	planEv, agrEv                      sql.NullString
	signedOn                           sql.NullTime
	endEv                              sql.NullString
	firstOn, lastOn                    sql.NullTime
	planOn                             sql.NullTime
	actionPlanEv                       sql.NullString
	reviews                            int
	reviewEvs                          []string

	// From the meetings and postponements (setMeetings, setPostponements).
	meetings                           int
	firstEv                            sql.NullString
	meetingEvs                         []string
	longGaps, tooLong, openVenue       int
	longGapEvs, tooLongEvs             []string
	openVenueEvs                       []string
	noActions, lateLogs                int
	noActionsEvs, lateLogEvs           []string
	menteeLogs, laterLogs, laterMentee int
	contactDue, contactMade            int
	contactEvs, uncontactedEvs         []string
	prepared                           int
	preparedEvs, unpreparedEvs         []string
	postponed, withNotice              int
	noticeEvs, lateNoticeEvs           []string

	// judged is the row's findings when the loader judged it already.
	judged *RelationshipChecklist
}

// Meeting flags: what checklist 6 finds of each meeting.
const (
	flagLongGap = 1 << iota
	flagTooLong
	flagOpenVenue
	flagHasActions
	flagForwarded
	flagByMentee
	flagContactDue
	flagPrepared
)

// c6meeting is one logged meeting as checklist 6 judges it: its place n in
// the order the meetings were held (1 = first), its event, its flags, the
// mentor's contact that followed it and the event that scheduled it, if
// any.
type c6meeting struct {
	n                     int
	event, contact, sched string
	flags                 int
}

// setMeetings counts the meetings' flags and lists their evidence. The
// lists share one array, sized by a first pass that counts them.
func (r *c6row) setMeetings(ms []c6meeting) {
	sort.Slice(ms, func(i, j int) bool { return ms[i].n < ms[j].n })
	r.meetings = len(ms)
	if len(ms) == 0 {
		return
	}
	r.firstEv = sql.NullString{String: ms[0].event, Valid: true}
	var sizes [c6lists]int
	for _, m := range ms {
		c6each(m, func(list int, _ string) { sizes[list]++ })
	}
	total := 0
	for _, n := range sizes {
		total += n
	}
	buf := make([]string, 0, total)
	var lists [c6lists][]string
	for i, n := range sizes {
		if n > 0 {
			lists[i] = buf[len(buf) : len(buf) : len(buf)+n]
			buf = buf[:len(buf)+n]
		}
	}
	for _, m := range ms {
		c6each(m, func(list int, ev string) { lists[list] = append(lists[list], ev) })
		later := m.n > len(ms)/2
		if later {
			r.laterLogs++
		}
		if m.flags&flagByMentee != 0 {
			r.menteeLogs++
			if later {
				r.laterMentee++
			}
		}
		if m.flags&flagContactDue != 0 {
			r.contactDue++
		}
	}
	r.meetingEvs = lists[c6Meeting]
	r.longGapEvs, r.longGaps = lists[c6LongGap], len(lists[c6LongGap])
	r.tooLongEvs, r.tooLong = lists[c6TooLong], len(lists[c6TooLong])
	r.openVenueEvs, r.openVenue = lists[c6OpenVenue], len(lists[c6OpenVenue])
	r.noActionsEvs, r.noActions = lists[c6NoActions], len(lists[c6NoActions])
	r.lateLogEvs, r.lateLogs = lists[c6LateLog], len(lists[c6LateLog])
	r.contactEvs, r.contactMade = lists[c6Contact], len(lists[c6Contact])
	r.uncontactedEvs = lists[c6Uncontacted]
	r.preparedEvs, r.prepared = lists[c6Prepared], len(lists[c6Prepared])
	r.unpreparedEvs = lists[c6Unprepared]
}

// The evidence lists setMeetings fills.
const (
	c6Meeting = iota
	c6LongGap
	c6TooLong
	c6OpenVenue
	c6NoActions
	c6LateLog
	c6Contact
	c6Uncontacted
	c6Prepared
	c6Unprepared
	c6lists
)

// c6each calls add with each list a meeting belongs to and the event it
// adds to it.
func c6each(m c6meeting, add func(list int, ev string)) {
	has := func(f int) bool { return m.flags&f != 0 }
	add(c6Meeting, m.event)
	if has(flagLongGap) {
		add(c6LongGap, m.event)
	}
	if has(flagTooLong) {
		add(c6TooLong, m.event)
	}
	if has(flagOpenVenue) {
		add(c6OpenVenue, m.event)
	}
	if !has(flagHasActions) {
		add(c6NoActions, m.event)
	}
	if !has(flagForwarded) {
		add(c6LateLog, m.event)
	}
	if has(flagContactDue) {
		if m.contact != "" {
			add(c6Contact, m.contact)
		} else {
			add(c6Uncontacted, m.event)
		}
	}
	switch {
	case has(flagPrepared) && m.sched != "":
		add(c6Prepared, m.sched)
	case has(flagPrepared):
		add(c6Prepared, m.event)
	default:
		add(c6Unprepared, m.event)
	}
}

// setPostponements counts the postponements, each "event|1" when notified
// ahead and rescheduled, "event|0" when not, in the order of those strings.
func (r *c6row) setPostponements(fields []string) error {
	sort.Strings(fields)
	for _, f := range fields {
		ev, ok, found := strings.Cut(f, "|")
		if !found {
			return fmt.Errorf("relationship %s: malformed postponement token %q", r.relationship, f)
		}
		r.postponed++
		if ok == "1" {
			r.withNotice++
			r.noticeEvs = append(r.noticeEvs, ev)
		} else {
			r.lateNoticeEvs = append(r.lateNoticeEvs, ev)
		}
	}
	return nil
}

// share judges "every / some / none" counts: met when bad is 0, partly when
// at most a third are bad, not met otherwise.
func share(bad, total int) string {
	switch {
	case total == 0:
		return NotApplicable
	case bad == 0:
		return Met
	case bad*3 <= total:
		return Partly
	default:
		return NotMet
	}
}

// someOf judges "all / some / none" counts.
func someOf(good, total int) string {
	switch {
	case total == 0:
		return NotApplicable
	case good == total:
		return Met
	case good > 0:
		return Partly
	default:
		return NotMet
	}
}

// day formats a date as YYYY-MM-DD. Reports name hundreds of thousands of
// dates, nearly all of them UTC midnights of a few thousand days, so those
// come from a table made once instead of being formatted each time.
func day(t time.Time) string {
	if t.Location() == time.UTC {
		if i := floorDiv(t.Unix(), 86400) - dayNamesFrom; i >= 0 && i < dayNamesCount {
			return dayNames()[i]
		}
	}
	return t.Format(time.DateOnly)
}

// The day names in the table: 1990-01-01 and the 80 years after it.
const (
	dayNamesFrom  = 7305 // 1990-01-01, in days since 1970-01-01
	dayNamesCount = 80 * 366
)

var dayNames = sync.OnceValue(func() []string {
	names := make([]string, dayNamesCount)
	for i := range names {
		names[i] = time.Unix((dayNamesFrom+int64(i))*86400, 0).UTC().Format(time.DateOnly)
	}
	return names
})

// concat joins lists into one (empty, never nil, when they are). A single
// non-empty list is handed back as it is, capped so that appending to it
// copies: a verdict's evidence is only read once made, and the lists it is
// made of (a fact's events, a list a judge gathered for it) are not
// changed after, so most verdicts need no copy (checklist 7 made ~440,000
// of them per report at a million events).
func concat(lists ...[]string) []string {
	n, only := 0, -1
	for i, l := range lists {
		if len(l) == 0 {
			continue
		}
		n += len(l)
		if only == -1 {
			only = i
		} else {
			only = -2
		}
	}
	switch {
	case n == 0:
		return []string{}
	case only >= 0:
		l := lists[only]
		return l[:len(l):len(l)]
	}
	out := make([]string, 0, n)
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// strArena hands out lists that share one growing array: each list is
// capped at its length, so appending to one copies it rather than writing
// over the next.
type strArena struct{ buf []string }

// concat joins lists into a new one in the arena (empty, never nil).
func (a *strArena) concat(lists ...[]string) []string {
	if a.buf == nil {
		a.buf = []string{}
	}
	start := len(a.buf)
	for _, l := range lists {
		a.buf = append(a.buf, l...)
	}
	return a.buf[start:len(a.buf):len(a.buf)]
}

func one(s sql.NullString) []string {
	if !s.Valid || s.String == "" {
		return nil
	}
	return []string{s.String}
}

// judge applies checklist 6's rules to one relationship.
func (r *c6row) judge() RelationshipChecklist {
	rc := RelationshipChecklist{RelationshipID: r.relationship, Model: r.model, MatchedOn: day(r.matchedOn), Meetings: r.meetings}
	if r.endedOn.Valid {
		rc.EndedOn = day(r.endedOn.Time)
	}
	meetingEvs := r.meetingEvs
	// The evidence lists of the findings share one array.
	a := strArena{buf: make([]string, 0, 5*len(meetingEvs)+len(r.longGapEvs)+len(r.tooLongEvs)+len(r.openVenueEvs)+
		len(r.noActionsEvs)+len(r.lateLogEvs)+len(r.uncontactedEvs)+len(r.contactEvs)+len(r.unpreparedEvs)+
		len(r.preparedEvs)+len(r.lateNoticeEvs)+len(r.noticeEvs)+len(r.reviewEvs)+16)}
	rc.Findings = make([]Finding, 0, len(Checklist6Items))
	add := func(item int, status, detail string, evidence []string) {
		it := Checklist6Items[item-1]
		if evidence == nil {
			evidence = []string{}
		}
		rc.Findings = append(rc.Findings, Finding{Item: item, Key: it.Key, Status: status, Detail: detail, Evidence: evidence})
	}

	// 1. Meet once a month, including the open gap up to the reference date.
	since := r.matchedOn
	if r.lastOn.Valid {
		since = r.lastOn.Time
	}
	openGap := int(r.untilOn.Sub(since).Hours()/24) > r.freq+7
	gaps, longGaps := r.meetings, r.longGaps
	if openGap && !r.endedOn.Valid {
		gaps++
		longGaps++
	}
	switch {
	case r.meetings == 0 && !openGap:
		add(1, NotApplicable, "no meeting due yet", []string{r.matchEv})
	case r.meetings == 0:
		add(1, NotMet, "no meeting logged since the match on "+day(r.matchedOn), []string{r.matchEv})
	default:
		detail := itoa(longGaps) + " of " + itoa(gaps) + " intervals longer than " + itoa(r.freq+7) + " days"
		if openGap && !r.endedOn.Valid {
			detail += ("; no meeting since " + day(since))
		}
		add(1, share(longGaps, gaps), detail, a.concat(r.longGapEvs, meetingEvs))
	}

	// 2. Meeting length.
	add(2, share(r.tooLong, r.meetings), itoa(r.tooLong)+" of "+itoa(r.meetings)+" meetings longer than "+itoa(r.maxmin)+" minutes",
		a.concat(r.tooLongEvs, one(r.agrEv), one(r.planEv), meetingEvs))

	// 3. Contact about two weeks after a meeting.
	switch {
	case r.contactDue == 0:
		add(3, NotApplicable, "no meeting whose contact window has closed", nil)
	case r.contactMade == r.contactDue:
		add(3, Met, "mentor contact after all "+itoa(r.contactDue)+" meetings", r.contactEvs)
	case r.contactMade > 0:
		add(3, Partly, "mentor contact after "+itoa(r.contactMade)+" of "+itoa(r.contactDue)+" meetings", a.concat(r.uncontactedEvs, r.contactEvs))
	default:
		add(3, NotMet, "no mentor contact after any of "+itoa(r.contactDue)+" meetings", r.uncontactedEvs)
	}

	// 4. Agreement at the first meeting.
	switch {
	case r.signedOn.Valid && (!r.firstOn.Valid || !r.signedOn.Time.After(r.firstOn.Time)):
		add(4, Met, "agreement signed on "+day(r.signedOn.Time), a.concat(one(r.agrEv), one(r.firstEv)))
	case r.signedOn.Valid:
		add(4, Partly, "agreement signed on "+day(r.signedOn.Time)+", after the first meeting on "+day(r.firstOn.Time),
			a.concat(one(r.agrEv), one(r.firstEv)))
	case r.meetings > 0:
		add(4, NotMet, itoa(r.meetings)+" meetings and no agreement", one(r.firstEv))
	default:
		add(4, NotApplicable, "no meeting and no agreement yet", nil)
	}

	// 5. Prepare in advance.
	if r.meetings == 0 {
		add(5, NotApplicable, "no meeting logged", nil)
	} else {
		add(5, someOf(r.prepared, r.meetings),
			(itoa(r.prepared) + " of " + itoa(r.meetings) + " meetings prepared in advance"), a.concat(r.unpreparedEvs, r.preparedEvs))
	}

	// 6. Neutral venue or privacy.
	add(6, share(r.openVenue, r.meetings), itoa(r.openVenue)+" of "+itoa(r.meetings)+" meetings at an open workplace location",
		a.concat(r.openVenueEvs, meetingEvs))

	// 7. Action plan as early as possible.
	switch {
	case r.planOn.Valid && (!r.firstOn.Valid || !r.planOn.Time.After(r.firstOn.Time)):
		add(7, Met, "action plan agreed on "+day(r.planOn.Time), a.concat(one(r.actionPlanEv), one(r.firstEv)))
	case r.planOn.Valid:
		add(7, Partly, "action plan agreed on "+day(r.planOn.Time)+", after the first meeting on "+day(r.firstOn.Time),
			a.concat(one(r.actionPlanEv), one(r.firstEv)))
	case r.meetings >= 2:
		add(7, NotMet, itoa(r.meetings)+" meetings and no action plan", meetingEvs)
	default:
		add(7, NotApplicable, "no action plan expected yet", nil)
	}

	// 8. Meeting log with action points.
	if r.meetings == 0 {
		add(8, NotApplicable, "no meeting logged", nil)
	} else {
		add(8, someOf(r.meetings-r.noActions, r.meetings), itoa(r.noActions)+" of "+itoa(r.meetings)+" logs without action points", a.concat(r.noActionsEvs, meetingEvs))
	}

	// 9. Documentation shifting to the mentee.
	switch {
	case r.meetings < 2:
		add(9, NotApplicable, "fewer than two meeting logs", meetingEvs)
	case r.laterMentee*2 >= r.laterLogs:
		add(9, Met, "mentee completed "+itoa(r.laterMentee)+" of the later "+itoa(r.laterLogs)+" logs", meetingEvs)
	case r.menteeLogs > 0 || r.meetings < 3:
		add(9, Partly, "mentee completed "+itoa(r.menteeLogs)+" of "+itoa(r.meetings)+" logs, "+itoa(r.laterMentee)+" of the later "+itoa(r.laterLogs), meetingEvs)
	default:
		add(9, NotMet, "mentee completed none of "+itoa(r.meetings)+" logs", meetingEvs)
	}

	// 10. Notice ahead and rescheduling.
	switch {
	case r.postponed == 0:
		add(10, NotApplicable, "no meeting postponed", nil)
	case r.withNotice == r.postponed:
		add(10, Met, "all "+itoa(r.postponed)+" postponements notified ahead and rescheduled", r.noticeEvs)
	case r.withNotice > 0:
		add(10, Partly, itoa(r.withNotice)+" of "+itoa(r.postponed)+" postponements notified ahead and rescheduled", a.concat(r.lateNoticeEvs, r.noticeEvs))
	default:
		add(10, NotMet, "none of "+itoa(r.postponed)+" postponements notified ahead and rescheduled", r.lateNoticeEvs)
	}

	// 11. Review and adjust the action plan.
	switch {
	case !r.planOn.Valid:
		add(11, NotApplicable, "no action plan", nil)
	case r.reviews > 0:
		add(11, Met, "action plan reviewed "+itoa(r.reviews)+" times", a.concat(r.reviewEvs, one(r.actionPlanEv)))
	case r.untilOn.Sub(r.planOn.Time) >= 90*24*time.Hour:
		add(11, NotMet, "action plan agreed on "+day(r.planOn.Time)+" and never reviewed", one(r.actionPlanEv))
	default:
		add(11, NotApplicable, "action plan younger than 90 days", one(r.actionPlanEv))
	}

	// 12. Documents forwarded soon after completion.
	add(12, share(r.lateLogs, r.meetings), itoa(r.lateLogs)+" of "+itoa(r.meetings)+" logs recorded more than "+itoa(r.docDays)+" days after the meeting",
		a.concat(r.lateLogEvs, meetingEvs))
	return rc
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// itoa formats a whole number for a detail.
func itoa[T ~int | ~int64](n T) string { return strconv.FormatInt(int64(n), 10) }
