package server

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/schemas"
)

// A form is drawn from the event's JSON Schema, so every command has one
// and none can drift from what the API accepts: each property becomes an
// input of the kind its type asks for, labelled with its name and helped
// by the schema's description (which quotes the guidance).

// formField is one input of a command's form.
type formField struct {
	Name, Label, Help string
	// Kind: text, textarea, date, datetime, int, bool, select, lines
	// (a list of strings, one per line), records (a list of objects, one
	// per line, columns separated by " | "), json.
	Kind     string
	Options  []string
	Columns  []string
	Required bool
	Min, Max string
	Value    string
	Hidden   bool
}

type schemaNode struct {
	Ref         string                 `json:"$ref"`
	Type        any                    `json:"type"`
	Format      string                 `json:"format"`
	Enum        []any                  `json:"enum"`
	Description string                 `json:"description"`
	Minimum     *float64               `json:"minimum"`
	Maximum     *float64               `json:"maximum"`
	Items       *schemaNode            `json:"items"`
	Properties  map[string]*schemaNode `json:"properties"`
	Required    []string               `json:"required"`
	Defs        map[string]*schemaNode `json:"$defs"`
	order       []string
}

var formCache sync.Map // event type -> []formField

// formFields returns the inputs of the command recording eventType.
func formFields(eventType string) ([]formField, error) {
	if f, ok := formCache.Load(eventType); ok {
		return f.([]formField), nil
	}
	info, ok := events.Lookup(eventType)
	if !ok {
		return nil, events.Errorf(events.ENOTFOUND, "command: no event type %q", eventType)
	}
	b, err := fs.ReadFile(schemas.FS, fmt.Sprintf("events/%s.v%d.json", eventType, info.SchemaVersion))
	if err != nil {
		return nil, fmt.Errorf("form %s: %w", eventType, err)
	}
	var root schemaNode
	if err := json.Unmarshal(b, &root); err != nil {
		return nil, fmt.Errorf("form %s: %w", eventType, err)
	}
	order, err := propertyOrder(b)
	if err != nil {
		return nil, fmt.Errorf("form %s: %w", eventType, err)
	}
	required := map[string]bool{}
	for _, r := range root.Required {
		required[r] = true
	}
	var out []formField
	for _, name := range order {
		n := root.resolve(root.Properties[name])
		f := formField{Name: name, Label: label(name), Help: n.Description, Required: required[name]}
		types := n.types()
		switch {
		case len(n.Enum) > 0:
			f.Kind = "select"
			for _, e := range n.Enum {
				f.Options = append(f.Options, fmt.Sprint(e))
			}
		case types["array"]:
			it := root.resolve(n.Items)
			if it.types()["object"] {
				f.Kind = "records"
				f.Columns = propertyNames(it)
				f.Help = strings.TrimSpace(f.Help + " One per line: " + strings.Join(f.Columns, " | ") + ".")
			} else {
				f.Kind = "lines"
				f.Help = strings.TrimSpace(f.Help + " One per line.")
			}
		case types["integer"] || types["number"]:
			f.Kind = "int"
			if n.Minimum != nil {
				f.Min = strconv.FormatFloat(*n.Minimum, 'f', -1, 64)
			}
			if n.Maximum != nil {
				f.Max = strconv.FormatFloat(*n.Maximum, 'f', -1, 64)
			}
		case types["boolean"]:
			f.Kind = "bool"
			f.Required = false // unticked is false
		case types["string"] && n.Format == "date":
			f.Kind = "date"
		case types["string"] && n.Format == "date-time":
			f.Kind = "datetime"
		case types["string"]:
			f.Kind = "text"
			if strings.Contains(strings.ToLower(n.Description), "free text") || name == "notes" || name == "summary" {
				f.Kind = "textarea"
			}
		default:
			f.Kind = "json"
			f.Help = strings.TrimSpace(f.Help + " As JSON.")
		}
		out = append(out, f)
	}
	formCache.Store(eventType, out)
	return out, nil
}

