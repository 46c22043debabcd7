package sqlite_test

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/events/sqlite"
)

// AppendRecorded hands back exactly what ReadStream reads afterwards, by
// the ordinary and the bulk way, with times from the store's clock and
// from the caller (in another zone); a retry of the same ids is a
// Duplicate with no envelopes, and a stale version records nothing.
func TestAppendRecordedIsWhatIsRead(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2026, 3, 1, 12, 30, 0, 123456789, time.UTC)
	for _, way := range []struct {
		name string
		opts []sqlite.Option
	}{{"ordinary", nil}, {"bulk", []sqlite.Option{sqlite.WithBulkAlways()}}} {
		t.Run(way.name, func(t *testing.T) {
			s := open(t, filepath.Join(t.TempDir(), "ledger.db"), append(way.opts, sqlite.WithClock(func() time.Time { return at }))...)
			defer closeStore(t, s)
			mustAppend(t, s, "s-1", event(1))
			zone := time.FixedZone("x", 2*3600)
			two := event(2)
			two.ID = "0190d6f4-1111-7000-8000-000000000002"
			evs := []events.NewEvent{
				two,
				{ID: "0190d6f4-1111-7000-8000-000000000001", Type: "test.happened", SchemaVersion: 1, Actor: "a",
					RecordedAt: time.Date(2026, 2, 1, 9, 0, 0, 5, zone), CorrelationID: "c", CausationID: "d",
					Payload: json.RawMessage("{ \"i\" : 3 }")},
			}
			res, got, err := s.AppendRecorded(ctx, "s-1", events.Exact(1), evs...)
			if err != nil {
				t.Fatal(err)
			}
			want, err := s.ReadStream(ctx, "s-1", 1)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("recorded:\n%+v\nread back:\n%+v", got, want)
			}
			if res.First != want[0].Position || res.Last != want[1].Position || res.Version != 3 || res.Duplicate {
				t.Fatalf("result %+v does not match %+v", res, want)
			}
			again, envs, err := s.AppendRecorded(ctx, "s-1", events.Exact(1), evs...)
			if err != nil || !again.Duplicate || envs != nil {
				t.Fatalf("retry = %+v, %d envelopes, %v; want a Duplicate without envelopes", again, len(envs), err)
			}
			if _, envs, err := s.AppendRecorded(ctx, "s-1", events.Exact(1), event(4)); !errors.Is(err, events.ErrConcurrency) || envs != nil {
				t.Fatalf("stale append = %d envelopes, %v; want ErrConcurrency", len(envs), err)
			}
		})
	}
}
