package natsbus

import (
	"context"
	"errors"
	"testing"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/mentorledger/mentorledger/events"
)

// connectJetStream connects to the bus for a look at the stream; the
// connection closes when the test ends.
func connectJetStream(tb testing.TB, url string) jetstream.JetStream {
	tb.Helper()
	nc, err := nats.Connect(url)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		tb.Fatal(err)
	}
	return js
}

func openStream(tb testing.TB, url string) jetstream.Stream {
	tb.Helper()
	s, err := connectJetStream(tb, url).Stream(context.Background(), Stream)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// deleteStream empties the bus: the stream and its consumers go.
func deleteStream(tb testing.TB, url string) {
	tb.Helper()
	err := connectJetStream(tb, url).DeleteStream(context.Background(), Stream)
	if err != nil && !errors.Is(err, jetstream.ErrStreamNotFound) {
		tb.Fatal(err)
	}
}

// streamLast is the last ledger position the stream holds (0 when there
// is no stream or it is empty).
func streamLast(tb testing.TB, url string) events.Position {
	tb.Helper()
	ctx := context.Background()
	s, err := connectJetStream(tb, url).Stream(ctx, Stream)
	if errors.Is(err, jetstream.ErrStreamNotFound) {
		return 0
	}
	if err != nil {
		tb.Fatal(err)
	}
	m, err := s.GetLastMsgForSubject(ctx, Stream)
	if errors.Is(err, jetstream.ErrMsgNotFound) {
		return 0
	}
	if err != nil {
		tb.Fatal(err)
	}
	last, err := lastPositionOf(m.Header)
	if err != nil {
		tb.Fatal(err)
	}
	return last
}

// streamSize is how many messages and bytes the stream holds.
func streamSize(tb testing.TB, url string) (msgs, bytes uint64) {
	tb.Helper()
	info, err := openStream(tb, url).Info(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	return info.State.Msgs, info.State.Bytes
}

// streamSpans reads the positions of every message in the stream, in
// stream order.
func streamSpans(tb testing.TB, url string) []span {
	tb.Helper()
	ctx := context.Background()
	s := openStream(tb, url)
	info, err := s.Info(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	var out []span
	for seq := info.State.FirstSeq; seq <= info.State.LastSeq && info.State.Msgs > 0; seq++ {
		m, err := s.GetMsg(ctx, seq)
		if err != nil {
			tb.Fatalf("stream message %d: %v", seq, err)
		}
		md := map[string]string{}
		for k := range m.Header {
			md[k] = m.Header.Get(k)
		}
		sp, err := spanOf(md)
		if err != nil {
			tb.Fatalf("stream message %d: %v", seq, err)
		}
		out = append(out, sp)
	}
	return out
}

// checkChain fails unless the stream's messages hold every ledger position
// up to head exactly once, each continuing the one before.
func checkChain(tb testing.TB, url string, h events.Position) {
	tb.Helper()
	var last events.Position
	for i, s := range streamSpans(tb, url) {
		if s.After != last {
			tb.Fatalf("stream message %d holds %s, want it to follow position %d", i+1, s, last)
		}
		last = s.Last
	}
	if last != h {
		tb.Fatalf("stream ends at position %d, want the ledger's head %d", last, h)
	}
}
