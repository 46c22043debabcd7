package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/mentorledger/mentorledger/cmd/mentorledger/access"
	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/domain/app"
	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/events/keystore"
	"github.com/mentorledger/mentorledger/events/sqlite"
	"github.com/mentorledger/mentorledger/projections"
)

// The fixture: a small programme on real parts — a SQLite ledger file, DuckDB
// views kept live by projections.StartLive, a key store sealing the
// participants' names, a token store — served over loopback by Serve, the
// production http.Server.

const (
	prog      = "prog-fx"    // the fixture's programme
	otherProg = "prog-other" // a second programme, for outsiders
	rel1      = "rel-1"      // m1 mentors e1
	rel2      = "rel-2"      // m2 mentors e2
	survey    = "svy-fx"     // a resource 6 survey of prog-fx
)

// fixtureNow is the fixture's clock: every event is recorded at it, and
// reports judge timing on it.
var fixtureNow = time.Date(2026, 6, 30, 10, 0, 0, 0, time.UTC)

func day(s string) events.Date { return events.MustDate(s) }

// People: distinctive names, sealed by the key store, that no response
// may ever carry in clear.
var people = []struct{ id, role, name, email string }{
	{"m1", events.RoleMentor, "Zebedee Quillfeather", "zebedee.quillfeather@example.org"},
	{"e1", events.RoleMentee, "Ottoline Brackenridge", "ottoline.brackenridge@example.org"},
	{"m2", events.RoleMentor, "Peregrine Wolstenholme", "peregrine.wolstenholme@example.org"},
	{"e2", events.RoleMentee, "Clementine Ashbury", "clementine.ashbury@example.org"},
}

// content is each relationship's meeting content: topics, actions,
// locations, agenda, goals. Distinctive strings, so a response that
// carries one is caught.
var content = map[string]struct{ topic, action, location, nextTopic, agenda, goal, challenge string }{
	rel1: {"topic-saffron-lighthouse", "action-marzipan-ledger", "location-cobalt-boathouse", "next-velvet-orchard",
		"agenda-juniper-carousel", "goal-periwinkle-observatory", "challenge-tangerine-glacier"},
	rel2: {"topic-hazel-windmill", "action-quince-telescope", "location-amber-signalbox", "next-onyx-meadow",
		"agenda-lilac-funicular", "goal-russet-planetarium", "challenge-indigo-causeway"},
}

// secretsOf lists the meeting content of the given relationships.
func secretsOf(rels ...string) []string {
	var out []string
	for _, r := range rels {
		c := content[r]
		out = append(out, c.topic, c.action, c.location, c.nextTopic, c.agenda, c.goal, c.challenge)
	}
	return out
}

// personalSecrets are every participant's name and email, in parts.
func personalSecrets() []string {
	var out []string
	for _, p := range people {
		out = append(out, strings.Fields(p.name)...)
		out = append(out, p.email)
	}
	return out
}

// allSecrets is everything an overseer must never receive.
func allSecrets() []string { return append(secretsOf(rel1, rel2), personalSecrets()...) }

// assertNoSecrets fails when body carries any of secrets.
func assertNoSecrets(tb testing.TB, what string, body []byte, secrets []string) {
	tb.Helper()
	for _, s := range secrets {
		if bytes.Contains(bytes.ToLower(body), bytes.ToLower([]byte(s))) {
			i := bytes.Index(bytes.ToLower(body), bytes.ToLower([]byte(s)))
			from, to := max(0, i-120), min(len(body), i+len(s)+120)
			tb.Errorf("%s: response carries %q: …%s…", what, s, body[from:to])
		}
	}
}

