package schemas_test

import (
	"bytes"
	"testing"

	"github.com/mentorledger/mentorledger/schemas"
)

// meetingLogged is a realistic relationship.meeting_logged payload, as
// events.Encode writes it (compact, HTML characters escaped).
var meetingLogged = []byte(`{"relationship_id":"rel-2025-000417","meeting_id":"mtg-2025-000417-03","held_on":"2025-04-22","location":"Community centre, meeting room 2","location_kind":"neutral","minutes":95,"method":"face_to_face","objectives_achieved":["Shadowed a supervision session","Read the Step into Leadership self-assessment"],"challenges":["Finding protected time for reflection \u0026 planning"],"topics":["Giving constructive feedback","Planning for the team restructure"],"steps":["Draft a feedback plan using the GROW model","Ask the line manager for two hours a month"],"next_topic":"Managing conflict in the team","actions":[{"description":"Book two hours of protected reflection time","owner":"mentee"},{"description":"Share the OSKAR guide and an example plan","owner":"mentor"},{"description":"Agree the agenda for May by email","owner":"both"}],"resources_required":["Resource 12: GROW","Resource 16: OSKAR"],"next_meeting_on":"2025-05-20","completed_by":"p-2025-0107","completed_by_role":"mentee"}`)

func BenchmarkValidate(b *testing.B) {
	if err := schemas.Validate("relationship.meeting_logged", 1, meetingLogged); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(meetingLogged)))
	b.ReportAllocs()
	for b.Loop() {
		if err := schemas.Validate("relationship.meeting_logged", 1, meetingLogged); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkValidateParallel(b *testing.B) {
	if err := schemas.Validate("relationship.meeting_logged", 1, meetingLogged); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(meetingLogged)))
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := schemas.Validate("relationship.meeting_logged", 1, meetingLogged); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkValidateLibrary is Validate without the fast path: the cost of
// decoding into `any` and walking it with santhosh-tekuri/jsonschema.
func BenchmarkValidateLibrary(b *testing.B) {
	b.SetBytes(int64(len(meetingLogged)))
	b.ReportAllocs()
	for b.Loop() {
		if err := schemas.ValidateWithLibrary("relationship.meeting_logged", 1, meetingLogged); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkValidateInvalid is the cost of a rejection, which always takes
// the library path and builds a message.
func BenchmarkValidateInvalid(b *testing.B) {
	invalid := bytes.Replace(meetingLogged, []byte(`"minutes":95`), []byte(`"minutes":0`), 1)
	b.ReportAllocs()
	for b.Loop() {
		if err := schemas.Validate("relationship.meeting_logged", 1, invalid); err == nil {
			b.Fatal("Validate = nil")
		}
	}
}
