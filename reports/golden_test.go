package reports_test

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/mentorledger/mentorledger/domain/app"
	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/events/sqlite"
	"github.com/mentorledger/mentorledger/projections"
	"github.com/mentorledger/mentorledger/reports"
)

// The golden outputs of every report of the catalogue, in JSON, on three
// ledgers (the fixture programme; the fixture with part of it appended
// late, so that recorded times go back in ledger order, as after an
// import; the demo-like world written through the domain) at several as-of
// positions and times, with and without a period, a programme and other
// thresholds. testdata/reports_golden.txt holds two SHA-256 sums of each
// output, recorded from the reports as they were before the read side was
// made fast, so that any change to what a report says fails here: of the
// output with every list of event ids sorted (always compared: some lists
// of evidence come from a parallel aggregation in no set order), and of
// the output as it is ("-" where the reports of then gave it in different
// orders from run to run; both "-" where they chose which event to cite
// from run to run).
//
//	MENTORLEDGER_GOLDEN_UPDATE=1      rewrite testdata/reports_golden.txt
//	MENTORLEDGER_GOLDEN_UPDATE=merge  keep it, marking "-" each exact sum that changed
//	MENTORLEDGER_GOLDEN_DUMP=DIR      write every output to DIR, to diff
const goldenFile = "testdata/reports_golden.txt"

// goldenNow is the clock of the reports that give no as-of point.
var goldenNow = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// goldenFixtureEvents is the size of the fixture ledgers.
const goldenFixtureEvents = 6000

type goldenCase struct {
	name string
	req  reports.Request
}

// goldenCases are the requests asked of every report of a ledger: now, at
// positions across it, at times across it, and variants of the inputs
// some reports take.
func goldenCases(head events.Position, times []time.Time, programme, subject string) []goldenCase {
	var cs []goldenCase
	cs = append(cs, goldenCase{"now", reports.Request{}})
	for _, k := range []int{1, 3, 5, 7, 9} {
		p := head * events.Position(k) / 10
		if p == 0 {
			p = 1
		}
		cs = append(cs, goldenCase{fmt.Sprintf("pos%d", p), reports.Request{AsOf: reports.AsOf{Position: p}}})
	}
	for _, t := range times {
		cs = append(cs, goldenCase{"time" + t.Format("20060102T150405"), reports.Request{AsOf: reports.AsOf{Time: t}}})
	}
	mid := head / 2
	cs = append(cs,
		goldenCase{"period", reports.Request{Period: reports.Period{From: events.MustDate("2025-01-01"), To: events.MustDate("2025-06-30")}}},
		goldenCase{"period-pos", reports.Request{Period: reports.Period{From: events.MustDate("2024-07-01"), To: events.MustDate("2025-03-31")},
			AsOf: reports.AsOf{Position: mid}}},
		goldenCase{"thresholds", reports.Request{Thresholds: reports.Thresholds{PurposeDays: 10, EndPointDays: 5, Postponements: 1, GapDays: 20,
			ClosureDays: 60, ReviewEveryDays: 40}}},
		goldenCase{"thresholds-pos", reports.Request{AsOf: reports.AsOf{Position: mid}, Thresholds: reports.Thresholds{PurposeDays: 10,
			EndPointDays: 5, Postponements: 1, GapDays: 20, ClosureDays: 60, ReviewEveryDays: 40}}},
	)
	if programme != "" {
		cs = append(cs, goldenCase{"programme", reports.Request{Programme: programme}},
			goldenCase{"programme-pos", reports.Request{Programme: programme, AsOf: reports.AsOf{Position: mid}}})
	}
	for i := range cs {
		cs[i].req.Subject = subject
		cs[i].req.Now = goldenNow
	}
	return cs
}

