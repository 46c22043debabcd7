package server

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5/middleware"

	"github.com/mentorledger/mentorledger/events"
)

// Problem is an RFC 9457 problem detail. Field and Rule are extensions
// that name the input at fault and the rule it broke, when the error says.
type Problem struct {
	Type     string `json:"type"`
	Title    string `json:"title"`
	Status   int    `json:"status"`
	Detail   string `json:"detail,omitempty"`
	Instance string `json:"instance,omitempty"`
	Field    string `json:"field,omitempty"`
	Rule     string `json:"rule,omitempty"`
	// Errors lists every error of a rejected batch (import), one per line.
	Errors []string `json:"errors,omitempty"`
}

// problemType is the base of the problem type URIs; they name the error
// code, and are documented in /openapi.json.
const problemType = "https://mentorledger.org/problems/"

// writeProblem writes p as application/problem+json.
func writeProblem(w http.ResponseWriter, r *http.Request, p Problem) {
	if p.Type == "" {
		p.Type = "about:blank"
	}
	if p.Title == "" {
		p.Title = http.StatusText(p.Status)
	}
	p.Instance = r.URL.Path
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}

// fail maps an error to its problem: the domain's and ledger's codes to
// HTTP statuses, the message split into field and rule where it has the
// form "field: rule". Internal errors are not described to the caller;
// they go to the server's log, with the request id.
func fail(w http.ResponseWriter, r *http.Request, err error) {
	p := problemFor(err)
	if p.Status == http.StatusInternalServerError {
		logOf(r.Context()).Error("internal error", "method", r.Method, "path", r.URL.Path,
			"request_id", middleware.GetReqID(r.Context()), "err", err)
	}
	writeProblem(w, r, p)
}

type logKey struct{}

// logOf is the server's log, which the recoverer middleware puts in every
// request's context.
func logOf(ctx context.Context) *slog.Logger {
	if l, ok := ctx.Value(logKey{}).(*slog.Logger); ok {
		return l
	}
	return slog.New(slog.DiscardHandler)
}

func problemFor(err error) Problem {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return Problem{Type: problemType + "too-large", Status: http.StatusRequestEntityTooLarge,
			Detail: "body: must be at most " + itoa(tooBig.Limit) + " bytes"}
	}
	code := events.ErrorCode(err)
	p := Problem{Type: problemType + strings.ToLower(code), Detail: err.Error()}
	switch code {
	case events.EINVALID:
		p.Status = http.StatusUnprocessableEntity
	case events.ENOTFOUND:
		p.Status = http.StatusNotFound
	case events.ECONFLICT:
		p.Status = http.StatusConflict
	case events.EFORBIDDEN:
		p.Status = http.StatusForbidden
	default:
		return Problem{Type: problemType + "internal", Status: http.StatusInternalServerError,
			Detail: "internal error; the server log has the details"}
	}
	p.Field, p.Rule = fieldAndRule(err)
	return p
}

// fieldAndRule reads "type.field: rule" or "field: rule" messages.
func fieldAndRule(err error) (string, string) {
	var e *events.Error
	msg := err.Error()
	if errors.As(err, &e) {
		msg = e.Message
	}
	field, rule, ok := strings.Cut(msg, ": ")
	if !ok || strings.ContainsAny(field, " \t") {
		return "", ""
	}
	// "relationship.meeting_logged.minutes" names the body's "minutes".
	if parts := strings.SplitN(field, ".", 3); len(parts) == 3 {
		if _, known := events.Lookup(parts[0] + "." + parts[1]); known {
			field = parts[2]
		}
	}
	return field, rule
}

func itoa(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}
