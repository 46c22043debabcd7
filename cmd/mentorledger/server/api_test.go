package server

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mentorledger/mentorledger/cmd/mentorledger/access"
	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/projections"
)

var rel1Stream = domain.RelationshipStream(rel1)

// version reads a stream's ETag over the API.
func (f *fixture) version(tb testing.TB, who, stream string) string {
	tb.Helper()
	r := f.do(tb, "GET", "/api/streams/"+stream, who, nil)
	wantStatus(tb, r, http.StatusOK)
	tag := r.header.Get("ETag")
	if tag == "" {
		tb.Fatalf("GET /api/streams/%s: no ETag", stream)
	}
	return tag
}

// commandResultOf decodes a 201.
func commandResultOf(tb testing.TB, r reply) commandResult {
	tb.Helper()
	wantStatus(tb, r, http.StatusCreated)
	var res commandResult
	decode(tb, r, &res)
	return res
}

// TestIfMatchMakesACommandConditional: the stream's version is its ETag;
// a command with a stale If-Match is refused with 412 and records
// nothing; with the current one it records, and the answer's ETag is the
// new version. The event names the caller as its actor.
func TestIfMatchMakesACommandConditional(t *testing.T) {
	f := newFixture(t, fixtureOptions{})
	tag := f.version(t, access.Mentor, rel1Stream)
	v, err := strconv.ParseInt(strings.Trim(tag, `"`), 10, 64)
	if err != nil {
		t.Fatalf("ETag %q is not a quoted version", tag)
	}
	if got, want := v, int64(len(f.stream(t, rel1Stream))); got != want {
		t.Fatalf("ETag version %d, stream holds %d events", got, want)
	}
	before := f.head(t)

	stale := fmt.Sprintf(`"%d"`, v-1)
	r := f.do(t, "POST", "/api/commands/log-meeting", access.Mentor, meetingBody(rel1, "mtg-2", "m1"), "If-Match", stale)
	wantStatus(t, r, http.StatusPreconditionFailed)
	if p := problemOf(t, r); p.Field != "If-Match" || p.Rule == "" {
		t.Errorf("412 problem %+v, want field If-Match and its rule", p)
	}
	if after := f.head(t); after != before {
		t.Fatalf("a refused conditional command moved the head from %d to %d", before, after)
	}

	r = f.do(t, "POST", "/api/commands/log-meeting", access.Mentor, meetingBody(rel1, "mtg-2", "m1"), "If-Match", tag)
	res := commandResultOf(t, r)
	if got, want := r.header.Get("ETag"), fmt.Sprintf(`"%d"`, v+1); got != want {
		t.Errorf("ETag after the command %s, want %s", got, want)
	}
	if len(res.Events) != 1 || res.Stream != rel1Stream || res.Version != v+1 || res.Events[0].Version != v+1 {
		t.Fatalf("result %+v, want one event at version %d of %s", res, v+1, rel1Stream)
	}
	e := res.Events[0]
	if e.Type != "relationship.meeting_logged" || e.Actor != principals[access.Mentor].Name {
		t.Errorf("recorded %s by %q, want relationship.meeting_logged by %q", e.Type, e.Actor, principals[access.Mentor].Name)
	}
	stored := f.stream(t, rel1Stream)
	if last := stored[len(stored)-1]; last.ID != e.ID || last.Hash != e.Hash || last.Position != e.Position {
		t.Errorf("answer %s/%s at %d, ledger has %s/%s at %d", e.ID, e.Hash, e.Position, last.ID, last.Hash, last.Position)
	}

	// The ETag used is stale now.
	r = f.do(t, "POST", "/api/commands/log-meeting", access.Mentor, meetingBody(rel1, "mtg-3", "m1"), "If-Match", tag)
	wantStatus(t, r, http.StatusPreconditionFailed)
	// A malformed If-Match names the header.
	r = f.do(t, "POST", "/api/commands/log-meeting", access.Mentor, meetingBody(rel1, "mtg-3", "m1"), "If-Match", "yesterday")
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if p := problemOf(t, r); p.Field != "If-Match" {
		t.Errorf("problem %+v, want field If-Match", p)
	}
	if got, want := f.head(t), e.Position; got != want {
		t.Errorf("head %d, want %d: a refused command recorded something", got, want)
	}
}

