package esdb

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/mentorledger/mentorledger/events"
)

// Subscribe delivers every event of the ledger with position > after, then
// new ones as they are recorded: a catch-up subscription to $all, filtered
// by the server on the ledger's stream prefix. When the connection drops it
// subscribes again after the last event delivered, so nothing is missed or
// delivered twice. It ends when ctx ends, when it is closed, when the store
// closes (Err is then events.ErrClosed) or on a failure that is not
// transient.
func (s *Store) Subscribe(ctx context.Context, after events.Position) (events.Subscription, error) {
	if s.isClosed() {
		return nil, events.ErrClosed
	}
	ctx, cancel := context.WithCancel(ctx)
	sub := &subscription{ch: make(chan events.Envelope, events.SubscriptionPage), cancel: cancel, done: make(chan struct{})}
	go sub.run(ctx, s, after)
	return sub, nil
}

type subscription struct {
	ch     chan events.Envelope
	cancel context.CancelFunc
	done   chan struct{}
	mu     sync.Mutex
	err    error
}

func (sub *subscription) Events() <-chan events.Envelope { return sub.ch }

func (sub *subscription) Err() error {
	sub.mu.Lock()
	defer sub.mu.Unlock()
	return sub.err
}

func (sub *subscription) Close() {
	sub.cancel()
	<-sub.done
}

func (sub *subscription) fail(err error) {
	sub.mu.Lock()
	defer sub.mu.Unlock()
	sub.err = err
}

func (sub *subscription) run(ctx context.Context, s *Store, after events.Position) {
	defer close(sub.done)
	defer close(sub.ch)
	stop := context.AfterFunc(s.ctx, sub.cancel) // the store closing ends the subscription
	defer stop()
	ended := func() bool {
		if s.ctx.Err() != nil {
			sub.fail(events.ErrClosed)
			return true
		}
		return ctx.Err() != nil
	}
	drops := 0
	for {
		f, err := s.c.subscribeAll(ctx, allFrom(after), s.prefix)
		if err == nil {
			var got int
			after, got, err = sub.pump(ctx, s, f, after)
			f.close()
			if got > 0 {
				drops = 0
			}
		}
		if ended() {
			return
		}
		if !errors.Is(err, ErrUnavailable) {
			sub.fail(fmt.Errorf("subscription after %d: %w", after, err))
			return
		}
		if drops++; drops >= s.cfg.attempts {
			sub.fail(fmt.Errorf("subscription after %d: gave up after %d tries: %w", after, drops, err))
			return
		}
		if s.cfg.wait(ctx, s.backoff(drops)) != nil {
			ended()
			return
		}
	}
}

// pump delivers a feed's events after the given position until the feed
// drops or ctx ends, and returns the last position delivered, how many it
// delivered and why it stopped.
func (sub *subscription) pump(ctx context.Context, s *Store, f feed, after events.Position) (events.Position, int, error) {
	got := 0
	for {
		rec, err := f.next()
		if err != nil {
			return after, got, err
		}
		e := decode(rec, s.prefix).env
		if e.Position <= after {
			continue // delivered before the feed was renewed
		}
		select {
		case sub.ch <- e:
			after = e.Position
			got++
		case <-ctx.Done():
			return after, got, ctx.Err()
		}
	}
}
