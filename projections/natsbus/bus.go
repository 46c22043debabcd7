// Package natsbus carries the ledger to projection workers over NATS
// JetStream with Watermill: a publisher tails the ledger and publishes its
// events in batches to one durable stream, and each worker applies those
// batches to its own DuckDB views through the projections engine, with
// checkpoints, so that a restarted worker or a redelivered batch ends in
// the same state as a clean rebuild.
//
// The stream is a chain. Every message carries the ledger positions it
// covers, (after, last], in its metadata; its JetStream message id is its
// last position and it is published expecting the stream's last message id
// to be its after position. JetStream therefore drops a republished batch
// (duplicate window) and refuses a batch that does not continue the stream
// (a second publisher, or one resuming from a stale position), and a worker
// can tell a duplicate (last at or below its checkpoint) from a gap (after
// above its checkpoint).
package natsbus

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/ThreeDotsLabs/watermill"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/projections"
)

// Stream is the JetStream stream holding the ledger's events. It is also
// the Watermill topic and the subject: watermill-nats's JetStream publisher
// publishes a topic to the subject named after its stream.
const Stream = "mentorledger-ledger"

// MetaAfterPosition is the metadata key of the position a message follows:
// it holds the events with positions in (after, last]. The first and last
// positions use the keys of projections' live delivery.
const MetaAfterPosition = "after_position"

// DuplicateWindow is how long JetStream remembers message ids to drop a
// republished batch. The expected-last-message-id check keeps the chain
// beyond it.
const DuplicateWindow = 2 * time.Minute

// streamConfig is the durable stream: on disk, every message kept, so that
// a worker starting from an empty views database can build it from the bus.
func streamConfig(string) jetstream.StreamConfig {
	return jetstream.StreamConfig{
		Name:        Stream,
		Description: "mentorledger ledger events in batches, in ledger order",
		Subjects:    []string{Stream},
		Retention:   jetstream.LimitsPolicy,
		Storage:     jetstream.FileStorage,
		Discard:     jetstream.DiscardOld,
		Duplicates:  DuplicateWindow,
	}
}

// ensureStream creates the stream, or returns it if it exists (with
// whatever settings an operator has given it since).
func ensureStream(ctx context.Context, js jetstream.JetStream) (jetstream.Stream, error) {
	s, err := js.CreateStream(ctx, streamConfig(Stream))
	if errors.Is(err, jetstream.ErrStreamNameAlreadyInUse) {
		s, err = js.Stream(ctx, Stream)
	}
	if err != nil {
		return nil, fmt.Errorf("stream %s: %w", Stream, err)
	}
	return s, nil
}

// connect opens a NATS connection that keeps reconnecting while the
// process runs. With waitForServer it returns at once even if the server
// cannot be reached yet, and keeps trying; without, it fails then.
func connect(url, name string, waitForServer bool) (*nats.Conn, error) {
	nc, err := nats.Connect(url, nats.Name(name), nats.MaxReconnects(-1), nats.RetryOnFailedConnect(waitForServer))
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", url, err)
	}
	return nc, nil
}

// watermillLogger logs Watermill's per-message chatter at debug level.
func watermillLogger(log *slog.Logger) watermill.LoggerAdapter {
	return watermill.NewSlogLoggerWithLevelMapping(log, map[slog.Level]slog.Level{slog.LevelInfo: slog.LevelDebug})
}

// fatal marks an error that retrying cannot cure: the publisher or
// worker stops with it.
type fatal struct{ err error }

func (f *fatal) Error() string { return f.err.Error() }
func (f *fatal) Unwrap() error { return f.err }

func orDiscard(log *slog.Logger) *slog.Logger {
	if log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return log
}

// span is the range of ledger positions a message holds: (After, Last],
// its first event at First.
type span struct {
	After, First, Last events.Position
}

func (s span) String() string { return fmt.Sprintf("(%d, %d]", s.After, s.Last) }

// spanOf reads a message's positions from its metadata.
func spanOf(md message.Metadata) (span, error) {
	var s span
	for _, f := range []struct {
		key string
		to  *events.Position
	}{{MetaAfterPosition, &s.After}, {projections.MetaFirstPosition, &s.First}, {projections.MetaLastPosition, &s.Last}} {
		v := md.Get(f.key)
		if v == "" {
			return s, fmt.Errorf("metadata %s: missing", f.key)
		}
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return s, fmt.Errorf("metadata %s: %w", f.key, err)
		}
		*f.to = events.Position(n)
	}
	if s.First <= s.After || s.Last < s.First {
		return s, fmt.Errorf("metadata: positions after %d, first %d, last %d out of order", s.After, s.First, s.Last)
	}
	return s, nil
}

// lastPositionOf reads the last ledger position from a stored message's
// headers.
func lastPositionOf(h nats.Header) (events.Position, error) {
	v := h.Get(projections.MetaLastPosition)
	n, err := strconv.ParseUint(v, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("header %s %q: %w", projections.MetaLastPosition, v, err)
	}
	return events.Position(n), nil
}

func formatPosition(p events.Position) string { return strconv.FormatUint(uint64(p), 10) }
