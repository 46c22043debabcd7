package server

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"regexp"
	"sort"
	"strings"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/schemas"
)

// openapi answers GET /openapi.json: an OpenAPI 3.1 document of the routes
// the server has, built from the same table that registers them, with
// each command's body described by its event's JSON Schema.
func (s *Server) openapi(w http.ResponseWriter, r *http.Request) {
	doc, err := s.OpenAPI()
	if err != nil {
		fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, doc)
}

var pathParam = regexp.MustCompile(`\{([a-z]+)\}`)

// OpenAPI builds the document.
func (s *Server) OpenAPI() (map[string]any, error) {
	components := map[string]any{
		"Problem": map[string]any{"type": "object", "description": "RFC 9457 problem details; field and rule name the input at fault and the rule it broke.",
			"properties": map[string]any{"type": str(), "title": str(), "status": map[string]any{"type": "integer"}, "detail": str(), "instance": str(),
				"field": str(), "rule": str(), "errors": map[string]any{"type": "array", "items": str()}}},
		"Envelope": map[string]any{"type": "object", "description": "A recorded event.",
			"properties": map[string]any{"id": str(), "stream": str(), "version": map[string]any{"type": "integer"}, "position": map[string]any{"type": "integer"},
				"type": str(), "schema_version": map[string]any{"type": "integer"}, "recorded_at": str(), "actor": str(), "correlation_id": str(),
				"causation_id": str(), "payload": map[string]any{"type": "object"}, "prev_hash": str(), "hash": str()}},
		"CommandResult": map[string]any{"type": "object", "properties": map[string]any{"stream": str(), "version": map[string]any{"type": "integer"},
			"duplicate": map[string]any{"type": "boolean"}, "events": map[string]any{"type": "array", "items": ref("Envelope")}}},
	}
	paths := map[string]any{}
	for _, rt := range s.routes {
		op := map[string]any{"summary": rt.Summary, "tags": []string{rt.Tag},
			"operationId": strings.ToLower(rt.Method) + strings.ReplaceAll(strings.ReplaceAll(rt.Pattern, "/", "_"), "{", "by_")}
		op["operationId"] = strings.NewReplacer("}", "", "-", "_", ".", "_").Replace(op["operationId"].(string))
		var params []any
		for _, m := range pathParam.FindAllStringSubmatch(rt.Pattern, -1) {
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": str()})
		}
		for _, q := range rt.Query {
			params = append(params, map[string]any{"name": q.Name, "in": "query", "description": q.Description, "schema": str()})
		}
		responses := map[string]any{"default": problemResponse("An error")}
		produces := rt.Produces
		if len(produces) == 0 {
			produces = []string{"application/json"}
		}
		content := map[string]any{}
		for _, mt := range produces {
			content[mt] = map[string]any{}
		}
		responses["200"] = map[string]any{"description": "OK", "content": content}
		if rt.Command != nil {
			name, err := s.commandSchema(rt.Command.EventType, components)
			if err != nil {
				return nil, err
			}
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{"schema": ref(name)}},
				"description": "The payload of " + rt.Command.EventType + bodyNote(rt.Command.EventType)}
			params = append(params,
				map[string]any{"name": "If-Match", "in": "header", "description": "run only if the stream is at this version (an ETag); else 412", "schema": str()},
				map[string]any{"name": "Idempotency-Key", "in": "header", "description": "a retry with the same key returns the original result and appends nothing", "schema": str()})
			delete(responses, "200")
			responses["201"] = map[string]any{"description": "Recorded (or, for a retried Idempotency-Key, recorded before); ETag is the stream's version",
				"content": map[string]any{"application/json": map[string]any{"schema": ref("CommandResult")}}}
			responses["412"] = problemResponse("If-Match named a version the stream is no longer at")
			responses["422"] = problemResponse("The body breaks a schema or domain rule")
			responses["409"] = problemResponse("The command conflicts with what is recorded")
		}
		if !rt.Public {
			op["security"] = []any{map[string]any{"bearer": []string{}}}
			responses["401"] = problemResponse("No valid token")
			responses["403"] = problemResponse("The token's role may not do this")
		}
		if len(params) > 0 {
			op["parameters"] = params
		}
		op["responses"] = responses
		item, _ := paths[rt.Pattern].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[rt.Pattern] = item
		}
		item[strings.ToLower(rt.Method)] = op
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": "mentorledger", "version": "1",
			"description": "The programme ledger's HTTP API: one endpoint per command, reports, ledger pages, verification and a live feed. Errors are application/problem+json."},
		"paths":      paths,
		"components": map[string]any{"schemas": components, "securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"}}},
	}, nil
}

// commandSchema puts an event type's current JSON Schema into components
// and returns its name there.
func (s *Server) commandSchema(eventType string, components map[string]any) (string, error) {
	info, _ := events.Lookup(eventType)
	file := fmt.Sprintf("events/%s.v%d.json", eventType, info.SchemaVersion)
	b, err := fs.ReadFile(schemas.FS, file)
	if err != nil {
		return "", fmt.Errorf("openapi: %w", err)
	}
	var sch map[string]any
	if err := json.Unmarshal(b, &sch); err != nil {
		return "", fmt.Errorf("openapi: %s: %w", file, err)
	}
	delete(sch, "$schema")
	name := strings.ReplaceAll(eventType, ".", "_")
	components[name] = sch
	return name, nil
}

func bodyNote(eventType string) string {
	if eventType == "participant.registered" {
		return ", plus optional name, email and phone in clear, which the server seals with the person's key (personal must not be given)"
	}
	return ""
}

func str() map[string]any            { return map[string]any{"type": "string"} }
func ref(name string) map[string]any { return map[string]any{"$ref": "#/components/schemas/" + name} }
func problemResponse(d string) any {
	return map[string]any{"description": d, "content": map[string]any{"application/problem+json": map[string]any{"schema": ref("Problem")}}}
}

// routePatterns lists "METHOD pattern" of every documented route, sorted.
func (s *Server) routePatterns() []string {
	var out []string
	for _, rt := range s.routes {
		out = append(out, rt.Method+" "+rt.Pattern)
	}
	sort.Strings(out)
	return out
}