// TestIdempotencyKeyReplaysTheOriginalResult: a retry with the same key
// answers the events first recorded and appends nothing — one retry after
// another, and eight at once.
func TestIdempotencyKeyReplaysTheOriginalResult(t *testing.T) {
	f := newFixture(t, fixtureOptions{})
	body := meetingBody(rel1, "mtg-idem", "e1")
	first := commandResultOf(t, f.do(t, "POST", "/api/commands/log-meeting", access.Mentee, body, "Idempotency-Key", "key-1"))
	head := f.head(t)
	r := f.do(t, "POST", "/api/commands/log-meeting", access.Mentee, body, "Idempotency-Key", "key-1")
	again := commandResultOf(t, r)
	if r.header.Get("Idempotent-Replayed") != "true" || !again.Duplicate {
		t.Errorf("retry not marked as a replay: header %q, duplicate %v", r.header.Get("Idempotent-Replayed"), again.Duplicate)
	}
	sameEvents(t, "retry", first, again)
	if got := f.head(t); got != head {
		t.Fatalf("retry moved the head from %d to %d", head, got)
	}
	// Without the key, the same body is a second command (and the domain
	// refuses to log a meeting twice).
	r = f.do(t, "POST", "/api/commands/log-meeting", access.Mentee, body)
	wantStatus(t, r, http.StatusConflict)

	// Eight concurrent first tries with one key: one records, every one
	// answers what it recorded.
	body = meetingBody(rel1, "mtg-race", "e1")
	const n = 8
	results := make([]reply, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			results[i] = f.do(t, "POST", "/api/commands/log-meeting", access.Mentee, body, "Idempotency-Key", "key-race")
		}()
	}
	close(start)
	wg.Wait()
	var want commandResult
	for i, r := range results {
		res := commandResultOf(t, r)
		if i == 0 {
			want = res
			continue
		}
		sameEvents(t, fmt.Sprintf("concurrent retry %d", i), want, res)
	}
	if got, wantHead := f.head(t), head+1; got != wantHead {
		t.Fatalf("head %d after eight tries of one command, want %d", got, wantHead)
	}
	logged := 0
	for _, e := range f.stream(t, rel1Stream) {
		if e.Type == "relationship.meeting_logged" && strings.Contains(string(e.Payload), `"mtg-race"`) {
			logged++
		}
	}
	if logged != 1 {
		t.Fatalf("mtg-race logged %d times, want once", logged)
	}
	// The first key, retried once the stream has moved on, still answers
	// its own events.
	late := commandResultOf(t, f.do(t, "POST", "/api/commands/log-meeting", access.Mentee, meetingBody(rel1, "mtg-idem", "e1"), "Idempotency-Key", "key-1"))
	sameEvents(t, "late retry", first, late)
	if got := f.head(t); got != head+1 {
		t.Fatalf("late retry moved the head to %d", got)
	}
}

func sameEvents(tb testing.TB, what string, want, got commandResult) {
	tb.Helper()
	if len(got.Events) != len(want.Events) || len(want.Events) == 0 {
		tb.Fatalf("%s: %d events, want %d", what, len(got.Events), len(want.Events))
	}
	for i := range want.Events {
		w, g := want.Events[i], got.Events[i]
		if g.ID != w.ID || g.Position != w.Position || g.Hash != w.Hash || !bytes.Equal(g.Payload, w.Payload) {
			tb.Errorf("%s: event %d is %s at %d (%s), want %s at %d (%s)", what, i, g.ID, g.Position, g.Hash, w.ID, w.Position, w.Hash)
		}
	}
	if got.Version != want.Version || got.Stream != want.Stream {
		tb.Errorf("%s: %s v%d, want %s v%d", what, got.Stream, got.Version, want.Stream, want.Version)
	}
}

