package schemas_test

import (
	"encoding/json"
	"io/fs"
	"strconv"
	"strings"
	"testing"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/schemas"
)

// schemaFile is one file of schemas.FS.
type schemaFile struct {
	name      string // e.g. relationship.meeting_logged.v1.json
	eventType string
	version   int
	doc       map[string]any
}

// schemaFiles reads every file of schemas.FS.
func schemaFiles(tb testing.TB) []schemaFile {
	tb.Helper()
	entries, err := fs.ReadDir(schemas.FS, "events")
	if err != nil {
		tb.Fatal(err)
	}
	var out []schemaFile
	for _, e := range entries {
		f := schemaFile{name: e.Name()}
		base, ok := strings.CutSuffix(e.Name(), ".json")
		i := strings.LastIndex(base, ".v")
		if !ok || i < 0 {
			tb.Fatalf("%s: name is not <type>.v<version>.json", e.Name())
		}
		f.eventType = base[:i]
		if f.version, err = strconv.Atoi(base[i+2:]); err != nil {
			tb.Fatalf("%s: name is not <type>.v<version>.json", e.Name())
		}
		b, err := fs.ReadFile(schemas.FS, "events/"+e.Name())
		if err != nil {
			tb.Fatal(err)
		}
		if err := json.Unmarshal(b, &f.doc); err != nil {
			tb.Fatalf("%s: %v", e.Name(), err)
		}
		out = append(out, f)
	}
	return out
}

// currentSchema reads the schema of the registered version of eventType.
func currentSchema(tb testing.TB, eventType string) schemaFile {
	tb.Helper()
	ti, ok := events.Lookup(eventType)
	if !ok {
		tb.Fatalf("%s is not registered", eventType)
	}
	for _, f := range schemaFiles(tb) {
		if f.eventType == eventType && f.version == ti.SchemaVersion {
			return f
		}
	}
	tb.Fatalf("%s v%d has no schema", eventType, ti.SchemaVersion)
	return schemaFile{}
}

// example is a payload a schema gives under "examples".
type example struct {
	eventType string
	version   int
	payload   []byte
}

// examples returns the examples of every schema, in file order.
func examples(tb testing.TB) []example {
	tb.Helper()
	var out []example
	for _, f := range schemaFiles(tb) {
		list, _ := f.doc["examples"].([]any)
		if len(list) == 0 {
			tb.Fatalf("%s: no examples", f.name)
		}
		for _, ex := range list {
			b, err := json.Marshal(ex)
			if err != nil {
				tb.Fatal(err)
			}
			out = append(out, example{f.eventType, f.version, b})
		}
	}
	return out
}

// firstExample returns the first example of the current schema of
// eventType, decoded, for a test to change.
func firstExample(tb testing.TB, eventType string) map[string]any {
	tb.Helper()
	for _, ex := range examples(tb) {
		if ti, _ := events.Lookup(eventType); ex.eventType == eventType && ex.version == ti.SchemaVersion {
			var m map[string]any
			if err := json.Unmarshal(ex.payload, &m); err != nil {
				tb.Fatal(err)
			}
			return m
		}
	}
	tb.Fatalf("%s: no example", eventType)
	return nil
}

// flatten returns a schema node with its local $ref resolved: the keywords
// of the definition, overridden by the node's own.
func flatten(root, node map[string]any) map[string]any {
	out := map[string]any{}
	if ref, ok := node["$ref"].(string); ok {
		name, found := strings.CutPrefix(ref, "#/$defs/")
		defs, _ := root["$defs"].(map[string]any)
		def, _ := defs[name].(map[string]any)
		if found && def != nil {
			for k, v := range flatten(root, def) {
				out[k] = v
			}
		}
	}
	for k, v := range node {
		if k != "$ref" {
			out[k] = v
		}
	}
	return out
}

// walk calls fn for every schema node under node, with its path: property
// names, and "*" for array items.
func walk(root, node map[string]any, path []string, fn func(path []string, n map[string]any)) {
	n := flatten(root, node)
	fn(path, n)
	if props, ok := n["properties"].(map[string]any); ok {
		for name, p := range props {
			walk(root, p.(map[string]any), append(path[:len(path):len(path)], name), fn)
		}
	}
	if items, ok := n["items"].(map[string]any); ok {
		walk(root, items, append(path[:len(path):len(path)], "*"), fn)
	}
}
