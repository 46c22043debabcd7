package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/mentorledger/mentorledger/cmd/mentorledger/access"
	"github.com/mentorledger/mentorledger/domain/demo"
	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/reports"
)

// percentile returns the p-th percentile (0..100) of sorted durations.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted))*p/100+0.5) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// BenchmarkCommands64Clients: 64 clients on loopback, each logging meetings
// in a relationship of its own through POST /api/commands/log-meeting, as
// fast as the server answers. Every 201 is sent only once the ledger has
// fsynced the event (the SQLite backend commits with synchronous=FULL
// before Append returns); the live projections run as under serve. Reports
// commands per second and the p50 and p99 latency a client sees.
func BenchmarkCommands64Clients(b *testing.B) { benchCommands(b, false) }

// BenchmarkCommands64ClientsWithoutProjections is the same load with no
// live projections (diagnostic: what the views cost the write path).
func BenchmarkCommands64ClientsWithoutProjections(b *testing.B) { benchCommands(b, true) }

// cpuTime is the process's CPU time so far (user and system, every
// thread: clients, server, ledger and projections alike).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// benchClients is how many clients the command benchmarks run.
const benchClients = 64

// benchBodies builds the benchmark's request bodies before the clock
// starts: client c logs meetings c, c+64, … in its own relationship.
func benchBodies(f *fixture, n int) [][][]byte {
	bodies := make([][][]byte, benchClients)
	for c := range benchClients {
		for i := c; i < n; i += benchClients {
			j, _ := json.Marshal(meetingBody(f.benchRel[c], fmt.Sprintf("mtg-%d", i), fmt.Sprintf("bm%02d", c)))
			bodies[c] = append(bodies[c], j)
		}
	}
	return bodies
}

// runClients sends each client's bodies in turn to log-meeting, one
// goroutine a client, as soon as start is closed, and returns each
// request's latency, or the first failure.
func runClients(client *http.Client, base, token string, bodies [][][]byte, start <-chan struct{}) ([]time.Duration, error) {
	lat := make([][]time.Duration, len(bodies))
	errs := make([]error, len(bodies))
	var wg sync.WaitGroup
	for c := range bodies {
		wg.Go(func() {
			<-start
			for _, body := range bodies[c] {
				req, _ := http.NewRequest("POST", base+"/api/commands/log-meeting", bytes.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+token)
				req.Header.Set("Content-Type", "application/json")
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					errs[c] = err
					return
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				d := time.Since(t0)
				if resp.StatusCode != http.StatusCreated {
					errs[c] = fmt.Errorf("status %d", resp.StatusCode)
					return
				}
				lat[c] = append(lat[c], d)
			}
		})
	}
	wg.Wait()
	var all []time.Duration
	for _, l := range lat {
		all = append(all, l...)
	}
	slices.Sort(all)
	return all, errors.Join(errs...)
}

// benchCommands runs the 64 clients in this process against a fixture
// with its own relationships, and checks that every 201 is one recorded
// event.
func benchCommands(b *testing.B, noLive bool) {
	f := newFixture(b, fixtureOptions{benchRelationships: benchClients, noLive: noLive})
	bodies := benchBodies(f, b.N)
	head := f.head(b)
	start := make(chan struct{})
	b.ResetTimer()
	t0, cpu0 := time.Now(), cpuTime()
	close(start)
	all, err := runClients(f.client, f.base, f.tok[access.Coordinator], bodies, start)
	elapsed, cpu := time.Since(t0), cpuTime()-cpu0
	b.StopTimer()
	if err != nil {
		b.Error(err)
	}
	if got := f.recordedAfter(b, head); got != len(all) || len(all) != b.N {
		b.Fatalf("%d events recorded, %d answered 201, %d sent", got, len(all), b.N)
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "cmds/s")
	b.ReportMetric(ms(percentile(all, 50)), "p50-ms")
	b.ReportMetric(ms(percentile(all, 99)), "p99-ms")
	b.ReportMetric(ms(cpu)/float64(b.N), "cpu-ms/cmd")
}

