package natsbus

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	wmjetstream "github.com/ThreeDotsLabs/watermill-nats/v2/pkg/jetstream"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/mentorledger/mentorledger/events"
)

// PublisherConfig configures Publish.
type PublisherConfig struct {
	// URL is the NATS server, e.g. nats://localhost:4222.
	URL string
	Log *slog.Logger
	// OnPublished, when set, is called after each batch is stored in the
	// stream with the positions it holds, (after, last].
	OnPublished func(after, last events.Position)
}

// PublishLedger publishes the ledger's events to the bus until ctx ends:
// first every event after the last one the stream holds, then each new one
// as it is committed; `mentorledger serve --bus` runs it beside the HTTP
// API. It returns nil when ctx ends, and an error only when it cannot go on
// (the ledger fails, an event is too big for the bus, or the stream was
// filled from another ledger); while the bus is unreachable, at start or
// later, it retries.
func PublishLedger(ctx context.Context, store events.Store, busURL string, log *slog.Logger) error {
	return Publish(ctx, store, PublisherConfig{URL: busURL, Log: log})
}

// Publish is PublishLedger with every setting.
func Publish(ctx context.Context, store events.Store, cfg PublisherConfig) error {
	log := orDiscard(cfg.Log).With("component", "natsbus.publisher")
	nc, err := connect(cfg.URL, "mentorledger-publisher", true)
	if err != nil {
		return fmt.Errorf("publish ledger: %w", err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		return fmt.Errorf("publish ledger: jetstream: %w", err)
	}
	pub, err := wmjetstream.NewPublisher(wmjetstream.PublisherConfig{Conn: nc, Logger: watermillLogger(log), ConfigureStream: streamConfig})
	if err != nil {
		return fmt.Errorf("publish ledger: %w", err)
	}
	p := &publisher{
		store:       store,
		nc:          nc,
		js:          js,
		pub:         pub,
		log:         log,
		onPublished: cfg.OnPublished,
	}
	return p.run(ctx)
}

// headerRoom is what a message's headers may take of the server's maximum
// payload.
const headerRoom = 4 << 10

// Retry intervals after the bus fails.
const (
	retryMin = 100 * time.Millisecond
	retryMax = 5 * time.Second
)

// errChainMoved means the stream's last message is not the one a batch
// continues from: another publisher got there first, or this one resumed
// from a stale position. The publisher resumes from the stream's end.
var errChainMoved = errors.New("the stream's last batch is not the one this batch follows")

// JetStream's error code for a wrong expected last message id (nats.go
// names the ones for sequences only).
const errCodeWrongLastMsgID jetstream.ErrorCode = 10070

type publisher struct {
	store       events.Store
	nc          *nats.Conn
	js          jetstream.JetStream
	pub         *wmjetstream.Publisher
	maxBytes    int // what a batch may take: the server's max payload less headerRoom
	log         *slog.Logger
	onPublished func(after, last events.Position)
	published   int64
}

// run resumes from the stream's last batch and publishes, again after each
// failure of the bus, until ctx ends or a fatal error.
func (p *publisher) run(ctx context.Context) error {
	wait := retryMin
	for {
		before := p.published
		after, err := p.resume(ctx)
		if err == nil {
			p.log.Info("publishing the ledger", "after", after, "stream", Stream)
			err = p.pump(ctx, after)
		}
		if ctx.Err() != nil {
			return nil
		}
		var f *fatal
		if errors.As(err, &f) {
			return fmt.Errorf("publish ledger: %w", err)
		}
		if p.published > before {
			wait = retryMin
		}
		if errors.Is(err, errChainMoved) {
			p.log.Warn("resuming from the stream's last batch", "err", err)
		} else {
			p.log.Error("bus failed; retrying", "err", err, "in", wait)
		}
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return nil
		}
		wait = min(2*wait, retryMax)
	}
}

