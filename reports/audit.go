package reports

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/mentorledger/mentorledger/events"
)

// Period limits a report to facts dated (for the audit: events recorded)
// from From to To, both days included; a zero bound is open.
type Period struct {
	From, To events.Date
}

func (p Period) bounds() (time.Time, time.Time) {
	from, to := time.Time{}, farFuture
	if !p.From.IsZero() {
		from = p.From.Time()
	}
	if !p.To.IsZero() {
		to = p.To.Time().Add(24*time.Hour - time.Nanosecond)
	}
	return from, to
}

// AuditEvent is one recorded event as an auditor sees it: who recorded what
// kind of fact, where and when — never its content.
type AuditEvent struct {
	Position   uint64 `json:"position"`
	RecordedAt string `json:"recorded_at"`
	Type       string `json:"type"`
	Stream     string `json:"stream"`
	Version    int64  `json:"version"`
	Actor      string `json:"actor"`
	EventID    string `json:"event_id"`
}

// Verification is the result of recomputing the hash chain.
type Verification struct {
	OK         bool   `json:"ok"`
	Events     int64  `json:"events"`
	Last       uint64 `json:"last_position"`
	Head       string `json:"head,omitempty"`
	Unanchored int64  `json:"events_after_last_digest"`
	// ThroughAsOf: an as-of audit verifies the ledger as it stood at the
	// as-of position (the basis), not the events recorded after it.
	ThroughAsOf bool `json:"through_as_of_position,omitempty"`
	// Set when the chain is broken: the first bad event.
	BrokenAt      uint64 `json:"broken_at_position,omitempty"`
	BrokenEventID string `json:"broken_event_id,omitempty"`
	Reason        string `json:"reason,omitempty"`
}

// DocumentVersion is one version of a programme document or policy and the
// days it was in force: from its adoption or revision until the next one of
// the same document (open when none followed).
type DocumentVersion struct {
	ProgrammeID string `json:"programme_id"`
	Kind        string `json:"kind"`     // event type that set it
	Document    string `json:"document"` // policy name or document reference
	Detail      string `json:"detail,omitempty"`
	Revision    int64  `json:"revision,omitempty"`
	InForceFrom string `json:"in_force_from"`
	InForceTo   string `json:"in_force_to,omitempty"`
	ReviewDue   string `json:"review_due,omitempty"`
	EventID     string `json:"event_id"`
}

// Audit is the accountability audit: every event of the period, the state
// of the hash chain and the history of programme documents and policies.
type Audit struct {
	Report       string            `json:"report"`
	Title        string            `json:"title"`
	Basis        Basis             `json:"basis"`
	From         string            `json:"from,omitempty"`
	To           string            `json:"to,omitempty"`
	Verification Verification      `json:"verification"`
	Events       []AuditEvent      `json:"events"`
	Documents    []DocumentVersion `json:"documents"`
}

// documentFacts are the programme facts that set a document or policy.
var documentFacts = []string{
	"programme.policy_adopted", "programme.document_revised", "programme.etiquette_adopted",
	"programme.communication_strategy_adopted", "programme.marketing_strategy_adopted",
	"programme.expenses_policy_decided",
}

// BuildAudit verifies the ledger itself (the whole chain whatever the
// period, or as of a past point the chain as it stood then) and lists the
// period's events from the same reading of it; the basis and the
// documents come from the views. A programme limits the
// events to its own streams (the programme's, its evaluation's, its
// participants', relationships', surveys' and instruments') and the
// documents to its own; a programme not known as of asOf is ENOTFOUND.
func BuildAudit(ctx context.Context, src Source, ledger events.Reader, period Period, programme string, asOf AsOf, now time.Time) (*Audit, error) {
	basis, f, err := resolve(ctx, src, asOf, now)
	if err != nil {
		return nil, err
	}
	rep := &Audit{Report: "audit", Title: "Accountability audit", Basis: basis, From: period.From.String(), To: period.To.String()}
	if programme != "" {
		names, err := programmeNames(ctx, src.DB(), f)
		if err != nil {
			return nil, err
		}
		if _, ok := names[programme]; !ok {
			return nil, events.Errorf(events.ENOTFOUND, "programme: %q not found", programme)
		}
	}
	// The embedded ledger's positions are consecutive, and verification
	// checks that too; a ledger whose positions are not (EventStoreDB's
	// are log offsets) says so with GapFree() false.
	gapFree := true
	if g, ok := ledger.(interface{ GapFree() bool }); ok {
		gapFree = g.GapFree()
	}
	// Verification reads the whole ledger, or as of a past point the
	// ledger as it stood then (through the basis position), so that an
	// as-of audit says what it said at the time; the events of the period
	// are taken from the same pages as they go by, and the next page is
	// read while this one is hashed.
	var through events.Position
	asOfGiven := asOf.Position > 0 || !asOf.Time.IsZero()
	if asOfGiven {
		through = events.Position(basis.Position)
	}
	from, to := period.bounds()
	var streams map[string]bool
	if programme != "" {
		if streams, err = programmeStreams(ctx, src.DB(), f, programme); err != nil {
			return nil, err
		}
	}
	filter := auditFilter{pos: f.pos, until: f.until, from: from, to: to, streams: streams, through: through}
	if asOfGiven && through == 0 { // as of a time before the first event
		rep.Verification = Verification{OK: true, ThroughAsOf: true, Head: events.LedgerRoot(nil)}
		rep.Events = []AuditEvent{}
	} else if err := verifyAndList(ctx, ledger, filter, gapFree, rep); err != nil {
		return nil, err
	}
	rep.Verification.ThroughAsOf = asOfGiven
	if rep.Documents, err = documentHistory(ctx, src.DB(), f, programme); err != nil {
		return nil, err
	}
	return rep, nil
}

