// Package server is mentorledger's HTTP side: the JSON API (one endpoint
// per command of the domain, reports, ledger pages, verification, a live
// feed, import), health and metrics, the OpenAPI document and the
// server-rendered dashboard. Every request is checked against the caller's
// role (package access) before anything is read or recorded.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"github.com/mentorledger/mentorledger/cmd/mentorledger/access"
	"github.com/mentorledger/mentorledger/domain/app"
	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/projections"
	"github.com/mentorledger/mentorledger/reports"
)

// Config is what the server runs on.
type Config struct {
	// Service runs the domain's commands against the ledger.
	Service *app.Service
	// Ledger is the store the service appends to. Nil makes a reports
	// node: only the reports that read the views alone, with health,
	// metrics and the OpenAPI document (a projection worker's views).
	Ledger events.Store
	// Views are the projections reports read; Live keeps them current.
	Views *projections.Views
	Live  *projections.Live
	// Tokens authenticates callers.
	Tokens *access.Tokens
	Log    *slog.Logger
	// Now is the clock (nil: time.Now).
	Now func() time.Time
	// MaxBody is the largest command body accepted (default 1 MiB);
	// MaxImport the largest import (default 64 MiB).
	MaxBody, MaxImport int64
	// GapFree says the ledger's positions are gap-free (the embedded
	// backend), so verification checks that too.
	GapFree bool
	// ViewsWait is how long a report waits for the views to reach the
	// ledger's head before answering from where they are (default 5 s).
	ViewsWait time.Duration
	// ReportMemo is how many built reports are kept for identical
	// requests at the same views position (reports.Memo; default 32,
	// negative: none).
	ReportMemo int
}

// Server is the HTTP server.
type Server struct {
	cfg     Config
	log     *slog.Logger
	scopes  *scopes
	metrics *metrics
	router  chi.Router
	routes  []route
	// feeds ends the live feeds when the server shuts down.
	feeds       context.Context
	stopFeeds   context.CancelFunc
	commandByID map[string]commandRoute
	memo        *reports.Memo // nil: every report is built
	mu          sync.Mutex
}

// New builds the server and indexes the ledger's scopes.
func New(ctx context.Context, cfg Config) (*Server, error) {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.MaxBody == 0 {
		cfg.MaxBody = 1 << 20
	}
	if cfg.MaxImport == 0 {
		cfg.MaxImport = 64 << 20
	}
	if cfg.ViewsWait == 0 {
		cfg.ViewsWait = 5 * time.Second
	}
	if cfg.ReportMemo == 0 {
		cfg.ReportMemo = 32
	}
	s := &Server{cfg: cfg, log: cfg.Log, scopes: newScopes(cfg.Ledger)}
	if cfg.ReportMemo > 0 {
		s.memo = reports.NewMemo(cfg.ReportMemo)
	}
	s.feeds, s.stopFeeds = context.WithCancel(context.Background())
	if cfg.Ledger != nil {
		if err := s.scopes.update(ctx); err != nil {
			return nil, err
		}
	}
	s.metrics = newMetrics(s)
	s.router = s.routesTable()
	return s, nil
}

// Handler is the server's HTTP handler.
func (s *Server) Handler() http.Handler { return s.router }

// route is one API route as the OpenAPI document describes it.
type route struct {
	Method, Pattern, Summary, Tag string
	// Command is set for a command's route: its request body is the event
	// payload's schema.
	Command *app.Command
	// Public routes need no token.
	Public bool
	// Produces lists the response media types (default application/json).
	Produces []string
	Query    []queryParam
}

type queryParam struct{ Name, Description string }

