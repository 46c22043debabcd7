package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/mentorledger/mentorledger/cmd/mentorledger/access"
	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/domain/app"
	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/schemas"
)

// commandRoute is one command as the API serves it.
type commandRoute struct {
	Path string
	app.Command
}

// kebab turns "LogMeeting" into "log-meeting".
func kebab(name string) string {
	var b strings.Builder
	for i, r := range name {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte('-')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// personalFields are the clear-text details register-participant takes
// beside the event's payload; the server seals them (app.RegisterPerson).
var personalFields = []string{"name", "email", "phone"}

// commandRoutes adds POST /api/commands/{command} for every command of the
// domain.
func (s *Server) commandRoutes(add func(route, http.HandlerFunc)) {
	s.commandByID = map[string]commandRoute{}
	for _, c := range app.Commands() {
		c := c
		name := kebab(c.Name)
		if c.EventType == "participant.personal_data_erased" {
			name = "forget-person" // destroys the person's key, then records the erasure
		}
		cr := commandRoute{Path: "/api/commands/" + name, Command: c}
		s.commandByID[name] = cr
		summary := fmt.Sprintf("%s: records %s", c.Name, c.EventType)
		if c.EventType == "participant.registered" {
			summary += " (name, email and phone, if given, are sealed with the person's key)"
		}
		add(route{Method: "POST", Pattern: cr.Path, Summary: summary, Tag: strings.SplitN(c.EventType, ".", 2)[0], Command: &cr.Command},
			func(w http.ResponseWriter, r *http.Request) { s.command(w, r, cr) })
	}
}

// commandResult is the body of a command's answer.
type commandResult struct {
	Stream    string            `json:"stream"`
	Version   int64             `json:"version"`
	Duplicate bool              `json:"duplicate,omitempty"`
	Events    []events.Envelope `json:"events"`
}

// command runs one command from its JSON body.
func (s *Server) command(w http.ResponseWriter, r *http.Request, c commandRoute) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.MaxBody))
	if err != nil {
		fail(w, r, err)
		return
	}
	var cond app.Conditions
	if m := r.Header.Get("If-Match"); m != "" {
		v, err := parseETag(m)
		if err != nil {
			fail(w, r, err)
			return
		}
		cond.IfVersion = &v
	}
	if k := r.Header.Get("Idempotency-Key"); k != "" {
		if len(k) > 200 {
			fail(w, r, events.Errorf(events.EINVALID, "Idempotency-Key: must be at most 200 characters"))
			return
		}
		cond.IdempotencyKey = k
	}
	res, err := s.runCommand(r.Context(), principalOf(r.Context()), c, body, cond)
	if err != nil {
		if cond.IfVersion != nil && errors.Is(err, events.ErrConcurrency) {
			writeProblem(w, r, Problem{Type: problemType + "precondition-failed", Status: http.StatusPreconditionFailed,
				Detail: err.Error(), Field: "If-Match", Rule: "must be the stream's current version"})
			return
		}
		var denied *deniedError
		if errors.As(err, &denied) {
			forbidden(w, r, denied.what)
			return
		}
		fail(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(res.Version))
	w.Header().Set("Content-Type", "application/json")
	if res.Duplicate {
		w.Header().Set("Idempotent-Replayed", "true")
	}
	w.WriteHeader(http.StatusCreated)
	_ = json.NewEncoder(w).Encode(res)
}

// deniedError is a command the caller's role does not allow.
type deniedError struct{ what string }

func (e *deniedError) Error() string { return "forbidden: " + e.what }

// runCommand validates body against the event's schema, checks the
// caller may run the command where it records, runs it and returns what
// it recorded. Without If-Match, a command that lost a race for its stream
// is run again on the new state (it is decided afresh, so nothing stale is
// recorded).
func (s *Server) runCommand(ctx context.Context, p access.Principal, c commandRoute, body []byte, cond app.Conditions) (commandResult, error) {
	start := time.Now()
	payload, details, err := splitPersonal(c, body)
	if err != nil {
		return commandResult{}, err
	}
	info, _ := events.Lookup(c.EventType)
	if err := schemas.Validate(c.EventType, info.SchemaVersion, payload); err != nil {
		return commandResult{}, err
	}
	decoded, err := events.Decode(&events.Envelope{Type: c.EventType, SchemaVersion: info.SchemaVersion, Payload: payload})
	if err != nil {
		return commandResult{}, err
	}
	scope, err := s.scopes.ofEvent(ctx, c.EventType, payload)
	if err != nil {
		return commandResult{}, err
	}
	if !access.CanCommand(p, c.EventType, scope) {
		if kind, id := target(c.EventType, payload); kind != "" && access.MayCommandSomewhere(p, c.EventType) {
			return commandResult{}, notYours(kind, id)
		}
		return commandResult{}, &deniedError{what: "record " + c.EventType + " in " + describeScope(scope)}
	}
	ctx = app.WithConditions(ctx, cond)
	var rec app.Recorded
	ctx = app.WithRecorded(ctx, &rec)
	var res events.AppendResult
	for attempt := 0; ; attempt++ {
		rec.Envelopes = nil
		res, err = s.execute(ctx, p, c, decoded, details)
		if err == nil || cond.IfVersion != nil || !app.IsConflict(err) || attempt == 4 {
			break
		}
	}
	s.metrics.command(c.Name, time.Since(start), err)
	if err != nil {
		return commandResult{}, err
	}
	out := commandResult{Stream: res.Stream, Version: res.Version, Duplicate: res.Duplicate}
	if res.Last == 0 {
		return out, nil // the command found nothing to record
	}
	if envs := rec.Envelopes; len(envs) > 0 && envs[0].Position == res.First && envs[len(envs)-1].Position == res.Last {
		out.Events = envs // as the ledger stored them: nothing to read back
		return out, nil
	}
	out.Events, err = s.recorded(ctx, res)
	return out, err
}

