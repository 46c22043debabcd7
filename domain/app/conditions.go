package app

import (
	"context"
	"crypto/sha256"
	"fmt"

	"github.com/mentorledger/mentorledger/events"
)

// Conditions make a command conditional or idempotent. They travel in the
// context so that every command honours them without a parameter of its own.
type Conditions struct {
	// IfVersion, when set, runs the command only if the stream it records
	// in is at exactly this version; otherwise it fails with
	// events.ErrConcurrency and records nothing.
	IfVersion *int64
	// IdempotencyKey, when set, makes a retry return the original result:
	// the command's correlation id is derived from the actor and the key,
	// and a command whose stream already holds events with that
	// correlation id records nothing and returns them (Duplicate set).
	IdempotencyKey string
}

type conditionsKey struct{}

// WithConditions returns a context that carries c to the commands run in it.
func WithConditions(ctx context.Context, c Conditions) context.Context {
	return context.WithValue(ctx, conditionsKey{}, c)
}

func conditionsOf(ctx context.Context) Conditions {
	c, _ := ctx.Value(conditionsKey{}).(Conditions)
	return c
}

// IdempotentCorrelation is the correlation id a command run by actor with
// an idempotency key records: a name-based UUID (version 8) of the two, so
// the same key from another actor is another command.
func IdempotentCorrelation(actor, key string) string {
	sum := sha256.Sum256([]byte("mentorledger/idempotency\x00" + actor + "\x00" + key))
	var b [16]byte
	copy(b[:], sum[:16])
	b[6] = b[6]&0x0f | 0x80 // version 8: custom
	b[8] = b[8]&0x3f | 0x80 // RFC 4122 variant
	return FormatUUID(b)
}

// earlierResult finds the events an earlier run with this correlation id
// recorded in the stream.
func earlierResult(marks []mark, stream, correlation string) (events.AppendResult, bool) {
	res := events.AppendResult{Stream: stream, Duplicate: true}
	found := false
	for _, m := range marks {
		if m.correlation != correlation {
			continue
		}
		if !found {
			res.First = m.position
		}
		found = true
		res.Last, res.Version = m.position, m.version
	}
	return res, found
}

// checkVersion holds a conditional command to the version it expects.
func checkVersion(c Conditions, stream string, version int64) error {
	if c.IfVersion == nil || *c.IfVersion == version {
		return nil
	}
	return fmt.Errorf("stream %s: expected version %d, but it is at version %d: %w",
		stream, *c.IfVersion, version, events.ErrConcurrency)
}

// Recorded receives the envelopes a command recorded, as the ledger
// stored them, when the ledger can hand them back (events.Recorder): a
// caller that answers with them (the HTTP API) then need not read them
// back. It stays empty when the command recorded nothing new (an
// idempotent replay, or nothing to record) or the ledger cannot say.
type Recorded struct {
	Envelopes []events.Envelope
}

type recordedKey struct{}

// WithRecorded returns a context in which a command fills r.
func WithRecorded(ctx context.Context, r *Recorded) context.Context {
	return context.WithValue(ctx, recordedKey{}, r)
}

func recordedOf(ctx context.Context) *Recorded {
	r, _ := ctx.Value(recordedKey{}).(*Recorded)
	return r
}
