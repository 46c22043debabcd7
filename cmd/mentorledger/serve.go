package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	"github.com/mentorledger/mentorledger/cmd/mentorledger/access"
	"github.com/mentorledger/mentorledger/cmd/mentorledger/server"
	"github.com/mentorledger/mentorledger/domain/app"
	"github.com/mentorledger/mentorledger/projections"
	"github.com/mentorledger/mentorledger/projections/natsbus"
)

// cmdServe runs the HTTP API and dashboard until SIGINT or SIGTERM, then
// shuts down in order: stop accepting, finish in-flight requests, stop the
// live projections (their last batch checkpointed), close the ledger.
func cmdServe(ctx context.Context, e *env, args []string) error {
	fs, data := newFlags("serve", "usage: mentorledger serve [--data DIR] [--addr HOST:PORT] [--demo] [--ledger esdb://…] [--bus nats://…]", e.stderr)
	ledger := ledgerFlag(fs)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	withDemo := fs.Bool("demo", false, "record the demo programmes first if the ledger is empty, and print sign-in tokens for each role")
	bus := fs.String("bus", os.Getenv("MENTORLEDGER_BUS"), "NATS server to publish the ledger on for projection workers ('mentorledger project') (env MENTORLEDGER_BUS)")
	grace := fs.Duration("grace", 30*time.Second, "how long in-flight requests may take to finish at shutdown")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		fs.Usage()
		return &exitError{code: 2, msg: "mentorledger serve: takes no arguments"}
	}
	tuneGC()
	log := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	s, err := openStore(*data, *ledger, true, true)
	if err != nil {
		return err
	}
	defer s.Close()
	if *withDemo {
		head, err := s.ledger.Head(ctx)
		if err != nil {
			return err
		}
		if head == 0 {
			if _, err := buildDemo(ctx, e, s); err != nil {
				return err
			}
		}
	}
	keys, err := s.openKeys()
	if err != nil {
		return err
	}
	tokens, err := access.OpenTokens(filepath.Join(s.dir, access.TokensFile))
	if err != nil {
		return err
	}
	defer tokens.Close()
	if *withDemo {
		if _, err := s.catchUp(ctx); err != nil {
			return err
		}
		if err := demoTokens(ctx, e, tokens, s.views.DB()); err != nil {
			return err
		}
	}
	if err := s.rebuildIfEmpty(ctx); err != nil {
		return fmt.Errorf("build views: %w", err)
	}
	// The router's own start-up chatter stays below warnings.
	live, err := projections.StartLive(ctx, s.ledger, s.views, slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	if err != nil {
		return err
	}
	liveClosed := false
	defer func() {
		if !liveClosed {
			live.Close()
		}
	}()
	srv, err := server.New(ctx, server.Config{
		Service: &app.Service{Store: s.ledger, Now: e.now, Keys: keys, Cache: app.NewStreamCache(4096)},
		Ledger:  s.ledger, Views: s.views, Live: live, Tokens: tokens, Log: log, Now: e.now, GapFree: s.gapFree,
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	// With --bus, the ledger is also published on NATS JetStream for
	// projection workers on other machines; it stops with the server.
	pubCtx, stopPub := context.WithCancel(ctx)
	defer stopPub()
	pubDone := make(chan error, 1)
	if *bus != "" {
		go func() {
			err := natsbus.PublishLedger(pubCtx, s.ledger, *bus, log)
			if err != nil && pubCtx.Err() == nil {
				log.Error("publishing the ledger stopped", "bus", *bus, "err", err)
			}
			pubDone <- err
		}()
		fmt.Fprintf(e.stderr, "serve: publishing the ledger on %s\n", *bus)
	} else {
		pubDone <- nil
	}
	fmt.Fprintf(e.stderr, "serve: listening on http://%s (data %s)\n", ln.Addr(), s.dir)
	serveErr := srv.Serve(ctx, ln, *grace)
	stopPub()
	if err := <-pubDone; err != nil {
		serveErr = errors.Join(serveErr, fmt.Errorf("publish on %s: %w", *bus, err))
	}
	fmt.Fprintln(e.stderr, "serve: shutting down: in-flight requests finished; stopping projections")
	liveClosed = true
	if err := live.Close(); err != nil && !errors.Is(err, context.Canceled) {
		serveErr = errors.Join(serveErr, fmt.Errorf("stop projections: %w", err))
	}
	head, _ := s.ledger.Head(context.Background())
	cp, _ := s.views.Checkpoint(context.Background())
	fmt.Fprintf(e.stderr, "serve: stopped: ledger head %d, views at %d\n", head, cp)
	return serveErr
}

// demoRoles are the sign-in tokens serve --demo prints, one per role, for
// the demo's peer programme.
var demoRoles = []access.Principal{
	{Role: access.Coordinator, Programme: "prog-peer-2025", Name: "demo-coordinator"},
	{Role: access.Mentor, Programme: "prog-peer-2025", Name: "demo-mentor"},
	{Role: access.Mentee, Programme: "prog-peer-2025", Name: "demo-mentee"},
	{Role: access.SteeringGroup, Programme: "prog-peer-2025", Name: "demo-steering-group"},
	{Role: access.Auditor, Name: "demo-auditor"},
	{Role: access.Funder, Programme: "prog-peer-2025", Name: "demo-funder"},
}

// demoTokens revokes the demo tokens of an earlier run and prints new ones
// (a token is only ever shown when it is made). The mentor and mentee are
// the parties of the demo's first relationship.
func demoTokens(ctx context.Context, e *env, tokens *access.Tokens, db *sql.DB) error {
	list, revoked, err := tokens.List(ctx)
	if err != nil {
		return err
	}
	for i, p := range list {
		if !revoked[i] && len(p.Name) > 5 && p.Name[:5] == "demo-" {
			if err := tokens.Revoke(ctx, p.TokenID, e.now()); err != nil {
				return err
			}
		}
	}
	mentor, mentee, rel, err := demoParties(ctx, db)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stderr, "serve: demo sign-in tokens (shown once; a new set is made at each start):")
	for _, p := range demoRoles {
		switch p.Role {
		case access.Mentor:
			p.Participant = mentor
		case access.Mentee:
			p.Participant = mentee
		}
		tok, made, err := tokens.Create(ctx, p, e.now())
		if err != nil {
			return err
		}
		note := ""
		if p.Participant != "" {
			note = fmt.Sprintf(" (participant %s of relationship %s)", p.Participant, rel)
		}
		fmt.Fprintf(e.stderr, "  %-15s %s%s\n", made.Role, tok, note)
	}
	return nil
}

// demoParties are the mentor and mentee of a one-to-one relationship of
// the demo's peer programme, one still running if there is one, read from
// the views.
func demoParties(ctx context.Context, db *sql.DB) (mentor, mentee, rel string, err error) {
	err = db.QueryRowContext(ctx, `
		SELECT r.relationship_id,
		       max(CASE WHEN p.role = 'mentor' THEN p.participant_id END),
		       max(CASE WHEN p.role = 'mentee' THEN p.participant_id END)
		FROM relationships r JOIN relationship_parties p USING (rel_key)
		WHERE r.programme_id = 'prog-peer-2025' AND r.mentors = 1 AND r.mentees = 1
		GROUP BY r.relationship_id, r.rel_key, r.matched_on
		ORDER BY r.rel_key IN (SELECT rel_key FROM endings), r.matched_on DESC, r.relationship_id
		LIMIT 1`).Scan(&rel, &mentor, &mentee)
	if err != nil {
		return "", "", "", fmt.Errorf("demo tokens: find a relationship of the demo for the mentor and mentee: %w", err)
	}
	return mentor, mentee, rel, nil
}

// tuneGC tunes the collector for building reports and serving, unless
// GOGC or GOMEMLIMIT say otherwise: the heap is mostly short-lived request
// and report garbage over a small live set, so collecting at 400 % growth
// instead of 100 % cut the CPU per command by about a fifth (0.39 → 0.30
// and 0.40 → 0.32 ms, docs/BENCHMARKS-HTTP.md) and a large report's build
// by about as much (BENCHMARKS.md, session 3); a soft limit of 2 GiB
// makes the collector work harder rather than let a large report's
// garbage grow the heap past it. serve and report use it, and bench when it
// times the reports, so that it times them as they run.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(2 << 30)
	}
}
