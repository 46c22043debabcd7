package schemas

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/mentorledger/mentorledger/events"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
)

// Validate checks an event payload against the schema of its type in the
// given schema version. It returns nil when the payload conforms and
// otherwise an *events.Error with code EINVALID whose message names the
// event type, the field and the rule, e.g.
//
//	relationship.meeting_logged.actions.0.owner: must be one of mentor, mentee, both, got "team"
//
// When a payload breaks several rules Validate reports one of them: the one
// on the deepest field, then by kind of rule, then by field path. A payload
// that gives a key twice in one object is invalid.
//
// The schemas are compiled on first use. Validate is safe for concurrent use.
func Validate(eventType string, schemaVersion int, payload []byte) error {
	return validate(eventType, schemaVersion, payload, true)
}

// validate is Validate, with or without the fast path.
func validate(eventType string, schemaVersion int, payload []byte, fast bool) error {
	c, err := load()
	if err != nil {
		return err
	}
	key := schemaKey{eventType, schemaVersion}
	sch, ok := c.schemas[key]
	if !ok {
		if _, known := events.Lookup(eventType); !known {
			return events.Errorf(events.EINVALID, "type: unknown event type %q", eventType)
		}
		return events.Errorf(events.EINVALID, "schema_version: %s has no schema version %d", eventType, schemaVersion)
	}
	if n := c.fast[key]; fast && n != nil && fastValid(n, payload) {
		return nil
	}
	if len(bytes.TrimSpace(payload)) == 0 {
		return events.Errorf(events.EINVALID, "%s: payload is empty, want a JSON object", eventType)
	}
	v, err := unmarshal(payload)
	if err != nil {
		return events.Errorf(events.EINVALID, "%s: payload is not valid JSON: %v", eventType, err)
	}
	err = sch.Validate(v)
	if err == nil {
		// Only a payload valid as decoded pays for this scan.
		if path, dup := duplicateKey(payload); dup {
			return events.Errorf(events.EINVALID, "%s: appears more than once", fieldName(eventType, path))
		}
		return nil
	}
	var verr *jsonschema.ValidationError
	if !errors.As(err, &verr) {
		return fmt.Errorf("validate %s: %w", eventType, err)
	}
	return events.Errorf(events.EINVALID, "%s", c.describe(eventType, verr))
}

// unmarshal decodes one JSON value keeping numbers exact, as
// jsonschema.UnmarshalJSON does, and rejects anything after it.
func unmarshal(b []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, errors.New("invalid character after top-level value")
	}
	return v, nil
}

// duplicateKey finds the first key given twice in one object of a valid
// JSON payload. Decoded into a map only its last value remains, which the
// schema checks, while encoding/json decoding into a struct fails on any
// bad one; and other readers may keep the first. So a payload with a key
// given twice is rejected.
func duplicateKey(b []byte) (path []string, found bool) {
	type frame struct {
		keys   map[string]bool // nil for an array
		key    string          // the current key of an object
		index  int             // the current index of an array
		wanted bool            // an object expects a key next
	}
	var stack []frame
	done := func() { // a value ended
		if len(stack) > 0 {
			if top := &stack[len(stack)-1]; top.keys != nil {
				top.wanted = true
			} else {
				top.index++
			}
		}
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	for {
		tok, err := d.Token()
		if err != nil {
			return nil, false
		}
		if n := len(stack); n > 0 && stack[n-1].keys != nil && stack[n-1].wanted {
			if key, ok := tok.(string); ok {
				top := &stack[n-1]
				if top.keys[key] {
					for _, f := range stack[:n-1] {
						if f.keys != nil {
							path = append(path, f.key)
						} else {
							path = append(path, strconv.Itoa(f.index))
						}
					}
					return append(path, key), true
				}
				top.keys[key], top.key, top.wanted = true, key, false
				continue
			}
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, frame{keys: map[string]bool{}, wanted: true})
		case json.Delim('['):
			stack = append(stack, frame{})
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
			done()
		default:
			done()
		}
		if len(stack) == 0 {
			return nil, false
		}
	}
}

// violation is one broken rule at one field.
type violation struct {
	path []string // instance path of the field, property names and indices
	kind jsonschema.ErrorKind
	at   *jsonschema.Schema // the schema whose keyword failed
}

// describe turns the library's error tree into one message.
func (c *compiled) describe(eventType string, verr *jsonschema.ValidationError) string {
	var all []violation
	c.collect(verr, &all)
	if len(all) == 0 { // cannot happen: a failing validation has a leaf
		return eventType + ": " + verr.Error()
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].before(all[j]) })
	return all[0].message(eventType)
}