// verifyAndList verifies the ledger (through f.through, when not 0) and
// lists the events f keeps from the same reading into rep.
func verifyAndList(ctx context.Context, ledger events.Reader, f auditFilter, gapFree bool, rep *Audit) error {
	// The pages verification reads are read ahead, and the events of the
	// period listed from each on the goroutine that read it, into a list
	// of its own; the lists are joined once at the end (appending a
	// million events to one list as they went by copied them ~20 times
	// over).
	pages := &events.Prefetcher[[]AuditEvent]{R: ledger, GapFree: gapFree, Ahead: auditReadAhead, Through: f.through,
		Each: func(page []events.Envelope) []AuditEvent { return f.list(nil, page) }}
	res, err := events.Verify(ctx, pages, events.VerifyOptions{GapFree: gapFree, Through: f.through})
	pages.Close()
	listed, ended := joinAuditEvents(pages.Results()), pages.Ended()
	var ce *events.ChainError
	switch {
	case errors.As(err, &ce):
		rep.Verification = Verification{OK: false, BrokenAt: uint64(ce.Position), BrokenEventID: ce.EventID, Reason: ce.Reason}
	case err != nil:
		return fmt.Errorf("audit: verify: %w", err)
	default:
		rep.Verification = Verification{OK: true, Events: res.Events, Last: uint64(res.Last), Head: res.Head, Unanchored: res.Unanchored}
	}
	// Verified to the end, or through f.through: every event f keeps went by.
	if err == nil && (ended || f.through > 0) {
		rep.Events = listed
		return nil
	}
	rep.Events, err = auditEventsFromLedger(ctx, ledger, f)
	return err
}

// auditEventsFromLedger lists the period's events from the ledger as it
// is, without verifying them: when verification stopped at a broken link
// before the end of the ledger, the auditor still sees every event.
func auditEventsFromLedger(ctx context.Context, r events.Reader, f auditFilter) ([]AuditEvent, error) {
	out := []AuditEvent{}
	var after events.Position
	for {
		page, err := r.ReadAll(ctx, after, auditListPage)
		if err != nil {
			return nil, fmt.Errorf("audit: events: %w", err)
		}
		out = f.list(out, page)
		if len(page) < auditListPage || (f.through > 0 && page[len(page)-1].Position >= f.through) {
			return out, nil
		}
		after = page[len(page)-1].Position
	}
}

// auditListPage is how many events a page of auditEventsFromLedger holds.
const auditListPage = 10000

