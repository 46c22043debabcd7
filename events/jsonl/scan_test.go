package jsonl

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	gojson "github.com/goccy/go-json"
)

const scanSeed = `{"id":"fixture-000000001","type":"relationship.meeting_logged","schema_version":1,"stream":"relationship-r1","recorded_at":"2024-01-01T09:00:00.000000000Z","actor":"fixture","correlation_id":"c","causation_id":"k","payload":{"relationship_id":"r1","topics":["a","b"],"note":"x \"y\" {z}"},"version":3,"position":7,"prev_hash":"00","hash":"ff","expected_version":2}`

// decoded is the decoder's reading of a line, as decodeLine does it.
func decoded(b []byte) (Line, bool) {
	var l Line
	dec := gojson.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&l); err != nil || dec.More() {
		return Line{}, false
	}
	return l, true
}

func TestScanLineReadsWhatTheDecoderReads(t *testing.T) {
	for _, line := range []string{
		scanSeed,
		`{}`,
		` { "type" : "a" , "stream":"s", "payload" : {"a": [1, {"b": "]"}]} } `,
		`{"id":"","type":"t","stream":"s","payload":{}}`,
		`{"version":-5,"position":0,"schema_version":0,"payload":{"\\":"\\\""}}`,
	} {
		var got Line
		if !scanLine([]byte(line), &got) {
			t.Errorf("%s: not read", line)
			continue
		}
		want, ok := decoded([]byte(line))
		if !ok || !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n scanned %+v\n decoded %+v (ok %v)", line, got, want, ok)
		}
	}
	// Lines it must leave to the decoder.
	for _, line := range []string{
		`{"type":"a","type":"b"}`,    // a key twice
		`{"Type":"a"}`,               // the decoder matches keys without case
		`{"type":"caf\u00e9"}`,       // an escape
		"{\"type\":\"caf\xc3\xa9\"}", // not ASCII
		`{"type":null}`,
		`{"schema_version":1.0}`,
		`{"schema_version":01}`,
		`{"version":-0}`,
		`{"position":-1}`,
		`{"version":99999999999999999999}`,
		`{"payload":[]}`,
		`{"payload":{"a":"}`,
		`{"colour":"red"}`,
		`{"type":"a"} {}`,
		`{"type":"a",}`,
	} {
		var l Line
		if scanLine([]byte(line), &l) {
			t.Errorf("%s: read, want it left to the decoder", line)
		}
	}
}

// Whatever scanLine reads, the decoder reads the same way.
func FuzzScanLineAgreesWithDecoder(f *testing.F) {
	f.Add([]byte(scanSeed))
	f.Add([]byte(`{"type":"a","stream":"s","payload":{"x":[1,2,{"y":null}]}}`))
	f.Add([]byte(`{"expected_version":0,"payload":{}}`))
	f.Add([]byte(`{"version":12,"position":9223372036854775807}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var got Line
		if !scanLine(b, &got) {
			return
		}
		// Of the payload scanLine reads only the extent; what lies inside
		// may be invalid, which schema validation rejects, sending the line
		// to the decoder.
		if got.Payload != nil && !json.Valid(got.Payload) {
			return
		}
		want, ok := decoded(b)
		if !ok {
			t.Fatalf("%q: scanned %+v, the decoder rejects it", b, got)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q:\n scanned %+v\n decoded %+v", b, got, want)
		}
	})
}
