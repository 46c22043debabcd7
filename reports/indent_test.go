package reports

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"testing"
)

// indentWriter writes what encoding/json's Encoder writes with
// SetIndent("", "  "), however the compact JSON is cut into writes.
func TestIndentWriterIndentsAsEncodingJSON(t *testing.T) {
	awkward := "a \"quoted\" \\\\ back\\\\slash\\\" { } [ ] , : <5> \u2028 é \\"
	values := []any{
		nil, true, 12.5, -3, "", awkward, []any{}, map[string]any{},
		[]any{[]any{}, map[string]any{}, []any{1, []any{2, []any{3}}}},
		map[string]any{"a": []any{awkward, 1e21, false, nil}, "b": map[string]any{"c": map[string]any{}}, awkward: "x"},
		struct {
			Items  []Finding `json:"items"`
			Empty  []string  `json:"empty"`
			Nested [][]int   `json:"nested"`
		}{Items: []Finding{{Item: 1, Key: "k", Status: Met, Detail: awkward, Evidence: []string{"e1", "e2"}}}, Empty: []string{}, Nested: [][]int{{}, {1, 2}}},
	}
	// Deep nesting, past the indentation kept ready.
	deep := any(1)
	for range 80 {
		deep = []any{deep, map[string]any{"k": "v"}}
	}
	values = append(values, deep)
	rng := rand.New(rand.NewPCG(1, 2))
	for _, v := range values {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			t.Fatal(err)
		}
		var cb bytes.Buffer // compact, as an Encoder writes it
		cenc := json.NewEncoder(&cb)
		cenc.SetEscapeHTML(false)
		if err := cenc.Encode(v); err != nil {
			t.Fatal(err)
		}
		compact := cb.Bytes()
		for round := 0; round < 20; round++ {
			var got bytes.Buffer
			iw := &indentWriter{w: &got}
			for rest := compact; len(rest) > 0; {
				n := 1 + rng.IntN(len(rest))
				if round == 0 {
					n = len(rest)
				}
				if _, err := iw.Write(rest[:n]); err != nil {
					t.Fatal(err)
				}
				rest = rest[n:]
			}
			if err := iw.finish(); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				t.Fatalf("indentWriter wrote\n%s\nencoding/json\n%s", got.Bytes(), want.Bytes())
			}
		}
	}
}
