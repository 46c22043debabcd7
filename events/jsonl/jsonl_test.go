package jsonl_test

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/events/jsonl"
)

const goodLog = `{"type":"relationship.meeting_logged","stream":"relationship-r1","payload":{"relationship_id":"r1","meeting_id":"m1","held_on":"2025-03-03","location":"library","location_kind":"neutral","minutes":60,"method":"face_to_face","topics":["caseload"],"actions":[{"description":"read the policy","owner":"mentee"}],"completed_by":"p2","completed_by_role":"mentee"}}`

func lines(ls ...string) *strings.Reader { return strings.NewReader(strings.Join(ls, "\n") + "\n") }

func TestParseGroupsConsecutiveLinesOfAStream(t *testing.T) {
	other := strings.Replace(goodLog, `"stream":"relationship-r1"`, `"stream":"relationship-r2"`, 1)
	reqs, err := jsonl.Parse(lines(goodLog, goodLog, other, goodLog), jsonl.Options{Actor: "me"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(reqs), 3; got != want {
		t.Fatalf("requests=%d, want %d", got, want)
	}
	if got, want := len(reqs[0].Events), 2; got != want {
		t.Fatalf("events in first request=%d, want %d", got, want)
	}
	if got, want := reqs[0].Events[0].Actor, "me"; got != want {
		t.Fatalf("actor=%q, want %q", got, want)
	}
	if reqs[0].Expected != events.Any {
		t.Fatalf("expected=%d, want Any", reqs[0].Expected)
	}
}

func TestParseExpectedVersionStartsARequest(t *testing.T) {
	withExp := strings.Replace(goodLog, `"stream":"relationship-r1"`, `"stream":"relationship-r1","expected_version":1`, 1)
	reqs, err := jsonl.Parse(lines(goodLog, withExp), jsonl.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(reqs), 2; got != want {
		t.Fatalf("requests=%d, want %d", got, want)
	}
	if got, want := reqs[1].Expected, events.Exact(1); got != want {
		t.Fatalf("expected=%d, want %d", got, want)
	}
}

func TestOneBadLineRejectsTheFileNamingLineFieldAndRule(t *testing.T) {
	var ls []string
	for i := 0; i < 20; i++ {
		ls = append(ls, goodLog)
	}
	ls[16] = strings.Replace(goodLog, `"minutes":60`, `"minutes":0`, 1)
	_, err := jsonl.Parse(lines(ls...), jsonl.Options{})
	if err == nil {
		t.Fatal("bad file accepted")
	}
	if got, want := err.Error(), "line 17: relationship.meeting_logged.minutes: must be 1..480, got 0"; got != want {
		t.Fatalf("error=%q\nwant  %q", got, want)
	}
	if got, want := events.ErrorCode(err), events.EINVALID; got != want {
		t.Fatalf("code=%q, want %q", got, want)
	}
}

func TestBadInputIsNamed(t *testing.T) {
	for _, tc := range []struct{ line, want string }{
		{`{"type":`, "line 1: malformed JSON"},
		{`{"type":"relationship.met","stream":"s","payload":{}}`, `line 1: type: unknown event type "relationship.met"`},
		{`{"type":"relationship.ended","payload":{}}`, "line 1: stream: is required"},
		{`{"type":"relationship.ended","stream":"$ledger-digests","payload":{}}`, "line 1: stream: \"$ledger-digests\" is a ledger system stream"},
		{`{"type":"relationship.ended","stream":"s","payload":{},"colour":"red"}`, `line 1: malformed JSON: json: unknown field "colour"`},
		{`{"type":"relationship.ended","stream":"relationship-r1","payload":{"relationship_id":"r1","ended_on":"2025-01-01","reason":"completed","planned":true,"blame":"mentor"}}`,
			"line 1: relationship.ended.blame: is not a field of relationship.ended"},
	} {
		_, err := jsonl.Parse(lines(tc.line), jsonl.Options{})
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%s\n error=%v\n want prefix %q", tc.line, err, tc.want)
		}
	}
}

func TestEveryBadLineIsListed(t *testing.T) {
	bad := strings.Replace(goodLog, `"minutes":60`, `"minutes":900`, 1)
	_, err := jsonl.Parse(lines(bad, goodLog, bad), jsonl.Options{})
	var fe *jsonl.FileError
	if !errors.As(err, &fe) {
		t.Fatalf("error %v is not a FileError", err)
	}
	if got, want := len(fe.Lines), 2; got != want {
		t.Fatalf("bad lines=%d, want %d", got, want)
	}
	if got, want := fe.Lines[1].Line, 3; got != want {
		t.Fatalf("second bad line=%d, want %d", got, want)
	}
}

func TestWriteThenParseKeepsEverything(t *testing.T) {
	reqs, err := jsonl.Parse(lines(goodLog), jsonl.Options{Actor: "a"})
	if err != nil {
		t.Fatal(err)
	}
	ev := reqs[0].Events[0]
	env := events.Envelope{ID: "e1", Stream: reqs[0].Stream, Version: 1, Position: 1, Type: ev.Type, SchemaVersion: ev.SchemaVersion,
		Actor: "a", CorrelationID: "c", CausationID: "k", Payload: ev.Payload}
	events.Seal(&env, events.GenesisHash)
	var buf bytes.Buffer
	w := jsonl.NewWriter(&buf)
	if err := w.Write(&env); err != nil {
		t.Fatal(err)
	}
	if err := w.Write(&events.Envelope{Stream: events.DigestStream, Type: "ledger.digest"}); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(buf.String(), "\n"); got != 1 {
		t.Fatalf("lines=%d, want 1 (system events are not exported)", got)
	}
	back, err := jsonl.Parse(&buf, jsonl.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := back[0].Events[0]
	if got.ID != "e1" || got.CorrelationID != "c" || got.CausationID != "k" || !bytes.Equal(got.Payload, ev.Payload) {
		t.Fatalf("round trip changed the event: %+v", got)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(goodLog + "\n"))
	f.Add([]byte(goodLog + "\n" + goodLog + "\n"))
	f.Add([]byte(`{"type":"relationship.ended","stream":"s","payload":{"relationship_id":"r1","ended_on":"2025-01-01","reason":"completed","planned":true}}`))
	f.Add([]byte("{}\n\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		reqs, err := jsonl.Parse(bytes.NewReader(data), jsonl.Options{})
		if err != nil {
			if events.ErrorCode(err) != events.EINVALID && !strings.HasPrefix(err.Error(), "read:") {
				t.Fatalf("error without the invalid code: %v", err)
			}
			return
		}
		for _, r := range reqs {
			for _, ev := range r.Events {
				if _, err := events.Decode(&events.Envelope{Type: ev.Type, Payload: ev.Payload}); err != nil {
					panic(fmt.Sprintf("accepted line does not decode: %v", err))
				}
			}
		}
	})
}
