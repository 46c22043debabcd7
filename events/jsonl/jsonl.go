// Package jsonl reads and writes the ledger as JSON Lines: one event per
// line. It is the format of `mentorledger import` and `export`, and an
// export imports into an empty ledger as the same events with the same
// hashes.
package jsonl

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"

	gojson "github.com/goccy/go-json"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/schemas"
)

// Line is one event in a JSON Lines file. Type, stream and payload are
// required; the rest are optional on import. Version, position, prev_hash
// and hash are written by export for the reader's benefit; on import they
// are checked to be well-formed and otherwise ignored (the ledger computes
// its own).
type Line struct {
	ID              string          `json:"id,omitempty"`
	Type            string          `json:"type"`
	SchemaVersion   int             `json:"schema_version,omitempty"`
	Stream          string          `json:"stream"`
	ExpectedVersion *int64          `json:"expected_version,omitempty"`
	RecordedAt      string          `json:"recorded_at,omitempty"`
	Actor           string          `json:"actor,omitempty"`
	CorrelationID   string          `json:"correlation_id,omitempty"`
	CausationID     string          `json:"causation_id,omitempty"`
	Payload         json.RawMessage `json:"payload"`
	Version         int64           `json:"version,omitempty"`
	Position        uint64          `json:"position,omitempty"`
	PrevHash        string          `json:"prev_hash,omitempty"`
	Hash            string          `json:"hash,omitempty"`
}

// MaxLineBytes is the longest line accepted.
const MaxLineBytes = 1 << 20

// LineError is a rejected line.
type LineError struct {
	Line int
	Err  error
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }
func (e *LineError) Unwrap() error { return e.Err }

// FileError is every rejected line of a file (up to MaxErrors).
type FileError struct {
	Lines []*LineError
	More  bool // more lines were bad than are listed
}

// MaxErrors is how many bad lines a FileError lists.
const MaxErrors = 20

func (e *FileError) Error() string {
	var b strings.Builder
	for i, l := range e.Lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(l.Error())
	}
	if e.More {
		fmt.Fprintf(&b, "\n(more bad lines not listed)")
	}
	return b.String()
}

// Unwrap lets events.ErrorCode see the first line's code.
func (e *FileError) Unwrap() error { return e.Lines[0] }

// Options says who is importing.
type Options struct {
	// Actor is recorded for lines that name none.
	Actor string
}

// Parse reads and validates a whole JSON Lines file and returns the append
// requests it asks for, in file order: consecutive lines of one stream
// without an expected version join one request. Nothing is appended here;
// any bad line makes the whole file fail with a *FileError.
func Parse(r io.Reader, opt Options) ([]events.AppendRequest, error) {
	raw, err := readLines(r)
	if err != nil {
		return nil, err
	}
	parsed := make([]events.NewEvent, len(raw))
	streams := make([]string, len(raw))
	expected := make([]*int64, len(raw))
	errs := make([]*LineError, len(raw))
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	chunk := (len(raw) + workers - 1) / workers
	for w := 0; w < workers; w++ {
		lo, hi := w*chunk, min((w+1)*chunk, len(raw))
		if lo >= hi {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := lo; i < hi; i++ {
				ev, l, err := parseLine(raw[i], opt)
				if err != nil {
					errs[i] = &LineError{Line: i + 1, Err: err}
					continue
				}
				parsed[i], streams[i], expected[i] = ev, l.Stream, l.ExpectedVersion
			}
		}()
	}
	wg.Wait()
	var fe FileError
	for _, e := range errs {
		if e == nil {
			continue
		}
		if len(fe.Lines) == MaxErrors {
			fe.More = true
			break
		}
		fe.Lines = append(fe.Lines, e)
	}
	if len(fe.Lines) > 0 {
		return nil, &fe
	}
	if len(raw) == 0 {
		return nil, events.Errorf(events.EINVALID, "file: no events")
	}
	var reqs []events.AppendRequest
	for i, ev := range parsed {
		n := len(reqs)
		if n > 0 && reqs[n-1].Stream == streams[i] && expected[i] == nil {
			reqs[n-1].Events = append(reqs[n-1].Events, ev)
			continue
		}
		exp := events.Any
		if expected[i] != nil {
			exp = events.Exact(*expected[i])
		}
		reqs = append(reqs, events.AppendRequest{Stream: streams[i], Expected: exp, Events: []events.NewEvent{ev}})
	}
	return reqs, nil
}

