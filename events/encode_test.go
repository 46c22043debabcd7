package events_test

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/events/fixture"
)

// Encode writes payloads with goccy/go-json, for speed (a command encodes
// what it records, and an import's check encodes every event again); its
// bytes must be exactly encoding/json's, which encoded every event
// recorded before, so that an event encodes the same whichever wrote it.
func TestEncodeWritesWhatEncodingJSONWrites(t *testing.T) {
	reqs, err := fixture.Requests(60000)
	if err != nil {
		t.Fatal(err)
	}
	var payloads []events.Payload
	types := map[string]bool{}
	for _, r := range reqs {
		for _, ev := range r.Events {
			p, err := events.Decode(&events.Envelope{Type: ev.Type, SchemaVersion: ev.SchemaVersion, Payload: ev.Payload})
			if err != nil {
				t.Fatal(err)
			}
			payloads = append(payloads, p)
			types[ev.Type] = true
		}
	}
	// Every registered type at its zero value: empty and missing fields.
	for _, ti := range events.Types() {
		p, err := events.Decode(&events.Envelope{Type: ti.Name, SchemaVersion: ti.SchemaVersion, Payload: []byte("{}")})
		if err != nil {
			t.Fatal(err)
		}
		payloads = append(payloads, p)
	}
	// Free text at its most awkward: HTML, the line and paragraph
	// separators, control characters, invalid UTF-8, quotes and escapes.
	awkward := "<b>a & b</b> \u2028\u2029 \x00\x01\x1f \xff\xfe \"quoted\" back\\slash / tab\t é 🙂"
	next := time.Date(2025, 3, 4, 5, 6, 7, 890123456, time.FixedZone("x", 3600))
	payloads = append(payloads,
		events.MeetingLogged{RelationshipID: "r", MeetingID: "m", Location: awkward, Topics: []string{awkward, ""},
			Actions: []events.Action{{Description: awkward, Owner: "mentor"}}, NextMeetingOn: nil},
		events.MeetingScheduled{RelationshipID: "r", MeetingID: "m", ScheduledFor: next, Agenda: []string{awkward}},
		events.MeetingPostponed{RelationshipID: "r", MeetingID: "m", NoticeGiven: next, NewTime: &next, Reason: awkward},
	)
	for i, p := range payloads {
		want, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		got, err := events.Encode(p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Payload, want) {
			t.Fatalf("payload %d (%s):\nencoding/json %s\nEncode        %s", i, p.EventType(), want, got.Payload)
		}
	}
	if len(types) < 30 {
		t.Fatalf("the fixture gave %d event types: too few to compare encoders on", len(types))
	}
	t.Logf("%d payloads of %d event types", len(payloads), len(types))
}
