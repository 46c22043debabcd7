package server

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/mentorledger/mentorledger/cmd/mentorledger/access"
	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/reports"
	"github.com/mentorledger/mentorledger/schemas"
)

// roles are the six roles of the issue, as the fixture's principals act
// in prog-fx: the mentor and mentee are the parties of rel-1, the
// relationship every relationship command and stream read names.
var roles = []string{access.Coordinator, access.Mentor, access.Mentee, access.SteeringGroup, access.Auditor, access.Funder}

// overseers must never receive meeting content or personal data.
var overseers = map[string]bool{access.SteeringGroup: true, access.Auditor: true, access.Funder: true}

type allowed map[string]bool

func may(rs ...string) allowed {
	a := allowed{}
	for _, r := range rs {
		a[r] = true
	}
	return a
}

var (
	coordinatorOnly = may(access.Coordinator)
	parties         = may(access.Coordinator, access.Mentor, access.Mentee)
	ledgerReaders   = may(access.Coordinator, access.Mentor, access.Mentee, access.SteeringGroup, access.Auditor)
	everyRole       = may(roles...)
)

// rule is who may use one route.
type rule struct {
	public bool    // no token needed; everyone gets an answer
	may    allowed // the roles allowed (with a token)
	// page: a dashboard page, signed in with the session cookie; signed
	// out it sends the browser to /signin, refused it answers a 403 page.
	page bool
	// perReport: the route is judged per report, from the issue: the
	// co-ordinator reads every report; the steering group and auditor every
	// report without meeting content; the funder the funder report only; a
	// mentor or mentee only a report about their own relationship.
	perReport bool
}

// routeRules says who may use every route the server has. A route the
// server has but this table does not mention fails TestEveryRouteEveryRole,
// as does a row for a route the server no longer has.
var routeRules = map[string]rule{
	"GET /healthz":      {public: true},
	"GET /readyz":       {public: true},
	"GET /metrics":      {public: true},
	"GET /openapi.json": {public: true},

	"POST /api/import":          {may: coordinatorOnly},
	"GET /api/streams/{stream}": {may: ledgerReaders}, // overseers see it redacted
	"GET /api/events":           {may: ledgerReaders},
	"GET /api/verify":           {may: ledgerReaders},
	"GET /api/feed":             {may: ledgerReaders},
	"GET /api/reports":          {may: everyRole}, // each sees the list of what they may read
	"GET /api/reports/{name}":   {perReport: true},

	// The dashboard.
	"GET /":                   {public: true}, // to /signin or the role's landing page
	"GET /signin":             {public: true},
	"POST /signin":            {public: true},
	"POST /signout":           {public: true},
	"GET /static/live.js":     {public: true}, // the relationship page\'s live banner
	"GET /dashboard":          {page: true, may: may(access.Coordinator, access.SteeringGroup, access.Auditor)},
	"GET /relationships":      {page: true, may: parties}, // a party sees their own
	"GET /relationships/{id}": {page: true, may: parties},
	"GET /relationships/{id}/record/{command}":  {page: true, may: parties},
	"POST /relationships/{id}/record/{command}": {page: true, may: parties},
	"GET /reports":        {page: true, may: everyRole},
	"GET /reports/{name}": {page: true, perReport: true},
}

