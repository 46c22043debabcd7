package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/events/sqlite"
)

// seedLedger records a small ledger in dir/ledger.db: interleaved streams,
// appends of one and of several events, ids from the caller (UUIDs and
// not) and from the ledger, correlation ids, and digests every few events.
// It returns the ledger, open, and how many events it holds.
func seedLedger(tb testing.TB, dir string) (*sqlite.Store, int64) {
	tb.Helper()
	if err := os.MkdirAll(dir, 0o750); err != nil {
		tb.Fatal(err)
	}
	s, err := sqlite.Open(filepath.Join(dir, LedgerFile), sqlite.WithDigestEvery(7), sqlite.WithIdleDigest(0))
	if err != nil {
		tb.Fatal(err)
	}
	at := time.Date(2025, 1, 6, 9, 0, 0, 0, time.UTC)
	var n int64
	for i := range 60 {
		k := 1
		if i%10 == 3 {
			k = 3
		}
		evs := make([]events.NewEvent, k)
		for j := range evs {
			evs[j] = events.NewEvent{Type: "relationship.contact_made", SchemaVersion: 1, Actor: fmt.Sprintf("mentor-%d", i%4),
				RecordedAt: at.Add(time.Duration(i*10+j) * time.Minute), Payload: json.RawMessage(fmt.Sprintf(`{"relationship_id":"r%d","n":%d}`, i%9, j))}
			switch i % 3 {
			case 0:
				evs[j].ID = fmt.Sprintf("import-line-%d-%d", i, j)
			case 1:
				evs[j].CorrelationID = fmt.Sprintf("corr-%d", i)
			}
		}
		if _, err := s.Append(context.Background(), fmt.Sprintf("relationship-r%d", i%9), events.Any, evs...); err != nil {
			tb.Fatal(err)
		}
		n += int64(k)
	}
	return s, n
}

func openSQLite(tb testing.TB, path string, opts ...sqlite.Option) *sqlite.Store {
	tb.Helper()
	s, err := sqlite.Open(path, opts...)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = s.Close() })
	return s
}

// userEvents reads a ledger's events outside its own streams.
func userEvents(tb testing.TB, s events.Store) []events.Envelope {
	tb.Helper()
	all, err := s.ReadAll(context.Background(), 0, 1<<20)
	if err != nil {
		tb.Fatal(err)
	}
	var out []events.Envelope
	for _, e := range all {
		if !strings.HasPrefix(e.Stream, events.SystemStreamPrefix) {
			out = append(out, e)
		}
	}
	return out
}

