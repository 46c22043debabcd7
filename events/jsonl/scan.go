package jsonl

import (
	"encoding/json"
	"unsafe"
)

// The fast path. Decoding a line with a JSON decoder costs about as much
// as validating its payload, and allocates every string. scanLine reads
// the shape export writes — one object of Line's keys, each once, spelt
// exactly; strings of printable ASCII without escapes; whole numbers; an
// object payload — in one pass, with the strings pointing into the line
// instead of copied. It only ever says "read" or "not sure": any other
// line, valid or not, goes to the decoder, which decides and words the
// error. It is sound when whatever it reads, the decoder reads the same
// way; FuzzScanLineAgreesWithDecoder checks that.

// The line's keys, one bit each, to notice a key given twice.
const (
	kID = 1 << iota
	kType
	kSchemaVersion
	kStream
	kExpectedVersion
	kRecordedAt
	kActor
	kCorrelationID
	kCausationID
	kPayload
	kVersion
	kPosition
	kPrevHash
	kHash
)

// scanLine reads b into l; false means "not sure". The strings it sets
// share b's memory: b must not change while they are in use (the blocks
// of Stream are never written after they are read).
func scanLine(b []byte, l *Line) bool {
	s := lineScanner{b: b}
	s.ws()
	if !s.byte('{') {
		return false
	}
	s.ws()
	if s.byte('}') {
		s.ws()
		return s.i == len(s.b)
	}
	var seen int
	for {
		s.ws()
		key, ok := s.plainString()
		if !ok {
			return false
		}
		s.ws()
		if !s.byte(':') {
			return false
		}
		s.ws()
		var bit int
		switch key {
		case "id":
			bit = kID
			l.ID, ok = s.plainString()
		case "type":
			bit = kType
			l.Type, ok = s.plainString()
		case "schema_version":
			bit = kSchemaVersion
			var v int64
			v, ok = s.int()
			l.SchemaVersion = int(v)
		case "stream":
			bit = kStream
			l.Stream, ok = s.plainString()
		case "expected_version":
			bit = kExpectedVersion
			var v int64
			if v, ok = s.int(); ok {
				l.ExpectedVersion = &v
			}
		case "recorded_at":
			bit = kRecordedAt
			l.RecordedAt, ok = s.plainString()
		case "actor":
			bit = kActor
			l.Actor, ok = s.plainString()
		case "correlation_id":
			bit = kCorrelationID
			l.CorrelationID, ok = s.plainString()
		case "causation_id":
			bit = kCausationID
			l.CausationID, ok = s.plainString()
		case "payload":
			bit = kPayload
			l.Payload, ok = s.object()
		case "version":
			bit = kVersion
			l.Version, ok = s.int()
		case "position":
			bit = kPosition
			var v int64
			if ok = s.i < len(s.b) && s.b[s.i] != '-'; ok {
				v, ok = s.int()
			}
			l.Position = uint64(v)
		case "prev_hash":
			bit = kPrevHash
			l.PrevHash, ok = s.plainString()
		case "hash":
			bit = kHash
			l.Hash, ok = s.plainString()
		default:
			return false
		}
		if !ok || seen&bit != 0 {
			return false
		}
		seen |= bit
		s.ws()
		if s.byte(',') {
			continue
		}
		if !s.byte('}') {
			return false
		}
		s.ws()
		return s.i == len(s.b)
	}
}

type lineScanner struct {
	b []byte
	i int
}

func (s *lineScanner) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

func (s *lineScanner) byte(c byte) bool {
	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}
	return false
}

// plainString reads a string of printable ASCII other than the quote and
// the backslash, so that its bytes are its value.
func (s *lineScanner) plainString() (string, bool) {
	if !s.byte('"') {
		return "", false
	}
	from := s.i
	for s.i < len(s.b) {
		c := s.b[s.i]
		switch {
		case c == '"':
			v := s.b[from:s.i]
			s.i++
			if len(v) == 0 {
				return "", true
			}
			return unsafe.String(&v[0], len(v)), true
		case c < 0x20 || c >= 0x7f || c == '\\':
			return "", false
		}
		s.i++
	}
	return "", false
}

// int reads a whole number in JSON's form (no leading zeros, no fraction
// or exponent) that fits an int64.
func (s *lineScanner) int() (int64, bool) {
	neg := s.byte('-')
	from := s.i
	var v int64
	for s.i < len(s.b) && '0' <= s.b[s.i] && s.b[s.i] <= '9' {
		if v > (1<<63-1-9)/10 {
			return 0, false // may not fit: not sure
		}
		v = v*10 + int64(s.b[s.i]-'0')
		s.i++
	}
	n := s.i - from
	if n == 0 || (n > 1 && s.b[from] == '0') || (neg && v == 0) {
		return 0, false
	}
	if s.i < len(s.b) {
		switch s.b[s.i] {
		case '.', 'e', 'E':
			return 0, false
		}
	}
	if neg {
		v = -v
	}
	return v, true
}

// object reads the extent of an object: braces and brackets balanced
// outside strings. It does not check what lies between; the payload's
// schema validation reads every byte of it and accepts only valid JSON.
func (s *lineScanner) object() (json.RawMessage, bool) {
	if s.i >= len(s.b) || s.b[s.i] != '{' {
		return nil, false
	}
	from := s.i
	depth := 0
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				s.i++
				return s.b[from:s.i:s.i], true
			}
		case '"':
			s.i++
			for s.i < len(s.b) && s.b[s.i] != '"' {
				if s.b[s.i] == '\\' {
					s.i++
				}
				s.i++
			}
			if s.i >= len(s.b) {
				return nil, false
			}
		}
		s.i++
	}
	return nil, false
}