// TestBodiesOverTheLimitAre413: a command body or an import over its
// limit is refused with a problem, and nothing is recorded.
func TestBodiesOverTheLimitAre413(t *testing.T) {
	const maxImport = 64 << 10
	f := newFixture(t, fixtureOptions{config: func(c *Config) { c.MaxImport = maxImport }})
	before := f.head(t)
	body := meetingBody(rel1, "mtg-big", "m1")
	body["location"] = strings.Repeat("x", 1<<20)
	r := f.do(t, "POST", "/api/commands/log-meeting", access.Coordinator, body)
	wantStatus(t, r, http.StatusRequestEntityTooLarge)
	if p := problemOf(t, r); !strings.Contains(p.Detail, strconv.Itoa(1<<20)) {
		t.Errorf("problem %+v does not name the limit", p)
	}

	var batch bytes.Buffer
	for i := 0; batch.Len() <= maxImport; i++ {
		line, _ := json.Marshal(map[string]any{"type": "relationship.meeting_logged", "stream": rel1Stream,
			"payload": meetingBody(rel1, fmt.Sprintf("mtg-bulk-%d", i), "m1")})
		batch.Write(append(line, '\n'))
	}
	r = f.do(t, "POST", "/api/import", access.Coordinator, batch.Bytes())
	wantStatus(t, r, http.StatusRequestEntityTooLarge)
	problemOf(t, r)
	if after := f.head(t); after != before {
		t.Fatalf("head moved from %d to %d", before, after)
	}
}

// TestInvalidCommandsNameTheFieldAndTheRule: a body that breaks the
// event's schema or a rule of the domain is a 422 problem naming the field
// and the rule; nothing is recorded.
func TestInvalidCommandsNameTheFieldAndTheRule(t *testing.T) {
	f := newFixture(t, fixtureOptions{})
	before := f.head(t)
	with := func(k string, v any) map[string]any {
		b := meetingBody(rel1, "mtg-bad", "m1")
		if v == nil {
			delete(b, k)
		} else {
			b[k] = v
		}
		return b
	}
	for _, tc := range []struct {
		name  string
		body  any
		field string
		rule  string
	}{
		{"minutes of the wrong type", with("minutes", "sixty"), "minutes", ""},
		{"minutes out of range", with("minutes", 0), "minutes", ""},
		{"no topics", with("topics", nil), "topics", ""},
		{"an unknown field", with("mood", "sunny"), "", ""},
		{"held in the future", with("held_on", "2027-01-01"), "held_on", "must not be in the future"},
		{"completed by a stranger", with("completed_by", "m2"), "completed_by", "must be a party"},
		{"not JSON", "{", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := f.do(t, "POST", "/api/commands/log-meeting", access.Coordinator, tc.body)
			wantStatus(t, r, http.StatusUnprocessableEntity)
			p := problemOf(t, r)
			if p.Detail == "" {
				t.Errorf("problem %+v has no detail", p)
			}
			if tc.field != "" && p.Field != tc.field {
				t.Errorf("problem %+v: field %q, want %q", p, p.Field, tc.field)
			}
			if tc.field != "" && p.Rule == "" {
				t.Errorf("problem %+v names no rule", p)
			}
			if !strings.Contains(p.Rule, tc.rule) {
				t.Errorf("problem %+v: rule %q, want it to say %q", p, p.Rule, tc.rule)
			}
		})
	}
	if after := f.head(t); after != before {
		t.Fatalf("head moved from %d to %d", before, after)
	}
}

// TestUnknownRoutesAreProblems: an unknown command is 404, a command
// route with the wrong method 405, both as problems.
func TestUnknownRoutesAreProblems(t *testing.T) {
	f := newFixture(t, fixtureOptions{})
	r := f.do(t, "POST", "/api/commands/tell-a-joke", access.Coordinator, map[string]any{})
	wantStatus(t, r, http.StatusNotFound)
	problemOf(t, r)
	r = f.do(t, "GET", "/api/commands/log-meeting", access.Coordinator, nil)
	wantStatus(t, r, http.StatusMethodNotAllowed)
	problemOf(t, r)
	r = f.do(t, "GET", "/api/reports/horoscope", access.Coordinator, nil)
	wantStatus(t, r, http.StatusNotFound)
	problemOf(t, r)
}

