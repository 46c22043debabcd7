package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/mentorledger/mentorledger/cmd/mentorledger/access"
	"github.com/mentorledger/mentorledger/events"
)

// visible returns the events of page as the principal may see them: some
// hidden, some with their payloads redacted.
func (s *Server) visible(ctx context.Context, p access.Principal, page []events.Envelope) ([]events.Envelope, error) {
	out := make([]events.Envelope, 0, len(page))
	for _, e := range page {
		sc, err := s.scopeOfStream(ctx, e.Stream)
		if err != nil {
			return nil, err
		}
		switch access.Sees(p, e.Type, sc) {
		case access.Full:
			out = append(out, e)
		case access.Redacted:
			e.Payload = access.Redact(e.Payload)
			out = append(out, e)
		}
	}
	return out, nil
}

// scopeOfStream is a stream's scope; the ledger's own streams belong to no
// programme.
func (s *Server) scopeOfStream(ctx context.Context, stream string) (access.Scope, error) {
	if strings.HasPrefix(stream, events.SystemStreamPrefix) {
		return access.Scope{}, nil
	}
	return s.scopes.stream(ctx, stream)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// readStream answers GET /api/streams/{stream}: the events the caller may
// see, and the stream's version as the ETag for a conditional command.
func (s *Server) readStream(w http.ResponseWriter, r *http.Request) {
	p := principalOf(r.Context())
	if !access.ReadsLedger(p) {
		forbidden(w, r, "read streams")
		return
	}
	stream := chi.URLParam(r, "stream")
	envs, err := s.cfg.Ledger.ReadStream(r.Context(), stream, 0)
	if err != nil {
		fail(w, r, err)
		return
	}
	var seen []events.Envelope
	if len(envs) > 0 {
		if seen, err = s.visible(r.Context(), p, envs); err != nil {
			fail(w, r, err)
			return
		}
	}
	if len(seen) == 0 { // none, or none the caller may see: the same answer
		fail(w, r, notYours("stream", stream))
		return
	}
	version := envs[len(envs)-1].Version
	w.Header().Set("ETag", etag(version))
	writeJSON(w, http.StatusOK, map[string]any{"stream": stream, "version": version, "events": seen})
}

// ledgerPage answers GET /api/events?after=N&limit=M: a page of the
// ledger in global order, as the caller may see it. Next is where the next
// page starts; it moves past hidden events too.
func (s *Server) ledgerPage(w http.ResponseWriter, r *http.Request) {
	p := principalOf(r.Context())
	if !access.ReadsLedger(p) {
		forbidden(w, r, "read the ledger")
		return
	}
	after, err := queryUint(r, "after", 0)
	if err != nil {
		fail(w, r, err)
		return
	}
	limit, err := queryUint(r, "limit", 100)
	if err != nil {
		fail(w, r, err)
		return
	}
	if limit < 1 || limit > 1000 {
		fail(w, r, events.Errorf(events.EINVALID, "limit: must be 1..1000, got %d", limit))
		return
	}
	page, err := s.cfg.Ledger.ReadAll(r.Context(), events.Position(after), int(limit))
	if err != nil {
		fail(w, r, err)
		return
	}
	next := events.Position(after)
	if len(page) > 0 {
		next = page[len(page)-1].Position
	}
	seen, err := s.visible(r.Context(), p, page)
	if err != nil {
		fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"after": after, "next": next, "more": len(page) == int(limit), "events": seen})
}

func queryUint(r *http.Request, name string, def uint64) (uint64, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.ParseUint(v, 10, 64)
	if err != nil {
		return 0, events.Errorf(events.EINVALID, "%s: must be a whole number ≥ 0, got %q", name, v)
	}
	return n, nil
}

// verify answers GET /api/verify: the hash chain recomputed over the
// whole ledger.
func (s *Server) verify(w http.ResponseWriter, r *http.Request) {
	if !access.ReadsLedger(principalOf(r.Context())) {
		forbidden(w, r, "verify the ledger")
		return
	}
	res, err := events.Verify(r.Context(), s.cfg.Ledger, events.VerifyOptions{GapFree: s.cfg.GapFree, ReadAhead: 2})
	var chain *events.ChainError
	if errors.As(err, &chain) {
		writeJSON(w, http.StatusOK, map[string]any{"ok": false, "error": chain.Error(), "position": chain.Position, "event_id": chain.EventID})
		return
	}
	if err != nil {
		fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"ok": true, "events": res.Events, "head": res.Head, "last_position": res.Last,
		"summary": fmt.Sprintf("ok: %d events, head %s", res.Events, res.Head)})
}
