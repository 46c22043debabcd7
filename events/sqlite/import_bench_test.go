package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/events/jsonl"
	"github.com/mentorledger/mentorledger/events/sqlite"
)

// BenchmarkImport times what `mentorledger import` does, less the domain
// check, with the JSON Lines file named by MENTORLEDGER_IMPORT_FILE (such
// as the one `mentorledger bench --keep` leaves): read, parse and validate
// it, append it to a new ledger, and close the ledger. "bulk" appends
// while the file is being validated (jsonl.Stream into a Bulk); "batch"
// validates the whole file, then appends it with one AppendBatch;
// "bulk-into-ledger" is "bulk" into a ledger holding one event already, so
// that the bulk append writes in a transaction rather than a new file.
//
//	MENTORLEDGER_IMPORT_FILE=/tmp/ledger.jsonl go test ./events/sqlite -run '^$' -bench Import -benchtime 1x -count 3
func BenchmarkImport(b *testing.B) {
	file := os.Getenv("MENTORLEDGER_IMPORT_FILE")
	if file == "" {
		b.Skip("MENTORLEDGER_IMPORT_FILE names no file")
	}
	for _, way := range []string{"bulk", "batch", "bulk-into-ledger"} {
		b.Run(way, func(b *testing.B) {
			var n int
			var parse, appendSecs, closeSecs float64
			for b.Loop() {
				n, parse, appendSecs, closeSecs = importOnce(b, file, way != "batch", way == "bulk-into-ledger")
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "events/s")
			b.Logf("%s: %d events; parse+validate %.2fs, then append %.2fs, close %.2fs", way, n, parse, appendSecs, closeSecs)
		})
	}
}

func importOnce(b *testing.B, file string, bulk, nonEmpty bool) (n int, parse, appendSecs, closeSecs float64) {
	ctx := context.Background()
	f, err := os.Open(file)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	path := filepath.Join(b.TempDir(), "ledger.db")
	if nonEmpty {
		st := open(b, path)
		mustAppend(b, st, "before", event(1))
		closeStore(b, st)
	}
	start := time.Now()
	st, err := sqlite.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	var reqs []events.AppendRequest
	if bulk {
		bk, err := st.BeginBulk(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if reqs, err = jsonl.Stream(f, jsonl.Options{Actor: "bench"}, bk.Add); err != nil {
			bk.Abort()
			b.Fatal(err)
		}
		parse = time.Since(start).Seconds()
		if _, err := bk.Commit(nil); err != nil {
			b.Fatal(err)
		}
	} else {
		if reqs, err = jsonl.Parse(f, jsonl.Options{Actor: "bench"}); err != nil {
			b.Fatal(err)
		}
		parse = time.Since(start).Seconds()
		if _, err := st.AppendBatch(ctx, reqs); err != nil {
			b.Fatal(err)
		}
	}
	appended := time.Now()
	if err := st.Close(); err != nil {
		b.Fatal(err)
	}
	for _, r := range reqs {
		n += len(r.Events)
	}
	return n, parse, appended.Sub(start).Seconds() - parse, time.Since(appended).Seconds()
}
