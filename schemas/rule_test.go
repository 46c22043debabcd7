package schemas

import (
	"errors"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// TestRules covers messages that no shipped schema produces yet.
func TestRules(t *testing.T) {
	tests := []struct{ schema, payload, want string }{
		{`{"properties":{"n":{"type":"integer","maximum":480}}}`, `{"n":900}`, "x.n: must be ≤ 480, got 900"},
		{`{"properties":{"n":{"type":"integer","minimum":1}}}`, `{"n":0}`, "x.n: must be ≥ 1, got 0"},
		{`{"properties":{"n":{"minimum":0.5,"maximum":1.25}}}`, `{"n":2}`, "x.n: must be 0.5..1.25, got 2"},
		{`{"properties":{"n":{"exclusiveMinimum":0}}}`, `{"n":0}`, "x.n: must be > 0, got 0"},
		{`{"properties":{"s":{"type":"string","minLength":2}}}`, `{"s":"a"}`, "x.s: must be at least 2 characters, got 1"},
		{`{"properties":{"s":{"type":"string","maxLength":1}}}`, `{"s":"ab"}`, "x.s: must be at most 1 character, got 2"},
		{`{"properties":{"a":{"type":"array","maxItems":1}}}`, `{"a":[1,2]}`, "x.a: must have at most 1 item, got 2"},
		{`{"properties":{"c":{"const":"x"}}}`, `{"c":"y"}`, `x.c: must be x, got "y"`},
		{`{"properties":{"e":{"enum":["only"]}}}`, `{"e":["y"]}`, `x.e: must be only, got an array`},
		{`{"properties":{"s":{"format":"date"}}}`, `{"s":"` + strings.Repeat("é", 100) + `"}`, `x.s: must be a date YYYY-MM-DD, got "` + strings.Repeat("é", 77) + `..."`},
		{`{"not":{"required":["a"]}}`, `{"a":1}`, "x: must satisfy the schema"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			c := jsonschema.NewCompiler()
			c.AssertFormat()
			for _, f := range formats {
				c.RegisterFormat(f)
			}
			doc, err := jsonschema.UnmarshalJSON(strings.NewReader(tt.schema))
			if err != nil {
				t.Fatal(err)
			}
			if err := c.AddResource("urn:test", doc); err != nil {
				t.Fatal(err)
			}
			sch, err := c.Compile("urn:test")
			if err != nil {
				t.Fatal(err)
			}
			v, err := unmarshal([]byte(tt.payload))
			if err != nil {
				t.Fatal(err)
			}
			err = sch.Validate(v)
			var verr *jsonschema.ValidationError
			if !errors.As(err, &verr) {
				t.Fatalf("Validate = %v", err)
			}
			comp := &compiled{byLocation: map[string]*jsonschema.Schema{}}
			index(sch, comp.byLocation)
			if got := comp.describe("x", verr); got != tt.want {
				t.Errorf("message\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}
