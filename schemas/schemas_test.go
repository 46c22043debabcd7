package schemas_test

import (
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/schemas"
)

func TestEveryRegisteredTypeHasSchemas(t *testing.T) {
	have := map[string]bool{}
	for _, f := range schemaFiles(t) {
		have[fmt.Sprintf("%s.v%d", f.eventType, f.version)] = true
	}
	for _, ti := range events.Types() {
		// Events are stored forever, so every version up to the current
		// one keeps its schema.
		for v := 1; v <= ti.SchemaVersion; v++ {
			if name := fmt.Sprintf("%s.v%d", ti.Name, v); !have[name] {
				t.Errorf("%s version %d has no schema: add schemas/events/%s.json", ti.Name, v, name)
			}
		}
	}
}

func TestEverySchemaHasARegisteredType(t *testing.T) {
	for _, f := range schemaFiles(t) {
		ti, ok := events.Lookup(f.eventType)
		switch {
		case !ok:
			t.Errorf("%s: %q is not a registered event type", f.name, f.eventType)
		case f.version < 1 || f.version > ti.SchemaVersion:
			t.Errorf("%s: version %d, but %s is registered at version %d", f.name, f.version, f.eventType, ti.SchemaVersion)
		}
		if got, want := f.doc["$id"], fmt.Sprintf("%s%s:v%d", schemas.IDPrefix, f.eventType, f.version); got != want {
			t.Errorf("%s: $id=%v, want %s", f.name, got, want)
		}
		if got, want := f.doc["$schema"], "https://json-schema.org/draft/2020-12/schema"; got != want {
			t.Errorf("%s: $schema=%v, want %s", f.name, got, want)
		}
		if got, want := f.doc["title"], fmt.Sprintf("%s v%d", f.eventType, f.version); got != want {
			t.Errorf("%s: title=%v, want %q", f.name, got, want)
		}
		if d, _ := f.doc["description"].(string); d == "" {
			t.Errorf("%s: no description", f.name)
		}
	}
}

// TestSchemasMatchStructs compares each current schema with its Go struct:
// the same properties as json tags, required exactly when not omitempty,
// compatible types, and bounds on every string, integer and array.
func TestSchemasMatchStructs(t *testing.T) {
	for _, ti := range events.Types() {
		t.Run(ti.Name, func(t *testing.T) {
			p, err := events.Decode(&events.Envelope{Type: ti.Name, SchemaVersion: ti.SchemaVersion, Payload: []byte("{}")})
			if err != nil {
				t.Fatal(err)
			}
			f := currentSchema(t, ti.Name)
			c := structChecker{t: t, root: f.doc}
			c.object(ti.Name, reflect.TypeOf(p), f.doc)
		})
	}
}

type structChecker struct {
	t    *testing.T
	root map[string]any
}

var (
	dateType = reflect.TypeOf(events.Date{})
	timeType = reflect.TypeOf(time.Time{})
)

func (c structChecker) object(path string, typ reflect.Type, node map[string]any) {
	sch := flatten(c.root, node)
	if got := sch["type"]; got != "object" {
		c.t.Errorf("%s: type=%v, want object", path, got)
	}
	if got := sch["additionalProperties"]; got != false {
		c.t.Errorf("%s: additionalProperties=%v, want false", path, got)
	}
	props, _ := sch["properties"].(map[string]any)
	required := map[string]bool{}
	for _, r := range sch["required"].([]any) {
		required[r.(string)] = true
	}
	fields := map[string]bool{}
	for i := range typ.NumField() {
		f := typ.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		fields[name] = true
		omitempty := slices.Contains(strings.Split(opts, ","), "omitempty")
		p, ok := props[name].(map[string]any)
		if !ok {
			c.t.Errorf("%s.%s: field %s.%s has no schema property", path, name, typ.Name(), f.Name)
			continue
		}
		if required[name] == omitempty {
			c.t.Errorf("%s.%s: required=%t, but omitempty=%t", path, name, required[name], omitempty)
		}
		c.value(path+"."+name, f.Type, p, omitempty)
	}
	for name := range props {
		if !fields[name] {
			c.t.Errorf("%s.%s: schema property is not a json field of %s", path, name, typ.Name())
		}
	}
	for name := range required {
		if !fields[name] {
			c.t.Errorf("%s.%s: required but not a json field of %s", path, name, typ.Name())
		}
	}
}

