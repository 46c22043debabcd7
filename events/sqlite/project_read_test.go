package sqlite_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/mentorledger/mentorledger/events"
)

func TestReadForProjectionReadsWhatReadAllReads(t *testing.T) {
	ctx := context.Background()
	s := open(t, filepath.Join(t.TempDir(), "ledger.db"))
	defer closeStore(t, s)
	at := time.Date(2024, 2, 29, 23, 59, 58, 123456789, time.UTC)
	for i := 0; i < 50; i++ {
		ev := event(i)
		ev.RecordedAt = at.Add(time.Duration(i) * 37 * time.Hour)
		ev.Actor = fmt.Sprintf("actör-%d", i%3) // not ASCII: lengths are in bytes
		ev.CorrelationID = "corr"
		mustAppend(t, s, fmt.Sprintf("stream-%d", i%7), ev)
	}
	for _, page := range []int{1, 7, 1000} {
		var after events.Position
		for {
			want, err := s.ReadAll(ctx, after, page)
			if err != nil {
				t.Fatal(err)
			}
			got, err := s.ReadForProjection(ctx, after, page)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Fatalf("page after %d: %d events, want %d", after, len(got), len(want))
			}
			for i := range want {
				w := want[i]
				w.PrevHash, w.Hash, w.CorrelationID, w.CausationID = "", "", "", ""
				g := got[i]
				if g.ID != w.ID || g.Stream != w.Stream || g.Version != w.Version || g.Position != w.Position ||
					g.Type != w.Type || g.SchemaVersion != w.SchemaVersion || g.RecordedAt != w.RecordedAt ||
					g.Actor != w.Actor || string(g.Payload) != string(w.Payload) || g.Hash != "" || g.CorrelationID != "" {
					t.Fatalf("position %d:\n got %+v\nwant %+v", w.Position, g, w)
				}
			}
			if len(want) < page {
				break
			}
			after = want[len(want)-1].Position
		}
	}
	if _, err := s.ReadForProjection(ctx, 0, 0); events.ErrorCode(err) != events.EINVALID {
		t.Fatalf("limit 0: %v, want EINVALID", err)
	}
}