func TestMigrateCopiesEveryEventWithItsHashAndARerunAppendsNothing(t *testing.T) {
	ctx := context.Background()
	src, n := seedLedger(t, filepath.Join(t.TempDir(), "src"))
	defer src.Close()
	srcRes, err := events.Verify(ctx, src, events.VerifyOptions{GapFree: true})
	if err != nil {
		t.Fatal(err)
	}
	if srcRes.Digests == 0 {
		t.Fatal("the source has no digests to leave out")
	}
	dst := openSQLite(t, filepath.Join(t.TempDir(), "ledger.db"), sqlite.WithDigestEvery(5))

	rep, err := migrateLedger(ctx, src, dst, migrateOptions{SourceVerify: events.VerifyOptions{GapFree: true}, Page: 16})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Copied != n || rep.Present != 0 || rep.Events != n || rep.Head != srcRes.Head {
		t.Fatalf("report %+v; want %d copied, none present, head %s", rep, n, srcRes.Head)
	}
	got, want := userEvents(t, dst), userEvents(t, src)
	if len(got) != len(want) {
		t.Fatalf("target holds %d events, source %d", len(got), len(want))
	}
	for i := range want {
		a, b := want[i], got[i]
		if a.ID != b.ID || a.Stream != b.Stream || a.Version != b.Version || a.Hash != b.Hash || a.PrevHash != b.PrevHash || !a.RecordedAt.Equal(b.RecordedAt) {
			t.Fatalf("event %d: target %+v, source %+v", i, b, a)
		}
	}
	// The source's digests stay behind; the target records its own.
	srcDigests, err := src.ReadStream(ctx, events.DigestStream, 0)
	if err != nil {
		t.Fatal(err)
	}
	dstDigests, err := dst.ReadStream(ctx, events.DigestStream, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(dstDigests) == 0 || int64(len(dstDigests)) != rep.Target.Digests {
		t.Fatalf("target digests: %d read, %d verified; want some", len(dstDigests), rep.Target.Digests)
	}
	for _, d := range dstDigests {
		for _, sd := range srcDigests {
			if d.ID == sd.ID {
				t.Fatalf("digest %s of the source was copied", d.ID)
			}
		}
	}

	again, err := migrateLedger(ctx, src, dst, migrateOptions{SourceVerify: events.VerifyOptions{GapFree: true}})
	if err != nil {
		t.Fatal(err)
	}
	if again.Copied != 0 || again.Present != n || again.Head != srcRes.Head {
		t.Fatalf("rerun %+v; want nothing copied, %d present", again, n)
	}
	if m := len(userEvents(t, dst)); m != len(want) {
		t.Fatalf("rerun: target holds %d events, want %d", m, len(want))
	}
}

// failingAppends is a target whose appends fail after a number of them, as
// a copy cut off half way.
type failingAppends struct {
	events.Store
	left int
}

func (f *failingAppends) Append(ctx context.Context, stream string, exp events.ExpectedVersion, evs ...events.NewEvent) (events.AppendResult, error) {
	if f.left == 0 {
		return events.AppendResult{}, errors.New("connection lost (test)")
	}
	f.left--
	return f.Store.Append(ctx, stream, exp, evs...)
}

func TestMigrateContinuesAnInterruptedCopy(t *testing.T) {
	ctx := context.Background()
	src, n := seedLedger(t, filepath.Join(t.TempDir(), "src"))
	defer src.Close()
	dst := openSQLite(t, filepath.Join(t.TempDir(), "ledger.db"))

	_, err := migrateLedger(ctx, src, &failingAppends{Store: dst, left: 20}, migrateOptions{})
	if err == nil || !strings.Contains(err.Error(), "connection lost") {
		t.Fatalf("interrupted copy: %v, want the failure", err)
	}
	done := int64(len(userEvents(t, dst)))
	if done == 0 || done >= n {
		t.Fatalf("interrupted copy left %d of %d events", done, n)
	}
	rep, err := migrateLedger(ctx, src, dst, migrateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Present != done || rep.Copied != n-done {
		t.Fatalf("resumed copy %+v; want %d present, %d copied", rep, done, n-done)
	}
	srcRes, err := events.Verify(ctx, src, events.VerifyOptions{GapFree: true})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Head != srcRes.Head || rep.Target.Events != n {
		t.Fatalf("resumed copy: head %s, %d events; source head %s, %d events", rep.Head, rep.Target.Events, srcRes.Head, n)
	}
}

func TestMigrateRefusesATargetThatHoldsOtherEvents(t *testing.T) {
	ctx := context.Background()
	src, _ := seedLedger(t, filepath.Join(t.TempDir(), "src"))
	defer src.Close()
	dst := openSQLite(t, filepath.Join(t.TempDir(), "ledger.db"))
	if _, err := dst.Append(ctx, "relationship-r4", events.NoStream, events.NewEvent{Type: "relationship.contact_made", SchemaVersion: 1,
		Actor: "someone-else", Payload: json.RawMessage(`{"relationship_id":"r4"}`)}); err != nil {
		t.Fatal(err)
	}
	_, err := migrateLedger(ctx, src, dst, migrateOptions{})
	var mf *migrateFailure
	if !errors.As(err, &mf) || !strings.Contains(mf.msg, "stream relationship-r4 version 1: the target holds another event") {
		t.Fatalf("copy onto another ledger: %v, want a failure naming relationship-r4 version 1", err)
	}
}

func TestMigrateRefusesASourceWhoseChainIsBroken(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "src")
	src, _ := seedLedger(t, dir)
	src.Close()
	db, err := sql.Open("sqlite3", filepath.Join(dir, LedgerFile)) // registered by the driver events/sqlite uses
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE events SET actor = 'forged' WHERE stream = 'relationship-r2' AND version = 2`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	src = openSQLite(t, filepath.Join(dir, LedgerFile))
	dst := openSQLite(t, filepath.Join(t.TempDir(), "ledger.db"))
	_, err = migrateLedger(ctx, src, dst, migrateOptions{SourceVerify: events.VerifyOptions{GapFree: true}})
	var mf *migrateFailure
	if !errors.As(err, &mf) || !strings.Contains(err.Error(), "the source: the hash chain is broken") {
		t.Fatalf("copy of a broken ledger: %v, want a failure naming the source's chain", err)
	}
	if m := len(userEvents(t, dst)); m != 0 {
		t.Fatalf("the target got %d events from a broken source", m)
	}
}

func TestMigrateVerbPrintsOkAndTheHeadVerifyPrints(t *testing.T) {
	t.Setenv(LedgerEnv, "")
	dir := filepath.Join(t.TempDir(), "src")
	src, n := seedLedger(t, dir)
	src.Close()
	runCLI := func(args ...string) (string, string, int) {
		var out, errb bytes.Buffer
		err := run(context.Background(), args, &out, &errb)
		var ex *exitError
		switch {
		case errors.As(err, &ex):
			errb.WriteString(ex.msg)
			return out.String(), errb.String(), ex.code
		case err != nil:
			return out.String(), err.Error(), 1
		}
		return out.String(), errb.String(), 0
	}
	verify, _, code := runCLI("verify", "--data", dir)
	if code != 0 {
		t.Fatalf("verify the source: exit %d", code)
	}
	head := strings.Fields(strings.SplitN(verify, "\n", 2)[0])[4]

	target := filepath.Join(t.TempDir(), "target.db")
	out, errs, code := runCLI("migrate", "--from", dir, "--to", "sqlite:"+target)
	if code != 0 {
		t.Fatalf("migrate: exit %d\n%s", code, errs)
	}
	if want := fmt.Sprintf("ok: %d events copied, head %s\n", n, head); !strings.HasPrefix(out, want) {
		t.Fatalf("migrate printed %q, want it to start %q", out, want)
	}
	t.Logf("migrate printed:\n%s%s", out, errs)
	out, _, code = runCLI("migrate", "--from", dir, "--to", "sqlite:"+target)
	if want := fmt.Sprintf("ok: 0 events copied, head %s\n", head); code != 0 || !strings.HasPrefix(out, want) {
		t.Fatalf("rerun printed %q (exit %d), want it to start %q", out, code, want)
	}

	if _, errs, code := runCLI("migrate", "--from", dir); code != 2 || !strings.Contains(errs, "--to esdb://") {
		t.Fatalf("migrate without --to: exit %d, %q", code, errs)
	}
	if _, errs, code := runCLI("migrate", "--from", dir, "--to", "http://localhost:2113"); code != 1 || !strings.Contains(errs, "want esdb://") {
		t.Fatalf("migrate to http: exit %d, %q", code, errs)
	}
}