func (c structChecker) value(path string, typ reflect.Type, node map[string]any, omitempty bool) {
	sch := flatten(c.root, node)
	types := schemaTypes(sch)
	want := func(ts ...string) {
		if !slices.Equal(types, ts) {
			c.t.Errorf("%s: type=%v, want %v for Go type %s", path, types, ts, typ)
		}
	}
	has := func(keyword string) {
		if _, ok := sch[keyword]; !ok {
			c.t.Errorf("%s: no %s", path, keyword)
		}
	}
	switch {
	case typ == dateType:
		want("string")
		if sch["format"] != "date" || sch["pattern"] != `^\d{4}-\d{2}-\d{2}$` {
			c.t.Errorf("%s: events.Date needs format date and pattern ^\\d{4}-\\d{2}-\\d{2}$", path)
		}
	case typ == timeType:
		want("string")
		if sch["format"] != "date-time" {
			c.t.Errorf("%s: time.Time needs format date-time", path)
		}
	case typ.Kind() == reflect.Pointer:
		if !omitempty {
			c.t.Errorf("%s: pointer without omitempty would be written as null", path)
		}
		c.value(path, typ.Elem(), node, omitempty)
	case typ.Kind() == reflect.String:
		want("string")
		_, isEnum := sch["enum"]
		_, hasPattern := sch["pattern"] // anchored patterns bound the length
		if !isEnum && !hasPattern {
			has("maxLength")
		}
	case typ.Kind() == reflect.Bool:
		want("boolean")
	case typ.Kind() == reflect.Int || typ.Kind() == reflect.Int64:
		want("integer")
		has("minimum")
		if sch["format"] != "int64" {
			c.t.Errorf("%s: format=%v, want int64", path, sch["format"])
		}
	case typ.Kind() == reflect.Uint64:
		want("integer")
		if sch["format"] != "uint64" {
			c.t.Errorf("%s: format=%v, want uint64", path, sch["format"])
		}
	case typ.Kind() == reflect.Slice:
		// encoding/json writes a nil slice as null unless omitempty.
		minItems, _ := sch["minItems"].(float64)
		if !omitempty && minItems == 0 {
			want("array", "null")
		} else {
			want("array")
		}
		has("maxItems")
		items, _ := sch["items"].(map[string]any)
		if items == nil {
			c.t.Errorf("%s: no items", path)
			return
		}
		c.value(path+".*", typ.Elem(), items, false)
	case typ.Kind() == reflect.Struct:
		c.object(path, typ, node)
	default:
		c.t.Errorf("%s: Go type %s has no schema mapping", path, typ)
	}
}

// schemaTypes is a node's "type" as a sorted list.
func schemaTypes(sch map[string]any) []string {
	switch t := sch["type"].(type) {
	case string:
		return []string{t}
	case []any:
		var out []string
		for _, s := range t {
			out = append(out, s.(string))
		}
		sort.Strings(out)
		return out
	}
	return nil
}

