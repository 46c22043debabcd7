package events

import (
	"context"
	"sync"
)

// Reader reads the ledger in global order.
type Reader interface {
	ReadAll(ctx context.Context, after Position, limit int) ([]Envelope, error)
}

// Notifier tells a catch-up subscription that new events may have been
// committed: Changed returns a channel that is closed at the next commit.
type Notifier interface {
	Changed() <-chan struct{}
}

// SubscriptionPage is how many events a catch-up subscription reads at once.
const SubscriptionPage = 1024

// CatchUp returns a subscription that reads every event after the given
// position from r, then waits on n for more. It is the subscription of every
// backend that can read its global order and signal commits.
func CatchUp(ctx context.Context, r Reader, n Notifier, after Position) Subscription {
	ctx, cancel := context.WithCancel(ctx)
	s := &catchUp{ch: make(chan Envelope, SubscriptionPage), cancel: cancel, done: make(chan struct{})}
	go s.run(ctx, r, n, after)
	return s
}

type catchUp struct {
	ch     chan Envelope
	cancel context.CancelFunc
	done   chan struct{}
	mu     sync.Mutex
	err    error
}

func (s *catchUp) Events() <-chan Envelope { return s.ch }

func (s *catchUp) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

func (s *catchUp) Close() {
	s.cancel()
	<-s.done
}

func (s *catchUp) run(ctx context.Context, r Reader, n Notifier, after Position) {
	defer close(s.done)
	defer close(s.ch)
	for {
		// Take the change signal before reading so that a commit between the
		// read and the wait is never missed.
		changed := n.Changed()
		page, err := r.ReadAll(ctx, after, SubscriptionPage)
		if err != nil {
			if ctx.Err() == nil {
				s.mu.Lock()
				s.err = err
				s.mu.Unlock()
			}
			return
		}
		for _, e := range page {
			select {
			case s.ch <- e:
				after = e.Position
			case <-ctx.Done():
				return
			}
		}
		if len(page) == SubscriptionPage {
			continue
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return
		}
	}
}

// Broadcast is a Notifier for backends: Signal closes the channel handed
// out by Changed and starts a new one.
type Broadcast struct {
	mu sync.Mutex
	ch chan struct{}
}

// Changed returns a channel closed at the next Signal.
func (b *Broadcast) Changed() <-chan struct{} {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.ch == nil {
		b.ch = make(chan struct{})
	}
	return b.ch
}

// Signal wakes everyone waiting on Changed.
func (b *Broadcast) Signal() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.ch != nil {
		close(b.ch)
		b.ch = nil
	}
}
