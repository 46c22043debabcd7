// Package app is the application layer of the domain: one method per
// command, each reading the streams it needs from the ledger, folding them,
// letting the domain decide and appending what it recorded at the version it
// read. It is the only domain package that touches the events.Store port.
package app

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"time"

	"github.com/mentorledger/mentorledger/events"
)

// Service handles the commands of the domain against a ledger.
type Service struct {
	Store events.Store
	// Now is the clock: it stamps RecordedAt and decides what is "in the
	// future". Nil means time.Now.
	Now func() time.Time
	// NewID returns a fresh id for each event and each command's
	// correlation id, in the UUID form every backend accepts. Nil means a
	// random UUID (version 4).
	NewID func() string
	// Cache, when set, keeps recently used streams decoded between
	// commands (a long-running server sets it; Check never uses it).
	Cache *StreamCache
	// Keys is the key store that seals participants' personal details
	// (personal.go). Nil means no personal details can be recorded or
	// read, and no one can be forgotten.
	Keys Keys
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now().UTC()
	}
	return s.Now().UTC()
}

func (s *Service) newID() string {
	if s.NewID != nil {
		return s.NewID()
	}
	return RandomID()
}

// RandomID returns a random UUID (version 4).
func RandomID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return FormatUUID(b)
}

// FormatUUID writes 16 bytes as a version 4 UUID, setting its version and
// variant bits.
func FormatUUID(b [16]byte) string {
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// aggregate is what every domain aggregate offers the application layer.
type aggregate interface {
	Changes() []events.Payload
}

// read returns the payloads of a stream and its version.
func (s *Service) read(ctx context.Context, stream string) ([]events.Payload, int64, error) {
	marks, history, err := s.history(ctx, stream)
	if err != nil {
		return nil, 0, err
	}
	return history, version(marks), nil
}

// version is the stream's version after the events marked.
func version(marks []mark) int64 {
	if len(marks) == 0 {
		return 0
	}
	return marks[len(marks)-1].version
}

// handle runs one command: it reads the aggregate's stream, folds it with
// load, lets decide check the rules and record, and appends the recorded
// events at the version read, stamped with the actor, the clock and one
// correlation id. The context's Conditions make it conditional on the
// stream's version or idempotent under a key.
//
// With a cache that holds the stream (and a ledger that hands back what it
// records, so the cache keeps up with this service's own appends), the
// command is first decided on the cached history alone, without asking the
// ledger anything: if the stream has not moved since, the append at the
// cached version succeeds, and the decision was made on the whole stream.
// Anything else — the append finds the stream moved, a rule fails (perhaps
// only on the stale state), If-Match names another version, nothing to
// record — decides again on a fresh read, as if the cache had not
// answered.
func handle[A aggregate](ctx context.Context, s *Service, actor, stream string, load func([]events.Payload) A, decide func(A) error) (events.AppendResult, error) {
	if actor == "" {
		return events.AppendResult{}, events.Errorf(events.EINVALID, "actor: required")
	}
	if _, recorder := s.Store.(events.Recorder); recorder && s.Cache != nil {
		// Only when the cache learns what this service appends: else it
		// is behind after every command, and the append would fail.
		if marks, history, agg, ok := s.Cache.take(stream); ok {
			res, err := decideAndAppend(ctx, s, actor, stream, marks, history, agg, load, decide, true)
			if !errors.Is(err, errStale) {
				return res, err
			}
		}
	}
	marks, history, err := s.history(ctx, stream)
	if err != nil {
		return events.AppendResult{}, err
	}
	return decideAndAppend(ctx, s, actor, stream, marks, history, nil, load, decide, false)
}

// errStale is a command decided on a cached history that may be stale:
// it is decided again on a fresh read.
var errStale = errors.New("cached stream may be stale")

// decideAndAppend is handle on a stream's history as read (or, cached,
// as last seen: then every outcome but success or an idempotent replay,
// which recorded events never change, is errStale). agg, when it is an A,
// is the history already folded, by the cache's last successful command
// on the stream: its Changes still hold what that command recorded, so
// only those after them are this command's.
func decideAndAppend[A aggregate](ctx context.Context, s *Service, actor, stream string, marks []mark, history []events.Payload,
	agg any, load func([]events.Payload) A, decide func(A) error, cached bool) (events.AppendResult, error) {
	stale := func(err error) error {
		if cached {
			return errStale
		}
		return err
	}
	cond := conditionsOf(ctx)
	version := version(marks)
	var correlation string
	if cond.IdempotencyKey != "" {
		correlation = IdempotentCorrelation(actor, cond.IdempotencyKey)
		if res, done := earlierResult(marks, stream, correlation); done {
			return res, nil
		}
	}
	if err := checkVersion(cond, stream, version); err != nil {
		return events.AppendResult{}, stale(err)
	}
	a, ok := agg.(A)
	if !ok {
		a = load(history)
	}
	prior := len(a.Changes())
	if err := decide(a); err != nil {
		return events.AppendResult{}, stale(err)
	}
	changes := a.Changes()[prior:]
	if len(changes) == 0 {
		return events.AppendResult{Stream: stream, Version: version}, stale(nil)
	}
	now := s.now()
	if correlation == "" {
		correlation = s.newID()
	}
	evs := make([]events.NewEvent, 0, len(changes))
	for _, p := range changes {
		ev, err := events.Encode(p)
		if err != nil {
			return events.AppendResult{}, err
		}
		ev.ID, ev.Actor, ev.RecordedAt, ev.CorrelationID = s.newID(), actor, now, correlation
		evs = append(evs, ev)
	}
	res, recorded, err := s.append(ctx, stream, events.Exact(version), evs)
	if err != nil {
		if errors.Is(err, events.ErrConcurrency) {
			return events.AppendResult{}, stale(fmt.Errorf("append %s: %w", stream, err))
		}
		return events.AppendResult{}, fmt.Errorf("append %s: %w", stream, err)
	}
	if len(recorded) > 0 {
		if s.remember(stream, marks, history, recorded) {
			s.Cache.keep(stream, res.Version, a)
		}
		if r := recordedOf(ctx); r != nil {
			r.Envelopes = recorded
		}
	}
	return res, nil
}

// append appends, also returning the stored envelopes when the ledger can
// hand them back (events.Recorder).
func (s *Service) append(ctx context.Context, stream string, expected events.ExpectedVersion, evs []events.NewEvent) (events.AppendResult, []events.Envelope, error) {
	if r, ok := s.Store.(events.Recorder); ok {
		return r.AppendRecorded(ctx, stream, expected, evs...)
	}
	res, err := s.Store.Append(ctx, stream, expected, evs...)
	return res, nil, err
}

// IsConflict reports whether err is a stale-version conflict: the stream
// changed between reading and appending, and the command may be retried.
func IsConflict(err error) bool { return errors.Is(err, events.ErrConcurrency) }

// notFuture checks that a fact is not dated after today: the domain has no
// clock, so the application layer holds past-tense facts to it.
func (s *Service) notFuture(p events.Payload, field string, on events.Date) error {
	today := events.NewDate(s.now())
	if on.After(today) {
		return events.Errorf(events.EINVALID, "%s.%s: must not be in the future (today is %s), got %s", p.EventType(), field, today, on)
	}
	return nil
}