// enumerations maps every enumerated field, as <type>.<path> with * for
// array items, to the constants of package events it must list.
var enumerations = map[string][]string{
	"programme.registered.models.*":                  {events.ModelOneToOne, events.ModelGroup, events.ModelTwoByTwo, events.ModelTeam},
	"participant.registered.role":                    {events.RoleMentor, events.RoleMentee},
	"relationship.matched.model":                     {events.ModelOneToOne, events.ModelGroup, events.ModelTwoByTwo, events.ModelTeam},
	"relationship.meeting_logged.location_kind":      {events.LocationNeutral, events.LocationWorkplacePrivate, events.LocationWorkplaceOpen, events.LocationOnline, events.LocationOther},
	"relationship.meeting_logged.method":             {events.MethodFaceToFace, events.MethodVideo, events.MethodMessenger, events.MethodPhone, events.MethodEmail, events.MethodOther},
	"relationship.meeting_logged.actions.*.owner":    {events.RoleMentor, events.RoleMentee, "both"}, // events has no constant for "both"
	"relationship.meeting_logged.completed_by_role":  {events.RoleMentor, events.RoleMentee, "both"},
	"relationship.contact_made.by_role":              {events.RoleMentor, events.RoleMentee},
	"relationship.contact_made.method":               {events.MethodFaceToFace, events.MethodVideo, events.MethodMessenger, events.MethodPhone, events.MethodEmail, events.MethodOther},
	"evaluation.instrument_defined.questions.*.kind": {events.AnswerYesNo, events.AnswerScale, events.AnswerText},
	"evaluation.survey_issued.audience":              {events.AudienceMentor, events.AudienceMentee, events.AudienceLineManager},
	"evaluation.survey_answered.answers.*.choice":    {"yes", "no"}, // events has no constant for yes or no
	"evaluation.outcome_recorded.kind":               {events.OutcomeQualification, events.OutcomeLearningObjective, events.OutcomeSkill},
	"evaluation.feedback_session_held.kind":          {events.FeedbackSession, events.FocusGroup},
	"relationship.ended.reason": {
		events.EndCompleted, events.EndGoalsAchieved, events.EndMovedRole, events.EndWorkload,
		events.EndPersonalCircumstances, events.EndNotWorking, events.EndLeftOrganisation, events.EndOther,
	},
}

func TestEnumerationsMatchConstants(t *testing.T) {
	found := map[string]bool{}
	for _, f := range schemaFiles(t) {
		walk(f.doc, f.doc, nil, func(path []string, n map[string]any) {
			enum, ok := n["enum"].([]any)
			if !ok {
				return
			}
			name := strings.Join(append([]string{f.eventType}, path...), ".")
			found[name] = true
			want, ok := enumerations[name]
			if !ok {
				t.Errorf("%s: %s has an enum that the test does not know; add it to enumerations", f.name, name)
				return
			}
			var got []string
			for _, v := range enum {
				got = append(got, v.(string))
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s: %s enum=%v, want %v", f.name, name, got, want)
			}
		})
	}
	for name := range enumerations {
		if !found[name] {
			t.Errorf("%s: no enum in the schemas", name)
		}
	}
}

// TestExamplesCoverEveryProperty makes the round trip and the fuzz seeds
// exercise every field.
func TestExamplesCoverEveryProperty(t *testing.T) {
	for _, f := range schemaFiles(t) {
		seen := map[string]bool{}
		var mark func(prefix string, v any)
		mark = func(prefix string, v any) {
			switch v := v.(type) {
			case map[string]any:
				for k, sub := range v {
					seen[prefix+k] = true
					mark(prefix+k+".", sub)
				}
			case []any:
				for _, sub := range v {
					mark(prefix+"*.", sub)
				}
			}
		}
		for _, ex := range f.doc["examples"].([]any) {
			mark("", ex)
		}
		walk(f.doc, f.doc, nil, func(path []string, n map[string]any) {
			if len(path) > 0 && path[len(path)-1] != "*" && !seen[strings.Join(path, ".")] {
				t.Errorf("%s: no example sets %s", f.name, strings.Join(path, "."))
			}
		})
	}
}

func TestEverySchemaHasAFastPath(t *testing.T) {
	for _, ex := range examples(t) {
		valid, fast := schemas.FastValid(ex.eventType, ex.version, ex.payload)
		if !fast {
			t.Errorf("%s v%d: no fast path; a keyword the fast path does not know makes validation several times slower", ex.eventType, ex.version)
		} else if !valid {
			t.Errorf("%s v%d: the fast path does not accept the example %s", ex.eventType, ex.version, ex.payload)
		}
	}
}
