package esdb

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"github.com/mentorledger/mentorledger/events"
)

func TestTheConnectionStringMayNameTheLedgerPrefix(t *testing.T) {
	cfg, prefix, err := parseConnection("esdb://admin:changeit@localhost:2113?tls=false&ledgerPrefix=school-a:")
	if err != nil {
		t.Fatal(err)
	}
	if prefix != "school-a:" || cfg.Address != "localhost:2113" || !cfg.DisableTLS || cfg.Username != "admin" {
		t.Fatalf("prefix %q, address %q, TLS off %v, user %q", prefix, cfg.Address, cfg.DisableTLS, cfg.Username)
	}
	if _, prefix, err := parseConnection("esdb+discover://cluster.example:2113"); err != nil || prefix != "" {
		t.Fatalf("no prefix named: %q, %v", prefix, err)
	}
	for _, bad := range []string{"http://localhost:2113", "esdb://localhost:2113?ledgerPrefix=$all", "esdb://"} {
		if _, _, err := parseConnection(bad); events.ErrorCode(err) != events.EINVALID {
			t.Errorf("%s: %v, want %q", bad, err, events.EINVALID)
		}
	}
	if got := redact("esdb://admin:changeit@localhost:2113?tls=false"); strings.Contains(got, "changeit") {
		t.Fatalf("redacted %q still holds the password", got)
	}
}

func TestOpenSaysWhenTheServerCannotBeReachedAndStartsTheClientAgain(t *testing.T) {
	// A real client, no server: nothing listens on port 1. The official
	// client closes itself for good when it finds no node; the store
	// starts a new one, so its third try discovers again instead of
	// failing on a closed client.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	start := time.Now()
	_, err := Open(ctx, "esdb://127.0.0.1:1?tls=false&maxDiscoverAttempts=1&discoveryInterval=10&gossipTimeout=1", WithRetry(3, time.Millisecond))
	if err == nil {
		t.Fatal("open succeeded without a server")
	}
	msg := err.Error()
	if !errors.Is(err, ErrUnavailable) || !strings.Contains(msg, "open ledger esdb://127.0.0.1:1") || !strings.Contains(msg, "gave up after 3 tries") {
		t.Fatalf("error %q: want ErrUnavailable naming the ledger and the tries", msg)
	}
	if !strings.Contains(msg, "connection refused") || strings.Contains(msg, "already closed") {
		t.Fatalf("error %q: want the last try to have reached for the server again", msg)
	}
	if time.Since(start) > 15*time.Second {
		t.Fatalf("open took %s to fail", time.Since(start))
	}
}

func TestAClientThatClosedItselfIsStartedAgain(t *testing.T) {
	cfg, _, err := parseConnection("esdb://127.0.0.1:1?tls=false&maxDiscoverAttempts=1&discoveryInterval=10&gossipTimeout=1")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Logger = esdb.NoopLogging()
	g, err := newGRPCClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer g.close()
	ctx := context.Background()
	first := g.client()
	_, err1 := g.readAll(ctx, esdb.End{}, 1, esdb.Backwards) // discovery fails: the client closes itself
	_, err2 := g.readAll(ctx, esdb.End{}, 1, esdb.Backwards) // finds it closed: a new one is started
	_, err3 := g.readAll(ctx, esdb.End{}, 1, esdb.Backwards) // the new one looks for the server again
	if !errors.Is(err1, ErrUnavailable) || !errors.Is(err2, ErrUnavailable) || !errors.Is(err3, ErrUnavailable) {
		t.Fatalf("errors %v / %v / %v: want each transient", err1, err2, err3)
	}
	if g.client() == first {
		t.Fatal("the closed client was not replaced")
	}
	if !strings.Contains(err2.Error(), "started again") {
		t.Fatalf("second error %q does not say the client was started again", err2)
	}
	if !strings.Contains(err3.Error(), "maximum discovery attempt count reached") || strings.Contains(err3.Error(), "started again") {
		t.Fatalf("third error %q: want a new discovery, not the closed client", err3)
	}
}
