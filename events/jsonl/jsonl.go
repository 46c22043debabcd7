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
	return Stream(r, opt, nil)
}

// Stream is Parse that also hands the requests to add as it goes, in file
// order, as soon as every line up to them is valid, so that the caller can
// start appending while the rest of the file is being read and validated.
// The requests add sees, one call after another, are exactly those Parse
// returns, and they are not changed afterwards. Once a line is bad, add is
// not called again: the caller must drop what it was given when Stream
// returns an error (a *FileError for bad lines, "read: …" when reading
// fails, or add's own error, which stops Stream).
func Stream(r io.Reader, opt Options, add func([]events.AppendRequest) error) ([]events.AppendRequest, error) {
	workers := runtime.GOMAXPROCS(0)
	work := make(chan *block, workers)
	order := make(chan *block, 2*workers+2)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for b := range work {
				select {
				case <-stop:
				default:
					b.parse(opt)
				}
				close(b.done)
			}
		})
	}
	readErr := make(chan error, 1)
	go func() {
		defer close(order)
		defer close(work)
		readErr <- readBlocks(r, func(b *block) bool {
			select {
			case order <- b:
			case <-stop:
				return false
			}
			work <- b
			return true
		})
	}()
	// Whatever way this returns, the reader and the workers stop.
	stopped := false
	halt := func() {
		if !stopped {
			stopped = true
			close(stop)
		}
		for b := range order {
			<-b.done
		}
		wg.Wait()
	}
	defer halt()

	var parts [][]events.AppendRequest // complete requests, in order
	var open events.AppendRequest      // the last request, which the next line may continue
	var fe FileError
	var lineErr *LineError // an empty or too long line: the only error reported
	lines := 0
	emit := func(part []events.AppendRequest) error {
		if len(part) == 0 {
			return nil
		}
		parts = append(parts, part)
		if add == nil {
			return nil
		}
		return add(part)
	}
	for b := range order {
		<-b.done
		lines += b.lines
		if lineErr != nil {
			continue
		}
		if b.lineErr != nil {
			lineErr = b.lineErr
			continue
		}
		for _, e := range b.errs {
			if len(fe.Lines) == MaxErrors {
				fe.More = true
				break
			}
			fe.Lines = append(fe.Lines, e)
		}
		if len(fe.Lines) > 0 || len(b.reqs) == 0 {
			continue
		}
		rs := b.reqs
		// The block's first lines continue the last request of the block
		// before when they are of its stream.
		if open.Stream != "" && rs[0].Stream == open.Stream && rs[0].Expected == events.Any {
			open.Events = append(open.Events, rs[0].Events...)
			rs = rs[1:]
		}
		if len(rs) == 0 {
			continue
		}
		if open.Stream != "" {
			if err := emit([]events.AppendRequest{open}); err != nil {
				return nil, err
			}
		}
		if err := emit(rs[:len(rs)-1]); err != nil {
			return nil, err
		}
		open = rs[len(rs)-1]
	}
	halt()
	if lineErr != nil {
		return nil, &FileError{Lines: []*LineError{lineErr}}
	}
	if err := <-readErr; err != nil {
		return nil, err
	}
	switch {
	case len(fe.Lines) > 0:
		return nil, &fe
	case lines == 0:
		return nil, events.Errorf(events.EINVALID, "file: no events")
	}
	if err := emit([]events.AppendRequest{open}); err != nil {
		return nil, err
	}
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	reqs := make([]events.AppendRequest, 0, n)
	for _, p := range parts {
		reqs = append(reqs, p...)
	}
	return reqs, nil
}

// blockBytes is about how much of the file one worker validates at a time.
const blockBytes = 1 << 20

// block is a run of whole lines of the file and, once done is closed,
// what they ask for.
type block struct {
	buf   []byte // never written after the block is made: strings point into it
	first int    // number of its first line
	lines int
	done  chan struct{}

	reqs    []events.AppendRequest
	errs    []*LineError
	lineErr *LineError // an empty or too long line
}

// readBlocks cuts the input into blocks of whole lines. Each block has a
// buffer of its own that nothing writes to afterwards.
func readBlocks(r io.Reader, send func(*block) bool) error {
	var carry []byte // the start of a line the last read cut off
	next := 1
	eof := false
	for !eof {
		buf := make([]byte, len(carry), max(blockBytes, 2*len(carry)))
		copy(buf, carry)
		for len(buf) < cap(buf) && !eof {
			n, err := r.Read(buf[len(buf):cap(buf)])
			buf = buf[:len(buf)+n]
			if errors.Is(err, io.EOF) {
				eof = true
			} else if err != nil {
				return fmt.Errorf("read: %w", err)
			}
		}
		cut := len(buf)
		if !eof {
			cut = bytes.LastIndexByte(buf, '\n') + 1
			if cut == 0 { // no line ends in the buffer: it grows
				if len(buf) > MaxLineBytes {
					cut = len(buf) // the block's one line is too long
				} else {
					carry = buf
					continue
				}
			}
		}
		carry = buf[cut:]
		buf = buf[:cut:cut]
		if len(buf) == 0 {
			continue
		}
		b := &block{buf: buf, first: next, done: make(chan struct{})}
		next += bytes.Count(buf, []byte{'\n'})
		if buf[len(buf)-1] != '\n' {
			next++
		}
		if !send(b) {
			return nil
		}
	}
	return nil
}

