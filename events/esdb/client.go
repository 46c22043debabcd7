package esdb

import (
	"context"
	"errors"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"
)

// logClient is all the store asks of EventStoreDB, in the client's own
// types: append to a stream, read a stream, read $all, subscribe to $all.
// grpcClient implements it over the official client; the tests implement
// it in memory, so that the store's own logic (versions, positions, hashes,
// idempotency, retries, digests) runs without a server.
//
// Errors are classified: they wrap one of errWrongVersion, errNoStream,
// ErrStreamDeleted, ErrUnavailable, errDenied or errClientClosed when they
// are one of those, and the client's error.
type logClient interface {
	// appendEvents appends to one stream, atomically, if the stream is at
	// the expected revision.
	appendEvents(ctx context.Context, stream string, expected esdb.ExpectedRevision, evs []esdb.EventData) (esdb.WriteResult, error)
	// readStream reads up to count events of a stream: forwards from a
	// revision (inclusive) or esdb.Start, or backwards from esdb.End.
	readStream(ctx context.Context, stream string, from esdb.StreamPosition, count uint64, dir esdb.Direction) ([]esdb.RecordedEvent, error)
	// readAll reads up to count events of $all: forwards from a position
	// (inclusive) or esdb.Start, or backwards from esdb.End.
	readAll(ctx context.Context, from esdb.AllPosition, count uint64, dir esdb.Direction) ([]esdb.RecordedEvent, error)
	// subscribeAll subscribes to the events of $all after a position
	// (exclusive; esdb.Start for all of them) in streams whose names start
	// with prefix, filtered by the server.
	subscribeAll(ctx context.Context, from esdb.AllPosition, prefix string) (feed, error)
	close() error
}

// feed is a live subscription.
type feed interface {
	// next blocks until the next event, or returns why the subscription
	// was dropped.
	next() (*esdb.RecordedEvent, error)
	close()
}

// Kinds of failure a logClient reports. ErrStreamDeleted and
// ErrUnavailable, which callers may want to tell apart, are exported.
var (
	errWrongVersion = errors.New("wrong expected revision")
	errNoStream     = errors.New("stream not found")
	errDenied       = errors.New("access denied: check the user in the connection string")
	errClientClosed = errors.New("client closed")
)
