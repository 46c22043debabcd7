package reports

import (
	"database/sql"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// c6row is one relationship's figures from checklist6.sql, with its
// meeting tokens unpacked into counts and evidence lists.
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
	meetingTokens, postponeTokens      sql.NullString
	planOn                             sql.NullTime
	actionPlanEv                       sql.NullString
	reviews                            int
	reviewEvs                          sql.NullString

	// Unpacked from the tokens.
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
}

// Meeting flags packed by checklist6.sql.
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

func (r *c6row) scan(rows *sql.Rows) error {
	err := rows.Scan(&r.programme, &r.relationship, &r.model, &r.matchedOn, &r.endedOn, &r.untilOn,
		&r.freq, &r.maxmin, &r.contactDays, &r.docDays,
		&r.matchEv, &r.planEv, &r.agrEv, &r.signedOn, &r.endEv,
		&r.firstOn, &r.lastOn, &r.meetingTokens, &r.postponeTokens,
		&r.planOn, &r.actionPlanEv, &r.reviews, &r.reviewEvs)
	if err != nil {
		return err
	}
	if err := r.unpackMeetings(); err != nil {
		return fmt.Errorf("relationship %s: %w", r.relationship, err)
	}
	return r.unpackPostponements()
}

type meetingToken struct {
	n                     int
	event, contact, sched string
	flags                 int
}

func (r *c6row) unpackMeetings() error {
	fields := strings.Fields(r.meetingTokens.String)
	ms := make([]meetingToken, len(fields))
	for i, f := range fields {
		parts := strings.Split(f, "|")
		if len(parts) != 5 {
			return fmt.Errorf("malformed meeting token %q", f)
		}
		n, err1 := strconv.Atoi(parts[0])
		flags, err2 := strconv.Atoi(parts[2])
		if err1 != nil || err2 != nil {
			return fmt.Errorf("malformed meeting token %q", f)
		}
		ms[i] = meetingToken{n: n, event: parts[1], flags: flags, contact: parts[3], sched: parts[4]}
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].n < ms[j].n })
	r.meetings = len(ms)
	if len(ms) > 0 {
		r.firstEv = sql.NullString{String: ms[0].event, Valid: true}
	}
	for _, m := range ms {
		r.meetingEvs = append(r.meetingEvs, m.event)
		has := func(f int) bool { return m.flags&f != 0 }
		if has(flagLongGap) {
			r.longGaps++
			r.longGapEvs = append(r.longGapEvs, m.event)
		}
		if has(flagTooLong) {
			r.tooLong++
			r.tooLongEvs = append(r.tooLongEvs, m.event)
		}
		if has(flagOpenVenue) {
			r.openVenue++
			r.openVenueEvs = append(r.openVenueEvs, m.event)
		}
		if !has(flagHasActions) {
			r.noActions++
			r.noActionsEvs = append(r.noActionsEvs, m.event)
		}
		if !has(flagForwarded) {
			r.lateLogs++
			r.lateLogEvs = append(r.lateLogEvs, m.event)
		}
		later := m.n > len(ms)/2
		if later {
			r.laterLogs++
		}
		if has(flagByMentee) {
			r.menteeLogs++
			if later {
				r.laterMentee++
			}
		}
		if has(flagContactDue) {
			r.contactDue++
			if m.contact != "" {
				r.contactMade++
				r.contactEvs = append(r.contactEvs, m.contact)
			} else {
				r.uncontactedEvs = append(r.uncontactedEvs, m.event)
			}
		}
		if has(flagPrepared) {
			r.prepared++
			if m.sched != "" {
				r.preparedEvs = append(r.preparedEvs, m.sched)
			} else {
				r.preparedEvs = append(r.preparedEvs, m.event)
			}
		} else {
			r.unpreparedEvs = append(r.unpreparedEvs, m.event)
		}
	}
	return nil
}

