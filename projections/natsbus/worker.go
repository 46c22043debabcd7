package natsbus

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	wmjetstream "github.com/ThreeDotsLabs/watermill-nats/v2/pkg/jetstream"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/ThreeDotsLabs/watermill/message/router/middleware"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/projections"
)

// WorkerConfig configures a projection worker.
type WorkerConfig struct {
	// URL is the NATS server, e.g. nats://localhost:4222.
	URL string
	// Name identifies the worker on the bus: its durable consumer is
	// ConsumerName(Name). Give each views database its own name.
	Name string
	Log  *slog.Logger
	// OnBatch, when set, is called after each batch has been applied to
	// the views (or found to be there already), before it is acknowledged.
	OnBatch func(BatchDone)
}

// BatchDone is one batch a worker has handled.
type BatchDone struct {
	// After, First and Last are the batch's positions: it holds the events
	// in (After, Last].
	After, First, Last events.Position
	// Applied is how many of its events were new to the views: 0 for a
	// duplicate, fewer than the batch for one that overlaps the views.
	Applied int
}

// Worker applies the ledger's batches from the bus to one views database,
// through a Watermill router with recoverer and retry middleware: each
// batch goes to every projection in one DuckDB transaction with their
// checkpoints (projections.Views.ApplyAll), which skips the events each
// already holds.
type Worker struct {
	views   *projections.Views
	cfg     WorkerConfig
	log     *slog.Logger
	router  *message.Router
	cancel  context.CancelFunc
	done    chan struct{}
	applied events.Broadcast

	mu      sync.Mutex
	err     error
	events  int64
	lastLog time.Time
}

// StartWorker connects to the bus and starts applying batches to views
// from the position its checkpoints hold. It runs until ctx ends, Close is
// called or a batch fails for good (see Err). The caller keeps views and
// closes it after the worker.
func StartWorker(ctx context.Context, views *projections.Views, cfg WorkerConfig) (*Worker, error) {
	if cfg.Name == "" {
		return nil, errors.New("start worker: no name")
	}
	log := orDiscard(cfg.Log).With("component", "natsbus.worker", "worker", cfg.Name)
	nc, err := connect(cfg.URL, "mentorledger-worker-"+cfg.Name, false)
	if err != nil {
		return nil, fmt.Errorf("start worker %s: %w", cfg.Name, err)
	}
	ctx, cancel := context.WithCancel(ctx)
	w := &Worker{views: views, cfg: cfg, log: log, cancel: cancel, done: make(chan struct{})}
	wlog := watermillLogger(log)
	sub, err := wmjetstream.NewSubscriber(wmjetstream.SubscriberConfig{
		Conn:                nc,
		Logger:              wlog,
		AckWaitTimeout:      AckWait,
		ResourceInitializer: resumeConsumer(ConsumerName(cfg.Name), views.Checkpoint),
		ConfigureStream:     streamConfig,
		ConsumeOptions:      []jetstream.PullConsumeOpt{jetstream.ConsumeErrHandler(w.consumeError)},
		NakDelay:            wmjetstream.NewStaticDelay(time.Second),
	})
	if err != nil {
		cancel()
		nc.Close()
		return nil, fmt.Errorf("start worker %s: %w", cfg.Name, err)
	}
	router, err := message.NewRouter(message.RouterConfig{CloseTimeout: 30 * time.Second}, wlog)
	if err != nil {
		cancel()
		nc.Close()
		return nil, fmt.Errorf("start worker %s: %w", cfg.Name, err)
	}
	w.router = router
	router.AddMiddleware(
		w.failAfterRetries,
		middleware.Recoverer,
		middleware.Retry{
			MaxRetries: 5, InitialInterval: 20 * time.Millisecond, MaxInterval: time.Second, Multiplier: 2, Logger: wlog,
			ShouldRetry: func(p middleware.RetryParams) bool {
				var f *fatal
				return !errors.As(p.Err, &f) && !errors.Is(p.Err, context.Canceled)
			},
		}.Middleware,
	)
	router.AddConsumerHandler("project", Stream, sub, w.handle)
	go func() {
		defer close(w.done)
		if err := router.Run(ctx); err != nil {
			w.fail(fmt.Errorf("worker %s: %w", cfg.Name, err))
		}
		// The router closes the subscriber (which drains the connection)
		// only when it is closed, not when ctx ends; closing it again is a
		// no-op that waits for a close in progress.
		if err := sub.Close(); err != nil {
			log.Warn("closing the subscription", "err", err)
		}
		nc.Close()
	}()
	select {
	case <-router.Running():
	case <-w.done:
		cancel()
		if err := w.Err(); err != nil {
			return nil, fmt.Errorf("start worker: %w", err)
		}
		return nil, fmt.Errorf("start worker %s: %w", cfg.Name, context.Cause(ctx))
	}
	cp, err := views.Checkpoint(ctx)
	if err == nil {
		log.Info("applying ledger batches from the bus", "stream", Stream, "consumer", ConsumerName(cfg.Name), "checkpoint", cp)
	}
	return w, nil
}