// importBatch writes JSON Lines.
func importBatch(tb testing.TB, lines ...map[string]any) []byte {
	tb.Helper()
	var b bytes.Buffer
	for _, l := range lines {
		j, err := json.Marshal(l)
		if err != nil {
			tb.Fatal(err)
		}
		b.Write(append(j, '\n'))
	}
	return b.Bytes()
}

// TestImportIsValidatedAsAWhole: one bad line — against its schema or a
// rule of the domain — rejects the batch with 422 listing "line N: …" and
// nothing appended; a good batch is appended, with the caller as actor
// unless ?actor= says otherwise; the same batch again appends nothing.
func TestImportIsValidatedAsAWhole(t *testing.T) {
	f := newFixture(t, fixtureOptions{})
	line := func(id, meeting, by string) map[string]any {
		return map[string]any{"id": id, "type": "relationship.meeting_logged", "stream": rel1Stream, "payload": meetingBody(rel1, meeting, by)}
	}
	contact := map[string]any{"id": "00000000-0000-4000-8000-0000000000c1", "type": "relationship.contact_made", "stream": rel1Stream,
		"payload": map[string]any{"relationship_id": rel1, "contact_on": "2025-02-20", "by": "m1", "by_role": "mentor", "method": "phone", "minutes": 10}}
	good1 := line("00000000-0000-4000-8000-0000000000a1", "mtg-imp-1", "m1")
	good2 := line("00000000-0000-4000-8000-0000000000a2", "mtg-imp-2", "e1")
	badSchema := line("00000000-0000-4000-8000-0000000000b1", "mtg-imp-3", "m1")
	badSchema["payload"].(map[string]any)["minutes"] = "sixty"
	badRule := line("00000000-0000-4000-8000-0000000000b2", "mtg-imp-1", "e1") // logs mtg-imp-1 a second time

	before := f.head(t)
	for _, tc := range []struct {
		name  string
		batch []byte
		line  string
	}{
		{"a line breaking its schema", importBatch(t, good1, badSchema, good2), "line 2: "},
		{"a line breaking a rule", importBatch(t, good1, good2, badRule), "line 3: "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := f.do(t, "POST", "/api/import", access.Coordinator, tc.batch)
			wantStatus(t, r, http.StatusUnprocessableEntity)
			p := problemOf(t, r)
			if len(p.Errors) != 1 || !strings.HasPrefix(p.Errors[0], tc.line) || !strings.Contains(p.Detail, tc.line) {
				t.Errorf("problem %+v, want one error starting %q", p, tc.line)
			}
			if !strings.Contains(p.Detail, "nothing appended") {
				t.Errorf("problem %+v does not say nothing was appended", p)
			}
			if after := f.head(t); after != before {
				t.Fatalf("a rejected import moved the head from %d to %d", before, after)
			}
		})
	}

	r := f.do(t, "POST", "/api/import", access.Coordinator, importBatch(t, good1, good2, contact))
	wantStatus(t, r, http.StatusCreated)
	var res struct {
		Imported, AlreadyRecorded int
		First                     events.Position `json:"first_position"`
		Last                      events.Position `json:"last_position"`
	}
	decode(t, r, &res)
	if res.Imported != 3 || res.First != before+1 || res.Last != before+3 {
		t.Fatalf("import %+v, want 3 events at %d..%d", res, before+1, before+3)
	}
	stored := f.stream(t, rel1Stream)
	for i, want := range []string{"00000000-0000-4000-8000-0000000000a1", "00000000-0000-4000-8000-0000000000a2", "00000000-0000-4000-8000-0000000000c1"} {
		e := stored[len(stored)-3+i]
		if e.ID != want || e.Actor != principals[access.Coordinator].Name {
			t.Errorf("imported event %d: %s by %q, want %s by %q", i, e.ID, e.Actor, want, principals[access.Coordinator].Name)
		}
	}
	// The same batch again: nothing new.
	r = f.do(t, "POST", "/api/import", access.Coordinator, importBatch(t, good1, good2, contact))
	wantStatus(t, r, http.StatusCreated)
	var again struct {
		Imported        int `json:"imported"`
		AlreadyRecorded int `json:"already_recorded"`
	}
	decode(t, r, &again)
	if again.Imported != 0 || again.AlreadyRecorded != 3 || f.head(t) != before+3 {
		t.Fatalf("re-import %+v (head %d), want nothing new", again, f.head(t))
	}
	// ?actor= names the actor of lines that name none.
	r = f.do(t, "POST", "/api/import?actor=records-clerk", access.Coordinator,
		importBatch(t, line("00000000-0000-4000-8000-0000000000a3", "mtg-imp-3", "m1")))
	wantStatus(t, r, http.StatusCreated)
	if got := f.stream(t, rel1Stream); got[len(got)-1].Actor != "records-clerk" {
		t.Errorf("actor %q, want records-clerk", got[len(got)-1].Actor)
	}
}

