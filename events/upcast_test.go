package events_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/mentorledger/mentorledger/events"
)

const contactV1 = `{"relationship_id":"rel-1","contact_on":"2025-05-06","by":"m1","by_role":"mentor","method":"email"}`

func TestContactMadeIsRegisteredAtVersion2(t *testing.T) {
	ti, ok := events.Lookup("relationship.contact_made")
	if !ok {
		t.Fatal("relationship.contact_made is not registered")
	}
	if got, want := ti.SchemaVersion, 2; got != want {
		t.Fatalf("SchemaVersion=%d, want %d", got, want)
	}
	ne, err := events.Encode(events.ContactMade{RelationshipID: "rel-1", ContactOn: events.MustDate("2025-05-06"), By: "m1",
		ByRole: events.RoleMentor, Method: events.MethodPhone, Minutes: 20})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ne.SchemaVersion, 2; got != want {
		t.Fatalf("new events written in version %d, want %d", got, want)
	}
}

func TestDecodeUpcastsAVersion1EnvelopeAndLeavesItAlone(t *testing.T) {
	e := events.Envelope{Type: "relationship.contact_made", SchemaVersion: 1, Payload: []byte(contactV1), Hash: "h"}
	before := e
	before.Payload = bytes.Clone(e.Payload)
	p, err := events.Decode(&e)
	if err != nil {
		t.Fatal(err)
	}
	want := events.ContactMade{RelationshipID: "rel-1", ContactOn: events.MustDate("2025-05-06"), By: "m1", ByRole: "mentor", Method: "email"}
	if got, ok := p.(events.ContactMade); !ok || got != want {
		t.Fatalf("decoded %#v, want %#v", p, want)
	}
	if e.SchemaVersion != before.SchemaVersion || !bytes.Equal(e.Payload, before.Payload) || e.Hash != before.Hash {
		t.Fatalf("Decode changed the envelope: v%d %s", e.SchemaVersion, e.Payload)
	}
}

func TestUpcastRewritesTheEnvelopeToTheCurrentVersion(t *testing.T) {
	e := &events.Envelope{Type: "relationship.contact_made", SchemaVersion: 1, Payload: []byte(contactV1)}
	if err := events.Upcast(e); err != nil {
		t.Fatal(err)
	}
	if got, want := e.SchemaVersion, 2; got != want {
		t.Fatalf("SchemaVersion=%d, want %d", got, want)
	}
	if got, want := string(e.Payload), contactV1; got != want {
		t.Fatalf("Payload=%s, want %s (the step adds nothing)", got, want)
	}
}

func TestDecodeRejectsAVersionNewerThanThisBuild(t *testing.T) {
	_, err := events.Decode(&events.Envelope{Type: "relationship.contact_made", SchemaVersion: 3, Payload: []byte(contactV1)})
	if got, want := events.ErrorCode(err), events.EINVALID; got != want {
		t.Fatalf("code=%q, want %q (err %v)", got, want, err)
	}
	if got, want := err.Error(), "schema_version: relationship.contact_made version 3 is newer than this build's version 2"; got != want {
		t.Fatalf("message=%q, want %q", got, want)
	}
}

// In these tests relationship.meeting_logged is at version 3: version 2
// renamed minutes to length_minutes and version 3 added a venue object.
func testUpcasters(tb testing.TB) (*events.Upcasters, *[]string) {
	tb.Helper()
	var calls []string
	u := &events.Upcasters{Current: func(eventType string) (int, bool) {
		if eventType == "relationship.meeting_logged" {
			return 3, true
		}
		ti, ok := events.Lookup(eventType)
		return ti.SchemaVersion, ok
	}}
	u.Add("relationship.meeting_logged", 1, func(b []byte) ([]byte, error) {
		calls = append(calls, "1→2")
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, err
		}
		m["length_minutes"] = m["minutes"]
		delete(m, "minutes")
		return json.Marshal(m)
	})
	u.Add("relationship.meeting_logged", 2, func(b []byte) ([]byte, error) {
		calls = append(calls, "2→3")
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, err
		}
		m["venue"] = map[string]any{"name": m["location"], "kind": m["location_kind"]}
		delete(m, "location")
		delete(m, "location_kind")
		return json.Marshal(m)
	})
	return u, &calls
}