// programmeStreams returns the streams of a programme as of f: its own,
// its evaluation's, its participants', relationships', surveys' and
// instruments'.
func programmeStreams(ctx context.Context, db *sql.DB, f filter, programme string) (map[string]bool, error) {
	rows, err := db.QueryContext(ctx, `SELECT 'programme-' || $3 UNION ALL SELECT 'evaluation-' || $3
		UNION ALL SELECT 'participant-' || participant_id FROM participants WHERE programme_id = $3 AND pos <= $1 AND recorded_at <= $2
		UNION ALL SELECT 'relationship-' || relationship_id FROM relationships WHERE programme_id = $3 AND pos <= $1 AND recorded_at <= $2
		UNION ALL SELECT CASE fact WHEN 'evaluation.survey_issued' THEN 'survey-' ELSE 'instrument-' END || subject FROM programme_facts
			WHERE programme_id = $3 AND fact IN ('evaluation.survey_issued', 'evaluation.instrument_defined') AND pos <= $1 AND recorded_at <= $2`,
		f.pos, f.until, programme)
	if err != nil {
		return nil, fmt.Errorf("audit: streams: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var s sql.NullString
		if err := rows.Scan(&s); err != nil {
			return nil, fmt.Errorf("audit: streams: %w", err)
		}
		if s.Valid {
			out[s.String] = true
		}
	}
	return out, rows.Err()
}

// auditFilter is which events of the ledger the audit lists.
type auditFilter struct {
	pos             uint64
	until, from, to time.Time
	streams         map[string]bool // nil: every stream
	through         events.Position // as of a past point: nothing after it is read (0: everything)
}

// micro is a time as the views hold it: to the microsecond.
func micro(t time.Time) int64 { return t.UnixMicro() }

func (a auditFilter) keep(e *events.Envelope) bool {
	at := micro(e.RecordedAt)
	return uint64(e.Position) <= a.pos && at <= micro(a.until) && at >= micro(a.from) && at <= micro(a.to) &&
		(a.streams == nil || a.streams[e.Stream])
}

// list appends the events of page the audit lists to out.
func (a auditFilter) list(out []AuditEvent, page []events.Envelope) []AuditEvent {
	if out == nil {
		n := 0
		for i := range page {
			if a.keep(&page[i]) {
				n++
			}
		}
		out = make([]AuditEvent, 0, n)
	}
	for i := range page {
		e := &page[i]
		if a.keep(e) {
			out = append(out, AuditEvent{Position: uint64(e.Position), RecordedAt: formatTime(e.RecordedAt.Truncate(time.Microsecond)),
				Type: e.Type, Stream: e.Stream, Version: e.Version, Actor: e.Actor, EventID: e.ID})
		}
	}
	return out
}

// auditReadAhead is how many pages after the one asked for a gap-free
// audit reads at once.
const auditReadAhead = 2

// joinAuditEvents joins the events listed from each page, in order.
func joinAuditEvents(lists [][]AuditEvent) []AuditEvent {
	n := 0
	for _, l := range lists {
		n += len(l)
	}
	out := make([]AuditEvent, 0, n)
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

func documentHistory(ctx context.Context, db *sql.DB, f filter, programme string) ([]DocumentVersion, error) {
	list := "'" + documentFacts[0] + "'"
	for _, d := range documentFacts[1:] {
		list += ", '" + d + "'"
	}
	rows, err := db.QueryContext(ctx, `
		WITH d AS (
			SELECT programme_id, fact, coalesce(subject, detail, fact) AS document, detail, value, on_date, until_date, pos, event_id
			FROM programme_facts
			WHERE fact IN (`+list+`) AND pos <= $1 AND recorded_at <= $2 AND ($3 = '' OR programme_id = $3)
		)
		SELECT programme_id, fact, document, detail, value, on_date,
		       lead(on_date) OVER (PARTITION BY programme_id, fact, document ORDER BY on_date, pos) AS next_on,
		       until_date, event_id
		FROM d ORDER BY programme_id, fact, document, on_date, pos`, f.pos, f.until, programme)
	if err != nil {
		return nil, fmt.Errorf("audit: documents: %w", err)
	}
	defer rows.Close()
	out := []DocumentVersion{}
	for rows.Next() {
		var v DocumentVersion
		var detail sql.NullString
		var rev sql.NullInt64
		var on time.Time
		var next, until sql.NullTime
		if err := rows.Scan(&v.ProgrammeID, &v.Kind, &v.Document, &detail, &rev, &on, &next, &until, &v.EventID); err != nil {
			return nil, fmt.Errorf("audit: documents: %w", err)
		}
		v.Detail, v.InForceFrom = detail.String, day(on)
		if v.Kind == "programme.document_revised" {
			v.Revision = rev.Int64
		}
		if next.Valid {
			v.InForceTo = day(next.Time.AddDate(0, 0, -1))
			if next.Time.Equal(on) { // replaced the same day
				v.InForceTo = day(on)
			}
		}
		if until.Valid {
			v.ReviewDue = day(until.Time)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// formatTime is events.FormatTime (layout events.TimeFormat), written
// without the general formatter: the audit formats every event's time.
func formatTime(t time.Time) string {
	t = t.UTC()
	year, month, dayOfMonth := t.Date()
	if year < 0 || year > 9999 {
		return events.FormatTime(t)
	}
	hour, minute, second := t.Clock()
	var b [30]byte
	put := func(i, n, width int) {
		for k := i + width - 1; k >= i; k-- {
			b[k] = byte('0' + n%10)
			n /= 10
		}
	}
	put(0, year, 4)
	b[4] = '-'
	put(5, int(month), 2)
	b[7] = '-'
	put(8, dayOfMonth, 2)
	b[10] = 'T'
	put(11, hour, 2)
	b[13] = ':'
	put(14, minute, 2)
	b[16] = ':'
	put(17, second, 2)
	b[19] = '.'
	put(20, t.Nanosecond(), 9)
	b[29] = 'Z'
	return string(b[:])
}