func readLines(r io.Reader) ([][]byte, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), MaxLineBytes)
	var out [][]byte
	n := 0
	for sc.Scan() {
		n++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			return nil, &FileError{Lines: []*LineError{{Line: n, Err: events.Errorf(events.EINVALID, "empty line")}}}
		}
		out = append(out, bytes.Clone(b))
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, &FileError{Lines: []*LineError{{Line: n + 1, Err: events.Errorf(events.EINVALID, "line longer than %d bytes", MaxLineBytes)}}}
		}
		return nil, fmt.Errorf("read: %w", err)
	}
	return out, nil
}

func parseLine(b []byte, opt Options) (events.NewEvent, *Line, error) {
	var l Line
	dec := gojson.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&l); err != nil {
		return events.NewEvent{}, nil, events.Errorf(events.EINVALID, "malformed JSON: %v", err)
	}
	if dec.More() {
		return events.NewEvent{}, nil, events.Errorf(events.EINVALID, "malformed JSON: more than one value on the line")
	}
	switch {
	case l.Type == "":
		return events.NewEvent{}, nil, events.Errorf(events.EINVALID, "type: is required")
	case l.Stream == "":
		return events.NewEvent{}, nil, events.Errorf(events.EINVALID, "stream: is required")
	case strings.HasPrefix(l.Stream, events.SystemStreamPrefix):
		return events.NewEvent{}, nil, events.Errorf(events.EINVALID, "stream: %q is a ledger system stream and cannot be imported into", l.Stream)
	case len(l.Payload) == 0:
		return events.NewEvent{}, nil, events.Errorf(events.EINVALID, "payload: is required")
	case l.ExpectedVersion != nil && *l.ExpectedVersion < 0:
		return events.NewEvent{}, nil, events.Errorf(events.EINVALID, "expected_version: must be ≥ 0, got %d", *l.ExpectedVersion)
	}
	t, ok := events.Lookup(l.Type)
	if !ok {
		return events.NewEvent{}, nil, events.Errorf(events.EINVALID, "type: unknown event type %q", l.Type)
	}
	if l.SchemaVersion == 0 {
		l.SchemaVersion = t.SchemaVersion
	}
	if err := schemas.Validate(l.Type, l.SchemaVersion, l.Payload); err != nil {
		return events.NewEvent{}, nil, err
	}
	ev := events.NewEvent{ID: l.ID, Type: l.Type, SchemaVersion: l.SchemaVersion, Actor: l.Actor,
		CorrelationID: l.CorrelationID, CausationID: l.CausationID, Payload: l.Payload}
	if ev.Actor == "" {
		ev.Actor = opt.Actor
	}
	if l.RecordedAt != "" {
		at, err := events.ParseTime(l.RecordedAt)
		if err != nil {
			return events.NewEvent{}, nil, events.Errorf(events.EINVALID, "recorded_at: must be an RFC 3339 time, got %q", l.RecordedAt)
		}
		ev.RecordedAt = at
	}
	return ev, &l, nil
}

// Writer writes envelopes as JSON Lines.
type Writer struct {
	w   *bufio.Writer
	enc *json.Encoder
}

// NewWriter returns a Writer on w; call Flush at the end.
func NewWriter(w io.Writer) *Writer {
	bw := bufio.NewWriterSize(w, 256*1024)
	return &Writer{w: bw, enc: json.NewEncoder(bw)}
}

// Write writes one event. Ledger system events are left out: the ledger
// that imports the file writes its own.
func (w *Writer) Write(e *events.Envelope) error {
	if strings.HasPrefix(e.Stream, events.SystemStreamPrefix) {
		return nil
	}
	return w.enc.Encode(Line{ID: e.ID, Type: e.Type, SchemaVersion: e.SchemaVersion, Stream: e.Stream,
		RecordedAt: events.FormatTime(e.RecordedAt), Actor: e.Actor, CorrelationID: e.CorrelationID,
		CausationID: e.CausationID, Payload: e.Payload, Version: e.Version, Position: uint64(e.Position),
		PrevHash: e.PrevHash, Hash: e.Hash})
}

// Flush writes out anything buffered.
func (w *Writer) Flush() error { return w.w.Flush() }