// commandRules says who may run each command, one row per command route
// (POST /api/commands/<name>). Relationship work is the parties' as well
// as the co-ordinator's, except making, rematching and rating commitment;
// a survey is answered by its audience; the rest is the co-ordinator's.
var commandRules = map[string]allowed{
	// programme
	"register-programme":           coordinatorOnly,
	"adopt-plan":                   coordinatorOnly,
	"adopt-communication-strategy": coordinatorOnly,
	"adopt-etiquette":              coordinatorOnly,
	"adopt-marketing-strategy":     coordinatorOnly,
	"adopt-policy":                 coordinatorOnly,
	"appoint-coordinator":          coordinatorOnly,
	"arrange-administration":       coordinatorOnly,
	"arrange-recognition":          coordinatorOnly,
	"assign-senior-lead":           coordinatorOnly,
	"brief-stakeholders":           coordinatorOnly,
	"close-programme":              coordinatorOnly,
	"decide-expenses-policy":       coordinatorOnly,
	"define-evaluation-strategy":   coordinatorOnly,
	"define-matching-strategy":     coordinatorOnly,
	"define-mentee-induction":      coordinatorOnly,
	"define-mentor-training":       coordinatorOnly,
	"form-steering-group":          coordinatorOnly,
	"identify-funding-source":      coordinatorOnly,
	"launch-programme":             coordinatorOnly,
	"record-expenditure":           coordinatorOnly,
	"review-programme":             coordinatorOnly,
	"revise-document":              coordinatorOnly,
	"set-warning-thresholds":       coordinatorOnly,
	"secure-funding":               coordinatorOnly,
	"set-budget":                   coordinatorOnly,
	"set-selection-criteria":       coordinatorOnly,
	"state-purpose":                coordinatorOnly,
	// participants
	"register-participant":      coordinatorOnly,
	"select-participant":        coordinatorOnly,
	"decline-participant":       coordinatorOnly,
	"complete-mentor-training":  coordinatorOnly,
	"complete-mentee-induction": coordinatorOnly,
	"assess-mentor-level":       coordinatorOnly,
	"record-supervision":        coordinatorOnly,
	"identify-training-need":    coordinatorOnly,
	"meet-training-need":        coordinatorOnly,
	"withdraw":                  coordinatorOnly,
	"forget-person":             coordinatorOnly,
	// evaluation
	"define-instrument":     coordinatorOnly,
	"issue-survey":          coordinatorOnly,
	"answer-survey":         parties,
	"record-outcome":        coordinatorOnly,
	"hold-feedback-session": coordinatorOnly,
	// relationships: the co-ordinator's
	"match":           coordinatorOnly,
	"arrange-rematch": coordinatorOnly,
	"rate-commitment": coordinatorOnly,
	// relationships: the parties' too
	"sign-agreement":      parties,
	"agree-action-plan":   parties,
	"review-action-plan":  parties,
	"schedule-meeting":    parties,
	"postpone-meeting":    parties,
	"cancel-meeting":      parties,
	"log-meeting":         parties,
	"make-contact":        parties,
	"set-goal":            parties,
	"revise-goal":         parties,
	"achieve-goal":        parties,
	"achieve-milestone":   parties,
	"miss-milestone":      parties,
	"scale-progress":      parties,
	"raise-issue":         parties,
	"resolve-issue":       parties,
	"enter-phase":         parties,
	"review-relationship": parties,
	"prepare-ending":      parties,
	"end-relationship":    parties,
	"complete-closure":    parties,
}

func init() {
	for name, a := range commandRules {
		routeRules["POST /api/commands/"+name] = rule{may: a}
	}
}