// TestReportFormats: Accept or ?format= picks JSON, CSV, HTML or text;
// ?format= wins; a bad format or parameter is a 422 naming it.
func TestReportFormats(t *testing.T) {
	f := newFixture(t, fixtureOptions{})
	for _, tc := range []struct {
		path, accept, want string
	}{
		{"/api/reports/checklist-6", "", "application/json"},
		{"/api/reports/checklist-6", "application/json", "application/json"},
		{"/api/reports/checklist-6", "text/csv", "text/csv"},
		{"/api/reports/checklist-6", "text/html, application/xhtml+xml;q=0.9", "text/html"},
		{"/api/reports/checklist-6", "text/plain", "text/plain"},
		{"/api/reports/checklist-6?format=csv", "text/html", "text/csv"},
		{"/api/reports/monitoring?format=html", "", "text/html"},
		{"/api/reports/pitfalls?format=text&gap-days=30", "", "text/plain"},
		{"/api/reports/funder?format=json&from=2025-01-01&to=2025-12-31", "", "application/json"},
		{"/api/reports/audit?format=csv&as-of-position=5", "", "text/csv"},
	} {
		r := f.do(t, "GET", tc.path, access.Coordinator, nil, "Accept", tc.accept)
		wantStatus(t, r, http.StatusOK)
		if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, tc.want) {
			t.Errorf("%s (Accept %q): Content-Type %q, want %s", tc.path, tc.accept, ct, tc.want)
		}
		switch tc.want {
		case "application/json":
			var v any
			if err := json.Unmarshal(r.body, &v); err != nil {
				t.Errorf("%s: not JSON: %v", tc.path, err)
			}
		case "text/html":
			if !bytes.Contains(bytes.ToLower(r.body), []byte("<html")) {
				t.Errorf("%s: not an HTML document: %s", tc.path, truncate(r.body))
			}
		case "text/csv":
			if !bytes.Contains(r.body, []byte(",")) || bytes.HasPrefix(bytes.TrimSpace(r.body), []byte("{")) {
				t.Errorf("%s: not CSV: %s", tc.path, truncate(r.body))
			}
		}
	}
	for _, tc := range []struct{ path, field string }{
		{"/api/reports/checklist-6?format=xml", "format"},
		{"/api/reports/pitfalls?gap-days=soon", "gap-days"},
		{"/api/reports/funder?from=yesterday", "from"},
		{"/api/reports/audit?as-of-position=minus-one", "as-of-position"},
	} {
		r := f.do(t, "GET", tc.path, access.Coordinator, nil)
		wantStatus(t, r, http.StatusUnprocessableEntity)
		if p := problemOf(t, r); p.Field != tc.field {
			t.Errorf("%s: problem %+v, want field %q", tc.path, p, tc.field)
		}
	}
}

