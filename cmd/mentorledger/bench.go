package main

import (
	"context"
	"database/sql/driver"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/mentorledger/mentorledger/domain/app"
	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/events/jsonl"
	"github.com/mentorledger/mentorledger/events/sqlite"
	"github.com/mentorledger/mentorledger/projections"
	"github.com/mentorledger/mentorledger/reports"
)

func cmdBench(ctx context.Context, e *env, args []string) error {
	fs, _ := newFlags("bench", "usage: mentorledger bench [--events N] [--appends N] [--writers N] [--keep] [--reports-of DIR] [--import-of FILE]", e.stderr)
	n := fs.Int("events", 1000000, "events in the generated ledger (import, rebuild, report)")
	appends := fs.Int("appends", 100000, "single-event appends for the concurrent append figure")
	writers := fs.Int("writers", 64, "concurrent writers for the append figure")
	keep := fs.Bool("keep", false, "keep the temporary directory")
	reportsOf := fs.String("reports-of", "", "only time the reports, over the data directory of an earlier --keep run (DIR/data)")
	importOf := fs.String("import-of", "", "only time the import of FILE (an earlier --keep run's DIR/ledger.jsonl) into a fresh ledger, with the domain check")
	if err := parse(fs, args); err != nil {
		return err
	}
	say := func(name string, v float64, unit string, prec int) {
		fmt.Fprintf(e.stdout, "%s: %.*f %s\n", name, prec, v, unit)
	}
	if *reportsOf != "" {
		tuneGC() // as serve and report build them
		times, err := benchReports(ctx, *reportsOf, e.stderr)
		if err != nil {
			return fmt.Errorf("report: %w", err)
		}
		for _, t := range times {
			say(t.name, t.ms, "ms", 0)
		}
		return nil
	}
	if *importOf != "" {
		return benchImportOnly(ctx, *importOf, say)
	}
	dir, err := os.MkdirTemp("", "mentorledger-bench-")
	if err != nil {
		return err
	}
	if *keep {
		fmt.Fprintln(e.stderr, "bench: working in", dir)
	} else {
		defer os.RemoveAll(dir)
	}

	rate, err := benchAppend(ctx, filepath.Join(dir, "append"), *appends, *writers)
	if err != nil {
		return fmt.Errorf("append: %w", err)
	}
	say("append_events_per_s", rate, "events/s", 0)

	data := filepath.Join(dir, "data")
	file := filepath.Join(dir, "ledger.jsonl")
	if err := writeFile(file, func(w io.Writer) error { _, err := writeScaleLedger(w, *n); return err }); err != nil {
		return fmt.Errorf("generate: %w", err)
	}
	imp, err := benchImport(ctx, file, data, true)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	say("import_events_per_s", float64(imp.events)/imp.total, "events/s", 0)
	// The same file again, without the domain's rules: what the ledger's
	// import path itself takes (schemas, append, commit).
	bare, err := benchImport(ctx, file, filepath.Join(dir, "bare"), false)
	if err != nil {
		return fmt.Errorf("import without the domain check: %w", err)
	}
	if err := os.RemoveAll(filepath.Join(dir, "bare")); err != nil {
		return err
	}

	// As for the reports below: the rebuild is timed once what the
	// imports wrote (~1 GB) is on disk, not while the kernel writes it
	// back beside the rebuild, and once this process has collected and
	// handed back the imports' heap (~2 GB), not while it does so beside
	// the rebuild (238k events/s measured before, ~290k after).
	debug.FreeOSMemory()
	syscall.Sync()
	rebuildSecs, rssKiB, err := benchRebuild(ctx, data)
	if err != nil {
		return fmt.Errorf("rebuild: %w", err)
	}
	say("rebuild_events_per_s", float64(*n)/rebuildSecs, "events/s", 0)

	rows, rawSecs, err := benchRawAppender(ctx, data, filepath.Join(dir, "raw.duckdb"))
	if err != nil {
		return fmt.Errorf("raw appender: %w", err)
	}
	say("raw_appender_rows_per_s", float64(rows)/rawSecs, "rows/s", 0)
	say("rebuild_vs_raw_ratio", rawSecs/rebuildSecs, "", 2)
	say("rebuild_peak_rss_mib", float64(rssKiB)/1024, "MiB", 0)

	// The reports are timed in a process of their own, as a user's
	// `report` or `serve` builds them, once the files the earlier steps
	// wrote (~1.5 GB: the generated file, the ledger, the views, the raw
	// appender's database) are on disk: timed while the kernel was still
	// writing them back, checklist 6 came out ~45 % slower than on the
	// same data a minute later (467-498 against 325-345 ms, 2026-11-23
	// 08:50-09:13).
	debug.FreeOSMemory()
	syscall.Sync()
	times, err := benchReportsChild(ctx, data)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	// Checklist 6 keeps its place among the contracted figures; every
	// other report of the catalogue follows the import's diagnostics.
	say(times[0].name, times[0].ms, "ms", 0)
	say(times[1].name, times[1].ms, "ms", 0)
	// Where the import's time goes.
	say("import_parse_validate_events_per_s", float64(imp.events)/imp.parse, "events/s", 0)
	say("import_domain_check_events_per_s", float64(imp.events)/imp.check, "events/s", 0)
	say("import_append_events_per_s", float64(imp.events)/imp.append, "events/s", 0)
	say("import_without_domain_check_events_per_s", float64(bare.events)/bare.total, "events/s", 0)
	for _, t := range times[2:] {
		say(t.name, t.ms, "ms", 0)
	}
	return nil
}

