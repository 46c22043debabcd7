package events

import "context"

// Store is the ledger. Every backend implements it and passes the shared
// conformance suite in events/storetest.
type Store interface {
	// Append appends events to one stream atomically if the stream is at the
	// expected version. A retry carrying the same event ids as an earlier
	// successful append returns that append's result and appends nothing.
	Append(ctx context.Context, stream string, expected ExpectedVersion, evs ...NewEvent) (AppendResult, error)
	// AppendBatch appends to several streams in one atomic unit: either every
	// request is recorded or none is.
	AppendBatch(ctx context.Context, reqs []AppendRequest) ([]AppendResult, error)
	// ReadStream returns the events of a stream with version > after, in
	// version order. A stream that does not exist reads as empty.
	ReadStream(ctx context.Context, stream string, after int64) ([]Envelope, error)
	// ReadAll returns up to limit events with position > after, in global
	// order. A reader never sees part of an append.
	ReadAll(ctx context.Context, after Position, limit int) ([]Envelope, error)
	// Head returns the position of the last recorded event (0 when empty).
	Head(ctx context.Context) (Position, error)
	// Subscribe delivers every event with position > after, in order and
	// exactly once: first those already recorded, then new ones as they are
	// committed, until ctx ends or the subscription is closed.
	Subscribe(ctx context.Context, after Position) (Subscription, error)
	Close() error
}

// Subscription is a stream of recorded events.
type Subscription interface {
	// Events delivers events in global order; it is closed when the
	// subscription ends.
	Events() <-chan Envelope
	// Err reports why the subscription ended (nil after a normal close or a
	// cancelled context).
	Err() error
	Close()
}