// execute runs the command as the principal: the two commands that handle
// personal details go through the application's own methods.
func (s *Server) execute(ctx context.Context, p access.Principal, c commandRoute, decoded events.Payload, details app.Details) (events.AppendResult, error) {
	svc := s.cfg.Service
	switch c.EventType {
	case "participant.registered":
		reg := decoded.(events.ParticipantRegistered)
		return svc.RegisterPerson(ctx, p.Actor(), app.RegisterPerson{RegisterParticipant: domain.RegisterParticipant(reg), Name: details.Name, Email: details.Email, Phone: details.Phone})
	case "participant.personal_data_erased":
		e := decoded.(events.PersonalDataErased)
		return svc.ForgetPerson(ctx, p.Actor(), e.ParticipantID, e.ErasedOn)
	}
	return c.Run(ctx, svc, p.Actor(), decoded)
}

// recordedTail is how many of a stream's last events recorded reads first:
// a command records one event or a few (most exactly one), so the tail
// almost always holds them all, and the read no longer grows with the
// stream.
const recordedTail = 2

// recorded reads back the events an append recorded: the stream's tail,
// and the whole stream only when the tail may not hold all of them (an
// idempotent replay of an older command, or a command that recorded more
// than the tail). Positions are only compared, never counted.
func (s *Server) recorded(ctx context.Context, res events.AppendResult) ([]events.Envelope, error) {
	after := max(res.Version-recordedTail, 0)
	for {
		envs, err := s.cfg.Ledger.ReadStream(ctx, res.Stream, after)
		if err != nil {
			return nil, fmt.Errorf("read back %s: %w", res.Stream, err)
		}
		// The tail is enough when it starts at or before the append's
		// first event, or at the stream's start.
		if after == 0 || (len(envs) > 0 && envs[0].Position <= res.First) {
			out := envs[:0]
			for _, e := range envs {
				if e.Position >= res.First && e.Position <= res.Last {
					out = append(out, e)
				}
			}
			return out, nil
		}
		after = 0
	}
}

// splitPersonal takes name, email and phone out of a register-participant
// body; other commands take the payload as it is.
func splitPersonal(c commandRoute, body []byte) (json.RawMessage, app.Details, error) {
	if c.EventType != "participant.registered" {
		return body, app.Details{}, nil
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		return nil, app.Details{}, events.Errorf(events.EINVALID, "body: must be a JSON object: %v", err)
	}
	var d app.Details
	for _, f := range personalFields {
		raw, ok := fields[f]
		if !ok {
			continue
		}
		var v string
		if err := json.Unmarshal(raw, &v); err != nil {
			return nil, d, events.Errorf(events.EINVALID, "%s: must be a string", f)
		}
		switch f {
		case "name":
			d.Name = v
		case "email":
			d.Email = v
		case "phone":
			d.Phone = v
		}
		delete(fields, f)
	}
	payload, err := json.Marshal(fields)
	return payload, d, err
}

func describeScope(s access.Scope) string {
	switch {
	case s.Relationship != "":
		return "relationship " + s.Relationship + " of programme " + s.Programme
	case s.Programme != "":
		return "programme " + s.Programme
	}
	return "a stream outside any programme the caller may use"
}

// etag is a stream version as an entity tag.
func etag(version int64) string { return `"` + strconv.FormatInt(version, 10) + `"` }

// parseETag reads If-Match: a quoted (or bare) stream version.
func parseETag(s string) (int64, error) {
	t := strings.TrimSpace(s)
	t = strings.TrimPrefix(t, "W/")
	t = strings.Trim(t, `"`)
	v, err := strconv.ParseInt(t, 10, 64)
	if err != nil || v < 0 {
		return 0, events.Errorf(events.EINVALID, "If-Match: must be a stream version from an ETag such as \"12\", got %q", s)
	}
	return v, nil
}
