package server

import (
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"
)

// openAPIDoc is the part of an OpenAPI 3 document the test reads.
type openAPIDoc struct {
	OpenAPI    string                          `json:"openapi"`
	Paths      map[string]map[string]operation `json:"paths"`
	Components struct {
		Schemas         map[string]map[string]any `json:"schemas"`
		SecuritySchemes map[string]any            `json:"securitySchemes"`
	} `json:"components"`
}

type operation struct {
	OperationID string           `json:"operationId"`
	Parameters  []parameter      `json:"parameters"`
	RequestBody *requestBody     `json:"requestBody"`
	Responses   map[string]media `json:"responses"`
	Security    []map[string]any `json:"security"`
}

type parameter struct {
	Name     string `json:"name"`
	In       string `json:"in"`
	Required bool   `json:"required"`
}

type requestBody struct {
	Required bool `json:"required"`
	Content  map[string]struct {
		Schema struct {
			Ref string `json:"$ref"`
		} `json:"schema"`
	} `json:"content"`
}

type media struct {
	Description string         `json:"description"`
	Content     map[string]any `json:"content"`
}

// dashboardPages lists the routes dashboardRoutes adds: server-rendered
// HTML pages for a browser with a session cookie, which the API document
// does not describe.
func dashboardPages(tb testing.TB, s *Server) map[string]bool {
	tb.Helper()
	r := chi.NewRouter()
	s.dashboardRoutes(r)
	return chiRoutes(tb, r)
}

var httpMethods = map[string]bool{"get": true, "put": true, "post": true, "delete": true, "options": true, "head": true, "patch": true, "trace": true}

// TestOpenAPIDescribesExactlyTheRoutesThatExist compares the routes the
// router serves (chi.Walk over Handler()) with /openapi.json, both ways —
// every route documented, every documented operation served — except the
// dashboard's HTML pages; and checks each operation: responses, a 2xx
// among them, its path parameters, security and 401/403 unless public,
// and for a command a JSON body referencing its event's schema.
func TestOpenAPIDescribesExactlyTheRoutesThatExist(t *testing.T) {
	f := newFixture(t, fixtureOptions{})
	r := f.do(t, "GET", "/openapi.json", "", nil)
	wantStatus(t, r, http.StatusOK)
	var doc openAPIDoc
	decode(t, r, &doc)
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("openapi %q, want 3.x", doc.OpenAPI)
	}

	served := chiRoutes(t, f.srv.Handler())
	pages := dashboardPages(t, f.srv)
	documented := map[string]bool{}
	for path, item := range doc.Paths {
		for method := range item {
			if !httpMethods[method] {
				t.Errorf("paths[%s] has %q, not an HTTP method", path, method)
				continue
			}
			documented[strings.ToUpper(method)+" "+path] = true
		}
	}
	var missing, extra []string
	for k := range served {
		if !documented[k] && !pages[k] {
			missing = append(missing, k)
		}
	}
	for k := range documented {
		if !served[k] {
			extra = append(extra, k)
		}
		if pages[k] {
			t.Errorf("%s is a dashboard page, yet documented as API", k)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	for _, k := range missing {
		t.Errorf("route %s is served but not in /openapi.json", k)
	}
	for _, k := range extra {
		t.Errorf("/openapi.json documents %s, which the server does not serve", k)
	}
	if len(documented) < len(f.srv.commandByID)+10 {
		t.Errorf("only %d operations documented for %d commands", len(documented), len(f.srv.commandByID))
	}

	public := map[string]bool{}
	for _, rt := range f.srv.routes {
		public[rt.Method+" "+rt.Pattern] = rt.Public
	}
	param := regexp.MustCompile(`\{([^}]+)\}`)
	ids := map[string]string{}
	for path, item := range doc.Paths {
		for method, op := range item {
			key := strings.ToUpper(method) + " " + path
			if op.OperationID == "" {
				t.Errorf("%s: no operationId", key)
			} else if other, dup := ids[op.OperationID]; dup {
				t.Errorf("%s and %s share operationId %s", key, other, op.OperationID)
			}
			ids[op.OperationID] = key
			if len(op.Responses) == 0 {
				t.Errorf("%s: no responses", key)
			}
			ok2xx := false
			for code, resp := range op.Responses {
				if strings.HasPrefix(code, "2") {
					ok2xx = true
				}
				if resp.Description == "" {
					t.Errorf("%s: response %s has no description", key, code)
				}
			}
			if !ok2xx {
				t.Errorf("%s: no 2xx response", key)
			}
			for _, m := range param.FindAllStringSubmatch(path, -1) {
				found := false
				for _, p := range op.Parameters {
					found = found || (p.In == "path" && p.Name == m[1] && p.Required)
				}
				if !found {
					t.Errorf("%s: path parameter %s is not declared as a required path parameter", key, m[1])
				}
			}
			if !public[key] {
				if len(op.Security) == 0 {
					t.Errorf("%s needs a token but declares no security", key)
				}
				for _, code := range []string{"401", "403"} {
					if _, ok := op.Responses[code]; !ok {
						t.Errorf("%s needs a token but documents no %s", key, code)
					}
				}
			}
			if !strings.HasPrefix(path, "/api/commands/") {
				continue
			}
			name := strings.TrimPrefix(path, "/api/commands/")
			c, ok := f.srv.commandByID[name]
			if !ok {
				t.Errorf("%s documents no command the server knows", key)
				continue
			}
			if op.RequestBody == nil || !op.RequestBody.Required {
				t.Errorf("%s: no required request body", key)
				continue
			}
			ref := op.RequestBody.Content["application/json"].Schema.Ref
			schemaName, ok := strings.CutPrefix(ref, "#/components/schemas/")
			if !ok {
				t.Errorf("%s: body schema %q is not a reference to components", key, ref)
				continue
			}
			sch, ok := doc.Components.Schemas[schemaName]
			if !ok {
				t.Errorf("%s: body references %s, which components do not hold", key, ref)
				continue
			}
			if want := strings.ReplaceAll(c.EventType, ".", "_"); schemaName != want {
				t.Errorf("%s: body is %s, want the schema of %s (%s)", key, schemaName, c.EventType, want)
			}
			if props, _ := sch["properties"].(map[string]any); len(props) == 0 {
				t.Errorf("%s: body schema %s has no properties", key, schemaName)
			}
			for _, code := range []string{"201", "412", "422"} {
				if _, ok := op.Responses[code]; !ok {
					t.Errorf("%s: a command documents no %s", key, code)
				}
			}
		}
	}
	if _, ok := doc.Components.SecuritySchemes["bearer"]; !ok {
		t.Errorf("components.securitySchemes has no bearer scheme")
	}
}