// BenchmarkCommands64ClientsOutOfProcess is BenchmarkCommands64Clients
// with the 64 clients in a child process (this test binary again, running
// TestBenchLoadGenerator), so that the server's CPU per command
// (server-cpu-ms/cmd: the server, the ledger's writer and the live
// projections) is measured apart from the clients' (client-cpu-ms/cmd).
// Both processes still share the machine's cores.
func BenchmarkCommands64ClientsOutOfProcess(b *testing.B) {
	f := newFixture(b, fixtureOptions{benchRelationships: benchClients})
	dir := b.TempDir()
	spec, _ := json.Marshal(loadSpec{Base: f.base, Token: f.tok[access.Coordinator], Bodies: benchBodies(f, b.N)})
	specPath, outPath := filepath.Join(dir, "spec.json"), filepath.Join(dir, "result.json")
	if err := os.WriteFile(specPath, spec, 0o600); err != nil {
		b.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestBenchLoadGenerator$", "-test.count=1")
	cmd.Env = append(os.Environ(), loadGenEnv+"="+specPath, loadGenOutEnv+"="+outPath)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	lines := bufio.NewScanner(stdout)
	for lines.Scan() && lines.Text() != "ready" {
	}
	head := f.head(b)
	b.ResetTimer()
	t0, cpu0 := time.Now(), cpuTime()
	if _, err := io.WriteString(stdin, "go\n"); err != nil {
		b.Fatal(err)
	}
	for lines.Scan() { // the child prints nothing more until it exits
	}
	werr := cmd.Wait()
	elapsed, cpu := time.Since(t0), cpuTime()-cpu0
	b.StopTimer()
	var res loadResult
	raw, err := os.ReadFile(outPath)
	if err == nil {
		err = json.Unmarshal(raw, &res)
	}
	if err != nil || werr != nil || res.Err != "" {
		b.Fatalf("load generator: %v; %v; %s", werr, err, res.Err)
	}
	if got := f.recordedAfter(b, head); got != len(res.Latencies) || len(res.Latencies) != b.N {
		b.Fatalf("%d events recorded, %d answered 201, %d sent", got, len(res.Latencies), b.N)
	}
	client := time.Duration(res.CPU)
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "cmds/s")
	b.ReportMetric(ms(percentile(res.Latencies, 50)), "p50-ms")
	b.ReportMetric(ms(percentile(res.Latencies, 99)), "p99-ms")
	b.ReportMetric(ms(cpu)/float64(b.N), "server-cpu-ms/cmd")
	b.ReportMetric(ms(client)/float64(b.N), "client-cpu-ms/cmd")
	b.ReportMetric(ms(cpu+client)/float64(b.N), "cpu-ms/cmd")
}

// The load generator's environment: the file with what to send, and the
// file it writes its results to.
const (
	loadGenEnv    = "MENTORLEDGER_BENCH_LOADGEN"
	loadGenOutEnv = "MENTORLEDGER_BENCH_LOADGEN_OUT"
)

type loadSpec struct {
	Base, Token string
	Bodies      [][][]byte
}

type loadResult struct {
	Latencies []time.Duration
	CPU       int64 // the clients' CPU time while sending, in ns
	Err       string
}

// TestBenchLoadGenerator is BenchmarkCommands64ClientsOutOfProcess's
// child: it runs only when that benchmark starts it. It prints "ready",
// waits for a line on stdin, sends every request and writes its latencies
// and CPU time.
func TestBenchLoadGenerator(t *testing.T) {
	specPath := os.Getenv(loadGenEnv)
	if specPath == "" {
		t.Skip("run by BenchmarkCommands64ClientsOutOfProcess")
	}
	var spec loadSpec
	raw, err := os.ReadFile(specPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &spec); err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConns: 256, MaxIdleConnsPerHost: 256, DisableCompression: true}}
	fmt.Println("ready")
	if _, err := bufio.NewReader(os.Stdin).ReadString('\n'); err != nil {
		t.Fatal(err)
	}
	start := make(chan struct{})
	close(start)
	cpu0 := cpuTime()
	lat, err := runClients(client, spec.Base, spec.Token, spec.Bodies, start)
	res := loadResult{Latencies: lat, CPU: int64(cpuTime() - cpu0)}
	if err != nil {
		res.Err = err.Error()
	}
	out, _ := json.Marshal(res)
	if err := os.WriteFile(os.Getenv(loadGenOutEnv), out, 0o600); err != nil {
		t.Fatal(err)
	}
}

