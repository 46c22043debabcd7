package reports_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/reports"
)

// request is what each report of the catalogue is asked on the demo-like
// ledger: the relationship report needs the relationship's id.
func request(def reports.Definition) reports.Request {
	r := reports.Request{Now: d(demoToday).Time()}
	if def.NeedsSubject {
		r.Subject = "r1"
	}
	return r
}

func runReport(tb testing.TB, w *world, name string, r reports.Request, format string) (string, error) {
	tb.Helper()
	var b strings.Builder
	err := reports.Run(context.Background(), reports.Inputs{Views: w.views, Ledger: w.store}, name, r, format, &b)
	return b.String(), err
}

func TestEveryReportRunsOnADemoLikeLedgerInEveryFormat(t *testing.T) {
	w := newWorld(t)
	demoLike(w)
	w.catchUp()
	for _, want := range []string{"checklist-1", "checklist-2", "checklist-3", "checklist-4", "checklist-5", "checklist-6", "checklist-7", "relationship"} {
		if _, err := reports.Lookup(want); err != nil {
			t.Fatalf("%s not in the catalogue: %v", want, err)
		}
	}
	for _, name := range reports.Names() {
		def, _ := reports.Lookup(name)
		for _, format := range reports.Formats {
			out, err := runReport(t, w, name, request(def), format)
			if err != nil {
				t.Fatalf("%s as %s: %v", name, format, err)
			}
			switch format {
			case "json":
				var v map[string]any
				if err := json.Unmarshal([]byte(out), &v); err != nil || v["report"] != name {
					t.Fatalf("%s json: %v, report=%v", name, err, v["report"])
				}
			case "csv":
				cr := csv.NewReader(strings.NewReader(out))
				cr.FieldsPerRecord = -1 // the audit's sections differ in shape
				rows, err := cr.ReadAll()
				if err != nil || len(rows) < 2 {
					t.Fatalf("%s csv: %v, %d rows", name, err, len(rows))
				}
			case "html":
				if !strings.HasPrefix(out, "<!doctype html>") || !strings.Contains(out, "</html>") {
					t.Fatalf("%s html is not a page", name)
				}
				if strings.Contains(strings.ReplaceAll(out, "http://www.w3.org/2000/svg", ""), "http") || strings.Contains(out, "<script") {
					t.Fatalf("%s html refers to an external asset or runs a script", name)
				}
			case "text":
				if len(strings.TrimSpace(out)) == 0 {
					t.Fatalf("%s text is empty", name)
				}
			}
		}
	}
}

func TestHTMLChartsAreDrawnWhereAFigureHelps(t *testing.T) {
	w := newWorld(t)
	demoLike(w)
	w.catchUp()
	for _, c := range []struct {
		report string
		want   []string
	}{
		{"checklist-1", []string{"<svg", "items by status, per programme", `fill="#4caf50"`}},
		{"checklist-5", []string{"<svg"}},
		{"checklist-6", []string{"relationships per item by status", "items by programme status"}},
		{"checklist-7", []string{"relationships per item by status", "items by programme status"}},
		{"monitoring", []string{"meetings held per month", "relationships by lifecycle phase", ">2025-01<"}},
	} {
		out, err := runReport(t, w, c.report, reports.Request{Now: d(demoToday).Time()}, "html")
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range c.want {
			if !strings.Contains(out, want) {
				t.Errorf("%s html lacks %q", c.report, want)
			}
		}
	}
}

func TestOnlyTheRelationshipReportShowsMeetingContent(t *testing.T) {
	w := newWorld(t)
	demoLike(w)
	w.catchUp()
	for _, name := range reports.Names() {
		def, _ := reports.Lookup(name)
		for _, format := range reports.Formats {
			out, err := runReport(t, w, name, request(def), format)
			if err != nil {
				t.Fatal(err)
			}
			if shows := strings.Contains(out, meetingTopic); shows != def.Content {
				t.Fatalf("%s as %s shows meeting content: %v, but its definition says Content %v", name, format, shows, def.Content)
			}
		}
	}
}

// notWiredYet are the reports whose builders take a programme but whose
// catalogue definitions (reports/catalogue.go) do not pass Request.Programme
// to them yet.
var notWiredYet = map[string]bool{}

func TestEveryReportHonoursTheProgrammeAsked(t *testing.T) {
	w := newWorld(t)
	demoLike(w)
	w.catchUp()
	for _, name := range reports.Names() {
		def, _ := reports.Lookup(name)
		t.Run(name, func(t *testing.T) {
			r := request(def)
			r.Programme = "prog-2"
			out, err := runReport(t, w, name, r, "json")
			if def.NeedsSubject {
				// r1 is prog-1's: asked within prog-2 it is not found.
				if events.ErrorCode(err) != events.ENOTFOUND || !strings.Contains(err.Error(), `"r1"`) {
					t.Fatalf("r1 within prog-2: %v, want ENOTFOUND naming r1", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			ignored := strings.Contains(out, "prog-1") || strings.Contains(out, "Peer mentoring") || strings.Contains(out, "mentor-1")
			switch {
			case ignored && notWiredYet[name]:
				t.Skipf("%s: its builder takes the programme; reports/catalogue.go does not pass Request.Programme to it yet", name)
			case ignored:
				t.Fatalf("%s asked for prog-2 shows prog-1", name)
			case notWiredYet[name]:
				t.Fatalf("%s now honours the programme: take it out of notWiredYet", name)
			}
			r.Programme = "prog-9"
			if _, err := runReport(t, w, name, r, "json"); events.ErrorCode(err) != events.ENOTFOUND || !strings.Contains(err.Error(), "prog-9") {
				t.Fatalf("unknown programme: %v, want ENOTFOUND naming it", err)
			}
		})
	}
}

func TestEveryChecklistGivesTheDashboardItsItemStatuses(t *testing.T) {
	w := demoLikeWorld(t)
	for _, name := range reports.Names() {
		if !strings.HasPrefix(name, "checklist-") {
			continue
		}
		def, _ := reports.Lookup(name)
		rendered, err := def.Build(context.Background(), reports.Inputs{Views: w.views, Ledger: w.store}, reports.Request{Now: d(demoToday).Time()})
		if err != nil {
			t.Fatal(err)
		}
		st, ok := reports.Statuses(rendered)
		if !ok || len(st[prog]) == 0 || len(st["prog-2"]) != len(st[prog]) {
			t.Fatalf("%s statuses: %v (ok %v)", name, st, ok)
		}
	}
}