// Principals of the fixture, by label. The six roles of the issue act in
// prog-fx (the mentor and mentee are the parties of rel-1); the "other-"
// ones are outsiders.
var principals = map[string]access.Principal{
	access.Coordinator:   {Role: access.Coordinator, Programme: prog, Name: "coord-fx"},
	access.Mentor:        {Role: access.Mentor, Programme: prog, Participant: "m1", Name: "mentor-m1"},
	access.Mentee:        {Role: access.Mentee, Programme: prog, Participant: "e1", Name: "mentee-e1"},
	access.SteeringGroup: {Role: access.SteeringGroup, Programme: prog, Name: "steering-fx"},
	access.Auditor:       {Role: access.Auditor, Name: "auditor-all"},
	access.Funder:        {Role: access.Funder, Programme: prog, Name: "funder-fx"},

	"other-mentor":      {Role: access.Mentor, Programme: prog, Participant: "m2", Name: "mentor-m2"},
	"other-mentee":      {Role: access.Mentee, Programme: prog, Participant: "e2", Name: "mentee-e2"},
	"other-coordinator": {Role: access.Coordinator, Programme: otherProg, Name: "coord-other"},
	"other-steering":    {Role: access.SteeringGroup, Programme: otherProg, Name: "steering-other"},
	"other-funder":      {Role: access.Funder, Programme: otherProg, Name: "funder-other"},
	"revoked":           {Role: access.Coordinator, Programme: prog, Name: "coord-revoked"},
	"all-coordinator":   {Role: access.Coordinator, Name: "coord-all"},
}

// fixture is a running server over a populated ledger.
type fixture struct {
	dir    string
	ledger *sqlite.Store
	views  *projections.Views
	live   *projections.Live
	keys   *keystore.Store
	tokens *access.Tokens
	svc    *app.Service
	srv    *Server
	base   string // http://127.0.0.1:port
	client *http.Client
	tok    map[string]string // principal label → bearer token

	// lastRel is the position of each relationship's last event.
	lastRel map[string]events.Position

	stop     context.CancelFunc
	served   chan error // Serve's result
	stopped  bool
	closed   bool
	benchRel []string // the benchmark's relationships (benchRelationships)
}

type fixtureOptions struct {
	// config adjusts the server's configuration before New.
	config func(*Config)
	// benchRelationships adds that many one-to-one relationships of fresh
	// mentors and mentees to prog-fx (for the benchmark).
	benchRelationships int
	// populate records the fixture's history instead of the default.
	populate func(tb testing.TB, f *fixture)
	// noLive leaves the views where projections.Open left them (empty):
	// no live projections.
	noLive bool
}