func TestUpcastRewritesStepByStep(t *testing.T) {
	u, calls := testUpcasters(t)
	e := &events.Envelope{Type: "relationship.meeting_logged", SchemaVersion: 1, Payload: []byte(`{"minutes":90,"location":"Library","location_kind":"neutral"}`)}
	if err := u.Upcast(e); err != nil {
		t.Fatal(err)
	}
	if got, want := e.SchemaVersion, 3; got != want {
		t.Errorf("SchemaVersion=%d, want %d", got, want)
	}
	if got, want := string(e.Payload), `{"length_minutes":90,"venue":{"kind":"neutral","name":"Library"}}`; got != want {
		t.Errorf("Payload=%s, want %s", got, want)
	}
	if got, want := strings.Join(*calls, " "), "1→2 2→3"; got != want {
		t.Errorf("calls=%q, want %q", got, want)
	}

	*calls = nil
	e = &events.Envelope{Type: "relationship.meeting_logged", SchemaVersion: 2, Payload: []byte(`{"length_minutes":90,"location":"Library","location_kind":"neutral"}`)}
	if err := u.Upcast(e); err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(*calls, " "), "2→3"; got != want {
		t.Errorf("calls from version 2=%q, want %q", got, want)
	}
}

func TestUpcastErrors(t *testing.T) {
	tests := []struct {
		name     string
		envelope events.Envelope
		code     string
		want     string
	}{
		{"unknown type", events.Envelope{Type: "relationship.hugged", SchemaVersion: 1}, events.EINVALID, `type: unknown event type "relationship.hugged"`},
		{"version zero", events.Envelope{Type: "relationship.ended", SchemaVersion: 0}, events.EINVALID, "schema_version: must be ≥ 1, got 0"},
		{"newer than this build", events.Envelope{Type: "relationship.ended", SchemaVersion: 2}, events.EINVALID, "schema_version: relationship.ended version 2 is newer than this build's version 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := tt.envelope
			err := events.Upcast(&e)
			if got := events.ErrorCode(err); got != tt.code {
				t.Fatalf("code=%q, want %q (err %v)", got, tt.code, err)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("message=%q, want %q", got, tt.want)
			}
			if e.SchemaVersion != tt.envelope.SchemaVersion {
				t.Errorf("SchemaVersion changed to %d", e.SchemaVersion)
			}
		})
	}
}

func TestUpcastFailureLeavesEnvelope(t *testing.T) {
	payload := []byte(`{"minutes":90}`)
	fail := errors.New("boom")
	tests := []struct {
		name string
		set  func() *events.Upcasters
		want string
	}{
		{"missing step", func() *events.Upcasters {
			u := &events.Upcasters{Current: func(string) (int, bool) { return 3, true }}
			u.Add("relationship.meeting_logged", 1, func(b []byte) ([]byte, error) { return b, nil })
			return u
		}, "upcast relationship.meeting_logged: no upcaster from version 2 to 3"},
		{"upcaster fails", func() *events.Upcasters {
			u := &events.Upcasters{Current: func(string) (int, bool) { return 2, true }}
			u.Add("relationship.meeting_logged", 1, func([]byte) ([]byte, error) { return nil, fail })
			return u
		}, "upcast relationship.meeting_logged from version 1: boom"},
		{"result fails the check", func() *events.Upcasters {
			u := &events.Upcasters{
				Current: func(string) (int, bool) { return 2, true },
				Check: func(eventType string, version int, payload []byte) error {
					return events.Errorf(events.EINVALID, "%s v%d: rejected %s", eventType, version, payload)
				},
			}
			u.Add("relationship.meeting_logged", 1, func([]byte) ([]byte, error) { return []byte(`{}`), nil })
			return u
		}, "upcast relationship.meeting_logged from version 1 to 2: relationship.meeting_logged v2: rejected {}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := &events.Envelope{Type: "relationship.meeting_logged", SchemaVersion: 1, Payload: payload}
			err := tt.set().Upcast(e)
			if err == nil {
				t.Fatal("Upcast = nil")
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("message=%q, want %q", got, tt.want)
			}
			if e.SchemaVersion != 1 || !bytes.Equal(e.Payload, payload) {
				t.Errorf("envelope changed: v%d %s", e.SchemaVersion, e.Payload)
			}
		})
	}
	u := &events.Upcasters{Current: func(string) (int, bool) { return 2, true }}
	u.Add("relationship.meeting_logged", 1, func([]byte) ([]byte, error) { return nil, fail })
	if err := u.Upcast(&events.Envelope{Type: "relationship.meeting_logged", SchemaVersion: 1}); !errors.Is(err, fail) {
		t.Error("the upcaster's error is not wrapped")
	}
}

func TestUpcastersAddPanics(t *testing.T) {
	for _, tt := range []struct {
		name string
		add  func(u *events.Upcasters)
	}{
		{"twice for one step", func(u *events.Upcasters) {
			u.Add("relationship.ended", 1, nil)
			u.Add("relationship.ended", 1, nil)
		}},
		{"from version 0", func(u *events.Upcasters) { u.Add("relationship.ended", 0, nil) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("Add did not panic")
				}
			}()
			tt.add(&events.Upcasters{})
		})
	}
	defer func() {
		if recover() == nil {
			t.Error("RegisterUpcaster did not panic on a second contact_made 1→2 step")
		}
	}()
	events.RegisterUpcaster("relationship.contact_made", 1, func(b []byte) ([]byte, error) { return b, nil })
}