// goldenLedger renders every report of the catalogue for every case on
// one ledger, and returns name → output.
func goldenLedger(tb testing.TB, l *ledger, cases []goldenCase) map[string]string {
	tb.Helper()
	ctx := context.Background()
	if _, err := l.views.CatchUp(ctx, l.store, projections.CatchUpOptions{}); err != nil {
		tb.Fatal(err)
	}
	norm := normaliser(tb, l)
	out := map[string]string{}
	for _, name := range reports.Names() {
		for _, c := range cases {
			var b strings.Builder
			err := reports.Run(ctx, reports.Inputs{Views: l.views, Ledger: l.store}, name, c.req, "json", &b)
			s := b.String()
			if err != nil {
				s = "error: " + err.Error()
			}
			out[name+" "+c.name] = norm(s)
		}
	}
	return out
}

var headHash = regexp.MustCompile(`"head": ?"[0-9a-f]+"`)

// normaliser replaces every event id with its ledger position (the ids of
// events recorded through the domain are random) and the chain's head hash
// (which covers them).
func normaliser(tb testing.TB, l *ledger) func(string) string {
	tb.Helper()
	var pairs []string
	var after events.Position
	for {
		page, err := l.store.ReadAll(context.Background(), after, 5000)
		if err != nil {
			tb.Fatal(err)
		}
		for _, e := range page {
			pairs = append(pairs, e.ID, fmt.Sprintf("@%d", e.Position))
		}
		if len(page) < 5000 {
			break
		}
		after = page[len(page)-1].Position
	}
	r := strings.NewReplacer(pairs...)
	return func(s string) string { return headHash.ReplaceAllString(r.Replace(s), `"head":"-"`) }
}

// goldenStore is a ledger and views whose digests are deterministic: no
// digest when idle, and every digest stamped by clock.
func goldenStore(tb testing.TB, clock func() time.Time) *ledger {
	tb.Helper()
	dir := tb.TempDir()
	st, err := sqlite.Open(filepath.Join(dir, "ledger.db"), sqlite.WithIdleDigest(0), sqlite.WithClock(clock))
	if err != nil {
		tb.Fatal(err)
	}
	v, err := projections.Open(filepath.Join(dir, "views.duckdb"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { v.Close(); st.Close() })
	return &ledger{tb: tb, store: st, views: v, at: time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC), path: filepath.Join(dir, "ledger.db")}
}

// digestClock stamps the digests of the golden ledgers.
func digestClock() time.Time { return time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC) }

// fixtureLedger appends n fixture events; with late, the middle fifth of
// the requests is appended last, so that its events have later positions
// but earlier recorded times than the fifth after it.
func fixtureLedger(tb testing.TB, n int, late bool) (*ledger, []time.Time) {
	tb.Helper()
	ctx := context.Background()
	l := goldenStore(tb, digestClock)
	reqs := fixtureRequests(tb, n)
	order := [][]events.AppendRequest{reqs}
	if late {
		a, b := 2*len(reqs)/5, 3*len(reqs)/5
		order = [][]events.AppendRequest{reqs[:a], reqs[b:], reqs[a:b]}
	}
	for _, part := range order {
		if _, err := l.store.AppendBatch(ctx, part); err != nil {
			tb.Fatal(err)
		}
	}
	at := func(i int) time.Time {
		evs := reqs[i].Events
		return evs[len(evs)-1].RecordedAt
	}
	k := len(reqs)
	// Times just before and at events, and a day's end.
	return l, []time.Time{at(k / 4).Add(-time.Second), at(k / 2), at(2 * k / 3), time.Date(2025, 3, 31, 23, 59, 59, 0, time.UTC)}
}

