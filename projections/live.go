package projections

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/ThreeDotsLabs/watermill"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/ThreeDotsLabs/watermill/message/router/middleware"
	"github.com/ThreeDotsLabs/watermill/pubsub/gochannel"

	"github.com/mentorledger/mentorledger/events"
)

// Topic is the Watermill topic ledger events are published on.
const Topic = "mentorledger.ledger"

// Metadata keys of a ledger message: the positions of its first and last
// event, so a consumer that restarts or receives a duplicate can tell where
// the message belongs.
const (
	MetaFirstPosition = "first_position"
	MetaLastPosition  = "last_position"
)

// MaxMessageEvents is the most events one message carries.
const MaxMessageEvents = 1000

// Live keeps the views up to date while the ledger grows: a bridge reads
// the store's subscription and publishes batches of events on a Watermill
// Pub/Sub, its own Go channel (the messages carry each batch's positions;
// the events are handed over beside them in process, not encoded); a
// router runs one handler, with recoverer and retry middleware, that
// applies each batch to every projection and moves their checkpoints in
// one DuckDB transaction. While a batch is applied the next one gathers,
// so batches grow with the load, and a steady load gathers for at least
// MinBatchInterval.
type Live struct {
	views   *Views
	router  *message.Router
	pubsub  *gochannel.GoChannel
	applied events.Broadcast
	cancel  context.CancelFunc
	// pages hands each message's events from the bridge to the handler
	// in process, by message UUID, so they are not encoded to JSON and
	// decoded again: the Pub/Sub is this Live's own Go channel.
	pages sync.Map
	wg    sync.WaitGroup
	mu    sync.Mutex
	err   error
}

// StartLive catches the views up with the ledger in bulk, then starts live
// delivery from the position reached.
func StartLive(ctx context.Context, store events.Store, v *Views, log *slog.Logger) (*Live, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if _, err := v.CatchUp(ctx, store, CatchUpOptions{}); err != nil {
		return nil, err
	}
	from, err := v.Checkpoint(ctx)
	if err != nil {
		return nil, err
	}
	wlog := watermill.NewSlogLogger(log)
	// Blocking until every subscriber acks keeps messages in ledger order.
	ps := gochannel.NewGoChannel(gochannel.Config{BlockPublishUntilSubscriberAck: true}, wlog)
	router, err := message.NewRouter(message.RouterConfig{CloseTimeout: 30 * time.Second}, wlog)
	if err != nil {
		return nil, fmt.Errorf("start projections: %w", err)
	}
	ctx, cancel := context.WithCancel(ctx)
	l := &Live{views: v, router: router, pubsub: ps, cancel: cancel}
	router.AddMiddleware(
		l.failAfterRetries,
		middleware.Recoverer,
		middleware.Retry{MaxRetries: 5, InitialInterval: 20 * time.Millisecond, MaxInterval: time.Second, Multiplier: 2, Logger: wlog}.Middleware,
	)
	// One handler applies each batch to every projection in one DuckDB
	// transaction, as catch-up does: the batch is decoded once, and each
	// projection's checkpoint still moves with its own rows.
	router.AddConsumerHandler("projections", Topic, ps, l.handler(v.projections))
	l.wg.Add(1)
	go func() {
		defer l.wg.Done()
		if err := router.Run(ctx); err != nil {
			l.fail(fmt.Errorf("projections router: %w", err))
		}
	}()
	select {
	case <-router.Running():
	case <-ctx.Done():
		cancel()
		return nil, ctx.Err()
	}
	sub, err := store.Subscribe(ctx, from)
	if err != nil {
		cancel()
		return nil, fmt.Errorf("start projections: subscribe: %w", err)
	}
	l.wg.Add(1)
	go func() {
		defer l.wg.Done()
		defer sub.Close()
		l.bridge(ctx, sub)
	}()
	return l, nil
}

// failAfterRetries records a batch that still fails after the retry
// middleware gave up, so that WaitFor reports it instead of waiting for a
// redelivery that fails the same way.
func (l *Live) failAfterRetries(h message.HandlerFunc) message.HandlerFunc {
	return func(msg *message.Message) ([]*message.Message, error) {
		out, err := h(msg)
		if err != nil {
			l.fail(fmt.Errorf("projection batch %s..%s: %w", msg.Metadata.Get(MetaFirstPosition), msg.Metadata.Get(MetaLastPosition), err))
		}
		return out, err
	}
}