func writeFile(name string, fill func(io.Writer) error) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	if err := fill(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// benchAppend measures durable single-event appends from concurrent writers,
// each to its own stream.
func benchAppend(ctx context.Context, dir string, total, writers int) (float64, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return 0, err
	}
	st, err := sqlite.Open(filepath.Join(dir, LedgerFile))
	if err != nil {
		return 0, err
	}
	defer st.Close()
	ev, err := events.Encode(events.ContactMade{RelationshipID: "rel-bench", ContactOn: events.MustDate("2025-03-01"),
		By: "p-1", ByRole: events.RoleMentor, Method: "email"})
	if err != nil {
		return 0, err
	}
	ev.Actor = "bench"
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	start := time.Now()
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			stream := fmt.Sprintf("relationship-bench-%02d", w)
			for i := w; i < total; i += writers {
				if _, err := st.Append(ctx, stream, events.Any, ev); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	secs := time.Since(start).Seconds()
	close(errs)
	if err := <-errs; err != nil {
		return 0, err
	}
	return float64(total) / secs, nil
}

// benchImportOnly times the import of file into a fresh ledger in a
// temporary directory, as the full bench does, and prints the import's
// figures.
func benchImportOnly(ctx context.Context, file string, say func(string, float64, string, int)) error {
	dir, err := os.MkdirTemp("", "mentorledger-import-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	imp, err := benchImport(ctx, file, dir, true)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	say("import_events_per_s", float64(imp.events)/imp.total, "events/s", 0)
	say("import_parse_validate_events_per_s", float64(imp.events)/imp.parse, "events/s", 0)
	say("import_domain_check_events_per_s", float64(imp.events)/imp.check, "events/s", 0)
	say("import_append_events_per_s", float64(imp.events)/imp.append, "events/s", 0)
	return nil
}

type importTimes struct {
	events                      int
	parse, check, append, total float64 // seconds
}

// benchImport measures an import as `mentorledger import` makes it, less
// its last step, the views' catch-up (what rebuild measures): reading,
// parsing and validating a JSON Lines file (on disk, synced) while
// appending it, durably, to a fresh ledger in one bulk append and
// checking every event against the domain's rules (withCheck), then
// committing and closing the ledger. parse is the time until the whole
// file is valid (the append and the check run beside it, so parse is
// slower than validation alone), check the time the domain check was
// busy, append the time from the end of parse until the append is
// committed and the ledger closed (what is left of the check included).
func benchImport(ctx context.Context, file, data string, withCheck bool) (importTimes, error) {
	var t importTimes
	if err := os.MkdirAll(data, 0o750); err != nil {
		return t, err
	}
	f, err := os.Open(file)
	if err != nil {
		return t, err
	}
	defer f.Close()
	// The file was just written: flush it first, or the kernel writes it
	// out during the import, which then pays for the generator's writes.
	if err := f.Sync(); err != nil {
		return t, err
	}
	start := time.Now()
	var s *store
	open := func() (*store, error) {
		st, err := sqlite.Open(filepath.Join(data, LedgerFile))
		if err != nil {
			return nil, err
		}
		s = &store{dir: data, ledger: st, gapFree: true}
		return s, nil
	}
	var validated time.Time
	hooks := importHooks{validated: func() { validated = time.Now() }}
	if withCheck {
		hooks.checker = func() *app.Checker { return domainChecker(s, time.Now) }
		hooks.checked = func(busy time.Duration) { t.check = busy.Seconds() }
	}
	reqs, _, err := importFile(ctx, f, jsonl.Options{Actor: "bench"}, true, open, hooks)
	if s != nil {
		if cerr := s.ledger.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return t, err
	}
	end := time.Now()
	for _, r := range reqs {
		t.events += len(r.Events)
	}
	t.parse = validated.Sub(start).Seconds()
	t.append = end.Sub(validated).Seconds()
	t.total = end.Sub(start).Seconds()
	return t, nil
}

// benchRebuild runs `mentorledger rebuild` as a child process so that its
// peak resident memory is its own, as the child reports it (VmHWM: the
// child's ru_maxrss would include this parent's memory, which the child
// shares until it execs).
func benchRebuild(ctx context.Context, data string) (secs float64, maxRSSKiB int64, err error) {
	self, err := os.Executable()
	if err != nil {
		return 0, 0, err
	}
	cmd := exec.CommandContext(ctx, self, "rebuild", "--data", data)
	var stderr strings.Builder
	cmd.Stdout, cmd.Stderr = io.Discard, &stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return 0, 0, fmt.Errorf("%w: %s", err, stderr.String())
	}
	secs = time.Since(start).Seconds()
	for _, line := range strings.Split(stderr.String(), "\n") {
		if rest, ok := strings.CutPrefix(line, "rebuild: peak resident memory "); ok {
			mib, _ := strconv.ParseInt(strings.TrimSuffix(rest, " MiB"), 10, 64)
			maxRSSKiB = mib * 1024
		}
	}
	return secs, maxRSSKiB, nil
}

// benchRawAppender writes the rows the projections derive from the ledger
// straight into fresh tables with DuckDB's appender, timing only the
// appending: the ceiling a rebuild is compared with.
func benchRawAppender(ctx context.Context, data, rawPath string) (int, float64, error) {
	st, err := sqlite.Open(filepath.Join(data, LedgerFile))
	if err != nil {
		return 0, 0, err
	}
	tables := map[string][][]driver.Value{}
	var after events.Position
	for {
		page, err := st.ReadAll(ctx, after, 20000)
		if err != nil {
			st.Close()
			return 0, 0, err
		}
		batch, err := projections.DecodeAll(page)
		if err != nil {
			st.Close()
			return 0, 0, err
		}
		for i := range batch {
			d := &batch[i]
			for _, p := range projections.All {
				p.Rows(d.Envelope, d.Payload, projections.NewEmit(func(table string, values []driver.Value) {
					row := append(append([]driver.Value{}, values...), p.Tail(d.Envelope)...)
					tables[table] = append(tables[table], row)
				}))
			}
		}
		if len(page) < 20000 {
			break
		}
		after = page[len(page)-1].Position
	}
	st.Close()
	v, err := projections.Open(rawPath)
	if err != nil {
		return 0, 0, err
	}
	defer v.Close()
	conn, err := v.DB().Conn(ctx)
	if err != nil {
		return 0, 0, err
	}
	defer conn.Close()
	names := make([]string, 0, len(tables))
	for t := range tables {
		names = append(names, t)
	}
	sort.Strings(names)
	rows := 0
	start := time.Now()
	err = conn.Raw(func(dc any) error {
		for _, t := range names {
			a, err := duckdb.NewAppenderFromConn(dc.(driver.Conn), "", t)
			if err != nil {
				return err
			}
			for _, r := range tables[t] {
				if err := a.AppendRow(r...); err != nil {
					a.Close()
					return err
				}
				rows++
			}
			if err := a.Close(); err != nil {
				return err
			}
		}
		return nil
	})
	return rows, time.Since(start).Seconds(), err
}

// reportTime is one report's figure: the median build time in ms.
type reportTime struct {
	name string
	ms   float64
}

// benchReportNow is the clock of the timed reports: the reference date of
// those not asked as of a past position.
var benchReportNow = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// benchReports times every report of the catalogue over the data
// directory, now and as of the middle of the ledger (position head/2):
// each the median of five builds (three for a report taking over two
// seconds), from the views and, for the audit and the relationship
// timeline, the ledger; rendering is not timed there. _json_ms is a
// diagnostic, what a user of `report NAME --format json` waits for beyond
// opening the data: built now and written as JSON (to io.Discard). The
// relationship timeline is of the relationship matched a quarter of the
// way into the ledger. Checklist 6 comes first (report_checklist6_ms,
// report_checklist6_asof_ms), then the others in catalogue order, named
// report_<name without hyphens>_ms and _asof_ms; then every _json_ms in
// the same order.
func benchReports(ctx context.Context, data string, progress io.Writer) ([]reportTime, error) {
	led, err := sqlite.Open(filepath.Join(data, LedgerFile))
	if err != nil {
		return nil, err
	}
	defer led.Close()
	v, err := projections.Open(filepath.Join(data, ViewsFile))
	if err != nil {
		return nil, err
	}
	defer v.Close()
	if _, err := v.CatchUp(ctx, led, projections.CatchUpOptions{}); err != nil { // views of another version are rebuilt
		return nil, err
	}
	head, err := v.Checkpoint(ctx)
	if err != nil {
		return nil, err
	}
	var subject string
	err = v.DB().QueryRowContext(ctx, `SELECT arg_min(relationship_id, pos) FROM relationships WHERE pos >= $1`, uint64(head/4)).Scan(&subject)
	if err != nil {
		return nil, fmt.Errorf("pick a relationship: %w", err)
	}
	in := reports.Inputs{Views: v, Ledger: led}
	median := func(d reports.Definition, at reports.AsOf, format string) (float64, error) {
		req := reports.Request{AsOf: at, Now: benchReportNow}
		if d.NeedsSubject {
			req.Subject = subject
		}
		var ms []float64
		for i := 0; i < 5; i++ {
			start := time.Now()
			rep, err := d.Build(ctx, in, req)
			if err != nil {
				return 0, fmt.Errorf("%s: %w", d.Name, err)
			}
			if format != "" {
				if err := rep.Render(io.Discard, format); err != nil {
					return 0, fmt.Errorf("%s: render %s: %w", d.Name, format, err)
				}
			}
			ms = append(ms, float64(time.Since(start).Microseconds())/1000)
			if i == 2 && ms[0] > 2000 {
				break
			}
		}
		sort.Float64s(ms)
		return ms[len(ms)/2], nil
	}
	names := append([]string{"checklist-6"}, reports.Names()...)
	type figure struct {
		suffix, format string
		at             reports.AsOf
	}
	var out []reportTime
	// The JSON figures come last, after every build figure: writing a large
	// report leaves large buffers behind that would weigh on the builds
	// timed after it.
	for _, figures := range [][]figure{
		{{"_ms", "", reports.AsOf{}}, {"_asof_ms", "", reports.AsOf{Position: head / 2}}},
		{{"_json_ms", "json", reports.AsOf{}}},
	} {
		for i, name := range names {
			if i > 0 && name == "checklist-6" {
				continue
			}
			d, err := reports.Lookup(name)
			if err != nil {
				return nil, err
			}
			short := "report_" + strings.ReplaceAll(name, "-", "")
			for _, c := range figures {
				ms, err := median(d, c.at, c.format)
				if err != nil {
					return nil, err
				}
				fmt.Fprintf(progress, "bench: %s%s %.0f\n", short, c.suffix, ms)
				out = append(out, reportTime{short + c.suffix, ms})
			}
		}
	}
	return out, nil
}

// benchReportsChild runs `bench --reports-of data` as a child process and
// reads its report_* lines, in order.
func benchReportsChild(ctx context.Context, data string) ([]reportTime, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, self, "bench", "--reports-of", data)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%w: %s", err, stderr.String())
	}
	var out []reportTime
	for _, line := range strings.Split(stdout.String(), "\n") {
		name, rest, ok := strings.Cut(line, ": ")
		if !ok || !strings.HasPrefix(name, "report_") {
			continue
		}
		ms, err := strconv.ParseFloat(strings.TrimSuffix(rest, " ms"), 64)
		if err != nil {
			return nil, fmt.Errorf("reports: %q: %w", line, err)
		}
		out = append(out, reportTime{name: name, ms: ms})
	}
	if len(out) < 2 {
		return nil, fmt.Errorf("reports: no figures in %q", stdout.String())
	}
	return out, nil
}
