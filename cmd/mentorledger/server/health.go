package server

import (
	"net/http"
)

// healthz answers while the process serves.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ok\n"))
}

// readyz answers 200 once every projection has caught up with the ledger
// (and none has failed), 503 with the lag otherwise.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if s.cfg.Ledger == nil {
		// A reports node: ready while its views answer.
		cp, err := s.cfg.Views.Checkpoint(ctx)
		if err != nil {
			writeJSON(w, http.StatusServiceUnavailable, map[string]any{"ready": false, "error": "views: " + err.Error()})
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"ready": true, "views_position": cp})
		return
	}
	head, err := s.cfg.Ledger.Head(ctx)
	if err != nil {
		writeJSON(w, http.StatusServiceUnavailable, map[string]any{"ready": false, "error": "ledger: " + err.Error()})
		return
	}
	lag, err := s.cfg.Views.Lag(ctx, head)
	if err != nil {
		writeJSON(w, http.StatusServiceUnavailable, map[string]any{"ready": false, "error": "views: " + err.Error()})
		return
	}
	if s.cfg.Live != nil {
		if err := s.cfg.Live.Err(); err != nil {
			writeJSON(w, http.StatusServiceUnavailable, map[string]any{"ready": false, "error": "projections: " + err.Error(), "lag": lag})
			return
		}
	}
	ready := true
	for _, n := range lag {
		if n > 0 {
			ready = false
		}
	}
	status := http.StatusOK
	if !ready {
		status = http.StatusServiceUnavailable
	}
	writeJSON(w, status, map[string]any{"ready": ready, "head": head, "lag": lag})
}
