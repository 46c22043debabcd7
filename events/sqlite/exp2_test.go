package sqlite

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/mentorledger/mentorledger/events"
)

func expReqs(n int) []events.AppendRequest {
	p := json.RawMessage(`{"relationship_id":"0190f3c4-8a8e-7c3a-9a53-2f7d61b4c1aa","met_on":"2025-03-14","minutes":60,"method":"in_person","topics":["goals","progress"]}`)
	evs := make([]events.NewEvent, n)
	for i := range evs {
		evs[i] = events.NewEvent{Type: "relationship.meeting_logged", SchemaVersion: 1, Actor: "bench", Payload: p}
	}
	return []events.AppendRequest{{Stream: "x", Expected: events.Any, Events: evs}}
}

func BenchmarkExpPrepare(b *testing.B) {
	reqs := expReqs(100000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := prepare(reqs); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*100000)/b.Elapsed().Seconds(), "events/s")
}

func BenchmarkExpUUID(b *testing.B) {
	for i := 0; i < b.N; i++ {
		_ = uuid.Must(uuid.NewV7()).String()
	}
}

func BenchmarkExpSeal(b *testing.B) {
	j, _ := prepare(expReqs(100000))
	envs := j.reqs[0].envs
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		seal(envs, streamHead{hash: events.GenesisHash}, 1, time.Now())
	}
	b.ReportMetric(float64(b.N*100000)/b.Elapsed().Seconds(), "events/s")
}