// TestVerifyRecomputesTheChain: ok on the fixture, and the first bad
// position once an event's payload is altered in the file.
func TestVerifyRecomputesTheChain(t *testing.T) {
	f := newFixture(t, fixtureOptions{})
	var ok struct {
		OK       bool            `json:"ok"`
		Events   int             `json:"events"`
		Last     events.Position `json:"last_position"`
		Position events.Position `json:"position"`
	}
	r := f.do(t, "GET", "/api/verify", access.Auditor, nil)
	wantStatus(t, r, http.StatusOK)
	decode(t, r, &ok)
	if head := f.head(t); !ok.OK || ok.Last != head || ok.Events != int(head) {
		t.Fatalf("verify %s, want ok over %d events", r.body, head)
	}

	// Alter one payload behind the ledger's back.
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(f.dir, "ledger.db")+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`UPDATE events SET payload = '{"relationship_id":"rel-1"}' WHERE position = 7`); err != nil {
		t.Fatal(err)
	}
	r = f.do(t, "GET", "/api/verify", access.Auditor, nil)
	wantStatus(t, r, http.StatusOK)
	decode(t, r, &ok)
	if ok.OK || ok.Position != 7 {
		t.Fatalf("verify after tampering: %s, want not ok at position 7", r.body)
	}
}

// TestHealthAndReadiness: /healthz answers while serving; /readyz is 503
// with the lag while the views are behind the ledger and 200 once they
// have caught up.
func TestHealthAndReadiness(t *testing.T) {
	f := newFixture(t, fixtureOptions{noLive: true})
	r := f.do(t, "GET", "/healthz", "", nil)
	wantStatus(t, r, http.StatusOK)
	if string(r.body) != "ok\n" {
		t.Errorf("healthz %q", r.body)
	}
	var ready struct {
		Ready bool              `json:"ready"`
		Head  events.Position   `json:"head"`
		Lag   map[string]uint64 `json:"lag"`
	}
	r = f.do(t, "GET", "/readyz", "", nil)
	wantStatus(t, r, http.StatusServiceUnavailable)
	decode(t, r, &ready)
	if ready.Ready || len(ready.Lag) == 0 || ready.Head != f.head(t) {
		t.Fatalf("readyz %s, want not ready with each projection's lag", r.body)
	}
	for name, lag := range ready.Lag {
		if lag != uint64(f.head(t)) {
			t.Errorf("projection %s lags %d, want %d (nothing applied)", name, lag, f.head(t))
		}
	}
	if _, err := f.views.CatchUp(context.Background(), f.ledger, projections.CatchUpOptions{}); err != nil {
		t.Fatal(err)
	}
	r = f.do(t, "GET", "/readyz", "", nil)
	wantStatus(t, r, http.StatusOK)
	decode(t, r, &ready)
	if !ready.Ready {
		t.Fatalf("readyz %s after catching up", r.body)
	}
}

