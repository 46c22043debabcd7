package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/mentorledger/mentorledger/cmd/mentorledger/access"
	"github.com/mentorledger/mentorledger/cmd/mentorledger/server"
	"github.com/mentorledger/mentorledger/projections"
	"github.com/mentorledger/mentorledger/projections/natsbus"
)

const projectUsage = `usage: mentorledger project --bus nats://HOST:4222 [--data DIR] [--name NAME] [--health ADDR] [--addr HOST:PORT]

Applies the ledger's events, as 'serve --bus' publishes them to NATS
JetStream, to the views in DIR/views.duckdb, and keeps them up to date
until stopped. Run one per views database; each resumes from its own
checkpoints, so a worker that is stopped or killed ends, once restarted,
where a clean rebuild would. With --addr it also serves the reports that
read the views alone (every one but audit and relationship, which read the
ledger) at GET /api/reports/{name}, to tokens made with
'mentorledger token create --data DIR'.`

func cmdProject(ctx context.Context, e *env, args []string) error {
	fs, data := newFlags("project", projectUsage, e.stderr)
	bus := fs.String("bus", os.Getenv("MENTORLEDGER_BUS"), "NATS server the ledger is published on (env MENTORLEDGER_BUS)")
	name := fs.String("name", os.Getenv("MENTORLEDGER_WORKER"), "this worker's name on the bus, one per views database (env MENTORLEDGER_WORKER; default: host name and data directory)")
	health := fs.String("health", "", "address to answer GET /healthz on, e.g. :8081 (none when empty)")
	addr := fs.String("addr", "", "address to serve the views' reports on, e.g. 0.0.0.0:8090 (none when empty)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *bus == "" {
		return &exitError{code: 2, msg: "mentorledger project: --bus (or MENTORLEDGER_BUS) is required"}
	}
	dir, err := dataDir(*data, true)
	if err != nil {
		return err
	}
	if *name == "" {
		*name = defaultWorkerName(dir)
	}
	views, err := projections.Open(filepath.Join(dir, ViewsFile))
	if err != nil {
		return err
	}
	defer views.Close()
	log := slog.New(slog.NewTextHandler(e.stderr, nil))
	w, err := natsbus.StartWorker(ctx, views, natsbus.WorkerConfig{URL: *bus, Name: *name, Log: log})
	if err != nil {
		return err
	}
	if *health != "" {
		stop, err := serveWorkerHealth(*health, views, w)
		if err != nil {
			w.Close()
			return err
		}
		defer stop()
	}
	stopReports := func() error { return nil }
	if *addr != "" {
		if stopReports, err = serveWorkerReports(ctx, e, dir, *addr, views, log); err != nil {
			w.Close()
			return err
		}
	}
	select {
	case <-ctx.Done():
	case <-w.Done():
	}
	rerr := stopReports()
	err = errors.Join(w.Close(), rerr)
	pos, cerr := views.Checkpoint(context.Background())
	if cerr == nil {
		fmt.Fprintf(e.stdout, "project: worker %s stopped with the views at position %d\n", *name, pos)
	}
	return errors.Join(err, cerr)
}

// defaultWorkerName names a worker after its host and data directory, so
// that it keeps its name across restarts and two workers on one host
// differ.
func defaultWorkerName(dir string) string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "worker"
	}
	sum := sha256.Sum256([]byte(dir))
	return host + "-" + hex.EncodeToString(sum[:4])
}

// serveWorkerHealth answers GET /healthz with the views' position while
// the worker runs (200) and 503 once it has stopped.
func serveWorkerHealth(addr string, views *projections.Views, w *natsbus.Worker) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("health endpoint: %w", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(rw http.ResponseWriter, r *http.Request) {
		select {
		case <-w.Done():
			http.Error(rw, "worker stopped", http.StatusServiceUnavailable)
			return
		default:
		}
		pos, err := views.Checkpoint(r.Context())
		if err != nil {
			http.Error(rw, "views: "+err.Error(), http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintf(rw, "ok: views at position %d\n", pos)
	})
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	}, nil
}

// serveWorkerReports serves the reports of the worker's views on addr,
// with the tokens of DIR/tokens.db, until the returned stop is called.
func serveWorkerReports(ctx context.Context, e *env, dir, addr string, views *projections.Views, log *slog.Logger) (stop func() error, err error) {
	tokens, err := access.OpenTokens(filepath.Join(dir, access.TokensFile))
	if err != nil {
		return nil, err
	}
	srv, err := server.New(ctx, server.Config{Views: views, Tokens: tokens, Log: log, Now: e.now})
	if err != nil {
		tokens.Close()
		return nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		tokens.Close()
		return nil, fmt.Errorf("reports: listen on %s: %w", addr, err)
	}
	fmt.Fprintf(e.stderr, "project: serving reports on http://%s\n", ln.Addr())
	sctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan error, 1)
	go func() { done <- srv.Serve(sctx, ln, 10*time.Second) }()
	return func() error {
		cancel()
		return errors.Join(<-done, tokens.Close())
	}, nil
}