// goldenOutputs renders the golden cases of the three ledgers.
func goldenOutputs(t *testing.T) map[string]string {
	t.Helper()
	got := map[string]string{}
	add := func(ledgerName string, outs map[string]string) {
		for k, v := range outs {
			got[ledgerName+" "+k] = v
		}
	}
	for _, late := range []bool{false, true} {
		l, times := fixtureLedger(t, goldenFixtureEvents, late)
		head, err := l.store.Head(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		name := "fixture"
		if late {
			name = "fixture-late"
		}
		add(name, goldenLedger(t, l, goldenCases(head, times, "", "rel-000007")))
	}
	w := &world{ledger: goldenStore(t, digestClock)}
	ids := 0
	w.svc = &app.Service{Store: w.store, Now: func() time.Time { return w.now },
		NewID: func() string { ids++; return fmt.Sprintf("w-%08d", ids) }} // ids in the order recorded, as the fixture's

	demoLike(w)
	head, err := w.store.Head(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	times := []time.Time{time.Date(2025, 2, 2, 12, 0, 0, 0, time.UTC), time.Date(2025, 6, 30, 23, 59, 59, 0, time.UTC)}
	add("demo-like", goldenLedger(t, w.ledger, goldenCases(head, times, prog, "r1")))
	return got
}

func TestEveryReportMatchesItsGoldenOutput(t *testing.T) {
	if testing.Short() {
		t.Skip("renders every report of three ledgers at many points")
	}
	got := goldenOutputs(t)
	if dir := os.Getenv("MENTORLEDGER_GOLDEN_DUMP"); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			t.Fatal(err)
		}
		for k, v := range got {
			if err := os.WriteFile(filepath.Join(dir, strings.ReplaceAll(k, " ", "_")+".json"), []byte(v), 0o640); err != nil {
				t.Fatal(err)
			}
		}
	}
	keys := make([]string, 0, len(got))
	for k := range got {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	sums := func(s string) (sorted, exact string) {
		a, b := sha256.Sum256([]byte(sortedIDs(t, s))), sha256.Sum256([]byte(s))
		return hex.EncodeToString(a[:]), hex.EncodeToString(b[:])
	}
	switch mode := os.Getenv("MENTORLEDGER_GOLDEN_UPDATE"); mode {
	case "":
	case "merge":
		want := readGolden(t)
		var b strings.Builder
		for _, k := range keys {
			sorted, exact := sums(got[k])
			w, ok := want[k]
			switch {
			case !ok:
				t.Fatalf("%s: no golden output to merge with", k)
			case w.sorted != sorted:
				sorted, exact = "-", "-"
			case w.exact != exact:
				exact = "-"
			}
			fmt.Fprintf(&b, "%s %s %s\n", k, sorted, exact)
		}
		writeGolden(t, b.String())
		return
	default:
		var b strings.Builder
		for _, k := range keys {
			sorted, exact := sums(got[k])
			fmt.Fprintf(&b, "%s %s %s\n", k, sorted, exact)
		}
		writeGolden(t, b.String())
		return
	}
	want := readGolden(t)
	for _, k := range keys {
		sorted, exact := sums(got[k])
		w, ok := want[k]
		switch {
		case !ok:
			t.Errorf("%s: no golden output", k)
		case w.sorted != "-" && w.sorted != sorted:
			t.Errorf("%s: output differs from the golden one (MENTORLEDGER_GOLDEN_DUMP=DIR writes it)", k)
		case w.exact != "-" && w.exact != exact:
			t.Errorf("%s: output is the golden one but in another order", k)
		}
		delete(want, k)
	}
	for k := range want {
		t.Errorf("%s: golden output no longer produced", k)
	}
}

// sortedIDs returns a JSON output with every list of event ids (as the
// normaliser writes them, "@position") sorted.
func sortedIDs(tb testing.TB, s string) string {
	tb.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		return s // an error message
	}
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for _, e := range x {
				walk(e)
			}
		case []any:
			ids := len(x) > 0
			for _, e := range x {
				walk(e)
				if str, ok := e.(string); !ok || !strings.HasPrefix(str, "@") {
					ids = false
				}
			}
			if ids {
				sort.Slice(x, func(i, j int) bool { return x[i].(string) < x[j].(string) })
			}
		}
	}
	walk(v)
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

type goldenSums struct{ sorted, exact string }

func writeGolden(tb testing.TB, s string) {
	tb.Helper()
	if err := os.MkdirAll(filepath.Dir(goldenFile), 0o750); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(goldenFile, []byte(s), 0o640); err != nil {
		tb.Fatal(err)
	}
}

func readGolden(tb testing.TB) map[string]goldenSums {
	tb.Helper()
	f, err := os.Open(goldenFile)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	out := map[string]goldenSums{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) < 3 {
			continue
		}
		k := strings.Join(fs[:len(fs)-2], " ")
		out[k] = goldenSums{sorted: fs[len(fs)-2], exact: fs[len(fs)-1]}
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}