func (s *Server) routesTable() chi.Router {
	r := chi.NewRouter()
	r.Use(middleware.RequestID, middleware.RealIP, s.recoverer, s.metrics.middleware)
	// Unknown paths and methods are problems too, not chi's plain text.
	r.NotFound(func(w http.ResponseWriter, r *http.Request) {
		writeProblem(w, r, Problem{Type: problemType + events.ENOTFOUND, Status: http.StatusNotFound,
			Detail: "path: no route " + r.URL.Path + " (see /openapi.json)"})
	})
	r.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) {
		writeProblem(w, r, Problem{Type: problemType + "method-not-allowed", Status: http.StatusMethodNotAllowed,
			Detail: "method: " + r.Method + " is not served on " + r.URL.Path + " (see /openapi.json)"})
	})
	add := func(rt route, h http.HandlerFunc) {
		s.routes = append(s.routes, rt)
		if rt.Public {
			r.Method(rt.Method, rt.Pattern, h)
			return
		}
		r.With(s.authenticate).Method(rt.Method, rt.Pattern, h)
	}
	add(route{Method: "GET", Pattern: "/healthz", Summary: "The process is up", Tag: "operations", Public: true, Produces: []string{"text/plain"}}, s.healthz)
	add(route{Method: "GET", Pattern: "/readyz", Summary: "The projections have caught up with the ledger", Tag: "operations", Public: true}, s.readyz)
	add(route{Method: "GET", Pattern: "/metrics", Summary: "Prometheus metrics", Tag: "operations", Public: true, Produces: []string{"text/plain"}}, s.metrics.handler().ServeHTTP)
	add(route{Method: "GET", Pattern: "/openapi.json", Summary: "This document", Tag: "operations", Public: true}, s.openapi)
	if s.cfg.Ledger == nil {
		s.reportRoutes(add)
		return r
	}
	s.commandRoutes(add)
	add(route{Method: "POST", Pattern: "/api/import", Summary: "Append a JSON Lines batch, validated as a whole", Tag: "ledger",
		Query: []queryParam{{"actor", "actor recorded for lines that name none (default: the caller)"}}}, s.importBatch)
	add(route{Method: "GET", Pattern: "/api/streams/{stream}", Summary: "The events of one stream; the ETag is its version", Tag: "ledger"}, s.readStream)
	add(route{Method: "GET", Pattern: "/api/events", Summary: "A page of the ledger in global order", Tag: "ledger",
		Query: []queryParam{{"after", "position after which the page starts (default 0)"}, {"limit", "events per page, 1..1000 (default 100)"}}}, s.ledgerPage)
	add(route{Method: "GET", Pattern: "/api/verify", Summary: "Recompute the hash chain", Tag: "ledger"}, s.verify)
	add(route{Method: "GET", Pattern: "/api/feed", Summary: "Server-sent events: new ledger events the caller may see", Tag: "ledger",
		Produces: []string{"text/event-stream"}, Query: []queryParam{{"after", "position to start after (default: the head; Last-Event-ID wins)"}}}, s.feed)
	s.reportRoutes(add)
	s.dashboardRoutes(r)
	return r
}

func (s *Server) reportRoutes(add func(route, http.HandlerFunc)) {
	add(route{Method: "GET", Pattern: "/api/reports", Summary: "The reports the caller may read", Tag: "reports"}, s.reportList)
	add(route{Method: "GET", Pattern: "/api/reports/{name}", Summary: "A report; Accept or ?format= picks JSON, CSV, HTML or text", Tag: "reports",
		Produces: []string{"application/json", "text/csv", "text/html", "text/plain"}, Query: reportQuery}, s.report)
}

// recoverer turns a panic into a 500 problem and logs it, and gives the
// request the server's log (fail logs internal errors to it).
func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r = r.WithContext(context.WithValue(r.Context(), logKey{}, s.log))
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "path", r.URL.Path, "panic", fmt.Sprint(v))
				writeProblem(w, r, problemFor(fmt.Errorf("panic: %v", v)))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// Serve answers on ln until ctx ends, then shuts down: it stops accepting,
// lets in-flight requests finish (up to grace), and ends the live feeds.
// The caller then closes the projections and the ledger, in that order.
func (s *Server) Serve(ctx context.Context, ln net.Listener, grace time.Duration) error {
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	srv.RegisterOnShutdown(s.stopFeeds)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		s.stopFeeds()
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	err := srv.Shutdown(sctx)
	if e := <-errc; !errors.Is(e, http.ErrServerClosed) && err == nil {
		err = e
	}
	return err
}