// recordedAfter counts the events recorded after a position, leaving out
// the ledger's own (digests).
func (f *fixture) recordedAfter(tb testing.TB, after events.Position) int {
	tb.Helper()
	n := 0
	for {
		page, err := f.ledger.ReadAll(context.Background(), after, 10000)
		if err != nil {
			tb.Fatal(err)
		}
		if len(page) == 0 {
			return n
		}
		for _, e := range page {
			if !strings.HasPrefix(e.Stream, events.SystemStreamPrefix) {
				n++
			}
		}
		after = page[len(page)-1].Position
	}
}

// reportQueries are the CLI's parameters for each report of the demo (as
// in the README); a report not named here is asked with none.
var reportQueries = map[string]url.Values{
	"checklist-6": {"as-of": {"2026-06-30"}},
	"monitoring":  {"as-of": {"2026-06-30"}},
	"pitfalls":    {"as-of": {"2026-06-30"}},
	"funder":      {"programme": {"prog-refugee-ed-2025"}, "from": {"2025-01-01"}, "to": {"2025-12-31"}, "as-of": {"2026-06-30"}},
	"audit":       {"from": {"2025-03-01"}, "to": {"2025-03-02"}},
}

// BenchmarkReportEndpoints: GET /api/reports/{name} on the demo ledger
// (about 14,800 events, built through the command handlers as 'demo'
// does), one client, each report in JSON and HTML, as a co-ordinator of
// every programme (a report about one relationship: the demo's with the
// most meetings). Reports the p50 and p99 latency and the CPU time of
// each.
func BenchmarkReportEndpoints(b *testing.B) {
	var clock *demo.Clock
	f := newFixture(b, fixtureOptions{
		populate: func(tb testing.TB, f *fixture) {
			opt := demo.Options{Keys: f.keys}
			svc, c := demo.NewService(f.ledger, opt)
			t0 := time.Now()
			sum, err := demo.Generate(context.Background(), svc, c, opt)
			if err != nil {
				tb.Fatal(err)
			}
			clock = c
			tb.Logf("demo: %d events in %s", sum.Events, time.Since(t0).Round(time.Millisecond))
		},
		config: func(c *Config) { c.Now = func() time.Time { return clock.Now() } },
	})
	if err := f.live.WaitFor(context.Background(), f.head(b)); err != nil {
		b.Fatal(err)
	}
	// A report about one relationship reads the demo's longest.
	var subject string
	err := f.views.DB().QueryRow(`SELECT r.relationship_id FROM relationships r JOIN meetings_logged m USING (rel_key)
		GROUP BY r.relationship_id ORDER BY count(*) DESC, r.relationship_id LIMIT 1`).Scan(&subject)
	if err != nil {
		b.Fatal(err)
	}
	// "built": every request builds its report (the memo off), the cost
	// of a report endpoint; "memo": as serve runs, the same request at the
	// same views position answered from the memo (the audit and the
	// relationship timeline are never kept, so they build every time).
	memo := f.srv.memo
	defer func() { f.srv.memo = memo }()
	for _, mode := range []string{"built", "memo"} {
		if mode == "built" {
			f.srv.memo = nil
		} else {
			f.srv.memo = reports.NewMemo(32)
		}
		benchReportEndpoints(b, f, subject, mode)
	}
}

func benchReportEndpoints(b *testing.B, f *fixture, subject, mode string) {
	for _, name := range reports.Names() {
		d, _ := reports.Lookup(name)
		for _, format := range []string{"json", "html"} {
			q := url.Values{}
			for k, v := range reportQueries[name] {
				q[k] = v
			}
			if d.NeedsSubject {
				q.Set("id", subject)
			}
			q.Set("format", format)
			path := "/api/reports/" + name + "?" + q.Encode()
			b.Run(name+"/"+format+"/"+mode, func(b *testing.B) {
				lat := make([]time.Duration, 0, b.N)
				var size int
				cpu0 := cpuTime()
				for range b.N {
					t0 := time.Now()
					r := f.do(b, "GET", path, "all-coordinator", nil)
					lat = append(lat, time.Since(t0))
					if r.status != http.StatusOK {
						b.Fatalf("%s: %d %s", path, r.status, truncate(r.body))
					}
					size = len(r.body)
				}
				cpu := cpuTime() - cpu0
				slices.Sort(lat)
				b.ReportMetric(ms(cpu)/float64(b.N), "cpu-ms/op")
				b.ReportMetric(ms(percentile(lat, 50)), "p50-ms")
				b.ReportMetric(ms(percentile(lat, 99)), "p99-ms")
				b.ReportMetric(float64(size), "bytes")
			})
		}
	}
}
