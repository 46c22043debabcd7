package server

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/mentorledger/mentorledger/cmd/mentorledger/access"
	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/reports"
)

var reportQuery = []queryParam{
	{"programme", "only this programme"},
	{"from", "first day of the period (YYYY-MM-DD)"},
	{"to", "last day of the period (YYYY-MM-DD)"},
	{"as-of", "the ledger as it stood at the end of this date or at this RFC 3339 time"},
	{"as-of-position", "the ledger as it stood at this position"},
	{"format", "json, csv, html or text (overrides Accept)"},
	{"id", "what the report is about (the relationship of 'relationship')"},
	{"purpose-days", "pitfalls threshold"}, {"end-point-days", "pitfalls threshold"}, {"postponements", "pitfalls threshold"},
	{"gap-days", "pitfalls threshold"}, {"closure-days", "pitfalls threshold"}, {"review-every-days", "pitfalls threshold"},
}

// contentTypes maps report formats to media types.
var contentTypes = map[string]string{
	"json": "application/json",
	"csv":  "text/csv; charset=utf-8",
	"html": "text/html; charset=utf-8",
	"text": "text/plain; charset=utf-8",
}

// negotiate picks a report format from ?format= or Accept.
func negotiate(r *http.Request) string {
	if f := r.URL.Query().Get("format"); f != "" {
		return f
	}
	for _, part := range strings.Split(r.Header.Get("Accept"), ",") {
		mt := strings.TrimSpace(strings.SplitN(part, ";", 2)[0])
		switch mt {
		case "application/json", "application/*":
			return "json"
		case "text/csv":
			return "csv"
		case "text/html":
			return "html"
		case "text/plain":
			return "text"
		}
	}
	return "json"
}

// reportList answers GET /api/reports: the reports the caller may read.
func (s *Server) reportList(w http.ResponseWriter, r *http.Request) {
	p := principalOf(r.Context())
	type entry struct {
		Name    string `json:"name"`
		Title   string `json:"title"`
		NeedsID bool   `json:"needs_id,omitempty"`
		Href    string `json:"href"`
	}
	var out []entry
	for _, n := range reports.Names() {
		d, _ := reports.Lookup(n)
		if !mayEverRead(p, d) || (d.NeedsLedger && s.cfg.Ledger == nil) {
			continue
		}
		out = append(out, entry{Name: n, Title: d.Title, NeedsID: d.NeedsSubject, Href: "/api/reports/" + n})
	}
	writeJSON(w, http.StatusOK, map[string]any{"reports": out})
}

// mayEverRead says whether the principal may read some instance of d.
func mayEverRead(p access.Principal, d reports.Definition) bool {
	sc := access.Scope{Programme: p.Programme, Relationship: "any", Parties: []string{p.Participant}}
	return access.CanReport(p, d.Name, d.Content, sc)
}

// report answers GET /api/reports/{name}.
func (s *Server) report(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	name := chi.URLParam(r, "name")
	var buf bytes.Buffer
	format, err := s.buildReport(r.Context(), principalOf(r.Context()), name, r.URL.Query().Get, negotiate(r), &buf)
	if err != nil {
		if d, ok := err.(*deniedError); ok {
			forbidden(w, r, d.what)
			return
		}
		fail(w, r, err)
		return
	}
	s.metrics.report(name, time.Since(start))
	w.Header().Set("Content-Type", contentTypes[format])
	w.Header().Set("Cache-Control", "no-store")
	if format == "csv" {
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
	}
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(buf.Bytes())
}

// buildReport checks the caller may read the report, limits it to their
// programme, waits briefly for the views to catch up with the ledger and
// writes it. It returns the format written.
func (s *Server) buildReport(ctx context.Context, p access.Principal, name string, get func(string) string, format string, out *bytes.Buffer) (string, error) {
	def, err := reports.Lookup(name)
	if err != nil {
		return "", events.Errorf(events.ENOTFOUND, "%s", strings.TrimPrefix(err.Error(), ""))
	}
	if err := reports.CheckFormat(format); err != nil {
		return "", err
	}
	if def.NeedsLedger && s.cfg.Ledger == nil {
		return "", events.Errorf(events.EINVALID, "report %s: reads the ledger itself, and this node holds only the views: ask a node that serves the ledger", name)
	}
	req := reports.Request{Now: s.cfg.Now(), Subject: get("id")}
	if req.Period, err = reports.ParsePeriod(get("from"), get("to")); err != nil {
		return "", err
	}
	if req.AsOf, err = reports.ParseAsOf(get("as-of"), get("as-of-position")); err != nil {
		return "", err
	}
	if req.Thresholds, err = thresholds(get); err != nil {
		return "", err
	}
	var sc access.Scope
	if def.NeedsSubject {
		if req.Subject == "" {
			return "", events.Errorf(events.EINVALID, "id: required: the report %s is about one relationship", name)
		}
		if sc, err = s.scopes.relationship(ctx, req.Subject); err != nil {
			return "", err
		}
	}
	if !access.CanReport(p, name, def.Content, sc) {
		if def.NeedsSubject && access.OpensRelationships(p) {
			return "", notYours("relationship", req.Subject)
		}
		return "", &deniedError{what: "read the " + name + " report" + subjectNote(req.Subject)}
	}
	req.Programme = access.ReportProgramme(p, get("programme"))
	if p.Programme != "" && get("programme") != "" && get("programme") != p.Programme {
		return "", &deniedError{what: "read programme " + get("programme")}
	}
	s.waitForViews(ctx)
	in := reports.Inputs{Views: s.cfg.Views, Memo: s.memo}
	if s.cfg.Ledger != nil {
		in.Ledger = s.cfg.Ledger
	}
	err = reports.Run(ctx, in, name, req, format, out)
	return format, err
}

func subjectNote(id string) string {
	if id == "" {
		return ""
	}
	return " of " + id
}

// thresholds reads the pitfall thresholds given in the query: they
// replace every programme's own.
func thresholds(get func(string) string) (reports.Thresholds, error) {
	var th reports.Thresholds
	for _, f := range reports.ThresholdFlags(&th) {
		v := get(f.Name)
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			return th, events.Errorf(events.EINVALID, "%s: must be a whole number, got %q", f.Name, v)
		}
		if err := reports.CheckThreshold(f.Name, n); err != nil {
			return th, err
		}
		*f.Into = n
	}
	return th, nil
}

// waitForViews lets the views reach the ledger's head (what a caller just
// recorded) before a report is read, for at most ViewsWait.
func (s *Server) waitForViews(ctx context.Context) {
	if s.cfg.Live == nil {
		return
	}
	head, err := s.cfg.Ledger.Head(ctx)
	if err != nil {
		return
	}
	wctx, cancel := context.WithTimeout(ctx, s.cfg.ViewsWait)
	defer cancel()
	_ = s.cfg.Live.WaitFor(wctx, head)
}
