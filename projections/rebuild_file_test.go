package projections_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/events/sqlite"
	"github.com/mentorledger/mentorledger/projections"
)

func openViews(tb testing.TB, path string) *projections.Views {
	tb.Helper()
	v, err := projections.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

// quietLedger is a ledger that records no digest when idle, so that its
// head stays where the test left it however slow the machine.
func quietLedger(tb testing.TB) *sqlite.Store {
	tb.Helper()
	st, err := sqlite.Open(filepath.Join(tb.TempDir(), "ledger.db"), sqlite.WithIdleDigest(0))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

func TestRebuildFileEqualsRebuildInPlace(t *testing.T) {
	ctx := context.Background()
	st := quietLedger(t)
	if _, err := st.AppendBatch(ctx, fixtureRequests(t, 3000)); err != nil {
		t.Fatal(err)
	}
	head, err := st.Head(ctx)
	if err != nil {
		t.Fatal(err)
	}
	clean := newViews(t)
	if _, err := clean.Rebuild(ctx, st, projections.CatchUpOptions{PageSize: 700}); err != nil {
		t.Fatal(err)
	}
	// The file to replace holds views of half the ledger.
	path := filepath.Join(t.TempDir(), "views.duckdb")
	old := openViews(t, path)
	if _, err := old.CatchUp(ctx, upTo{st, head / 2}, projections.CatchUpOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}
	var pages int
	var applied int64
	reached, err := projections.RebuildFile(ctx, path, st, projections.CatchUpOptions{PageSize: 500,
		Progress: func(_ events.Position, n int64) { pages++; applied = n }})
	if err != nil {
		t.Fatal(err)
	}
	if reached != head || applied != int64(head) || pages < int(head)/500 {
		t.Fatalf("reached %d after %d events in %d pages, want head %d", reached, applied, pages, head)
	}
	for _, leftover := range []string{path + projections.RebuildSuffix, path + projections.RebuildSuffix + ".wal"} {
		if _, err := os.Stat(leftover); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("%s left behind: %v", leftover, err)
		}
	}
	v := openViews(t, path)
	defer v.Close()
	if got, want := dump(t, v), dump(t, clean); got != want {
		t.Fatalf("views rebuilt into a new file differ from a rebuild in place: %s", firstDiff(got, want))
	}
	cps, err := v.Checkpoints(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for name, p := range cps {
		if p != head {
			t.Fatalf("checkpoint of %s at %d, want %d", name, p, head)
		}
	}
}

// failingReader fails after a few pages.
type failingReader struct {
	events.Reader
	after events.Position
}

var errReadFailed = errors.New("read failed")

func (r failingReader) ReadAll(ctx context.Context, after events.Position, limit int) ([]events.Envelope, error) {
	if after >= r.after {
		return nil, errReadFailed
	}
	return r.Reader.ReadAll(ctx, after, limit)
}

func TestRebuildFileThatFailsLeavesTheViews(t *testing.T) {
	ctx := context.Background()
	st := quietLedger(t)
	if _, err := st.AppendBatch(ctx, fixtureRequests(t, 1000)); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "views.duckdb")
	v := openViews(t, path)
	if _, err := v.CatchUp(ctx, st, projections.CatchUpOptions{}); err != nil {
		t.Fatal(err)
	}
	before := dump(t, v)
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	_, err := projections.RebuildFile(ctx, path, failingReader{st, 600}, projections.CatchUpOptions{PageSize: 200})
	if !errors.Is(err, errReadFailed) {
		t.Fatalf("rebuild: %v, want the reader's error", err)
	}
	if _, err := os.Stat(path + projections.RebuildSuffix); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the failed rebuild's file was left: %v", err)
	}
	v = openViews(t, path)
	defer v.Close()
	if after := dump(t, v); after != before {
		t.Fatalf("a failed rebuild changed the views: %s", firstDiff(after, before))
	}
}

func TestOpenRemovesAnUnfinishedRebuild(t *testing.T) {
	path := filepath.Join(t.TempDir(), "views.duckdb")
	for _, f := range []string{path + projections.RebuildSuffix, path + projections.RebuildSuffix + ".wal"} {
		if err := os.WriteFile(f, []byte("half a rebuild"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	v := openViews(t, path)
	defer v.Close()
	for _, f := range []string{path + projections.RebuildSuffix, path + projections.RebuildSuffix + ".wal"} {
		if _, err := os.Stat(f); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("%s still there after Open: %v", f, err)
		}
	}
}

func TestRebuildFileRefusesViewsInUse(t *testing.T) {
	ctx := context.Background()
	st := newLedger(t)
	if _, err := st.AppendBatch(ctx, fixtureRequests(t, 100)); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "views.duckdb")
	v := openViews(t, path)
	defer v.Close()
	if _, err := projections.RebuildFile(ctx, path, st, projections.CatchUpOptions{}); !errors.Is(err, projections.ErrViewsInUse) {
		t.Fatalf("rebuild of open views: %v, want ErrViewsInUse", err)
	}
}

func TestRebuildFileCreatesMissingViews(t *testing.T) {
	ctx := context.Background()
	st := newLedger(t)
	if _, err := st.AppendBatch(ctx, fixtureRequests(t, 200)); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "views.duckdb")
	reached, err := projections.RebuildFile(ctx, path, st, projections.CatchUpOptions{})
	if err != nil {
		t.Fatal(err)
	}
	v := openViews(t, path)
	defer v.Close()
	if cp, err := v.Checkpoint(ctx); err != nil || cp != reached || reached == 0 {
		t.Fatalf("checkpoint %d (%v), want %d", cp, err, reached)
	}
}

// upTo reads a ledger only as far as a position.
type upTo struct {
	events.Reader
	last events.Position
}

func (u upTo) ReadAll(ctx context.Context, after events.Position, limit int) ([]events.Envelope, error) {
	page, err := u.Reader.ReadAll(ctx, after, limit)
	for i, e := range page {
		if e.Position > u.last {
			return page[:i], err
		}
	}
	return page, err
}
