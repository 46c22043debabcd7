package schemas_test

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/schemas"
)

// oddValues are JSON values near the edges of what the schemas, the fast
// path and encoding/json each accept.
var oddValues = []string{
	`0`, `1`, `-1`, `-0`, `480`, `481`, `366`, `60`, `90`, `1.0`, `1e2`, `1E0`, `0.5`, `-0.0`,
	`99999999999999999999`, `999999999999999999`, `18446744073709551615`, `18446744073709551616`,
	`9223372036854775807`, `9223372036854775808`, `-9223372036854775808`,
	`true`, `false`, `null`, `""`, `"x"`, `" "`, `"mentor"`, `"mentee"`, `"both"`, `"team"`,
	`"face_to_face"`, `"neutral"`, `"completed"`, `"one_to_one"`, `"Mentor"`,
	`"2025-02-29"`, `"2024-02-29"`, `"0000-01-01"`, `"9999-12-31"`, `"2025-13-01"`, `"2025-1-01"`, `"2025-01-01T00:00:00Z"`,
	`"2025-04-14T10:00:00Z"`, `"2025-04-14T10:00:00.123456789+01:00"`, `"2025-04-14T10:00:00.1234567891Z"`,
	`"2025-04-14T10:00:00+24:00"`, `"2025-04-14T10:00:00,5Z"`, `"2025-04-14t10:00:00z"`,
	`"2025-04-14T10:00:60Z"`, `"2025-04-14T24:00:00Z"`, `"2025-04-14T10:00:00-00:00"`, `"2025-04-14T10:00Z"`,
	`"\ud800"`, `"\udc00x"`, `"\ud83d\ude00"`, `"\u0041"`, `"\u006d\u0065ntor"`, `"a\u0000b"`, `"\/"`, `"tab\there"`,
	`"` + strings.Repeat("i", 128) + `"`, `"` + strings.Repeat("i", 129) + `"`,
	`"` + strings.Repeat("é", 2000) + `"`, `"` + strings.Repeat("é", 2001) + `"`,
	`"` + strings.Repeat(`\u00e9`, 200) + `"`,
	`"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"`,
	`[]`, `["a"]`, `["a","b"]`, `["a","a"]`, `["a","\u0061"]`, `["2025-01-01"]`, `["group","team"]`, `[1]`, `[null]`,
	`[{"description":"x","owner":"mentee"}]`, `[{"description":"x","owner":"mentee","owner":"nobody"}]`,
	`[{"description":"2025-01-01","due_on":"2025-01-01"}]`, `{}`, `{"a":1}`,
}

// TestValidateAgreesWithLibraryAndDecode mutates the schema examples
// field by field with oddValues and checks on each mutant what FuzzValidate
// checks: the fast path never accepts what the library rejects, and
// whatever Validate accepts events.Decode accepts.
func TestValidateAgreesWithLibraryAndDecode(t *testing.T) {
	n := 20000
	if testing.Short() {
		n = 2000
	}
	exs := examples(t)
	rng := rand.New(rand.NewPCG(1, 2))
	accepted := 0
	for range n {
		ex := exs[rng.IntN(len(exs))]
		var doc any
		if err := json.Unmarshal(ex.payload, &doc); err != nil {
			t.Fatal(err)
		}
		for range 1 + rng.IntN(2) {
			doc = mutate(rng, doc)
		}
		payload, err := json.Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		if rng.IntN(8) == 0 { // a duplicate key, which json.Marshal cannot write
			key := keys(doc)
			if len(key) > 0 {
				k := key[rng.IntN(len(key))]
				v := oddValues[rng.IntN(len(oddValues))]
				payload = []byte(`{"` + k + `":` + v + `,` + string(payload[1:]))
			}
		}
		fast, _ := schemas.FastValid(ex.eventType, ex.version, payload)
		lib := schemas.ValidateWithLibrary(ex.eventType, ex.version, payload)
		if fast && lib != nil {
			t.Fatalf("%s: the fast path accepts %s, the library rejects it: %v", ex.eventType, payload, lib)
		}
		err = schemas.Validate(ex.eventType, ex.version, payload)
		if (err == nil) != (lib == nil) {
			t.Fatalf("%s %s: Validate=%v, library=%v", ex.eventType, payload, err, lib)
		}
		if err != nil {
			continue
		}
		accepted++
		// The fast path leaves lone surrogates (which encoding/json turns
		// into U+FFFD) and integers of 19 digits or more to the library.
		if !fast && !bytes.Contains(payload, []byte(`\ud8`)) && !bytes.Contains(payload, []byte(`\udc`)) && !longNumber.Match(payload) {
			t.Errorf("%s: the fast path declines valid %s", ex.eventType, payload)
		}
		if _, err := events.Decode(&events.Envelope{Type: ex.eventType, SchemaVersion: ex.version, Payload: payload}); err != nil {
			t.Fatalf("%s: Validate accepts %s, Decode rejects it: %v", ex.eventType, payload, err)
		}
	}
	t.Logf("%d of %d mutants valid", accepted, n)
}

var longNumber = regexp.MustCompile(`[:,\[]-?\d{19,}`)

// mutate replaces, deletes or adds one value somewhere in v.
func mutate(rng *rand.Rand, v any) any {
	switch v := v.(type) {
	case map[string]any:
		k := keys(v)
		switch r := rng.IntN(10); {
		case r == 0 || len(k) == 0:
			v["extra"] = json.RawMessage(oddValues[rng.IntN(len(oddValues))])
		case r == 1:
			delete(v, k[rng.IntN(len(k))])
		default:
			name := k[rng.IntN(len(k))]
			v[name] = mutate(rng, v[name])
		}
		return v
	case []any:
		if len(v) > 0 && rng.IntN(3) > 0 {
			i := rng.IntN(len(v))
			v[i] = mutate(rng, v[i])
			return v
		}
	}
	return json.RawMessage(oddValues[rng.IntN(len(oddValues))])
}

func keys(v any) []string {
	m, _ := v.(map[string]any)
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
