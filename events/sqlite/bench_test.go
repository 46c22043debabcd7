package sqlite_test

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/mentorledger/mentorledger/events"
)

// benchPayload is the size and shape of a typical event.
var benchPayload = json.RawMessage(`{"relationship_id":"0190f3c4-8a8e-7c3a-9a53-2f7d61b4c1aa","met_on":"2025-03-14","minutes":60,"method":"in_person","topics":["goals","progress"]}`)

func benchEvent() events.NewEvent {
	return events.NewEvent{Type: "relationship.meeting_logged", SchemaVersion: 1, Actor: "bench", Payload: benchPayload}
}

// BenchmarkAppendConcurrent: 64 goroutines, each appending one event at a
// time to its own stream at the version it expects; every append is
// durable (fsynced) before it returns.
//
//	go test ./events/sqlite -run '^$' -bench AppendConcurrent -benchtime 100000x
func BenchmarkAppendConcurrent(b *testing.B) {
	const writers = 64
	s := open(b, filepath.Join(b.TempDir(), "ledger.db"))
	defer s.Close()
	ctx := context.Background()
	var next atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	for w := 0; w < writers; w++ {
		wg.Go(func() {
			stream := fmt.Sprintf("relationship-%d", w)
			var v int64
			for next.Add(1) <= int64(b.N) {
				res, err := s.Append(ctx, stream, events.Exact(v), benchEvent())
				if err != nil {
					b.Error(err)
					return
				}
				v = res.Version
			}
		})
	}
	wg.Wait()
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkAppendBatch: one AppendBatch of many events into a new ledger,
// as an import does, in requests of per_stream events each (one request
// holding them all when per_stream is the size), with ids made by the
// ledger or supplied by the caller as an import's are.
//
//	go test ./events/sqlite -run '^$' -bench AppendBatch -benchtime 1x
func BenchmarkAppendBatch(b *testing.B) {
	for _, size := range []int{100_000, 1_000_000} {
		for _, perStream := range []int{100, size} {
			for _, ids := range []string{"ledger", "caller"} {
				name := fmt.Sprintf("events=%d/per_stream=%d/ids=%s", size, perStream, ids)
				b.Run(name, func(b *testing.B) {
					benchBatch(b, size, perStream, ids == "caller")
				})
			}
		}
	}
}

func benchBatch(b *testing.B, size, perStream int, callerIDs bool) {
	s := open(b, filepath.Join(b.TempDir(), "ledger.db"))
	defer s.Close()
	ctx := context.Background()
	build := func(round int) []events.AppendRequest {
		reqs := make([]events.AppendRequest, 0, size/perStream)
		for i := 0; i < size; i += perStream {
			evs := make([]events.NewEvent, perStream)
			for k := range evs {
				evs[k] = benchEvent()
				if callerIDs {
					evs[k].ID = uuid4()
				}
			}
			reqs = append(reqs, events.AppendRequest{Stream: fmt.Sprintf("import-%d-%d", round, i), Expected: events.NoStream, Events: evs})
		}
		return reqs
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		reqs := build(i)
		b.StartTimer()
		if _, err := s.AppendBatch(ctx, reqs); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(size*b.N)/b.Elapsed().Seconds(), "events/s")
}

func uuid4() string {
	var u [16]byte
	_, _ = rand.Read(u[:])
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:])
}
