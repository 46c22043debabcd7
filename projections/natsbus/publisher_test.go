package natsbus

import (
	"context"
	"fmt"
	"net"
	"strings"
	"testing"

	"github.com/nats-io/nats-server/v2/server"
)

// A server that takes small messages gets smaller batches: every message
// fits, the stream is still a chain, and a worker still ends equal to a
// clean rebuild.
func TestBatchesFitTheServersMaxPayload(t *testing.T) {
	const maxPayload = 64 << 10
	url := startNATSWith(t, func(o *server.Options) { o.MaxPayload = maxPayload })
	st := newLedger(t, 2000)
	h := head(t, st)
	publishAll(t, st, url)
	checkChain(t, url, h)
	spans := streamSpans(t, url)
	if least := int(h) / ((maxPayload - headerRoom) / 300); len(spans) < least {
		t.Fatalf("the ledger went out in %d messages; with %d-byte messages it needs at least %d", len(spans), maxPayload, least)
	}

	v := openViews(t, t.TempDir())
	defer v.Close()
	w := startWorker(t, context.Background(), v, url, "small", nil)
	defer w.Close()
	if err := w.WaitFor(context.Background(), h); err != nil {
		t.Fatal(err)
	}
	if got, want := snapshot(t, v), rebuilt(t, st); got != want {
		t.Fatalf("views differ from a clean rebuild: %s", firstDiff(got, want))
	}
}

// An event too big for any message stops the publisher with an error that
// says so, rather than retrying for ever.
func TestPublisherStopsOnAnEventTooBigForTheBus(t *testing.T) {
	url := startNATSWith(t, func(o *server.Options) { o.MaxPayload = headerRoom + 200 })
	st := newLedger(t, 10)
	err := Publish(context.Background(), st, PublisherConfig{URL: url, Log: testLog(t)})
	if err == nil || !strings.Contains(err.Error(), "max_payload") {
		t.Fatalf("publish: %v, want an error naming max_payload", err)
	}
}

// A publisher started before the bus is up publishes once it comes up.
func TestPublisherWaitsForTheBus(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	st := newLedger(t, 500)
	var published reached
	stop := runPublisher(t, st, fmt.Sprintf("nats://127.0.0.1:%d", port), published.record)
	url := startNATSWith(t, func(o *server.Options) { o.Port = port })
	h := head(t, st)
	published.wait(h)
	stop()
	checkChain(t, url, h)
}
