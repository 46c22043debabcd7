package sqlite

import (
	"bytes"
	"encoding/json"
	"testing"
)

// compactJSON says "unchanged" only for what json.Compact leaves unchanged.
func FuzzCompactJSON(f *testing.F) {
	for _, s := range []string{`{"a":[1,-2.5e+3,true,false,null,"x\"\u00e9\n"]}`, `{}`, `[]`, `0`, `"s"`,
		`{"a": 1}`, `01`, `1.`, `-`, `"\x"`, `{"a":1,}`, `[1 ]`, "\"\x01\"", `{"a":{"b":{"c":[[[]]]}}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var buf bytes.Buffer
		err := json.Compact(&buf, b)
		if compactJSON(b) && (err != nil || !bytes.Equal(buf.Bytes(), b)) {
			t.Fatalf("%q: compactJSON says unchanged; Compact: %q, %v", b, buf.Bytes(), err)
		}
	})
}

func TestCompactJSON(t *testing.T) {
	for _, s := range []string{`{"relationship_id":"r1","minutes":60,"topics":["a","b"],"x":{"y":null}}`, `{"a":"\u00e9\\/"}`, `-0.5E-7`} {
		if !compactJSON([]byte(s)) {
			t.Errorf("%s: not recognised as compact JSON", s)
		}
	}
	for _, s := range []string{`{"a": 1}`, "{\"a\":1}\n", `{"a":01}`, `{"a":1`, `{a:1}`, `[1,]`, `"\u12"`, `tru`} {
		if compactJSON([]byte(s)) {
			t.Errorf("%s: taken for compact JSON", s)
		}
	}
}
