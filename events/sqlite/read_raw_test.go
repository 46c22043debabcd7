package sqlite_test

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/mentorledger/mentorledger/events"
)

// ReadAll reads below database/sql; ReadStream still reads through it.
// Every event must come back the same both ways, field for field: ids and
// actors that are not ASCII, empty and non-empty correlation and causation
// ids, times with and without nanoseconds, pages of every size.
func TestReadAllReadsWhatReadStreamReads(t *testing.T) {
	ctx := context.Background()
	s := open(t, filepath.Join(t.TempDir(), "ledger.db"))
	defer closeStore(t, s)
	at := time.Date(2024, 2, 29, 23, 59, 58, 123456789, time.UTC)
	streams := map[string]bool{}
	for i := 0; i < 60; i++ {
		ev := event(i)
		ev.RecordedAt = at.Add(time.Duration(i) * 37 * time.Hour)
		if i%5 == 0 {
			ev.RecordedAt = ev.RecordedAt.Truncate(time.Second)
		}
		ev.Actor = fmt.Sprintf("actör-%d", i%3) // not ASCII: lengths are in bytes
		if i%2 == 0 {
			ev.CorrelationID, ev.CausationID = fmt.Sprintf("corr-é-%d", i), "cause"
		}
		stream := fmt.Sprintf("stream-ü-%d", i%7)
		streams[stream] = true
		mustAppend(t, s, stream, ev)
	}
	byID := map[string]events.Envelope{}
	for stream := range streams {
		envs, err := s.ReadStream(ctx, stream, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range envs {
			byID[e.ID] = e
		}
	}
	for _, page := range []int{1, 7, 1000} {
		var after events.Position
		n := 0
		for {
			got, err := s.ReadAll(ctx, after, page)
			if err != nil {
				t.Fatal(err)
			}
			for _, g := range got {
				w, ok := byID[g.ID]
				if !ok {
					t.Fatalf("ReadAll returned %s, which no stream holds", g.ID)
				}
				if !reflect.DeepEqual(g, w) {
					t.Fatalf("position %d:\nReadAll    %+v\nReadStream %+v", g.Position, g, w)
				}
				n++
			}
			if len(got) < page {
				break
			}
			after = got[len(got)-1].Position
		}
		if n != len(byID) {
			t.Fatalf("pages of %d: %d events, the streams hold %d", page, n, len(byID))
		}
	}
}