// parse validates the block's lines and groups them into requests.
func (b *block) parse(opt Options) {
	evs := make([]events.NewEvent, 0, bytes.Count(b.buf, []byte{'\n'})+1)
	var start []int // index in evs of each request's first event
	rest := b.buf
	for n := b.first; len(rest) > 0; n++ {
		line := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i], rest[i+1:]
		} else {
			rest = nil
		}
		b.lines++
		if len(line) > MaxLineBytes {
			b.lineErr = &LineError{Line: n, Err: events.Errorf(events.EINVALID, "line longer than %d bytes", MaxLineBytes)}
			return
		}
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			b.lineErr = &LineError{Line: n, Err: events.Errorf(events.EINVALID, "empty line")}
			return
		}
		ev, stream, expected, err := parseLine(line, opt)
		if err != nil {
			if b.errs = append(b.errs, &LineError{Line: n, Err: err}); len(b.errs) > MaxErrors {
				break // enough to list, and to know there are more
			}
			continue
		}
		if len(b.errs) > 0 {
			continue
		}
		if k := len(b.reqs); k > 0 && b.reqs[k-1].Stream == stream && expected == events.Any {
			evs = append(evs, ev)
			continue
		}
		start = append(start, len(evs))
		evs = append(evs, ev)
		b.reqs = append(b.reqs, events.AppendRequest{Stream: stream, Expected: expected})
	}
	if len(b.errs) > 0 {
		b.reqs = nil
		return
	}
	for i := range b.reqs {
		end := len(evs)
		if i+1 < len(start) {
			end = start[i+1]
		}
		b.reqs[i].Events = evs[start[i]:end:end] // an append to one copies it
	}
}

// parseLine validates one line. The usual line is read by scanLine; any
// line it is not sure of, and any line that fails a check, is read again by
// the JSON decoder, which decides and words the error.
func parseLine(b []byte, opt Options) (events.NewEvent, string, events.ExpectedVersion, error) {
	var l Line
	if scanLine(b, &l) {
		if ev, err := check(&l, opt); err == nil {
			return ev, l.Stream, expectedOf(&l), nil
		}
	}
	return decodeLine(b, opt)
}

// decodeLine is parseLine with the JSON decoder.
func decodeLine(b []byte, opt Options) (events.NewEvent, string, events.ExpectedVersion, error) {
	var l Line
	dec := gojson.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&l); err != nil {
		return events.NewEvent{}, "", 0, events.Errorf(events.EINVALID, "malformed JSON: %v", err)
	}
	if dec.More() {
		return events.NewEvent{}, "", 0, events.Errorf(events.EINVALID, "malformed JSON: more than one value on the line")
	}
	ev, err := check(&l, opt)
	if err != nil {
		return events.NewEvent{}, "", 0, err
	}
	return ev, l.Stream, expectedOf(&l), nil
}

func expectedOf(l *Line) events.ExpectedVersion {
	if l.ExpectedVersion == nil {
		return events.Any
	}
	return events.Exact(*l.ExpectedVersion)
}

// check validates a decoded line and returns the event it asks for.
func check(l *Line, opt Options) (events.NewEvent, error) {
	switch {
	case l.Type == "":
		return events.NewEvent{}, events.Errorf(events.EINVALID, "type: is required")
	case l.Stream == "":
		return events.NewEvent{}, events.Errorf(events.EINVALID, "stream: is required")
	case strings.HasPrefix(l.Stream, events.SystemStreamPrefix):
		return events.NewEvent{}, events.Errorf(events.EINVALID, "stream: %q is a ledger system stream and cannot be imported into", l.Stream)
	case len(l.Payload) == 0:
		return events.NewEvent{}, events.Errorf(events.EINVALID, "payload: is required")
	case l.ExpectedVersion != nil && *l.ExpectedVersion < 0:
		return events.NewEvent{}, events.Errorf(events.EINVALID, "expected_version: must be ≥ 0, got %d", *l.ExpectedVersion)
	}
	t, ok := events.Lookup(l.Type)
	if !ok {
		return events.NewEvent{}, events.Errorf(events.EINVALID, "type: unknown event type %q", l.Type)
	}
	if l.SchemaVersion == 0 {
		l.SchemaVersion = t.SchemaVersion
	}
	if err := schemas.Validate(l.Type, l.SchemaVersion, l.Payload); err != nil {
		return events.NewEvent{}, err
	}
	ev := events.NewEvent{ID: l.ID, Type: l.Type, SchemaVersion: l.SchemaVersion, Actor: l.Actor,
		CorrelationID: l.CorrelationID, CausationID: l.CausationID, Payload: l.Payload}
	if ev.Actor == "" {
		ev.Actor = opt.Actor
	}
	if l.RecordedAt != "" {
		at, err := events.ParseTime(l.RecordedAt)
		if err != nil {
			return events.NewEvent{}, events.Errorf(events.EINVALID, "recorded_at: must be an RFC 3339 time, got %q", l.RecordedAt)
		}
		ev.RecordedAt = at
	}
	return ev, nil
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