func (l *Live) handler(ps []Projection) message.NoPublishHandlerFunc {
	return func(msg *message.Message) error {
		var page []events.Envelope
		if v, ok := l.pages.Load(msg.UUID); ok {
			page = v.([]events.Envelope)
		} else if err := json.Unmarshal(msg.Payload, &page); err != nil {
			return fmt.Errorf("projections: message %s: %w", msg.UUID, err)
		}
		batch, err := DecodeAll(page)
		if err != nil {
			return fmt.Errorf("projections: %w", err)
		}
		if err := l.views.ApplyAll(msg.Context(), ps, batch); err != nil {
			return err
		}
		l.applied.Signal()
		return nil
	}
}

// MinBatchInterval is the least time between the starts of two live
// batches. Applying a batch costs DuckDB a transaction — about as much CPU
// as a hundred events' rows — so under a steady stream of commands the
// bridge gathers what arrives for this long instead of applying a few
// events at a time: the views then cost a bounded share of the CPU however
// fast commands come. After a pause the first event is published at once,
// so a single command reaches the views without waiting.
const MinBatchInterval = 100 * time.Millisecond

// bridge publishes the subscription's events, batching whatever has
// arrived, and at most one batch every MinBatchInterval.
func (l *Live) bridge(ctx context.Context, sub events.Subscription) {
	var last time.Time // when the last batch was published
	gather := time.NewTimer(time.Hour)
	gather.Stop()
	for {
		var page []events.Envelope
		select {
		case e, ok := <-sub.Events():
			if !ok {
				if err := sub.Err(); err != nil {
					l.fail(err)
				}
				return
			}
			page = append(page, e)
		case <-ctx.Done():
			return
		}
		// Until the interval since the last batch is over, wait for more;
		// then take only what is already there.
		var due <-chan time.Time
		if wait := time.Until(last.Add(MinBatchInterval)); wait > 0 {
			gather.Reset(wait)
			due = gather.C
		}
	drain:
		for len(page) < MaxMessageEvents {
			if due == nil {
				select {
				case e, ok := <-sub.Events():
					if !ok {
						break drain
					}
					page = append(page, e)
					continue
				default:
					break drain
				}
			}
			select {
			case e, ok := <-sub.Events():
				if !ok {
					break drain
				}
				page = append(page, e)
			case <-due:
				due = nil
			case <-ctx.Done():
				return
			}
		}
		gather.Stop()
		// The events travel beside the message (pages), which carries
		// their positions; Publish returns once the handler has acked.
		msg := message.NewMessage(page[0].ID, nil)
		msg.Metadata.Set(MetaFirstPosition, strconv.FormatUint(uint64(page[0].Position), 10))
		msg.Metadata.Set(MetaLastPosition, strconv.FormatUint(uint64(page[len(page)-1].Position), 10))
		last = time.Now()
		l.pages.Store(msg.UUID, page)
		err := l.pubsub.Publish(Topic, msg)
		l.pages.Delete(msg.UUID)
		if err != nil {
			if ctx.Err() == nil {
				l.fail(fmt.Errorf("projections bridge: publish: %w", err))
			}
			return
		}
	}
}

func (l *Live) fail(err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.err == nil {
		l.err = err
	}
	l.applied.Signal()
}

// Err reports a failure of live delivery, if any.
func (l *Live) Err() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.err
}

// WaitFor blocks until every projection has applied the event at pos.
func (l *Live) WaitFor(ctx context.Context, pos events.Position) error {
	for {
		changed := l.applied.Changed()
		if err := l.Err(); err != nil {
			return err
		}
		low, err := l.views.Checkpoint(ctx)
		if err != nil {
			return err
		}
		if low >= pos {
			return nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Close stops delivery; every batch already handed to a handler finishes
// and checkpoints first.
func (l *Live) Close() error {
	l.cancel()
	err := l.router.Close()
	l.wg.Wait()
	if perr := l.pubsub.Close(); perr != nil && err == nil {
		err = perr
	}
	if lerr := l.Err(); lerr != nil && !errors.Is(lerr, context.Canceled) && err == nil {
		err = lerr
	}
	return err
}
