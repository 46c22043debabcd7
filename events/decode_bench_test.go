package events_test

import (
	"testing"

	"github.com/mentorledger/mentorledger/events"
)

func BenchmarkDecodeMeetingLogged(b *testing.B) {
	ne, err := events.Encode(events.MeetingLogged{RelationshipID: "rel-000001", MeetingID: "rel-000001-m01", HeldOn: events.MustDate("2025-03-03"),
		Location: "library meeting room", LocationKind: events.LocationNeutral, Minutes: 75, Method: events.MethodFaceToFace,
		Topics: []string{"caseload", "supervision"}, Actions: []events.Action{{Description: "draft supervision plan", Owner: "mentee"}},
		CompletedBy: "p-000001-b", CompletedByRole: events.RoleMentee})
	if err != nil {
		b.Fatal(err)
	}
	env := events.Envelope{Type: ne.Type, Payload: ne.Payload}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := events.Decode(&env); err != nil {
			b.Fatal(err)
		}
	}
}