// resolve follows a local "#/$defs/x" reference, keeping the referring
// node's description when it has one.
func (root *schemaNode) resolve(n *schemaNode) *schemaNode {
	if n == nil {
		return &schemaNode{}
	}
	if name, ok := strings.CutPrefix(n.Ref, "#/$defs/"); ok && root.Defs[name] != nil {
		d := *root.Defs[name]
		if n.Description != "" {
			d.Description = n.Description
		}
		return &d
	}
	return n
}

func (n *schemaNode) types() map[string]bool {
	out := map[string]bool{}
	switch t := n.Type.(type) {
	case string:
		out[t] = true
	case []any:
		for _, v := range t {
			out[fmt.Sprint(v)] = true
		}
	}
	return out
}

func propertyNames(n *schemaNode) []string {
	names := make([]string, 0, len(n.Properties))
	for k := range n.Properties {
		names = append(names, k)
	}
	sort.Strings(names)
	// Required columns first, in the schema's required order.
	var out []string
	seen := map[string]bool{}
	for _, r := range n.Required {
		out = append(out, r)
		seen[r] = true
	}
	for _, k := range names {
		if !seen[k] {
			out = append(out, k)
		}
	}
	return out
}

// propertyOrder reads the top-level properties in the order the schema
// file gives them (the order of the guidance's forms).
func propertyOrder(b []byte) ([]string, error) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(b, &top); err != nil {
		return nil, err
	}
	dec := json.NewDecoder(strings.NewReader(string(top["properties"])))
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	var order []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		order = append(order, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil, err
		}
	}
	return order, nil
}

func label(name string) string {
	s := strings.ReplaceAll(name, "_", " ")
	return strings.ToUpper(s[:1]) + s[1:]
}

// formPayload turns a submitted form into the command's JSON body; a
// value that cannot be read names its field.
func formPayload(fields []formField, v url.Values) (json.RawMessage, error) {
	out := map[string]any{}
	for _, f := range fields {
		raw := strings.TrimSpace(v.Get(f.Name))
		if f.Kind == "bool" {
			out[f.Name] = raw == "on" || raw == "true"
			continue
		}
		if raw == "" {
			if f.Required && (f.Kind == "lines" || f.Kind == "records") {
				out[f.Name] = []any{} // an empty list, which the schema judges
			}
			continue // absent: the schema says whether that is allowed
		}
		switch f.Kind {
		case "int":
			n, err := strconv.ParseInt(raw, 10, 64)
			if err != nil {
				return nil, events.Errorf(events.EINVALID, "%s: must be a whole number, got %q", f.Name, raw)
			}
			out[f.Name] = n
		case "datetime":
			t, err := time.ParseInLocation("2006-01-02T15:04", raw, time.UTC)
			if err != nil {
				if t, err = time.Parse(time.RFC3339, raw); err != nil {
					return nil, events.Errorf(events.EINVALID, "%s: must be a date and time, got %q", f.Name, raw)
				}
			}
			out[f.Name] = t.UTC().Format(time.RFC3339)
		case "lines":
			out[f.Name] = lines(raw)
		case "records":
			var recs []map[string]string
			for _, l := range lines(raw) {
				cells := strings.Split(l, "|")
				if len(cells) > len(f.Columns) {
					return nil, events.Errorf(events.EINVALID, "%s: each line must have at most %d parts (%s), got %q", f.Name, len(f.Columns), strings.Join(f.Columns, " | "), l)
				}
				rec := map[string]string{}
				for i, c := range cells {
					if c = strings.TrimSpace(c); c != "" {
						rec[f.Columns[i]] = c
					}
				}
				recs = append(recs, rec)
			}
			out[f.Name] = recs
		case "json":
			var j any
			if err := json.Unmarshal([]byte(raw), &j); err != nil {
				return nil, events.Errorf(events.EINVALID, "%s: must be JSON: %v", f.Name, err)
			}
			out[f.Name] = j
		default:
			out[f.Name] = raw
		}
	}
	return json.Marshal(out)
}

func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}
