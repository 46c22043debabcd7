package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
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

// BenchmarkCommands64ClientsStreamCache is an experiment, not the
// server as shipped: the application service reads streams through a
// cache that keeps each stream's events and reads only what is new, as a
// snapshot or aggregate cache in domain/app would (that one would also
// save decoding the history). It measures what re-reading whole streams
// costs the write path.
func BenchmarkCommands64ClientsStreamCache(b *testing.B) { benchCommandsWith(b, false, true) }

// streamCache serves ReadStream from memory, fetching only the events
// after the last version it holds: a stream's recorded events never
// change, so its cached prefix stays true.
type streamCache struct {
	events.Store
	mu      sync.Mutex
	streams map[string][]events.Envelope
}

func (c *streamCache) ReadStream(ctx context.Context, stream string, after int64) ([]events.Envelope, error) {
	c.mu.Lock()
	held := c.streams[stream]
	c.mu.Unlock()
	var v int64
	if n := len(held); n > 0 {
		v = held[n-1].Version
	}
	tail, err := c.Store.ReadStream(ctx, stream, v)
	if err != nil {
		return nil, err
	}
	if len(tail) > 0 {
		held = append(held[:len(held):len(held)], tail...)
		c.mu.Lock()
		if len(c.streams[stream]) < len(held) {
			c.streams[stream] = held
		}
		c.mu.Unlock()
	}
	i, _ := slices.BinarySearchFunc(held, after+1, func(e events.Envelope, v int64) int { return int(e.Version - v) })
	return slices.Clone(held[i:]), nil
}

// cpuTime is the process's CPU time so far (user and system, every
// thread: clients, server, ledger and projections alike).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func benchCommands(b *testing.B, noLive bool) { benchCommandsWith(b, noLive, false) }

func benchCommandsWith(b *testing.B, noLive, cache bool) {
	const clients = 64
	opt := fixtureOptions{benchRelationships: clients, noLive: noLive}
	if cache {
		opt.config = func(c *Config) {
			c.Service.Store = &streamCache{Store: c.Service.Store, streams: map[string][]events.Envelope{}}
		}
	}
	f := newFixture(b, opt)
	token := f.tok[access.Coordinator]
	// Bodies are built before the clock starts.
	bodies := make([][][]byte, clients)
	for c := range clients {
		for i := c; i < b.N; i += clients {
			j, _ := json.Marshal(meetingBody(f.benchRel[c], fmt.Sprintf("mtg-%d", i), fmt.Sprintf("bm%02d", c)))
			bodies[c] = append(bodies[c], j)
		}
	}
	head := f.head(b)
	lat := make([][]time.Duration, clients)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			for _, body := range bodies[c] {
				req, _ := http.NewRequest("POST", f.base+"/api/commands/log-meeting", bytes.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+token)
				req.Header.Set("Content-Type", "application/json")
				t0 := time.Now()
				resp, err := f.client.Do(req)
				if err != nil {
					b.Error(err)
					return
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				d := time.Since(t0)
				if resp.StatusCode != http.StatusCreated {
					b.Errorf("status %d", resp.StatusCode)
					return
				}
				lat[c] = append(lat[c], d)
			}
		}()
	}
	b.ResetTimer()
	t0, cpu0 := time.Now(), cpuTime()
	close(start)
	wg.Wait()
	elapsed, cpu := time.Since(t0), cpuTime()-cpu0
	b.StopTimer()
	var all []time.Duration
	for _, l := range lat {
		all = append(all, l...)
	}
	slices.Sort(all)
	if got := f.recordedAfter(b, head); got != len(all) || len(all) != b.N {
		b.Fatalf("%d events recorded, %d answered 201, %d sent", got, len(all), b.N)
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "cmds/s")
	b.ReportMetric(ms(percentile(all, 50)), "p50-ms")
	b.ReportMetric(ms(percentile(all, 99)), "p99-ms")
	b.ReportMetric(ms(cpu)/float64(b.N), "cpu-ms/cmd")
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
			b.Run(name+"/"+format, func(b *testing.B) {
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