// TestMetricsNameWhatTheServerDid: after a command and a report, the
// Prometheus text has the command, append latency, report, request,
// feed, lag and head metrics, requests labelled by route pattern.
func TestMetricsNameWhatTheServerDid(t *testing.T) {
	f := newFixture(t, fixtureOptions{})
	commandResultOf(t, f.do(t, "POST", "/api/commands/log-meeting", access.Mentor, meetingBody(rel1, "mtg-m", "m1")))
	wantStatus(t, f.do(t, "GET", "/api/reports/checklist-6", access.Coordinator, nil), http.StatusOK)
	wantStatus(t, f.do(t, "GET", "/api/reports/monitoring", access.Funder, nil), http.StatusForbidden)
	r := f.do(t, "GET", "/metrics", "", nil)
	wantStatus(t, r, http.StatusOK)
	text := string(r.body)
	for _, want := range []string{
		`mentorledger_commands_total{command="LogMeeting",outcome="appended"} 1`,
		`mentorledger_append_seconds_bucket{command="LogMeeting",le=`,
		`mentorledger_report_seconds_count{report="checklist-6"} 1`,
		`mentorledger_http_requests_total{method="POST",route="/api/commands/log-meeting",status="201"} 1`,
		`mentorledger_http_requests_total{method="GET",route="/api/reports/{name}",status="403"} 1`,
		`mentorledger_feed_clients 0`,
		`mentorledger_projection_lag_events{projection=`,
		fmt.Sprintf("mentorledger_ledger_head_position %d", f.head(t)),
		`go_goroutines`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if strings.Contains(text, rel1) {
		t.Errorf("metrics carry an id (%s): a series per id", rel1)
	}
}

// sse reads a live feed message by message.
type sse struct {
	resp   *http.Response
	br     *bufio.Reader
	cancel context.CancelFunc
}

type sseMessage struct {
	id, event, data string
	comments        []string
}

// openFeed opens the live feed; the deadline only keeps a broken feed
// from hanging the test.
func (f *fixture) openFeed(tb testing.TB, who, path string, hdr ...string) *sse {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	resp, err := f.client.Do(f.request(tb, ctx, "GET", path, who, nil, hdr...))
	if err != nil {
		cancel()
		tb.Fatalf("feed: %v", err)
	}
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		resp.Body.Close()
		cancel()
		tb.Fatalf("feed: status %d, %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	s := &sse{resp: resp, br: bufio.NewReader(resp.Body), cancel: cancel}
	tb.Cleanup(s.close)
	return s
}

func (s *sse) close() { s.cancel(); s.resp.Body.Close() }

// next reads one message (up to its blank line).
func (s *sse) next(tb testing.TB) sseMessage {
	tb.Helper()
	var m sseMessage
	for {
		line, err := s.br.ReadString('\n')
		if err != nil {
			tb.Fatalf("feed: %v (message so far %+v)", err, m)
		}
		line = strings.TrimSuffix(line, "\n")
		switch {
		case line == "":
			return m
		case strings.HasPrefix(line, ":"):
			m.comments = append(m.comments, line)
		case strings.HasPrefix(line, "id: "):
			m.id = strings.TrimPrefix(line, "id: ")
		case strings.HasPrefix(line, "event: "):
			m.event = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			m.data = strings.TrimPrefix(line, "data: ")
		}
	}
}

// nextEvent skips comments (the greeting, heartbeats).
func (s *sse) nextEvent(tb testing.TB) sseMessage {
	tb.Helper()
	for {
		if m := s.next(tb); m.id != "" || m.event != "" {
			return m
		}
	}
}

// TestFeedDeliversNewEventsAndResumes: the live feed sends an event
// recorded after it opened, its id the event's position; reconnecting
// with Last-Event-ID resumes right after it, whatever ?after= says.
func TestFeedDeliversNewEventsAndResumes(t *testing.T) {
	f := newFixture(t, fixtureOptions{})
	feed := f.openFeed(t, access.Mentee, "/api/feed")
	if hello := feed.next(t); len(hello.comments) == 0 || !strings.Contains(hello.comments[0], fmt.Sprintf("after position %d", f.head(t))) {
		t.Fatalf("feed greeting %+v, want it to start after the head %d", hello, f.head(t))
	}
	res := commandResultOf(t, f.do(t, "POST", "/api/commands/log-meeting", access.Mentor, meetingBody(rel1, "mtg-feed", "m1")))
	pos := res.Events[0].Position
	m := feed.nextEvent(t)
	if m.id != strconv.FormatUint(uint64(pos), 10) {
		t.Fatalf("feed sent id %s, want %d", m.id, pos)
	}
	var e events.Envelope
	if err := json.Unmarshal([]byte(m.data), &e); err != nil {
		t.Fatal(err)
	}
	if e.ID != res.Events[0].ID || e.Position != pos || e.Hash != res.Events[0].Hash || e.Type != "relationship.meeting_logged" {
		t.Fatalf("feed data %+v, want the recorded event %+v", e, res.Events[0])
	}

	again := f.openFeed(t, access.Mentee, "/api/feed?after=0", "Last-Event-ID", strconv.FormatUint(uint64(pos-1), 10))
	if m := again.nextEvent(t); m.id != strconv.FormatUint(uint64(pos), 10) {
		t.Fatalf("resumed feed starts at id %s, want %d", m.id, pos)
	}
	r := f.do(t, "GET", "/api/feed", access.Mentee, nil, "Last-Event-ID", "yesterday")
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if p := problemOf(t, r); p.Field != "Last-Event-ID" {
		t.Errorf("problem %+v, want field Last-Event-ID", p)
	}
}

// TestRegisterParticipantSealsTheName: the name given to
// register-participant is sealed with the person's key before it is
// recorded: neither the answer nor the ledger carries it in clear, and
// the key store opens it again.
func TestRegisterParticipantSealsTheName(t *testing.T) {
	f := newFixture(t, fixtureOptions{})
	body := map[string]any{"participant_id": "p-sealed", "programme_id": prog, "role": events.RoleMentee, "organisation": "Org A",
		"registered_on": "2025-01-02", "name": "Araminta Fothergill-Quince", "email": "araminta@example.org"}
	res := commandResultOf(t, f.do(t, "POST", "/api/commands/register-participant", access.Coordinator, body))
	raw, _ := json.Marshal(res)
	stored, _ := json.Marshal(f.stream(t, domain.ParticipantStream("p-sealed")))
	for _, b := range [][]byte{raw, stored} {
		assertNoSecrets(t, "registration", b, []string{"Araminta", "Fothergill", "araminta@example.org"})
		if !bytes.Contains(b, []byte(`"personal"`)) {
			t.Errorf("registration has no sealed personal details: %s", truncate(b))
		}
	}
	d, err := f.svc.PersonalDetails(context.Background(), "p-sealed")
	if err != nil || d.Name != "Araminta Fothergill-Quince" || d.Email != "araminta@example.org" {
		t.Fatalf("details %+v (%v), want them opened from the key store", d, err)
	}
	// The caller may not hand in sealed details of their own.
	body["participant_id"], body["personal"] = "p-forged", map[string]any{"key_id": "k", "nonce": "bm9uY2U=", "ciphertext": "Y2lwaGVy"}
	r := f.do(t, "POST", "/api/commands/register-participant", access.Coordinator, body)
	wantStatus(t, r, http.StatusUnprocessableEntity)
}

// TestSessionCookieOnlyReadsTheAPI: the dashboard's session cookie reads
// API reports and the feed (the report frame, live.js), but never
// authorises an API write: a cross-site form could send it.
func TestSessionCookieOnlyReadsTheAPI(t *testing.T) {
	f := newFixture(t, fixtureOptions{})
	cookie := &http.Cookie{Name: sessionCookie, Value: f.tok[access.Coordinator]}
	get := f.request(t, context.Background(), "GET", "/api/reports/checklist-6?format=html", "", nil)
	get.AddCookie(cookie)
	resp, err := f.client.Do(get)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("report by session cookie: %d, want 200", resp.StatusCode)
	}
	before := f.head(t)
	j, _ := json.Marshal(meetingBody(rel1, "mtg-csrf", "m1"))
	post := f.request(t, context.Background(), "POST", "/api/commands/log-meeting", "", j)
	post.AddCookie(cookie)
	resp, err = f.client.Do(post)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized || f.head(t) != before {
		t.Fatalf("command by session cookie alone: %d (head %d→%d), want 401 and nothing recorded", resp.StatusCode, before, f.head(t))
	}
}

// syncBuffer is a log the server writes while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// TestInternalErrorsAreLoggedNotShown: an error that is nobody's input
// (here the ledger closed under the server) is a 500 problem saying only
// "internal error", and its detail goes to the server's log.
func TestInternalErrorsAreLoggedNotShown(t *testing.T) {
	var log syncBuffer
	f := newFixture(t, fixtureOptions{noLive: true, config: func(c *Config) { c.Log = slog.New(slog.NewTextHandler(&log, nil)) }})
	if err := f.ledger.Close(); err != nil {
		t.Fatal(err)
	}
	r := f.do(t, "GET", "/api/events", access.Auditor, nil)
	wantStatus(t, r, http.StatusInternalServerError)
	p := problemOf(t, r)
	if strings.Contains(p.Detail, events.ErrClosed.Error()) || !strings.Contains(p.Detail, "internal error") {
		t.Errorf("problem %+v: want \"internal error\" and no detail", p)
	}
	if got := log.String(); !strings.Contains(got, events.ErrClosed.Error()) || !strings.Contains(got, "/api/events") {
		t.Errorf("log %q does not have the error and the path", got)
	}
}