// newFixture opens a ledger, views, key store and token store in a
// temporary directory, records the fixture's programme, starts the live
// projections and serves on loopback. Cleanup shuts everything down in
// the order serve does.
func newFixture(tb testing.TB, opt fixtureOptions) *fixture {
	tb.Helper()
	ctx := context.Background()
	f := &fixture{dir: tb.TempDir(), tok: map[string]string{}, lastRel: map[string]events.Position{}}
	var err error
	// No idle digest: the ledger's head moves only when a test records.
	if f.ledger, err = sqlite.Open(filepath.Join(f.dir, "ledger.db"), sqlite.WithIdleDigest(0)); err != nil {
		tb.Fatalf("open ledger: %v", err)
	}
	if f.keys, err = keystore.Open(filepath.Join(f.dir, "keys.db")); err != nil {
		tb.Fatalf("open keys: %v", err)
	}
	if f.views, err = projections.Open(filepath.Join(f.dir, "views.duckdb")); err != nil {
		tb.Fatalf("open views: %v", err)
	}
	if f.tokens, err = access.OpenTokens(filepath.Join(f.dir, access.TokensFile)); err != nil {
		tb.Fatalf("open tokens: %v", err)
	}
	tb.Cleanup(func() { f.close(tb) })
	f.svc = &app.Service{Store: f.ledger, Now: func() time.Time { return fixtureNow }, Keys: f.keys, Cache: app.NewStreamCache(4096)}
	if opt.populate != nil {
		opt.populate(tb, f)
	} else {
		f.populate(tb)
	}
	for i := range opt.benchRelationships {
		f.addBenchRelationship(tb, i)
	}
	labels := make([]string, 0, len(principals))
	for l := range principals {
		labels = append(labels, l)
	}
	sort.Strings(labels)
	for _, l := range labels {
		tok, made, err := f.tokens.Create(ctx, principals[l], fixtureNow)
		if err != nil {
			tb.Fatalf("token for %s: %v", l, err)
		}
		f.tok[l] = tok
		if l == "revoked" {
			if err := f.tokens.Revoke(ctx, made.TokenID, fixtureNow); err != nil {
				tb.Fatal(err)
			}
		}
	}
	cfg := Config{Service: f.svc, Ledger: f.ledger, Views: f.views, Tokens: f.tokens,
		Now: func() time.Time { return fixtureNow }, GapFree: true}
	if !opt.noLive {
		if f.live, err = projections.StartLive(ctx, f.ledger, f.views, nil); err != nil {
			tb.Fatalf("start projections: %v", err)
		}
		cfg.Live = f.live
	}
	if opt.config != nil {
		opt.config(&cfg)
	}
	if f.srv, err = New(ctx, cfg); err != nil {
		tb.Fatalf("new server: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	f.base = "http://" + ln.Addr().String()
	f.client = &http.Client{Transport: &http.Transport{MaxIdleConns: 256, MaxIdleConnsPerHost: 256, DisableCompression: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	sctx, stop := context.WithCancel(ctx)
	f.stop, f.served = stop, make(chan error, 1)
	go func() { f.served <- f.srv.Serve(sctx, ln, 10*time.Second) }()
	return f
}

// shutdown stops serving (as SIGTERM does) and returns Serve's error.
func (f *fixture) shutdown() error {
	if f.stopped {
		return nil
	}
	f.stopped = true
	f.stop()
	err := <-f.served
	f.client.CloseIdleConnections()
	return err
}

// close shuts down in serve's order: HTTP, projections, views, keys,
// tokens, ledger.
func (f *fixture) close(tb testing.TB) {
	tb.Helper()
	if f.closed {
		return
	}
	f.closed = true
	if f.served != nil {
		if err := f.shutdown(); err != nil {
			tb.Errorf("serve: %v", err)
		}
	}
	if f.live != nil {
		if err := f.live.Close(); err != nil && !errors.Is(err, context.Canceled) {
			tb.Errorf("close projections: %v", err)
		}
	}
	for _, c := range []struct {
		what string
		c    io.Closer
	}{{"views", f.views}, {"keys", f.keys}, {"tokens", f.tokens}} {
		if err := c.c.Close(); err != nil {
			tb.Errorf("close %s: %v", c.what, err)
		}
	}
	if err := f.ledger.Close(); err != nil {
		tb.Errorf("close ledger: %v", err)
	}
}

// must fails the test when a setup command fails, and returns its result.
func must(tb testing.TB) func(events.AppendResult, error) events.AppendResult {
	return func(res events.AppendResult, err error) events.AppendResult {
		tb.Helper()
		if err != nil {
			tb.Fatalf("setup: %v", err)
		}
		return res
	}
}

// populate records the fixture's history through the application's
// commands: prog-fx with a plan and a resource 6 survey, two mentors and
// two mentees with sealed names, rel-1 (m1, e1) and rel-2 (m2, e2), each
// with an agreement, an action plan, a scheduled and a logged meeting and
// a contact; and prog-other, registered only.
func (f *fixture) populate(tb testing.TB) {
	tb.Helper()
	ctx := context.Background()
	s, co := f.svc, "coord-setup"
	for _, p := range []string{prog, otherProg} {
		must(tb)(s.RegisterProgramme(ctx, co, domain.RegisterProgramme{ProgrammeID: p, Name: "Programme " + p,
			Organisations: []string{"Org A"}, Models: []string{events.ModelOneToOne}, RegisteredOn: day("2024-11-01")}))
	}
	must(tb)(s.AdoptPlan(ctx, co, domain.AdoptPlan{ProgrammeID: prog, AdoptedOn: day("2024-11-15"), StartsOn: day("2025-01-06"),
		EndsOn: day("2025-12-31"), RelationshipMonths: 6, MaxMeetingMinutes: 90}))
	must(tb)(s.IssueSurvey(ctx, co, domain.IssueSurvey{SurveyID: survey, ProgrammeID: prog, InstrumentID: events.InstrumentResource6,
		Audience: events.RoleMentor, IssuedOn: day("2025-05-01"), DueOn: day("2025-06-30")}))
	for _, p := range people {
		must(tb)(s.RegisterPerson(ctx, co, app.RegisterPerson{RegisterParticipant: domain.RegisterParticipant{ParticipantID: p.id,
			ProgrammeID: prog, Role: p.role, Organisation: "Org A", RegisteredOn: day("2024-12-01")}, Name: p.name, Email: p.email}))
	}
	for _, r := range []struct{ id, mentor, mentee string }{{rel2, "m2", "e2"}, {rel1, "m1", "e1"}} {
		c := content[r.id]
		must(tb)(s.Match(ctx, co, domain.Match{RelationshipID: r.id, ProgrammeID: prog, Model: events.ModelOneToOne,
			MentorIDs: []string{r.mentor}, MenteeIDs: []string{r.mentee}, Rationale: "shared goals", MatchedOn: day("2025-01-06")}))
		must(tb)(s.SignAgreement(ctx, r.mentee, domain.SignAgreement{RelationshipID: r.id, SignedOn: day("2025-01-10"),
			ConfidentialityAgreed: true, SignedBy: []string{r.mentor, r.mentee}}))
		must(tb)(s.AgreeActionPlan(ctx, r.mentee, domain.AgreeActionPlan{RelationshipID: r.id, AgreedOn: day("2025-01-10"),
			LongTermGoal: c.goal, ShortTermGoals: []string{c.goal + " soon"}}))
		must(tb)(s.ScheduleMeeting(ctx, r.mentor, domain.ScheduleMeeting{RelationshipID: r.id, MeetingID: "mtg-1",
			ScheduledFor: time.Date(2025, 1, 14, 10, 0, 0, 0, time.UTC), Agenda: []string{c.agenda}}))
		must(tb)(s.MakeContact(ctx, r.mentor, domain.MakeContact{RelationshipID: r.id, ContactOn: day("2025-01-12"), By: r.mentor, Method: events.MethodEmail}))
		res := must(tb)(s.LogMeeting(ctx, r.mentee, f.meeting(r.id, "mtg-1", r.mentee)))
		f.lastRel[r.id] = res.Last
	}
}

// meeting is a meeting log of rel carrying its distinctive content.
func (f *fixture) meeting(rel, id, by string) domain.LogMeeting {
	c := content[rel]
	return domain.LogMeeting{RelationshipID: rel, MeetingID: id, HeldOn: day("2025-01-14"), Location: c.location,
		LocationKind: events.LocationNeutral, Minutes: 60, Method: events.MethodFaceToFace, Topics: []string{c.topic},
		Challenges: []string{c.challenge}, NextTopic: c.nextTopic,
		Actions: []events.Action{{Description: c.action, Owner: events.RoleMentee}}, CompletedBy: by}
}

// meetingBody is the JSON body of log-meeting for rel, with its
// distinctive content (plain content for the benchmark's relationships).
func meetingBody(rel, id, by string) map[string]any {
	c, ok := content[rel]
	if !ok {
		c.topic, c.action, c.location = "goals for the year", "draft three goals", "the library"
	}
	return map[string]any{"relationship_id": rel, "meeting_id": id, "held_on": "2025-02-14", "location": c.location,
		"location_kind": events.LocationNeutral, "minutes": 60, "method": events.MethodFaceToFace, "topics": []string{c.topic},
		"actions": []map[string]string{{"description": c.action, "owner": events.RoleMentee}}, "completed_by": by, "completed_by_role": roleOf(by)}
}

// roleOf is the role of a fixture participant: m1, m2, bm07 mentor; the
// rest mentee.
func roleOf(id string) string {
	if strings.HasPrefix(id, "m") || strings.HasPrefix(id, "bm") {
		return events.RoleMentor
	}
	return events.RoleMentee
}

// benchRelationshipID names the benchmark's i-th relationship.
func benchRelationshipID(i int) string { return fmt.Sprintf("rel-b%02d", i) }

// addBenchRelationship matches a fresh mentor and mentee in prog-fx.
func (f *fixture) addBenchRelationship(tb testing.TB, i int) {
	tb.Helper()
	ctx := context.Background()
	mentor, mentee := fmt.Sprintf("bm%02d", i), fmt.Sprintf("be%02d", i)
	for _, p := range []struct{ id, role string }{{mentor, events.RoleMentor}, {mentee, events.RoleMentee}} {
		must(tb)(f.svc.RegisterParticipant(ctx, "coord-setup", domain.RegisterParticipant{ParticipantID: p.id, ProgrammeID: prog,
			Role: p.role, Organisation: "Org A", RegisteredOn: day("2024-12-01")}))
	}
	id := benchRelationshipID(i)
	must(tb)(f.svc.Match(ctx, "coord-setup", domain.Match{RelationshipID: id, ProgrammeID: prog, Model: events.ModelOneToOne,
		MentorIDs: []string{mentor}, MenteeIDs: []string{mentee}, Rationale: "benchmark", MatchedOn: day("2025-01-06")}))
	f.benchRel = append(f.benchRel, id)
}

// isPage says a path is the dashboard's: signed in with the session
// cookie rather than the Authorization header.
func isPage(path string) bool {
	for _, p := range []string{"/api/", "/healthz", "/readyz", "/metrics", "/openapi.json"} {
		if strings.HasPrefix(path, p) {
			return false
		}
	}
	return true
}

// reply is an HTTP response read whole.
type reply struct {
	status int
	header http.Header
	body   []byte
}

// request builds a request as the principal labelled who ("" sends no
// token); body is nil, []byte, string or a value sent as JSON; hdr are
// header name/value pairs.
func (f *fixture) request(tb testing.TB, ctx context.Context, method, path, who string, body any, hdr ...string) *http.Request {
	tb.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	case string:
		rd = strings.NewReader(b)
	case url.Values:
		rd = strings.NewReader(b.Encode())
	default:
		j, err := json.Marshal(b)
		if err != nil {
			tb.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequestWithContext(ctx, method, f.base+path, rd)
	if err != nil {
		tb.Fatal(err)
	}
	if _, form := body.(url.Values); form {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if who != "" {
		tok, ok := f.tok[who]
		if !ok {
			tok = who // a literal token
		}
		if isPage(path) {
			req.AddCookie(&http.Cookie{Name: sessionCookie, Value: tok}) // the dashboard's session
		} else {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	return req
}

// do sends a request and reads the whole response.
func (f *fixture) do(tb testing.TB, method, path, who string, body any, hdr ...string) reply {
	tb.Helper()
	resp, err := f.client.Do(f.request(tb, context.Background(), method, path, who, body, hdr...))
	if err != nil {
		tb.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatalf("%s %s: read body: %v", method, path, err)
	}
	return reply{status: resp.StatusCode, header: resp.Header, body: b}
}

// wantStatus fails unless the reply has the status.
func wantStatus(tb testing.TB, r reply, want int) {
	tb.Helper()
	if r.status != want {
		tb.Fatalf("status %d, want %d; body: %s", r.status, want, truncate(r.body))
	}
}

func truncate(b []byte) string {
	if len(b) > 800 {
		return string(b[:800]) + "…"
	}
	return string(b)
}

// problemOf decodes an application/problem+json reply.
func problemOf(tb testing.TB, r reply) Problem {
	tb.Helper()
	if ct := r.header.Get("Content-Type"); ct != "application/problem+json" {
		tb.Fatalf("Content-Type %q, want application/problem+json; body: %s", ct, truncate(r.body))
	}
	var p Problem
	if err := json.Unmarshal(r.body, &p); err != nil {
		tb.Fatalf("problem: %v: %s", err, r.body)
	}
	if p.Status != r.status {
		tb.Errorf("problem status %d, response status %d", p.Status, r.status)
	}
	return p
}

// decode decodes a JSON reply into v.
func decode(tb testing.TB, r reply, v any) {
	tb.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		tb.Fatalf("decode %T: %v: %s", v, err, truncate(r.body))
	}
}

// head is the ledger's last position.
func (f *fixture) head(tb testing.TB) events.Position {
	tb.Helper()
	h, err := f.ledger.Head(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	return h
}

// stream reads a stream straight from the ledger.
func (f *fixture) stream(tb testing.TB, name string) []events.Envelope {
	tb.Helper()
	envs, err := f.ledger.ReadStream(context.Background(), name, 0)
	if err != nil {
		tb.Fatal(err)
	}
	return envs
}