// collect appends the leaves of the error tree, one violation per missing
// or unexpected property.
func (c *compiled) collect(e *jsonschema.ValidationError, out *[]violation) {
	if len(e.Causes) > 0 {
		for _, cause := range e.Causes {
			c.collect(cause, out)
		}
		return
	}
	at := c.byLocation[e.SchemaURL]
	switch k := e.ErrorKind.(type) {
	case *kind.Required:
		for _, name := range k.Missing {
			*out = append(*out, violation{path: appendPath(e.InstanceLocation, name), kind: k, at: at})
		}
	case *kind.AdditionalProperties:
		for _, name := range k.Properties {
			*out = append(*out, violation{path: appendPath(e.InstanceLocation, name), kind: k, at: at})
		}
	default:
		*out = append(*out, violation{path: e.InstanceLocation, kind: k, at: at})
	}
}

func appendPath(p []string, name string) []string {
	return append(p[:len(p):len(p)], name)
}

// rank orders kinds of rule from the most to the least specific report.
func rank(k jsonschema.ErrorKind) int {
	switch k.(type) {
	case *kind.Required:
		return 0
	case *kind.AdditionalProperties:
		return 1
	case *kind.Type:
		return 2
	case *kind.Enum, *kind.Const:
		return 3
	case *kind.Format, *kind.Pattern:
		return 4
	case *kind.Minimum, *kind.Maximum, *kind.ExclusiveMinimum, *kind.ExclusiveMaximum, *kind.MultipleOf:
		return 5
	case *kind.MinLength, *kind.MaxLength:
		return 6
	case *kind.MinItems, *kind.MaxItems, *kind.UniqueItems:
		return 7
	}
	return 8
}

// before orders violations: deepest field first, then by rank, then by path
// (indices compared as numbers), then by keyword.
func (v violation) before(w violation) bool {
	if len(v.path) != len(w.path) {
		return len(v.path) > len(w.path)
	}
	if rv, rw := rank(v.kind), rank(w.kind); rv != rw {
		return rv < rw
	}
	for i := range v.path {
		a, b := v.path[i], w.path[i]
		if a == b {
			continue
		}
		na, errA := strconv.Atoi(a)
		nb, errB := strconv.Atoi(b)
		if errA == nil && errB == nil {
			return na < nb
		}
		return a < b
	}
	return strings.Join(v.kind.KeywordPath(), "/") < strings.Join(w.kind.KeywordPath(), "/")
}

// message renders a violation as "<type>.<path>: <rule>".
func (v violation) message(eventType string) string {
	if len(v.path) == 0 {
		if k, ok := v.kind.(*kind.Type); ok {
			return fmt.Sprintf("%s: payload must be a JSON object, got %s", eventType, k.Got)
		}
	}
	return fieldName(eventType, v.path) + ": " + v.rule(eventType)
}

func fieldName(eventType string, path []string) string {
	if len(path) == 0 {
		return eventType
	}
	return eventType + "." + strings.Join(path, ".")
}

func (v violation) rule(eventType string) string {
	switch k := v.kind.(type) {
	case *kind.Required:
		return "is required"
	case *kind.AdditionalProperties:
		return "is not a field of " + fieldName(eventType, v.path[:len(v.path)-1])
	case *kind.Type:
		var want []string
		for _, t := range k.Want {
			if t != "null" {
				want = append(want, article(t))
			}
		}
		if slices.Contains(k.Want, "null") {
			want = append(want, "null") // "an array or null"
		}
		return fmt.Sprintf("must be %s, got %s", strings.Join(want, " or "), k.Got)
	case *kind.Enum:
		want := make([]string, len(k.Want))
		for i, w := range k.Want {
			want[i] = plain(w)
		}
		if len(want) == 1 {
			return fmt.Sprintf("must be %s, got %s", want[0], display(k.Got))
		}
		return fmt.Sprintf("must be one of %s, got %s", strings.Join(want, ", "), display(k.Got))
	case *kind.Const:
		return fmt.Sprintf("must be %s, got %s", plain(k.Want), display(k.Got))
	case *kind.Format:
		return formatRule(k.Want, k.Got)
	case *kind.Pattern:
		if f := formatOf(v.at); f == "date" || f == "date-time" {
			return formatRule(f, k.Got)
		}
		return fmt.Sprintf("must match %s, got %s", k.Want, display(k.Got))
	case *kind.Minimum:
		return numRule(v.at, k.Want, nil, k.Got)
	case *kind.Maximum:
		return numRule(v.at, nil, k.Want, k.Got)
	case *kind.ExclusiveMinimum:
		return fmt.Sprintf("must be > %s, got %s", rat(k.Want), rat(k.Got))
	case *kind.ExclusiveMaximum:
		return fmt.Sprintf("must be < %s, got %s", rat(k.Want), rat(k.Got))
	case *kind.MultipleOf:
		return fmt.Sprintf("must be a multiple of %s, got %s", rat(k.Want), rat(k.Got))
	case *kind.MinLength:
		return lengthRule(v.at, &k.Want, nil, k.Got)
	case *kind.MaxLength:
		return lengthRule(v.at, nil, &k.Want, k.Got)
	case *kind.MinItems:
		return fmt.Sprintf("must have at least %s, got %d", plural(k.Want, "item"), k.Got)
	case *kind.MaxItems:
		return fmt.Sprintf("must have at most %s, got %d", plural(k.Want, "item"), k.Got)
	case *kind.UniqueItems:
		return fmt.Sprintf("must not repeat items, items %d and %d are equal", k.Duplicates[0], k.Duplicates[1])
	}
	if kw := v.kind.KeywordPath(); len(kw) > 0 {
		return "must satisfy " + strings.Join(kw, "/")
	}
	return "must satisfy the schema"
}

