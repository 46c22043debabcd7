package server

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/mentorledger/mentorledger/cmd/mentorledger/access"
	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/events/jsonl"
)

// importBatch answers POST /api/import: a JSON Lines batch validated as a
// whole — every line against its schema, every event through the command
// that records it, every event against the caller's programme — and then
// appended atomically, or not at all.
func (s *Server) importBatch(w http.ResponseWriter, r *http.Request) {
	p := principalOf(r.Context())
	if p.Role != access.Coordinator {
		forbidden(w, r, "import events")
		return
	}
	actor := r.URL.Query().Get("actor")
	if actor == "" {
		actor = p.Actor()
	}
	reqs, err := jsonl.Parse(http.MaxBytesReader(w, r.Body, s.cfg.MaxImport), jsonl.Options{Actor: actor})
	var fe *jsonl.FileError
	if errors.As(err, &fe) {
		lines := make([]string, len(fe.Lines))
		for i, l := range fe.Lines {
			lines[i] = l.Error()
		}
		writeProblem(w, r, Problem{Type: problemType + events.EINVALID, Status: http.StatusUnprocessableEntity,
			Detail: "rejected, nothing appended: " + lines[0], Errors: lines})
		return
	}
	if err != nil {
		fail(w, r, err)
		return
	}
	if err := s.authoriseImport(r, p, reqs); err != nil {
		var d *deniedError
		if errors.As(err, &d) {
			forbidden(w, r, d.what)
			return
		}
		fail(w, r, err)
		return
	}
	if bad := s.cfg.Service.Check(r.Context(), reqs); len(bad) > 0 {
		lines := make([]string, len(bad))
		for i, b := range bad {
			lines[i] = fmt.Sprintf("line %d: %v", b.Index+1, b.Err)
		}
		writeProblem(w, r, Problem{Type: problemType + events.EINVALID, Status: http.StatusUnprocessableEntity,
			Detail: "rejected, nothing appended: " + lines[0], Errors: lines})
		return
	}
	res, err := s.cfg.Ledger.AppendBatch(r.Context(), reqs)
	if err != nil {
		fail(w, r, fmt.Errorf("import: nothing appended: %w", err))
		return
	}
	n, dups := 0, 0
	for i, rr := range res {
		if rr.Duplicate {
			dups += len(reqs[i].Events)
		} else {
			n += len(reqs[i].Events)
		}
	}
	writeJSON(w, http.StatusCreated, map[string]any{"imported": n, "already_recorded": dups,
		"first_position": res[0].First, "last_position": res[len(res)-1].Last})
}

// authoriseImport checks every event lies in the caller's programme,
// knowing the streams the batch itself opens.
func (s *Server) authoriseImport(r *http.Request, p access.Principal, reqs []events.AppendRequest) error {
	if p.Programme == "" {
		return nil
	}
	local := &scopes{byName: map[string]access.Scope{}}
	line := 0
	for _, req := range reqs {
		for i := range req.Events {
			line++
			ev := req.Events[i]
			env := events.Envelope{Stream: req.Stream, Type: ev.Type, Payload: ev.Payload}
			local.note(&env)
			sc, ok := local.byName[req.Stream]
			if !ok {
				var err error
				if sc, err = s.scopes.ofEvent(r.Context(), ev.Type, ev.Payload); err != nil {
					return fmt.Errorf("line %d: %w", line, err)
				}
			}
			if strings.HasPrefix(req.Stream, events.SystemStreamPrefix) || !access.CanImport(p, sc) {
				return &deniedError{what: fmt.Sprintf("import line %d (%s in %s)", line, ev.Type, describeScope(sc))}
			}
		}
	}
	return nil
}