func (w *Worker) handle(msg *message.Message) error {
	s, err := spanOf(msg.Metadata)
	if err != nil {
		return &fatal{fmt.Errorf("message %s: %w", msg.UUID, err)}
	}
	ctx := msg.Context()
	cp, err := w.views.Checkpoint(ctx)
	if err != nil {
		return fmt.Errorf("batch %s: %w", s, err)
	}
	done := BatchDone{After: s.After, First: s.First, Last: s.Last}
	switch {
	case s.Last <= cp:
		// A duplicate: every event is in the views already.
	case s.After > cp:
		return &fatal{fmt.Errorf("batch %s does not follow the views at position %d: the stream no longer holds the batches "+
			"in between, or another worker uses the name %q", s, cp, w.cfg.Name)}
	default:
		batch, err := decodeBody(msg.Payload)
		if err != nil {
			return &fatal{fmt.Errorf("batch %s: %w", s, err)}
		}
		if len(batch) == 0 || batch[0].Envelope.Position != s.First || batch[len(batch)-1].Envelope.Position != s.Last {
			return &fatal{fmt.Errorf("batch %s: its events do not match its positions", s)}
		}
		if err := w.views.ApplyAll(ctx, w.views.Projections(), batch); err != nil {
			return fmt.Errorf("apply batch %s: %w", s, err)
		}
		for i := range batch {
			if batch[i].Envelope.Position > cp {
				done.Applied++
			}
		}
	}
	w.applied.Signal()
	w.progress(done)
	if w.cfg.OnBatch != nil {
		w.cfg.OnBatch(done)
	}
	return nil
}

// progress logs each batch at debug level and the position reached at
// most every few seconds.
func (w *Worker) progress(d BatchDone) {
	w.log.Debug("batch", "after", d.After, "last", d.Last, "applied", d.Applied)
	w.mu.Lock()
	defer w.mu.Unlock()
	w.events += int64(d.Applied)
	if now := time.Now(); now.Sub(w.lastLog) >= 5*time.Second {
		w.lastLog = now
		w.log.Info("views updated", "position", d.Last, "events_applied", w.events)
	}
}

// failAfterRetries stops the worker when a batch still fails after the
// retry middleware gave up (or on a fatal error): batches must be applied
// in order, so the worker cannot go on to the next. A batch cut short
// because the worker is stopping is not a failure: its transaction was
// rolled back, and it is delivered again when the worker starts again.
func (w *Worker) failAfterRetries(h message.HandlerFunc) message.HandlerFunc {
	return func(msg *message.Message) ([]*message.Message, error) {
		out, err := h(msg)
		if err != nil && msg.Context().Err() == nil {
			w.fail(err)
			w.cancel()
		}
		return out, err
	}
}

// consumeError stops the worker when its consumer disappears from under it
// and logs other consumption errors (missed heartbeats while the server is
// away), which the client recovers from.
func (w *Worker) consumeError(_ jetstream.ConsumeContext, err error) {
	if errors.Is(err, jetstream.ErrConsumerDeleted) || errors.Is(err, jetstream.ErrConsumerNotFound) {
		w.fail(fmt.Errorf("consumer %s was deleted (did another worker start with the name %q?): %w", ConsumerName(w.cfg.Name), w.cfg.Name, err))
		w.cancel()
		return
	}
	w.log.Warn("consuming from the bus", "err", err)
}

func (w *Worker) fail(err error) {
	w.mu.Lock()
	if w.err == nil {
		w.err = err
	}
	w.mu.Unlock()
	w.applied.Signal()
}

// Err reports why the worker stopped on its own, if it did.
func (w *Worker) Err() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// Done is closed when the worker has stopped.
func (w *Worker) Done() <-chan struct{} { return w.done }

// WaitFor blocks until the views hold every event up to pos, the worker
// stops, or ctx ends.
func (w *Worker) WaitFor(ctx context.Context, pos events.Position) error {
	for {
		changed := w.applied.Changed()
		if err := w.Err(); err != nil {
			return err
		}
		cp, err := w.views.Checkpoint(ctx)
		if err != nil {
			return err
		}
		if cp >= pos {
			return nil
		}
		select {
		case <-changed:
		case <-w.done:
			if err := w.Err(); err != nil {
				return err
			}
			return fmt.Errorf("worker %s stopped at position %d, before %d", w.cfg.Name, cp, pos)
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Close stops the worker: the batch being applied finishes and is
// checkpointed first (if its acknowledgement is lost on the way, the batch
// is delivered again on restart and skipped). It returns why the worker
// had stopped on its own, if it had.
func (w *Worker) Close() error {
	err := w.router.Close()
	w.cancel()
	<-w.done
	if werr := w.Err(); werr != nil {
		return werr
	}
	if err != nil {
		return fmt.Errorf("close worker %s: %w", w.cfg.Name, err)
	}
	return nil
}