func (r *c6row) unpackPostponements() error {
	fields := strings.Fields(r.postponeTokens.String)
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

func day(t time.Time) string { return t.Format(time.DateOnly) }

func concat(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		out = append(out, l...)
	}
	if out == nil {
		out = []string{}
	}
	return out
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
	add := func(item int, status, detail string, evidence []string) {
		it := Checklist6Items[item-1]
		rc.Findings = append(rc.Findings, Finding{Item: item, Key: it.Key, Status: status, Detail: detail, Evidence: concat(evidence)})
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
		add(1, NotMet, fmt.Sprintf("no meeting logged since the match on %s", day(r.matchedOn)), []string{r.matchEv})
	default:
		detail := fmt.Sprintf("%d of %d intervals longer than %d days", longGaps, gaps, r.freq+7)
		if openGap && !r.endedOn.Valid {
			detail += fmt.Sprintf("; no meeting since %s", day(since))
		}
		add(1, share(longGaps, gaps), detail, concat(r.longGapEvs, meetingEvs))
	}

	// 2. Meeting length.
	add(2, share(r.tooLong, r.meetings), fmt.Sprintf("%d of %d meetings longer than %d minutes", r.tooLong, r.meetings, r.maxmin),
		concat(r.tooLongEvs, one(r.agrEv), one(r.planEv), meetingEvs))

	// 3. Contact about two weeks after a meeting.
	switch {
	case r.contactDue == 0:
		add(3, NotApplicable, "no meeting whose contact window has closed", nil)
	case r.contactMade == r.contactDue:
		add(3, Met, fmt.Sprintf("mentor contact after all %d meetings", r.contactDue), r.contactEvs)
	case r.contactMade > 0:
		add(3, Partly, fmt.Sprintf("mentor contact after %d of %d meetings", r.contactMade, r.contactDue), concat(r.uncontactedEvs, r.contactEvs))
	default:
		add(3, NotMet, fmt.Sprintf("no mentor contact after any of %d meetings", r.contactDue), r.uncontactedEvs)
	}

	// 4. Agreement at the first meeting.
	switch {
	case r.signedOn.Valid && (!r.firstOn.Valid || !r.signedOn.Time.After(r.firstOn.Time)):
		add(4, Met, "agreement signed on "+day(r.signedOn.Time), concat(one(r.agrEv), one(r.firstEv)))
	case r.signedOn.Valid:
		add(4, Partly, fmt.Sprintf("agreement signed on %s, after the first meeting on %s", day(r.signedOn.Time), day(r.firstOn.Time)),
			concat(one(r.agrEv), one(r.firstEv)))
	case r.meetings > 0:
		add(4, NotMet, fmt.Sprintf("%d meetings and no agreement", r.meetings), one(r.firstEv))
	default:
		add(4, NotApplicable, "no meeting and no agreement yet", nil)
	}

	// 5. Prepare in advance.
	if r.meetings == 0 {
		add(5, NotApplicable, "no meeting logged", nil)
	} else {
		add(5, someOf(r.prepared, r.meetings),
			fmt.Sprintf("%d of %d meetings prepared in advance", r.prepared, r.meetings), concat(r.unpreparedEvs, r.preparedEvs))
	}

	// 6. Neutral venue or privacy.
	add(6, share(r.openVenue, r.meetings), fmt.Sprintf("%d of %d meetings at an open workplace location", r.openVenue, r.meetings),
		concat(r.openVenueEvs, meetingEvs))

	// 7. Action plan as early as possible.
	switch {
	case r.planOn.Valid && (!r.firstOn.Valid || !r.planOn.Time.After(r.firstOn.Time)):
		add(7, Met, "action plan agreed on "+day(r.planOn.Time), concat(one(r.actionPlanEv), one(r.firstEv)))
	case r.planOn.Valid:
		add(7, Partly, fmt.Sprintf("action plan agreed on %s, after the first meeting on %s", day(r.planOn.Time), day(r.firstOn.Time)),
			concat(one(r.actionPlanEv), one(r.firstEv)))
	case r.meetings >= 2:
		add(7, NotMet, fmt.Sprintf("%d meetings and no action plan", r.meetings), meetingEvs)
	default:
		add(7, NotApplicable, "no action plan expected yet", nil)
	}

	// 8. Meeting log with action points.
	if r.meetings == 0 {
		add(8, NotApplicable, "no meeting logged", nil)
	} else {
		add(8, someOf(r.meetings-r.noActions, r.meetings), fmt.Sprintf("%d of %d logs without action points", r.noActions, r.meetings), concat(r.noActionsEvs, meetingEvs))
	}

	// 9. Documentation shifting to the mentee.
	switch {
	case r.meetings < 2:
		add(9, NotApplicable, "fewer than two meeting logs", meetingEvs)
	case r.laterMentee*2 >= r.laterLogs:
		add(9, Met, fmt.Sprintf("mentee completed %d of the later %d logs", r.laterMentee, r.laterLogs), meetingEvs)
	case r.menteeLogs > 0 || r.meetings < 3:
		add(9, Partly, fmt.Sprintf("mentee completed %d of %d logs, %d of the later %d", r.menteeLogs, r.meetings, r.laterMentee, r.laterLogs), meetingEvs)
	default:
		add(9, NotMet, fmt.Sprintf("mentee completed none of %d logs", r.meetings), meetingEvs)
	}

	// 10. Notice ahead and rescheduling.
	switch {
	case r.postponed == 0:
		add(10, NotApplicable, "no meeting postponed", nil)
	case r.withNotice == r.postponed:
		add(10, Met, fmt.Sprintf("all %d postponements notified ahead and rescheduled", r.postponed), r.noticeEvs)
	case r.withNotice > 0:
		add(10, Partly, fmt.Sprintf("%d of %d postponements notified ahead and rescheduled", r.withNotice, r.postponed), concat(r.lateNoticeEvs, r.noticeEvs))
	default:
		add(10, NotMet, fmt.Sprintf("none of %d postponements notified ahead and rescheduled", r.postponed), r.lateNoticeEvs)
	}

	// 11. Review and adjust the action plan.
	switch {
	case !r.planOn.Valid:
		add(11, NotApplicable, "no action plan", nil)
	case r.reviews > 0:
		add(11, Met, fmt.Sprintf("action plan reviewed %d times", r.reviews), concat(ids(r.reviewEvs), one(r.actionPlanEv)))
	case r.untilOn.Sub(r.planOn.Time) >= 90*24*time.Hour:
		add(11, NotMet, "action plan agreed on "+day(r.planOn.Time)+" and never reviewed", one(r.actionPlanEv))
	default:
		add(11, NotApplicable, "action plan younger than 90 days", one(r.actionPlanEv))
	}

	// 12. Documents forwarded soon after completion.
	add(12, share(r.lateLogs, r.meetings), fmt.Sprintf("%d of %d logs recorded more than %d days after the meeting", r.lateLogs, r.meetings, r.docDays),
		concat(r.lateLogEvs, meetingEvs))
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
