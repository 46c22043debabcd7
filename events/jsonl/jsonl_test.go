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

// manyLines is a file of n lines over several streams, each stream's
// lines in runs longer than a block, so that runs cross blocks.
func manyLines(n int) []string {
	ls := make([]string, n)
	for i := range ls {
		stream := fmt.Sprintf("relationship-r%d", i/5000)
		ls[i] = strings.Replace(strings.Replace(goodLog, `"stream":"relationship-r1"`, `"stream":"`+stream+`"`, 1),
			`{"type"`, fmt.Sprintf(`{"id":"e-%d","type"`, i), 1)
	}
	return ls
}

// Stream hands over, part by part, exactly the requests Parse returns.
func TestStreamHandsOverWhatParseReturns(t *testing.T) {
	ls := manyLines(12000) // about 8 MB: several blocks
	ls[7000] = strings.Replace(ls[7000], `"stream":`, `"expected_version":1400,"stream":`, 1)
	want, err := jsonl.Parse(lines(ls...), jsonl.Options{Actor: "a"})
	if err != nil {
		t.Fatal(err)
	}
	var got []events.AppendRequest
	calls := 0
	returned, err := jsonl.Stream(lines(ls...), jsonl.Options{Actor: "a"}, func(part []events.AppendRequest) error {
		calls++
		got = append(got, part...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if calls < 2 {
		t.Fatalf("add called %d times, want the file in several parts", calls)
	}
	for _, reqs := range [][]events.AppendRequest{got, returned} {
		if len(reqs) != len(want) {
			t.Fatalf("%d requests, want %d", len(reqs), len(want))
		}
		for i := range want {
			if reqs[i].Stream != want[i].Stream || reqs[i].Expected != want[i].Expected || len(reqs[i].Events) != len(want[i].Events) {
				t.Fatalf("request %d: %s %d ×%d, want %s %d ×%d", i, reqs[i].Stream, reqs[i].Expected, len(reqs[i].Events),
					want[i].Stream, want[i].Expected, len(want[i].Events))
			}
			for k := range want[i].Events {
				if g, w := reqs[i].Events[k], want[i].Events[k]; g.ID != w.ID || string(g.Payload) != string(w.Payload) || g.Actor != w.Actor {
					t.Fatalf("request %d event %d: %+v, want %+v", i, k, g, w)
				}
			}
		}
	}
	if got, want := len(want), 4; got != want { // streams r0, r1 (split by the expected version), r2
		t.Fatalf("requests=%d, want %d", got, want)
	}
}

// A bad line late in the file fails the whole file, and add is not called
// for anything after it; an empty line is reported alone.
func TestStreamStopsHandingOverAtABadLine(t *testing.T) {
	ls := manyLines(12000)
	ls[11000] = strings.Replace(ls[11000], `"minutes":60`, `"minutes":0`, 1)
	ls[11500] = strings.Replace(ls[11500], `"minutes":60`, `"minutes":900`, 1)
	handed := 0
	_, err := jsonl.Stream(lines(ls...), jsonl.Options{}, func(part []events.AppendRequest) error {
		for _, r := range part {
			handed += len(r.Events)
		}
		return nil
	})
	var fe *jsonl.FileError
	if !errors.As(err, &fe) || len(fe.Lines) != 2 || fe.Lines[0].Line != 11001 || fe.Lines[1].Line != 11501 {
		t.Fatalf("error %v, want lines 11001 and 11501", err)
	}
	if got, want := fe.Lines[0].Error(), "line 11001: relationship.meeting_logged.minutes: must be 1..480, got 0"; got != want {
		t.Fatalf("error %q, want %q", got, want)
	}
	if handed >= 11000 {
		t.Fatalf("%d events handed over, want fewer than the 11000 before the bad line", handed)
	}

	ls[11000], ls[11500] = ls[10999], "   "
	_, err = jsonl.Stream(lines(ls...), jsonl.Options{}, func([]events.AppendRequest) error { return nil })
	if err == nil || err.Error() != "line 11501: empty line" {
		t.Fatalf("error %v, want line 11501: empty line", err)
	}
}

// An error from add stops Stream, which returns it.
func TestStreamStopsWhenAddFails(t *testing.T) {
	full := errors.New("disk full")
	calls := 0
	_, err := jsonl.Stream(lines(manyLines(12000)...), jsonl.Options{}, func([]events.AppendRequest) error {
		calls++
		return full
	})
	if !errors.Is(err, full) || calls != 1 {
		t.Fatalf("error %v after %d calls, want %v after 1", err, calls, full)
	}
}

func TestStreamReadsAFileWithoutAFinalNewline(t *testing.T) {
	reqs, err := jsonl.Parse(strings.NewReader(goodLog+"\n"+goodLog), jsonl.Options{})
	if err != nil || len(reqs) != 1 || len(reqs[0].Events) != 2 {
		t.Fatalf("%v, %+v", err, reqs)
	}
	if _, err := jsonl.Parse(strings.NewReader(""), jsonl.Options{}); err == nil || !strings.Contains(err.Error(), "no events") {
		t.Fatalf("empty file: %v", err)
	}
	long := strings.Replace(goodLog, `"location":"library"`, `"location":"`+strings.Repeat("x", jsonl.MaxLineBytes)+`"`, 1)
	if _, err := jsonl.Parse(lines(goodLog, long, goodLog), jsonl.Options{}); err == nil || err.Error() != fmt.Sprintf("line 2: line longer than %d bytes", jsonl.MaxLineBytes) {
		t.Fatalf("long line: %v", err)
	}
}