// chiRoutes lists "METHOD pattern" of every route the handler serves.
func chiRoutes(tb testing.TB, h http.Handler) map[string]bool {
	tb.Helper()
	rs, ok := h.(chi.Routes)
	if !ok {
		tb.Fatalf("Handler() is a %T, not a chi router", h)
	}
	out := map[string]bool{}
	err := chi.Walk(rs, func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		out[method+" "+route] = true
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// commandBody is a schema-valid body for the command recording eventType,
// taken from its schema's first example and pointed at the fixture: prog-fx,
// rel-1, participant m1, survey svy-fx.
func commandBody(tb testing.TB, eventType string) map[string]any {
	tb.Helper()
	info, ok := events.Lookup(eventType)
	if !ok {
		tb.Fatalf("unknown event type %s", eventType)
	}
	b, err := schemas.FS.ReadFile(fmt.Sprintf("events/%s.v%d.json", eventType, info.SchemaVersion))
	if err != nil {
		tb.Fatal(err)
	}
	var s struct {
		Examples []json.RawMessage `json:"examples"`
	}
	if err := json.Unmarshal(b, &s); err != nil || len(s.Examples) == 0 {
		tb.Fatalf("%s: no example in its schema (%v)", eventType, err)
	}
	// The examples' parties become the fixture's.
	ex := strings.NewReplacer(`"p-mentor-01"`, `"m1"`, `"p-mentee-07"`, `"e1"`, `"p-mentee-12"`, `"e1"`).Replace(string(s.Examples[0]))
	var p map[string]any
	if err := json.Unmarshal([]byte(ex), &p); err != nil {
		tb.Fatal(err)
	}
	set := func(k string, v any) {
		if _, ok := p[k]; ok {
			p[k] = v
		}
	}
	set("programme_id", prog)
	set("relationship_id", rel1)
	set("participant_id", "m1")
	set("survey_id", survey)
	switch eventType {
	case "relationship.matched":
		p["relationship_id"], p["mentor_ids"], p["mentee_ids"] = "rel-new", []string{"m1"}, []string{"e1"}
		delete(p, "rematch_of")
	case "participant.registered":
		p["participant_id"] = "p-new"
		delete(p, "personal")
	}
	return p
}

// reportAllowed is who may read a report, by the rules.
func reportAllowed(d reports.Definition) allowed {
	switch {
	case d.Content:
		return parties
	case d.Name == "funder":
		return may(access.Coordinator, access.SteeringGroup, access.Auditor, access.Funder)
	}
	return may(access.Coordinator, access.SteeringGroup, access.Auditor)
}

// readFeed opens the live feed as who and reads it until an event at or
// after position until arrives (or, for a refusal, the whole answer). The
// deadline only keeps a broken feed from hanging the test.
func (f *fixture) readFeed(tb testing.TB, who, path string, until events.Position, hdr ...string) reply {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	resp, err := f.client.Do(f.request(tb, ctx, "GET", path, who, nil, hdr...))
	if err != nil {
		tb.Fatalf("feed: %v", err)
	}
	defer resp.Body.Close()
	r := reply{status: resp.StatusCode, header: resp.Header}
	if resp.StatusCode != http.StatusOK {
		r.body, _ = io.ReadAll(resp.Body)
		return r
	}
	br := bufio.NewReader(resp.Body)
	var sb strings.Builder
	for {
		line, err := br.ReadString('\n')
		sb.WriteString(line)
		if err != nil {
			tb.Fatalf("feed as %s: no event at position %d before %v; read:\n%s", who, until, err, sb.String())
		}
		if id, ok := strings.CutPrefix(strings.TrimSpace(line), "id: "); ok {
			n, err := strconv.ParseUint(id, 10, 64)
			if err != nil {
				tb.Fatalf("feed: bad id line %q", line)
			}
			if events.Position(n) >= until {
				// Read the rest of this message.
				for line != "\n" && err == nil {
					line, err = br.ReadString('\n')
					sb.WriteString(line)
				}
				r.body = []byte(sb.String())
				return r
			}
		}
	}
}

// checkAllowed asserts an allowed request was not refused and did not
// fail inside, and that an overseer's answer carries no meeting content
// or personal data, and a party's none of the other relationship's.
func checkAllowed(t *testing.T, what, who string, r reply) {
	t.Helper()
	if r.status == http.StatusUnauthorized || r.status == http.StatusForbidden || r.status >= 500 && r.status != http.StatusServiceUnavailable {
		t.Errorf("%s as %s: status %d, want it allowed; body: %s", what, who, r.status, truncate(r.body))
	}
	switch {
	case overseers[who]:
		assertNoSecrets(t, what+" as "+who, r.body, allSecrets())
	case who == access.Mentor || who == access.Mentee:
		assertNoSecrets(t, what+" as "+who, r.body, append(secretsOf(rel2), personalSecrets()...))
	}
}

// checkDenied asserts a request was refused for the role: 403, a
// problem naming the role for the API, an HTML page for the dashboard.
func checkDenied(t *testing.T, what, who string, r reply) {
	t.Helper()
	if r.status != http.StatusForbidden {
		t.Errorf("%s as %s: status %d, want 403; body: %s", what, who, r.status, truncate(r.body))
		return
	}
	path := strings.TrimPrefix(what, "GET ")
	path = strings.TrimPrefix(path, "POST ")
	if isPage(path) {
		if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
			t.Errorf("%s as %s: refusal is %s, want an HTML page", what, who, ct)
		}
	} else if p := problemOf(t, r); !strings.Contains(p.Detail, "role "+principals[who].Role+" may not") {
		t.Errorf("%s as %s: problem %+v does not say the role may not", what, who, p)
	}
	assertNoSecrets(t, what+" as "+who+" (refusal)", r.body, allSecrets())
}

// TestEveryRouteEveryRole walks every route of the server with every role
// and asserts it is allowed or refused as routeRules says; allowed answers
// to overseers carry no meeting content or personal data, and a party's
// none of the other relationship's. Without a token, with a forged one or
// a revoked one, every API route but the public ones answers 401, and
// every dashboard page sends the browser to sign in.
func TestEveryRouteEveryRole(t *testing.T) {
	f := newFixture(t, fixtureOptions{})
	have := chiRoutes(t, f.srv.Handler())
	var keys []string
	for k := range have {
		if _, ok := routeRules[k]; !ok {
			t.Errorf("route %s is not in routeRules: say who may use it", k)
		}
	}
	for k := range routeRules {
		if !have[k] {
			t.Errorf("routeRules has %s, which the server does not serve", k)
		}
		keys = append(keys, k)
	}
	if t.Failed() {
		t.FailNow()
	}
	// Reads first; what records (commands, forms) after them; what ends
	// things (so that later commands find nothing to do) last.
	rank := func(k string) int {
		switch {
		case strings.HasSuffix(k, "/close-programme") || strings.HasSuffix(k, "/end-relationship") || strings.HasSuffix(k, "/forget-person") ||
			strings.HasSuffix(k, "/withdraw") || strings.HasSuffix(k, "/decline-participant"):
			return 2
		case strings.HasPrefix(k, "POST /api/commands/") || strings.HasPrefix(k, "POST /relationships/"):
			return 1
		}
		return 0
	}
	sort.Slice(keys, func(i, j int) bool {
		if ri, rj := rank(keys[i]), rank(keys[j]); ri != rj {
			return ri < rj
		}
		return keys[i] < keys[j]
	})
	if err := f.live.WaitFor(context.Background(), f.head(t)); err != nil {
		t.Fatal(err)
	}
	for _, key := range keys {
		rl := routeRules[key]
		method, pattern, _ := strings.Cut(key, " ")
		t.Run(strings.ReplaceAll(key, "/", "_"), func(t *testing.T) {
			if rl.public {
				for _, who := range append([]string{""}, roles...) {
					r := f.probe(t, method, pattern, who)
					if key == "POST /signin" && who == "" {
						wantStatus(t, r, http.StatusUnauthorized) // no token, no session
						continue
					}
					checkAllowed(t, key, who, r)
					if key == "POST /signin" && !strings.Contains(r.header.Get("Set-Cookie"), sessionCookie+"=") {
						t.Errorf("POST /signin as %s: no session cookie set (status %d)", who, r.status)
					}
				}
				return
			}
			for _, who := range []string{"", "revoked", "mlt_0000_forged"} {
				f.checkUnauthenticated(t, method, pattern, who, rl)
			}
			if rl.perReport {
				f.walkReports(t, strings.TrimSuffix(pattern, "{name}"))
				return
			}
			for _, who := range roles {
				r := f.probe(t, method, pattern, who)
				if rl.may[who] {
					checkAllowed(t, key, who, r)
					f.checkActor(t, pattern, who, r)
				} else {
					checkDenied(t, key, who, r)
				}
			}
		})
	}
}

// checkUnauthenticated sends the route's request with no token, a revoked
// or a forged one: the API answers 401 with a problem, a page sends the
// browser to sign in.
func (f *fixture) checkUnauthenticated(t *testing.T, method, pattern, tok string, rl rule) {
	t.Helper()
	path := strings.NewReplacer("{stream}", domain.RelationshipStream(rel1), "{name}", "funder", "{id}", rel1, "{command}", "log-meeting").Replace(pattern)
	var body any
	if method == "POST" {
		body = map[string]any{}
	}
	r := f.do(t, method, path, tok, body)
	if rl.page {
		if loc := r.header.Get("Location"); r.status != http.StatusSeeOther || !strings.HasPrefix(loc, "/signin") {
			t.Errorf("%s %s with token %q: status %d to %q, want 303 to /signin", method, path, tok, r.status, loc)
		}
		return
	}
	if r.status != http.StatusUnauthorized {
		t.Errorf("%s %s with token %q: status %d, want 401", method, path, tok, r.status)
		return
	}
	problemOf(t, r)
	if r.header.Get("WWW-Authenticate") == "" {
		t.Errorf("%s %s: 401 without WWW-Authenticate", method, path)
	}
}

// importLine is a JSON Lines batch of one valid line of prog-fx that
// breaks a rule of the domain (the meeting is completed by a stranger), so
// an allowed caller gets 422 and nothing is appended.
func importLine() []byte {
	line, _ := json.Marshal(map[string]any{"type": "relationship.meeting_logged", "stream": domain.RelationshipStream(rel1),
		"payload": meetingBody(rel1, "mtg-import", "nobody")})
	return append(line, '\n')
}

// meetingForm is the dashboard's log-meeting form, filled in.
func meetingForm(rel, id, by, role string) url.Values {
	c := content[rel]
	return url.Values{"meeting_id": {id}, "held_on": {"2025-02-20"}, "location": {c.location}, "location_kind": {events.LocationNeutral},
		"minutes": {"60"}, "method": {events.MethodFaceToFace}, "topics": {c.topic}, "actions": {c.action + " | mentee"},
		"completed_by": {by}, "completed_by_role": {role}}
}

// probe sends the route's request as who ("" for nobody).
func (f *fixture) probe(t *testing.T, method, pattern, who string) reply {
	t.Helper()
	switch pattern {
	case "/api/streams/{stream}":
		return f.do(t, method, "/api/streams/"+domain.RelationshipStream(rel1), who, nil)
	case "/api/events":
		return f.do(t, method, "/api/events?after=0&limit=1000", who, nil)
	case "/api/feed":
		return f.readFeed(t, who, "/api/feed?after=0", f.lastRel[rel1])
	case "/api/import":
		return f.do(t, method, pattern, who, importLine())
	case "/signin":
		if method == "POST" {
			return f.do(t, method, pattern, "", url.Values{"token": {f.tok[who]}})
		}
	case "/relationships/{id}":
		return f.do(t, method, "/relationships/"+rel1, who, nil)
	case "/relationships/{id}/record/{command}":
		var body any
		if method == "POST" {
			role := principals[who].Role
			if role != access.Mentor && role != access.Mentee {
				role = events.RoleMentee
			}
			body = meetingForm(rel1, "mtg-form-"+who, "e1", role)
		}
		return f.do(t, method, "/relationships/"+rel1+"/record/log-meeting", who, body)
	}
	if strings.HasPrefix(pattern, "/api/commands/") {
		c := f.srv.commandByID[strings.TrimPrefix(pattern, "/api/commands/")]
		return f.do(t, method, pattern, who, commandBody(t, c.EventType))
	}
	return f.do(t, method, pattern, who, nil)
}

// checkActor asserts that what a command recorded names its caller as
// the actor (an anonymous survey response names nobody).
func (f *fixture) checkActor(t *testing.T, pattern, who string, r reply) {
	t.Helper()
	if !strings.HasPrefix(pattern, "/api/commands/") || r.status != http.StatusCreated {
		return
	}
	var res commandResult
	decode(t, r, &res)
	for _, e := range res.Events {
		want := principals[who].Name
		if e.Type == "evaluation.survey_answered" {
			continue // recorded by app.AnonymousActor by design
		}
		if e.Actor != want {
			t.Errorf("%s as %s recorded %s with actor %q, want %q", pattern, who, e.Type, e.Actor, want)
		}
	}
}

// walkReports reads every report of the catalogue under base (the API's
// /api/reports/ or the dashboard's /reports/) as every role, in every
// format for the API, and checks who may; then the list of reports.
func (f *fixture) walkReports(t *testing.T, base string) {
	t.Helper()
	formats := []string{"json", "csv", "html", "text"}
	if isPage(base) {
		formats = []string{""}
	}
	for _, name := range reports.Names() {
		d, err := reports.Lookup(name)
		if err != nil {
			t.Fatal(err)
		}
		ok := reportAllowed(d)
		q := url.Values{}
		if d.NeedsSubject {
			q.Set("id", rel1)
		}
		for _, who := range roles {
			for _, format := range formats {
				if format != "" {
					q.Set("format", format)
				}
				path := base + name + "?" + q.Encode()
				r := f.do(t, "GET", path, who, nil)
				if ok[who] {
					checkAllowed(t, "GET "+path, who, r)
					if r.status != http.StatusOK {
						t.Errorf("%s as %s: status %d, want 200: %s", path, who, r.status, truncate(r.body))
					}
				} else {
					checkDenied(t, "GET "+path, who, r)
					break // one format is enough to see a refusal
				}
			}
		}
	}
}

// TestReportListsNameOnlyWhatTheRoleMayRead: GET /api/reports lists the
// reports each role may read; the funder's is the funder report alone.
func TestReportListsNameOnlyWhatTheRoleMayRead(t *testing.T) {
	f := newFixture(t, fixtureOptions{})
	for _, who := range roles {
		var list struct {
			Reports []struct{ Name string } `json:"reports"`
		}
		r := f.do(t, "GET", "/api/reports", who, nil)
		wantStatus(t, r, http.StatusOK)
		decode(t, r, &list)
		for _, e := range list.Reports {
			d, err := reports.Lookup(e.Name)
			if err != nil {
				t.Fatalf("listed %s: %v", e.Name, err)
			}
			if !reportAllowed(d)[who] {
				t.Errorf("GET /api/reports as %s lists %s, which the role may not read", who, e.Name)
			}
		}
		if who == access.Funder && (len(list.Reports) != 1 || list.Reports[0].Name != "funder") {
			t.Errorf("GET /api/reports as funder lists %+v, want the funder report only", list.Reports)
		}
	}
}

// with returns body with one field set.
func with(body map[string]any, field string, v any) map[string]any {
	out := map[string]any{}
	for k, x := range body {
		out[k] = x
	}
	out[field] = v
	return out
}

// TestOutsidersSeeNothingOfOthers: a mentor or mentee of another
// relationship, a co-ordinator or steering group of another programme and
// a funder of another programme are refused what is not theirs, and the
// ledger pages and feed they may read carry nothing of it. Where their role
// could use such a thing of their own (a relationship, a participant's
// record, a stream), the refusal is the very answer given for one that
// does not exist, so it does not tell them that it does.
func TestOutsidersSeeNothingOfOthers(t *testing.T) {
	f := newFixture(t, fixtureOptions{})
	rel1Stream := "/api/streams/" + domain.RelationshipStream(rel1)
	const noRel = "rel-nobody"
	noRelStream := "/api/streams/" + domain.RelationshipStream(noRel)
	for _, tc := range []struct {
		who, method, path string
		body              any
		// as, when set, is the same request about something that does
		// not exist: the answer must be the same (the ids swapped).
		asPath string
		asBody any
		real   string // the id in the request, swapped for noRel
	}{
		{"other-mentor", "GET", rel1Stream, nil, noRelStream, nil, rel1},
		{"other-mentee", "GET", rel1Stream, nil, noRelStream, nil, rel1},
		{"other-coordinator", "GET", rel1Stream, nil, noRelStream, nil, rel1},
		{"other-steering", "GET", rel1Stream, nil, noRelStream, nil, rel1},
		{access.Mentee, "GET", "/api/streams/" + domain.ParticipantStream("m1"), nil, "/api/streams/" + domain.ParticipantStream(noRel), nil, "m1"}, // the mentor's own stream
		{"other-mentor", "POST", "/api/commands/log-meeting", meetingBody(rel1, "mtg-x", "m2"), "/api/commands/log-meeting", meetingBody(noRel, "mtg-x", "m2"), rel1},
		{"other-mentee", "POST", "/api/commands/make-contact", commandBody(t, "relationship.contact_made"),
			"/api/commands/make-contact", with(commandBody(t, "relationship.contact_made"), "relationship_id", noRel), rel1},
		{"other-coordinator", "POST", "/api/commands/log-meeting", meetingBody(rel1, "mtg-x", "m1"), "/api/commands/log-meeting", meetingBody(noRel, "mtg-x", "m1"), rel1},
		{"other-coordinator", "POST", "/api/commands/register-participant", commandBody(t, "participant.registered"), "", nil, ""},
		{"other-coordinator", "POST", "/api/commands/adopt-etiquette", commandBody(t, "programme.etiquette_adopted"), "", nil, ""},
		{"other-funder", "GET", "/api/reports/funder?programme=" + prog, nil, "", nil, ""},
		{access.Funder, "GET", "/api/reports/funder?programme=" + otherProg, nil, "", nil, ""},
		{"other-steering", "GET", "/api/reports/checklist-6?programme=" + prog, nil, "", nil, ""},
		{"other-mentor", "GET", "/api/reports/relationship?id=" + rel1, nil, "/api/reports/relationship?id=" + noRel, nil, rel1},
		{"other-mentor", "GET", "/relationships/" + rel1, nil, "/relationships/" + noRel, nil, rel1},
		{"other-mentee", "GET", "/relationships/" + rel1 + "/record/log-meeting", nil, "/relationships/" + noRel + "/record/log-meeting", nil, rel1},
		{"other-mentor", "POST", "/relationships/" + rel1 + "/record/log-meeting", meetingForm(rel1, "mtg-y", "m2", events.RoleMentor),
			"/relationships/" + noRel + "/record/log-meeting", meetingForm(noRel, "mtg-y", "m2", events.RoleMentor), rel1},
		{"other-coordinator", "GET", "/relationships/" + rel1, nil, "/relationships/" + noRel, nil, rel1},
	} {
		what := tc.method + " " + tc.path
		r := f.do(t, tc.method, tc.path, tc.who, tc.body)
		if tc.asPath == "" {
			checkDenied(t, what, tc.who, r)
			continue
		}
		as := f.do(t, tc.method, tc.asPath, tc.who, tc.asBody)
		if r.status != http.StatusNotFound || as.status != http.StatusNotFound {
			t.Errorf("%s as %s: status %d (and %d for one that does not exist), want 404 for both; body: %s",
				what, tc.who, r.status, as.status, truncate(r.body))
			continue
		}
		got := strings.ReplaceAll(string(r.body), tc.real, "ID")
		want := strings.ReplaceAll(string(as.body), noRel, "ID")
		if got != want {
			t.Errorf("%s as %s: the refusal differs from the answer about one that does not exist:\n%s\n%s", what, tc.who, truncate([]byte(got)), truncate([]byte(want)))
		}
		assertNoSecrets(t, what+" as "+tc.who, r.body, append(secretsOf(rel1), personalSecrets()...))
	}
	before := f.head(t)
	checkDenied(t, "POST /api/import", "other-coordinator", f.do(t, "POST", "/api/import", "other-coordinator", importLine()))
	if after := f.head(t); after != before {
		t.Fatalf("a refused import moved the head from %d to %d", before, after)
	}

	// The funder of another programme reads that programme's report only.
	r := f.do(t, "GET", "/api/reports/funder?format=json", "other-funder", nil)
	wantStatus(t, r, http.StatusOK)
	assertNoSecrets(t, "funder report of prog-other", r.body, append(allSecrets(), prog))

	// A party of rel-2 sees nothing of rel-1 in the ledger pages or feed.
	for _, who := range []string{"other-mentor", "other-mentee"} {
		for _, r := range []reply{
			f.do(t, "GET", "/api/events?after=0&limit=1000", who, nil),
			f.readFeed(t, who, "/api/feed?after=0", f.lastRel[rel2]),
		} {
			wantStatus(t, r, http.StatusOK)
			assertNoSecrets(t, "ledger as "+who, r.body, append(secretsOf(rel1), personalSecrets()...))
			if strings.Contains(string(r.body), domain.RelationshipStream(rel1)) {
				t.Errorf("ledger as %s shows events of %s", who, rel1)
			}
			if !strings.Contains(string(r.body), domain.RelationshipStream(rel2)) {
				t.Errorf("ledger as %s does not show their own relationship's events", who)
			}
		}
	}
	// A party's list of relationships is theirs alone.
	r = f.do(t, "GET", "/relationships", "other-mentor", nil)
	wantStatus(t, r, http.StatusOK)
	if !strings.Contains(string(r.body), rel2) || strings.Contains(string(r.body), "/relationships/"+rel1) {
		t.Errorf("GET /relationships as the mentor of %s does not list exactly their own: %s", rel2, truncate(r.body))
	}
	// The steering group of another programme sees none of prog-fx's events.
	r = f.do(t, "GET", "/api/events?after=0&limit=1000", "other-steering", nil)
	wantStatus(t, r, http.StatusOK)
	var page struct{ Events []events.Envelope }
	decode(t, r, &page)
	if len(page.Events) == 0 {
		t.Errorf("steering group of %s sees nothing, not even its programme's registration", otherProg)
	}
	for _, e := range page.Events {
		if e.Stream != "programme-"+otherProg && !strings.HasPrefix(e.Stream, events.SystemStreamPrefix) {
			t.Errorf("steering group of %s sees event %d of %s (%s)", otherProg, e.Position, e.Stream, e.Type)
		}
	}
}
