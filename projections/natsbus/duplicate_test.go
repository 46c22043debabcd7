package natsbus

import (
	"context"
	"testing"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// A batch delivered twice changes nothing. Published again with its own
// id, JetStream drops it; published again under another id (as by a
// publisher that lost track beyond the duplicate window), the worker
// receives it and skips it by its checkpoint; and a worker whose consumer
// is gone reads the whole stream again and skips every batch.
func TestDuplicateBatchChangesNothing(t *testing.T) {
	ctx := context.Background()
	url := startNATS(t)
	st := newLedger(t, 2500)
	h := head(t, st)
	publishAll(t, st, url)
	want := rebuilt(t, st)

	js := connectJetStream(t, url)
	stream := openStream(t, url)
	batches, _ := streamSize(t, url)
	if batches < 3 {
		t.Fatalf("the ledger went out in %d batches; want at least 3 for this test", batches)
	}

	v := openViews(t, t.TempDir())
	defer v.Close()
	seen := make(chan BatchDone, 4*batches)
	w := startWorker(t, ctx, v, url, "dup", func(d BatchDone) { seen <- d })
	for range batches {
		<-seen
	}
	if got := checkpoint(t, v); got != h {
		t.Fatalf("worker at position %d after the stream, want %d", got, h)
	}

	second, err := stream.GetMsg(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	ack, err := js.PublishMsg(ctx, &nats.Msg{Subject: Stream, Header: second.Header, Data: second.Data})
	if err != nil {
		t.Fatalf("republish batch 2 with its id: %v", err)
	}
	if !ack.Duplicate || ack.Sequence != 2 {
		t.Fatalf("republished batch 2: ack %+v, want JetStream to drop it as a duplicate of message 2", ack)
	}

	hdr := nats.Header{}
	for k, vs := range second.Header {
		hdr[k] = vs
	}
	hdr.Set(jetstream.MsgIDHeader, "again-"+second.Header.Get(jetstream.MsgIDHeader))
	hdr.Del(jetstream.ExpectedLastMsgIDHeader)
	hdr.Del(jetstream.ExpectedLastSeqHeader)
	if _, err := js.PublishMsg(ctx, &nats.Msg{Subject: Stream, Header: hdr, Data: second.Data}); err != nil {
		t.Fatalf("republish batch 2 under another id: %v", err)
	}
	last, err := lastPositionOf(second.Header)
	if err != nil {
		t.Fatal(err)
	}
	if d := <-seen; d.Last != last || d.Applied != 0 {
		t.Fatalf("redelivered batch 2: %+v, want it up to %d with nothing applied", d, last)
	}
	if got := snapshot(t, v); got != want {
		t.Fatalf("views after a duplicate differ from a clean rebuild: %s", firstDiff(got, want))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}

	if err := stream.DeleteConsumer(ctx, ConsumerName("dup")); err != nil {
		t.Fatal(err)
	}
	w = startWorker(t, ctx, v, url, "dup", func(d BatchDone) { seen <- d })
	defer w.Close()
	for i := range batches + 1 {
		if d := <-seen; d.Applied != 0 {
			t.Fatalf("batch %d read again from the start: %+v, want nothing applied", i+1, d)
		}
	}
	if got := snapshot(t, v); got != want {
		t.Fatalf("views after reading the stream again differ from a clean rebuild: %s", firstDiff(got, want))
	}
	if got := checkpoint(t, v); got != h {
		t.Fatalf("checkpoint %d, want %d", got, h)
	}
}
