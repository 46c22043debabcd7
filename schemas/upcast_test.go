package schemas_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/schemas"
)

// The upcaster mechanism lives in package events (events/upcast_test.go
// tests it step by step); these tests cover the schemas wrapper and the
// upcasters this build registers.

func TestUpcastLeavesCurrentVersionAlone(t *testing.T) {
	payload := firstExampleJSON(t, "relationship.meeting_logged")
	e := &events.Envelope{Type: "relationship.meeting_logged", SchemaVersion: 1, Payload: payload}
	if err := schemas.Upcast(e); err != nil {
		t.Fatal(err)
	}
	if got, want := e.SchemaVersion, 1; got != want {
		t.Errorf("SchemaVersion=%d, want %d", got, want)
	}
	if !bytes.Equal(e.Payload, payload) {
		t.Errorf("Payload changed: %s", e.Payload)
	}
}

func TestUpcastContactMadeFromVersion1To2(t *testing.T) {
	v1 := []byte(`{"relationship_id":"rel-1","contact_on":"2025-05-06","by":"m1","by_role":"mentor","method":"email"}`)
	if err := schemas.Validate("relationship.contact_made", 1, v1); err != nil {
		t.Fatalf("v1 payload fails its v1 schema: %v", err)
	}
	e := &events.Envelope{Type: "relationship.contact_made", SchemaVersion: 1, Payload: v1}
	if err := schemas.Upcast(e); err != nil {
		t.Fatal(err)
	}
	if got, want := e.SchemaVersion, 2; got != want {
		t.Errorf("SchemaVersion=%d, want %d", got, want)
	}
	if err := schemas.Validate("relationship.contact_made", 2, e.Payload); err != nil {
		t.Errorf("upcast payload fails the v2 schema: %v", err)
	}
}

// TestBothVersionsOfContactMadeValidate: old events, and old exports, are
// checked against the version they were written in; the new field exists
// only from version 2.
func TestBothVersionsOfContactMadeValidate(t *testing.T) {
	const cm = "relationship.contact_made"
	base := `{"relationship_id":"rel-1","contact_on":"2025-05-06","by":"m1","by_role":"mentor","method":"email"%s}`
	tests := []struct {
		name    string
		version int
		extra   string
		want    string // "" when valid
	}{
		{"v1 without minutes", 1, "", ""},
		{"v2 without minutes", 2, "", ""},
		{"v2 with minutes", 2, `,"minutes":20`, ""},
		{"v2 at the bound", 2, `,"minutes":240`, ""},
		{"v1 with minutes", 1, `,"minutes":20`, "relationship.contact_made.minutes: "},
		{"v2 minutes zero", 2, `,"minutes":0`, "relationship.contact_made.minutes: must be 1..240"},
		{"v2 minutes over", 2, `,"minutes":241`, "relationship.contact_made.minutes: must be 1..240"},
		{"v3", 3, "", "schema_version: relationship.contact_made has no schema version 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := schemas.Validate(cm, tt.version, []byte(fmt.Sprintf(base, tt.extra)))
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("rejected: %v", err)
			case tt.want != "" && err == nil:
				t.Fatalf("accepted, want %q", tt.want)
			case tt.want != "" && !bytes.Contains([]byte(err.Error()), []byte(tt.want)):
				t.Fatalf("error %q, want it to contain %q", err, tt.want)
			}
		})
	}
}

// TestEveryOldExampleUpcastsToAValidCurrentPayload runs every example of
// every older schema version through the registered upcasters: the result
// must pass the current schema and decode.
func TestEveryOldExampleUpcastsToAValidCurrentPayload(t *testing.T) {
	n := 0
	for _, ex := range examples(t) {
		ti, _ := events.Lookup(ex.eventType)
		if ex.version == ti.SchemaVersion {
			continue
		}
		n++
		e := &events.Envelope{Type: ex.eventType, SchemaVersion: ex.version, Payload: ex.payload}
		if err := schemas.Upcast(e); err != nil {
			t.Errorf("%s v%d example: %v", ex.eventType, ex.version, err)
			continue
		}
		if _, err := events.Decode(e); err != nil {
			t.Errorf("%s v%d example upcast: %v", ex.eventType, ex.version, err)
		}
	}
	if n == 0 {
		t.Fatal("no example of an older version: is relationship.contact_made v1 gone?")
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
		{"upcast result fails the schema", events.Envelope{Type: "relationship.contact_made", SchemaVersion: 1, Payload: []byte(`{"relationship_id":"rel-1"}`)},
			events.EINVALID, "upcast relationship.contact_made from version 1 to 2: relationship.contact_made.by: is required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := tt.envelope
			err := schemas.Upcast(&e)
			if got := events.ErrorCode(err); got != tt.code {
				t.Fatalf("code=%q, want %q (err %v)", got, tt.code, err)
			}
			if got := err.Error(); !bytes.HasPrefix([]byte(got), []byte(tt.want)) {
				t.Errorf("message=%q, want it to start with %q", got, tt.want)
			}
			if e.SchemaVersion != tt.envelope.SchemaVersion || !bytes.Equal(e.Payload, tt.envelope.Payload) {
				t.Errorf("envelope changed: v%d %s", e.SchemaVersion, e.Payload)
			}
		})
	}
}
