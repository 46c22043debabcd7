package main

import (
	"context"
	"database/sql/driver"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/events/jsonl"
	"github.com/mentorledger/mentorledger/events/sqlite"
	"github.com/mentorledger/mentorledger/projections"
	"github.com/mentorledger/mentorledger/reports"
)

func cmdBench(ctx context.Context, e *env, args []string) error {
	fs, _ := newFlags("bench", "usage: mentorledger bench [--events N] [--appends N] [--writers N] [--keep]", e.stderr)
	n := fs.Int("events", 1000000, "events in the generated ledger (import, rebuild, report)")
	appends := fs.Int("appends", 100000, "single-event appends for the concurrent append figure")
	writers := fs.Int("writers", 64, "concurrent writers for the append figure")
	keep := fs.Bool("keep", false, "keep the temporary directory")
	if err := parse(fs, args); err != nil {
		return err
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
	say := func(name string, v float64, unit string, prec int) {
		fmt.Fprintf(e.stdout, "%s: %.*f %s\n", name, prec, v, unit)
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
	imp, err := benchImport(ctx, file, data)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	say("import_events_per_s", float64(imp.events)/imp.total, "events/s", 0)

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

	now, asOf, err := benchReport(ctx, data)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	say("report_checklist6_ms", now, "ms", 0)
	say("report_checklist6_asof_ms", asOf, "ms", 0)
	// Where the import's time goes.
	say("import_parse_validate_events_per_s", float64(imp.events)/imp.parse, "events/s", 0)
	say("import_append_events_per_s", float64(imp.events)/imp.append, "events/s", 0)
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

type importTimes struct {
	events               int
	parse, append, total float64 // seconds
}

// benchImport measures an import: parsing and validating a JSON Lines file,
// then appending it durably to a fresh ledger.
func benchImport(ctx context.Context, file, data string) (importTimes, error) {
	var t importTimes
	if err := os.MkdirAll(data, 0o750); err != nil {
		return t, err
	}
	start := time.Now()
	f, err := os.Open(file)
	if err != nil {
		return t, err
	}
	defer f.Close()
	reqs, err := jsonl.Parse(f, jsonl.Options{Actor: "bench"})
	if err != nil {
		return t, err
	}
	t.parse = time.Since(start).Seconds()
	st, err := sqlite.Open(filepath.Join(data, LedgerFile))
	if err != nil {
		return t, err
	}
	appendStart := time.Now()
	if _, err := st.AppendBatch(ctx, reqs); err != nil {
		st.Close()
		return t, err
	}
	t.append = time.Since(appendStart).Seconds()
	for _, r := range reqs {
		t.events += len(r.Events)
	}
	t.total = time.Since(start).Seconds()
	return t, st.Close()
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
				p.Rows(&d.Envelope, d.Payload, func(table string, values ...driver.Value) {
					row := append(append([]driver.Value{}, values...), uint64(d.Envelope.Position), d.Envelope.RecordedAt.UTC(), d.Envelope.ID)
					tables[table] = append(tables[table], row)
				})
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

// benchReport times the checklist 6 report now and as of the middle of the
// ledger: the median of five runs each.
func benchReport(ctx context.Context, data string) (nowMS, asOfMS float64, err error) {
	v, err := projections.Open(filepath.Join(data, ViewsFile))
	if err != nil {
		return 0, 0, err
	}
	defer v.Close()
	head, err := v.Checkpoint(ctx)
	if err != nil {
		return 0, 0, err
	}
	median := func(at reports.AsOf) (float64, error) {
		var ms []float64
		for i := 0; i < 5; i++ {
			start := time.Now()
			if _, err := reports.BuildChecklist6(ctx, v, at, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)); err != nil {
				return 0, err
			}
			ms = append(ms, float64(time.Since(start).Microseconds())/1000)
		}
		sort.Float64s(ms)
		return ms[len(ms)/2], nil
	}
	if nowMS, err = median(reports.AsOf{}); err != nil {
		return 0, 0, err
	}
	asOfMS, err = median(reports.AsOf{Position: head / 2})
	return nowMS, asOfMS, err
}