// numRule describes a broken minimum or maximum, naming both bounds when
// the schema has both.
func numRule(s *jsonschema.Schema, lo, hi, got *big.Rat) string {
	slo, shi := numBounds(s)
	if lo == nil {
		lo = slo
	}
	if hi == nil {
		hi = shi
	}
	switch {
	case lo != nil && hi != nil:
		return fmt.Sprintf("must be %s..%s, got %s", rat(lo), rat(hi), rat(got))
	case lo != nil:
		return fmt.Sprintf("must be ≥ %s, got %s", rat(lo), rat(got))
	default:
		return fmt.Sprintf("must be ≤ %s, got %s", rat(hi), rat(got))
	}
}

// lengthRule describes a broken minLength or maxLength, naming both bounds
// when the schema has both.
func lengthRule(s *jsonschema.Schema, lo, hi *int, got int) string {
	slo, shi := lengthBounds(s)
	if lo == nil {
		lo = slo
	}
	if hi == nil {
		hi = shi
	}
	switch {
	case lo != nil && hi != nil:
		return fmt.Sprintf("must be %d..%d characters, got %d", *lo, *hi, got)
	case lo != nil:
		return fmt.Sprintf("must be at least %s, got %d", plural(*lo, "character"), got)
	default:
		return fmt.Sprintf("must be at most %s, got %d", plural(*hi, "character"), got)
	}
}

func formatRule(format string, got any) string {
	switch format {
	case "date":
		return fmt.Sprintf("must be a date YYYY-MM-DD, got %s", display(got))
	case "date-time":
		return fmt.Sprintf("must be an RFC 3339 date-time such as 2006-01-02T15:04:05Z, got %s", display(got))
	case "int64":
		return fmt.Sprintf("must be a 64-bit integer written without fraction or exponent, got %s", display(got))
	case "uint64":
		return fmt.Sprintf("must be an unsigned 64-bit integer written without fraction or exponent, got %s", display(got))
	}
	return fmt.Sprintf("must be a valid %s, got %s", format, display(got))
}

// formatOf is the format s asserts, looking through $ref.
func formatOf(s *jsonschema.Schema) string {
	for ; s != nil; s = s.Ref {
		if s.Format != nil {
			return s.Format.Name
		}
	}
	return ""
}

// numBounds is the minimum and maximum of s, looking through $ref; a
// property may add a bound to the definition it refers to.
func numBounds(s *jsonschema.Schema) (lo, hi *big.Rat) {
	for ; s != nil; s = s.Ref {
		if lo == nil {
			lo = s.Minimum
		}
		if hi == nil {
			hi = s.Maximum
		}
	}
	return lo, hi
}

// lengthBounds is the minLength and maxLength of s, looking through $ref.
func lengthBounds(s *jsonschema.Schema) (lo, hi *int) {
	for ; s != nil; s = s.Ref {
		if lo == nil {
			lo = s.MinLength
		}
		if hi == nil {
			hi = s.MaxLength
		}
	}
	return lo, hi
}

func article(jsonType string) string {
	switch jsonType {
	case "integer", "object", "array":
		return "an " + jsonType
	}
	return "a " + jsonType
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// plain renders an enumerated value as the schema spells it.
func plain(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return display(v)
}

// display renders a value found in a payload.
func display(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case string:
		if r := []rune(v); len(r) > 80 {
			v = string(r[:77]) + "..."
		}
		return strconv.Quote(v)
	case json.Number:
		return string(v)
	case bool:
		return strconv.FormatBool(v)
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	}
	return fmt.Sprint(v)
}

func rat(r *big.Rat) string {
	if r.IsInt() {
		return r.Num().String()
	}
	return strings.TrimRight(r.FloatString(9), "0")
}
