package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/mentorledger/mentorledger/cmd/mentorledger/access"
	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/domain/app"
	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/reports"
)

type programmeRow struct{ ID, Name string }

// programmes lists the programmes the principal may see, from the views.
func (s *Server) programmes(ctx context.Context, p access.Principal) ([]programmeRow, error) {
	rows, err := s.cfg.Views.DB().QueryContext(ctx, `SELECT programme_id, any_value(name) FROM programmes
		WHERE $1 = '' OR programme_id = $1 GROUP BY programme_id ORDER BY programme_id`, p.Programme)
	if err != nil {
		return nil, fmt.Errorf("programmes: %w", err)
	}
	defer rows.Close()
	var out []programmeRow
	for rows.Next() {
		var r programmeRow
		if err := rows.Scan(&r.ID, &r.Name); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

type checklistStatus struct {
	Name, Title string
	Bar         template.HTML
}

type programmeOverview struct {
	ID, Name         string
	Checklists       []checklistStatus
	Pitfalls         int
	Phases, Meetings template.HTML
}

// overview is the programme overview: every checklist's item statuses,
// the early warnings, relationships by phase and meetings per month.
func (s *Server) overview(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principalOf(ctx)
	if !seesOverview(p) {
		s.pageError(w, r, &deniedError{what: "see the programme overview"})
		return
	}
	s.waitForViews(ctx)
	progs, err := s.programmes(ctx, p)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	in := reports.Inputs{Views: s.cfg.Views, Ledger: s.cfg.Ledger, Memo: s.memo}
	req := reports.Request{Programme: p.Programme, Now: s.cfg.Now()}
	statuses := map[string]map[string][]string{} // checklist -> programme -> statuses
	var checklists []reports.Definition
	for _, name := range reports.Names() {
		d, _ := reports.Lookup(name)
		if !strings.HasPrefix(name, "checklist-") || !access.CanReport(p, name, d.Content, access.Scope{}) {
			continue
		}
		built, err := reports.Build(ctx, in, d, req)
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		if st, ok := reports.Statuses(built); ok {
			statuses[name] = st
			checklists = append(checklists, d)
		}
	}
	pitfalls := map[string]int{}
	if pd, err := reports.Lookup("pitfalls"); err == nil && access.CanReport(p, "pitfalls", false, access.Scope{}) {
		built, err := reports.Build(ctx, in, pd, req)
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		if pf, ok := reports.Unwrap(built).(*reports.Pitfalls); ok {
			for _, wn := range pf.Warnings {
				pitfalls[wn.ProgrammeID]++
			}
		}
	}
	var out []programmeOverview
	for _, pr := range progs {
		o := programmeOverview{ID: pr.ID, Name: pr.Name, Pitfalls: pitfalls[pr.ID]}
		for _, d := range checklists {
			o.Checklists = append(o.Checklists, checklistStatus{Name: d.Name, Title: d.Title, Bar: statusBar(d.Title, statuses[d.Name][pr.ID])})
		}
		if o.Phases, err = s.phaseChart(ctx, pr.ID); err != nil {
			s.pageError(w, r, err)
			return
		}
		if o.Meetings, err = s.meetingsChart(ctx, pr.ID); err != nil {
			s.pageError(w, r, err)
			return
		}
		out = append(out, o)
	}
	cp, _ := s.cfg.Views.Checkpoint(ctx)
	s.render(w, r, http.StatusOK, "overview.html", map[string]any{"Title": "Programme overview", "Programmes": out,
		"Position": cp, "Today": s.cfg.Now().UTC().Format(time.DateOnly), "ProgrammeParam": p.Programme, "Flash": r.URL.Query().Get("flash"), "Live": true})
}

func (s *Server) chartRows(ctx context.Context, query string, args ...any) ([]bar, error) {
	rows, err := s.cfg.Views.DB().QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("chart: %w", err)
	}
	defer rows.Close()
	var out []bar
	for rows.Next() {
		var b bar
		if err := rows.Scan(&b.Label, &b.Value); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// phaseChart counts relationships by the phase they last entered (or
// "ended" once they ended).
func (s *Server) phaseChart(ctx context.Context, programme string) (template.HTML, error) {
	bars, err := s.chartRows(ctx, `
		WITH last_phase AS (
			SELECT rel_key, arg_max(detail, pos) AS phase FROM relationship_facts
			WHERE fact = 'relationship.phase_entered' GROUP BY rel_key)
		SELECT CASE WHEN e.rel_key IS NOT NULL THEN 'ended' ELSE coalesce(lp.phase, 'not yet in a phase') END AS phase, count(*)::INTEGER
		FROM relationships r LEFT JOIN last_phase lp USING (rel_key) LEFT JOIN endings e USING (rel_key)
		WHERE r.programme_id = $1 GROUP BY ALL ORDER BY 1`, programme)
	if err != nil {
		return "", err
	}
	return barChart("Relationships by phase", bars), nil
}

// meetingsChart counts meetings logged per month.
func (s *Server) meetingsChart(ctx context.Context, programme string) (template.HTML, error) {
	bars, err := s.chartRows(ctx, `
		SELECT strftime(m.held_on, '%Y-%m'), count(*)::INTEGER
		FROM meetings_logged m JOIN relationships r USING (rel_key)
		WHERE r.programme_id = $1 GROUP BY 1 ORDER BY 1`, programme)
	if err != nil {
		return "", err
	}
	return barChart("Meetings logged per month", bars), nil
}

type relationshipRow struct {
	ID, Programme, Model, Matched, LastMeeting, Ended string
	Meetings                                          int
}

const relationshipListLimit = 500

// relationshipList lists the relationships the principal may open.
func (s *Server) relationshipList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principalOf(ctx)
	if !seesRelationships(p) {
		s.pageError(w, r, &deniedError{what: "see relationships"})
		return
	}
	s.waitForViews(ctx)
	party := ""
	if p.Role == access.Mentor || p.Role == access.Mentee {
		party = p.Participant
	}
	rows, err := s.cfg.Views.DB().QueryContext(ctx, `
		SELECT r.relationship_id, r.programme_id, r.model, strftime(r.matched_on, '%Y-%m-%d'),
		       (SELECT count(*) FROM meetings_logged m WHERE m.rel_key = r.rel_key)::INTEGER,
		       coalesce((SELECT strftime(max(m.held_on), '%Y-%m-%d') FROM meetings_logged m WHERE m.rel_key = r.rel_key), ''),
		       coalesce((SELECT strftime(max(e.ended_on), '%Y-%m-%d') FROM endings e WHERE e.rel_key = r.rel_key), '')
		FROM relationships r
		WHERE ($1 = '' OR r.programme_id = $1)
		  AND ($2 = '' OR r.rel_key IN (SELECT rel_key FROM relationship_parties WHERE participant_id = $2))
		ORDER BY r.matched_on DESC, r.relationship_id LIMIT $3`, p.Programme, party, relationshipListLimit+1)
	if err != nil {
		s.pageError(w, r, fmt.Errorf("relationships: %w", err))
		return
	}
	defer rows.Close()
	var list []relationshipRow
	for rows.Next() {
		var x relationshipRow
		if err := rows.Scan(&x.ID, &x.Programme, &x.Model, &x.Matched, &x.Meetings, &x.LastMeeting, &x.Ended); err != nil {
			s.pageError(w, r, err)
			return
		}
		list = append(list, x)
	}
	more := len(list) > relationshipListLimit
	if more {
		list = list[:relationshipListLimit]
	}
	s.render(w, r, http.StatusOK, "relationships.html", map[string]any{"Title": "Relationships", "Relationships": list, "More": more})
}

// relationshipCommand is a command a principal may record in a
// relationship, as the relationship page offers it.
type relationshipCommand struct{ Path, Label, EventType string }

// relationshipCommands lists the relationship commands p may run in sc.
func (s *Server) relationshipCommands(p access.Principal, sc access.Scope) []relationshipCommand {
	var out []relationshipCommand
	for path, c := range s.commandByID {
		if !strings.HasPrefix(c.EventType, "relationship.") || c.EventType == "relationship.matched" || !access.CanCommand(p, c.EventType, sc) {
			continue
		}
		out = append(out, relationshipCommand{Path: path, Label: label(strings.ReplaceAll(path, "-", "_")), EventType: c.EventType})
	}
	sort.Slice(out, func(i, j int) bool {
		return commandRank(out[i].EventType) < commandRank(out[j].EventType) || (commandRank(out[i].EventType) == commandRank(out[j].EventType) && out[i].Label < out[j].Label)
	})
	return out
}

// commandRank puts the everyday actions first.
func commandRank(t string) int {
	for i, c := range []string{"relationship.meeting_logged", "relationship.meeting_scheduled", "relationship.contact_made", "relationship.meeting_postponed", "relationship.meeting_cancelled"} {
		if t == c {
			return i
		}
	}
	return 10
}

type timelineEntry struct {
	Day, Title, Actor string
	Position          events.Position
	Lines             []string
}

// relationshipPage shows a relationship's timeline and what may be
// recorded in it.
func (s *Server) relationshipPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principalOf(ctx)
	id := chi.URLParam(r, "id")
	sc, err := s.scopes.relationship(ctx, id)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	if !access.CanReport(p, "relationship", true, sc) {
		if access.OpensRelationships(p) {
			s.pageError(w, r, notYours("relationship", id))
			return
		}
		s.pageError(w, r, &deniedError{what: "open relationship " + id})
		return
	}
	envs, err := s.cfg.Ledger.ReadStream(ctx, domain.RelationshipStream(id), 0)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	var tl []timelineEntry
	for _, e := range envs {
		tl = append(tl, timelineOf(e))
	}
	var version int64
	if len(envs) > 0 {
		version = envs[len(envs)-1].Version
	}
	s.render(w, r, http.StatusOK, "relationship.html", map[string]any{"Title": "Relationship " + id, "ID": id, "Programme": sc.Programme,
		"Parties": sc.Parties, "Version": version, "Events": tl, "Commands": s.relationshipCommands(p, sc), "Flash": r.URL.Query().Get("flash"),
		"Live": true, "LiveStream": domain.RelationshipStream(id)})
}

// timelineOf describes an event for the timeline: its day, what happened
// and the payload's fields (the page is for the parties and the
// co-ordinator, who may see meeting content).
func timelineOf(e events.Envelope) timelineEntry {
	t := timelineEntry{Title: label(strings.ReplaceAll(strings.TrimPrefix(e.Type, "relationship."), "_", " ")), Actor: e.Actor, Position: e.Position,
		Day: e.RecordedAt.UTC().Format(time.DateOnly)}
	var fields map[string]any
	if json.Unmarshal(e.Payload, &fields) != nil {
		return t
	}
	keys := make([]string, 0, len(fields))
	for k := range fields {
		if k == "relationship_id" {
			continue
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if s, ok := fields[k].(string); ok && strings.HasSuffix(k, "_on") && len(s) == 10 {
			t.Day = s
			break
		}
	}
	for _, k := range keys {
		t.Lines = append(t.Lines, label(k)+": "+plain(fields[k]))
	}
	return t
}

// plain writes a payload value as text.
func plain(v any) string {
	switch x := v.(type) {
	case nil:
		return "—"
	case string:
		return x
	case []any:
		parts := make([]string, len(x))
		for i, it := range x {
			parts[i] = plain(it)
		}
		return strings.Join(parts, "; ")
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + " " + plain(x[k])
		}
		return strings.Join(parts, ", ")
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// recordForm shows the form of one command in a relationship.
func (s *Server) recordForm(w http.ResponseWriter, r *http.Request) {
	s.showForm(w, r, nil, nil)
}

// showForm renders a command's form, refilled with submitted values and
// the problem when a submission was refused.
func (s *Server) showForm(w http.ResponseWriter, r *http.Request, submitted url.Values, problem *Problem) {
	ctx := r.Context()
	p := principalOf(ctx)
	id, name := chi.URLParam(r, "id"), chi.URLParam(r, "command")
	c, sc, err := s.formCommand(ctx, p, id, name)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	fields, err := formFields(c.EventType)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	envs, err := s.cfg.Ledger.ReadStream(ctx, domain.RelationshipStream(id), 0)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	version := int64(0)
	if len(envs) > 0 {
		version = envs[len(envs)-1].Version
	}
	filled := make([]formField, len(fields))
	for i, f := range fields {
		f.Value = s.defaultValue(f, p, id)
		if submitted != nil {
			f.Value = submitted.Get(f.Name)
		}
		if f.Name == "relationship_id" {
			f.Hidden, f.Value = true, id
		}
		filled[i] = f
	}
	status := http.StatusOK
	if problem != nil {
		status = problem.Status
	}
	_ = sc
	s.render(w, r, status, "form.html", map[string]any{"Title": label(strings.ReplaceAll(name, "-", "_")), "ID": id, "Path": name,
		"EventType": c.EventType, "Fields": filled, "Version": version, "Problem": problem})
}

// formCommand finds a relationship command the principal may run.
func (s *Server) formCommand(ctx context.Context, p access.Principal, id, name string) (commandRoute, access.Scope, error) {
	c, ok := s.commandByID[name]
	if !ok || !strings.HasPrefix(c.EventType, "relationship.") || c.EventType == "relationship.matched" {
		return c, access.Scope{}, events.Errorf(events.ENOTFOUND, "command: no relationship command %q", name)
	}
	sc, err := s.scopes.relationship(ctx, id)
	if err != nil {
		return c, sc, err
	}
	if !access.CanCommand(p, c.EventType, sc) {
		if access.MayCommandSomewhere(p, c.EventType) {
			return c, sc, notYours("relationship", id)
		}
		return c, sc, &deniedError{what: "record " + c.EventType + " in relationship " + id}
	}
	return c, sc, nil
}

// defaultValue pre-fills what the form can know: today, the signed-in
// participant, a fresh id for a new meeting, goal or issue.
func (s *Server) defaultValue(f formField, p access.Principal, rel string) string {
	today := s.cfg.Now().UTC().Format(time.DateOnly)
	switch {
	case f.Kind == "date" && f.Required:
		return today
	case f.Name == "completed_by" || f.Name == "by" || f.Name == "raised_by" || f.Name == "requested_by":
		return p.Participant
	case f.Name == "completed_by_role" || f.Name == "by_role":
		if p.Role == access.Mentor || p.Role == access.Mentee {
			return p.Role
		}
	case strings.HasSuffix(f.Name, "_id") && f.Name != "relationship_id" && f.Kind == "text" && f.Required:
		var b [4]byte
		_, _ = rand.Read(b[:])
		return strings.TrimSuffix(f.Name, "_id") + "-" + hex.EncodeToString(b[:])
	}
	return ""
}

// record runs a command from its form. The form carries the stream's
// version when it was shown, so a form left open while someone else
// recorded is refused (412) and shown again rather than recording on a
// stale view.
func (s *Server) record(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principalOf(ctx)
	id, name := chi.URLParam(r, "id"), chi.URLParam(r, "command")
	r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBody)
	if err := r.ParseForm(); err != nil {
		s.pageError(w, r, err)
		return
	}
	c, _, err := s.formCommand(ctx, p, id, name)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	fields, err := formFields(c.EventType)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	values := r.PostForm
	values.Set("relationship_id", id)
	body, err := formPayload(fields, values)
	if err == nil {
		var cond app.Conditions
		if v := values.Get("_version"); v != "" {
			n, perr := parseETag(v)
			if perr != nil {
				s.pageError(w, r, perr)
				return
			}
			cond.IfVersion = &n
		}
		var res commandResult
		res, err = s.runCommand(ctx, p, c, body, cond)
		if err == nil {
			if s.cfg.Live != nil && len(res.Events) > 0 {
				wctx, cancel := context.WithTimeout(ctx, s.cfg.ViewsWait)
				_ = s.cfg.Live.WaitFor(wctx, res.Events[len(res.Events)-1].Position)
				cancel()
			}
			http.Redirect(w, r, "/relationships/"+url.PathEscape(id)+"?flash="+url.QueryEscape("Recorded: "+label(strings.ReplaceAll(name, "-", "_"))+"."), http.StatusSeeOther)
			return
		}
	}
	var denied *deniedError
	if errors.As(err, &denied) {
		s.pageError(w, r, err)
		return
	}
	prob := problemFor(err)
	if errors.Is(err, events.ErrConcurrency) {
		prob = Problem{Status: http.StatusPreconditionFailed, Detail: "Someone recorded something in this relationship since you opened the form. Check the timeline, then submit again."}
	}
	if prob.Status == http.StatusInternalServerError {
		s.log.Error("record", "command", name, "err", err)
	}
	s.showForm(w, r, values, &prob)
}

// reportsPage lists the reports open to the principal.
func (s *Server) reportsPage(w http.ResponseWriter, r *http.Request) {
	p := principalOf(r.Context())
	type entry struct {
		Name, Title string
		NeedsID     bool
	}
	var list []entry
	for _, n := range reports.Names() {
		d, _ := reports.Lookup(n)
		if mayEverRead(p, d) {
			list = append(list, entry{n, d.Title, d.NeedsSubject})
		}
	}
	s.render(w, r, http.StatusOK, "reports.html", map[string]any{"Title": "Reports", "Reports": list})
}

// reportPage frames one report with its as-of picker and downloads; the
// report itself comes from the API, which checks access again.
func (s *Server) reportPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principalOf(ctx)
	name := chi.URLParam(r, "name")
	d, err := reports.Lookup(name)
	if err != nil {
		s.pageError(w, r, events.Errorf(events.ENOTFOUND, "%v", err))
		return
	}
	q := r.URL.Query()
	var sc access.Scope
	if d.NeedsSubject {
		if q.Get("id") == "" {
			s.pageError(w, r, events.Errorf(events.EINVALID, "id: required: open this report from a relationship's page"))
			return
		}
		if sc, err = s.scopes.relationship(ctx, q.Get("id")); err != nil {
			s.pageError(w, r, err)
			return
		}
	}
	if !access.CanReport(p, name, d.Content, sc) {
		if d.NeedsSubject && access.OpensRelationships(p) {
			s.pageError(w, r, notYours("relationship", q.Get("id")))
			return
		}
		s.pageError(w, r, &deniedError{what: "read the " + name + " report"})
		return
	}
	api := url.Values{}
	for _, k := range []string{"id", "as-of", "as-of-position", "from", "to", "programme"} {
		if v := q.Get(k); v != "" {
			api.Set(k, v)
		}
	}
	progs, err := s.programmes(ctx, p)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "report.html", map[string]any{"Title": d.Title, "Report": d,
		"Query":           map[string]string{"id": q.Get("id"), "asof": q.Get("as-of"), "asofpos": q.Get("as-of-position"), "from": q.Get("from"), "to": q.Get("to"), "programme": q.Get("programme")},
		"Download":        template.URL("/api/reports/" + url.PathEscape(name) + "?" + api.Encode() + "&_=1"),
		"ProgrammeChoice": p.Programme == "" && !d.NeedsSubject, "Programmes": progs})
}