// resume returns the last ledger position the stream holds (0 when empty),
// creating the stream if needed.
func (p *publisher) resume(ctx context.Context) (events.Position, error) {
	s, err := ensureStream(ctx, p.js)
	if err != nil {
		return 0, err
	}
	// Connected now: the server has said how big a message may be.
	p.maxBytes = int(p.nc.MaxPayload()) - headerRoom
	var after events.Position
	m, err := s.GetLastMsgForSubject(ctx, Stream)
	switch {
	case errors.Is(err, jetstream.ErrMsgNotFound):
	case err != nil:
		return 0, fmt.Errorf("read the stream's last batch: %w", err)
	default:
		if after, err = lastPositionOf(m.Header); err != nil {
			return 0, &fatal{fmt.Errorf("stream %s message %d: %w", Stream, m.Sequence, err)}
		}
	}
	head, err := p.store.Head(ctx)
	if err != nil {
		return 0, &fatal{fmt.Errorf("ledger head: %w", err)}
	}
	if after > head {
		return 0, &fatal{fmt.Errorf("stream %s holds the ledger up to position %d but the ledger's head is %d: "+
			"the stream was filled from another ledger (delete it to publish this one)", Stream, after, head)}
	}
	return after, nil
}

// pump publishes every event after the given position, batching whatever
// has arrived, until ctx ends or publishing fails.
func (p *publisher) pump(ctx context.Context, after events.Position) error {
	// Up to the head as it is now, batches are filled (the events are
	// there to read); after it, a batch is whatever has arrived.
	backlog, err := p.store.Head(ctx)
	if err != nil {
		return &fatal{fmt.Errorf("ledger head: %w", err)}
	}
	sub, err := p.store.Subscribe(ctx, after)
	if err != nil {
		return &fatal{fmt.Errorf("subscribe to the ledger after %d: %w", after, err)}
	}
	defer sub.Close()
	var carry *encoded
	for {
		b := newBatch(after)
		if carry != nil {
			b.add(*carry, p.maxBytes)
			carry = nil
		}
		closed := false
		for {
			// A batch waits for its first event, and for every event up
			// to the backlog; after that it takes what has arrived.
			wait := len(b.events) == 0 || b.span().Last < backlog
			e, ok, got := receive(ctx, sub, wait)
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if !got {
				break
			}
			if !ok {
				closed = true
				break
			}
			enc, err := p.encode(e)
			if err != nil {
				return err
			}
			if !b.add(enc, p.maxBytes) {
				carry = &enc
				break
			}
		}
		if len(b.events) > 0 {
			if err := p.publish(b); err != nil {
				return err
			}
			after = b.span().Last
		}
		if closed {
			return p.ended(ctx, sub)
		}
	}
}

// receive takes the subscription's next event, waiting for it when wait
// is set; got is false when it did not wait and none had arrived, ok is
// false when the subscription has ended.
func receive(ctx context.Context, sub events.Subscription, wait bool) (e events.Envelope, ok, got bool) {
	if wait {
		select {
		case e, ok = <-sub.Events():
			return e, ok, true
		case <-ctx.Done():
			return e, false, false
		}
	}
	select {
	case e, ok = <-sub.Events():
		return e, ok, true
	default:
		return e, false, false
	}
}

// encode encodes an event, refusing one too big for a message on its own.
func (p *publisher) encode(e events.Envelope) (encoded, error) {
	enc, err := encode(e)
	if err != nil {
		return enc, &fatal{err}
	}
	if len(enc.raw)+2 > p.maxBytes {
		return enc, &fatal{fmt.Errorf("event %s at position %d takes %d bytes, more than a message on this bus may (%d): raise the server's max_payload",
			e.ID, e.Position, len(enc.raw), p.maxBytes)}
	}
	return enc, nil
}

func (p *publisher) publish(b *batch) error {
	s := b.span()
	if err := p.pub.Publish(Stream, b.message()); err != nil {
		var apiErr *jetstream.APIError
		if errors.As(err, &apiErr) {
			switch apiErr.ErrorCode {
			case errCodeWrongLastMsgID, jetstream.JSErrCodeStreamWrongLastSequence, jetstream.JSErrCodeStreamWrongLastSequenceConstant:
				return fmt.Errorf("publish batch %s: %w (%v)", s, errChainMoved, err)
			}
		}
		return fmt.Errorf("publish batch %s: %w", s, err)
	}
	p.published++
	p.log.Debug("published", "after", s.After, "last", s.Last, "events", len(b.events))
	if p.onPublished != nil {
		p.onPublished(s.After, s.Last)
	}
	return nil
}

// ended explains why the ledger subscription closed.
func (p *publisher) ended(ctx context.Context, sub events.Subscription) error {
	if err := sub.Err(); err != nil {
		return &fatal{fmt.Errorf("ledger subscription: %w", err)}
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return &fatal{errors.New("ledger subscription ended (ledger closed?)")}
}
