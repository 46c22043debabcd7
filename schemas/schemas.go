package schemas

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// FS holds the schema files, events/<type>.v<version>.json.
//
//go:embed events/*.json
var FS embed.FS

// IDPrefix starts the $id of every schema: the $id of a type's version v is
// IDPrefix + type + ":v" + v.
const IDPrefix = "urn:mentorledger:schema:"

// schemaKey names one schema: an event type in one schema version.
type schemaKey struct {
	eventType string
	version   int
}

// compiled is every schema in FS, compiled once.
type compiled struct {
	schemas map[schemaKey]*jsonschema.Schema
	// byLocation finds the compiled schema an error's SchemaURL names, to
	// read its bounds when writing the message.
	byLocation map[string]*jsonschema.Schema
	// fast holds the fast path's node trees (see fast.go); nil for a
	// schema the fast path cannot check.
	fast map[schemaKey]*node
}

var (
	loadOnce   sync.Once
	loaded     *compiled
	errLoading error
)

// load compiles every schema in FS on first use.
func load() (*compiled, error) {
	loadOnce.Do(func() { loaded, errLoading = compileAll() })
	return loaded, errLoading
}

// parseFileName splits "relationship.meeting_logged.v1.json" into its event
// type and schema version.
func parseFileName(name string) (eventType string, version int, ok bool) {
	base, found := strings.CutSuffix(name, ".json")
	if !found {
		return "", 0, false
	}
	i := strings.LastIndex(base, ".v")
	if i <= 0 {
		return "", 0, false
	}
	v, err := strconv.Atoi(base[i+2:])
	if err != nil || v < 1 || strconv.Itoa(v) != base[i+2:] {
		return "", 0, false
	}
	return base[:i], v, true
}

// fileName is the name in FS of the schema of eventType in version.
func fileName(eventType string, version int) string {
	return fmt.Sprintf("events/%s.v%d.json", eventType, version)
}

func compileAll() (*compiled, error) {
	entries, err := fs.ReadDir(FS, "events")
	if err != nil {
		return nil, fmt.Errorf("schemas: %w", err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	for _, f := range formats {
		c.RegisterFormat(f)
	}
	ids := map[schemaKey]string{}
	for _, e := range entries {
		t, v, ok := parseFileName(e.Name())
		if !ok {
			return nil, fmt.Errorf("schemas: %s: name is not <type>.v<version>.json", e.Name())
		}
		b, err := FS.ReadFile("events/" + e.Name())
		if err != nil {
			return nil, fmt.Errorf("schemas: %w", err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("schemas: %s: %w", e.Name(), err)
		}
		id := IDPrefix + t + ":v" + strconv.Itoa(v)
		if obj, _ := doc.(map[string]any); obj == nil || obj["$id"] != id {
			return nil, fmt.Errorf("schemas: %s: $id must be %q", e.Name(), id)
		}
		if err := c.AddResource(id, doc); err != nil {
			return nil, fmt.Errorf("schemas: %s: %w", e.Name(), err)
		}
		ids[schemaKey{t, v}] = id
	}
	out := &compiled{
		schemas:    map[schemaKey]*jsonschema.Schema{},
		byLocation: map[string]*jsonschema.Schema{},
		fast:       map[schemaKey]*node{},
	}
	keys := make([]schemaKey, 0, len(ids))
	for k := range ids {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		return keys[i].eventType < keys[j].eventType ||
			keys[i].eventType == keys[j].eventType && keys[i].version < keys[j].version
	})
	for _, k := range keys {
		sch, err := c.Compile(ids[k])
		if err != nil {
			return nil, fmt.Errorf("schemas: %s: %w", fileName(k.eventType, k.version), err)
		}
		out.schemas[k] = sch
		index(sch, out.byLocation)
		out.fast[k] = compileFast(sch)
	}
	return out, nil
}

// index records every subschema reachable from s by its location.
func index(s *jsonschema.Schema, m map[string]*jsonschema.Schema) {
	if s == nil {
		return
	}
	if _, seen := m[s.Location]; seen {
		return
	}
	m[s.Location] = s
	index(s.Ref, m)
	index(s.Not, m)
	index(s.If, m)
	index(s.Then, m)
	index(s.Else, m)
	index(s.Items2020, m)
	index(s.Contains, m)
	index(s.PropertyNames, m)
	index(s.UnevaluatedProperties, m)
	index(s.UnevaluatedItems, m)
	for _, list := range [][]*jsonschema.Schema{s.AllOf, s.AnyOf, s.OneOf, s.PrefixItems} {
		for _, sub := range list {
			index(sub, m)
		}
	}
	for _, sub := range s.Properties {
		index(sub, m)
	}
	for _, sub := range s.PatternProperties {
		index(sub, m)
	}
	if sub, ok := s.AdditionalProperties.(*jsonschema.Schema); ok {
		index(sub, m)
	}
	if sub, ok := s.Items.(*jsonschema.Schema); ok {
		index(sub, m)
	}
}
