package esdb

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"github.com/mentorledger/mentorledger/events"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

func TestClientErrorCodesAreClassified(t *testing.T) {
	for code, want := range map[esdb.ErrorCode]error{
		esdb.ErrorCodeWrongExpectedVersion: errWrongVersion,
		esdb.ErrorCodeResourceNotFound:     errNoStream,
		esdb.ErrorCodeStreamDeleted:        ErrStreamDeleted,
		esdb.ErrorUnavailable:              ErrUnavailable,
		esdb.ErrorCodeDeadlineExceeded:     ErrUnavailable,
		esdb.ErrorCodeNotLeader:            ErrUnavailable,
		esdb.ErrorAborted:                  ErrUnavailable,
		esdb.ErrorCodeAccessDenied:         errDenied,
		esdb.ErrorCodeUnauthenticated:      errDenied,
		esdb.ErrorCodeConnectionClosed:     errClientClosed,
		esdb.ErrorCodeUnknown:              nil,
		esdb.ErrorCodeInternalServer:       nil,
		esdb.ErrorCodeParsing:              nil,
	} {
		if got := classifyCode(code); got != want {
			t.Errorf("code %d: %v, want %v", code, got, want)
		}
	}
	for code, want := range map[codes.Code]error{
		codes.Unavailable: ErrUnavailable, codes.DeadlineExceeded: ErrUnavailable, codes.NotFound: errNoStream,
		codes.PermissionDenied: errDenied, codes.Internal: nil, codes.Canceled: nil,
	} {
		err := status.Error(code, "from the transport")
		got := classify(err)
		if want == nil {
			if got != err {
				t.Errorf("gRPC %s: classified as %v, want it left alone", code, got)
			}
			continue
		}
		if !errors.Is(got, want) || !strings.Contains(got.Error(), "from the transport") {
			t.Errorf("gRPC %s: %v, want %v wrapping the cause", code, got, want)
		}
	}
	// The client's own errors: only the unknown code can be made outside
	// the client, and it is left alone.
	unknown, _ := esdb.FromError(errors.New("boom"))
	if got := classify(unknown); got != error(unknown) {
		t.Errorf("unknown client error classified as %v", got)
	}
}

func TestWrongExpectedVersionIsAConflict(t *testing.T) {
	m := newMemLog()
	s := testStore(t, m, WithPrefix("p:"), WithIdleDigest(0))
	other := testStore(t, m, WithPrefix("p:"), WithIdleDigest(0)) // another process on the same ledger
	mustAppend(t, s, "a", events.NoStream, ev(1))
	mustAppend(t, other, "a", events.Exact(1), ev(2))
	// s's cached head says version 1; the server says 2.
	_, err := s.Append(context.Background(), "a", events.Exact(1), ev(3))
	if !errors.Is(err, events.ErrConcurrency) || events.ErrorCode(err) != events.ECONFLICT {
		t.Fatalf("append at a stale version: %v (code %q), want ErrConcurrency, %q", err, events.ErrorCode(err), events.ECONFLICT)
	}
	if !strings.Contains(err.Error(), "stream is at version 2") {
		t.Fatalf("error %q does not say the stream's version", err)
	}
	// A server-side refusal, the head having moved between the read and
	// the write, is the same conflict.
	m.slipIn(func(stream string) {
		if stream == "p:a" {
			m.slipIn(nil)
			mustAppend(t, other, "a", events.Exact(2), ev(4))
		}
	})
	_, err = s.Append(context.Background(), "a", events.Exact(2), ev(5))
	if !errors.Is(err, events.ErrConcurrency) || events.ErrorCode(err) != events.ECONFLICT {
		t.Fatalf("append that lost the race: %v, want ErrConcurrency", err)
	}
	if n := len(m.raw("p:a")); n != 3 {
		t.Fatalf("stream holds %d events, want 3", n)
	}
}

func TestADeletedStreamIsNotFoundAndAMissingOneIsEmpty(t *testing.T) {
	m := newMemLog()
	s := testStore(t, m, WithPrefix("p:"), WithIdleDigest(0))
	mustAppend(t, s, "gone", events.NoStream, ev(1))
	m.tombstone("p:gone")
	s.heads.forget("gone")
	_, err := s.ReadStream(context.Background(), "gone", 0)
	if !errors.Is(err, ErrStreamDeleted) || events.ErrorCode(err) != events.ENOTFOUND {
		t.Fatalf("read deleted stream: %v (code %q), want ErrStreamDeleted, %q", err, events.ErrorCode(err), events.ENOTFOUND)
	}
	_, err = s.Append(context.Background(), "gone", events.Any, ev(2))
	if !errors.Is(err, ErrStreamDeleted) || events.ErrorCode(err) != events.ENOTFOUND {
		t.Fatalf("append to deleted stream: %v (code %q), want ErrStreamDeleted, %q", err, events.ErrorCode(err), events.ENOTFOUND)
	}
	es, err := s.ReadStream(context.Background(), "never", 0)
	if err != nil || len(es) != 0 {
		t.Fatalf("missing stream: %d events, %v; want none and no error", len(es), err)
	}
}

func TestUnavailableIsRetriedWithGrowingWaitsThenReported(t *testing.T) {
	m := newMemLog()
	var waits waitLog
	s := testStore(t, m, WithPrefix("p:"), WithIdleDigest(0), WithRetry(4, 10*time.Millisecond), waits.option())
	m.failNext("appendEvents", unavailable("connection refused"), false)
	m.failNext("appendEvents", unavailable("connection refused"), false)
	res := mustAppend(t, s, "a", events.NoStream, ev(1))
	if res.Version != 1 || len(m.raw("p:a")) != 1 {
		t.Fatalf("after two failures: %+v, %d events recorded; want version 1, one event", res, len(m.raw("p:a")))
	}
	if got, want := waits.get(), []time.Duration{10 * time.Millisecond, 20 * time.Millisecond}; !reflect.DeepEqual(got, want) {
		t.Fatalf("waits %v, want %v", got, want)
	}
	for range 4 {
		m.failNext("appendEvents", unavailable("connection refused"), false)
	}
	_, err := s.Append(context.Background(), "a", events.Exact(1), ev(2))
	if !errors.Is(err, ErrUnavailable) || events.ErrorCode(err) != events.EINTERNAL || !strings.Contains(err.Error(), "gave up after 4 tries") {
		t.Fatalf("append while down: %v (code %q), want ErrUnavailable after 4 tries", err, events.ErrorCode(err))
	}
	if n := len(m.raw("p:a")); n != 1 {
		t.Fatalf("stream holds %d events, want 1", n)
	}
	// Reads are retried too.
	m.failNext("readStream", unavailable("reset"), false)
	if es, err := s.ReadStream(context.Background(), "a", 0); err != nil || len(es) != 1 {
		t.Fatalf("read after a failure: %d events, %v", len(es), err)
	}
	m.failNext("readAll", unavailable("reset"), false)
	if es, err := s.ReadAll(context.Background(), 0, 10); err != nil || len(es) != 1 {
		t.Fatalf("read all after a failure: %d events, %v", len(es), err)
	}
}

func TestAnAppendWhoseAnswerWasLostIsNotRecordedTwice(t *testing.T) {
	for _, supplied := range []bool{false, true} {
		m := newMemLog()
		s := testStore(t, m, WithPrefix("p:"), WithIdleDigest(0))
		evs := []events.NewEvent{ev(1), ev(2)}
		if supplied {
			evs[0].ID, evs[1].ID = "import-line-1", "import-line-2"
		}
		mustAppend(t, s, "a", events.NoStream, ev(0))
		// The server records the append, then the connection drops.
		m.failNext("appendEvents", unavailable("connection reset after write"), true)
		res, err := s.Append(context.Background(), "a", events.Any, evs...)
		if err != nil {
			t.Fatalf("supplied ids %v: %v", supplied, err)
		}
		raw := m.raw("p:a")
		if len(raw) != 3 {
			t.Fatalf("supplied ids %v: stream holds %d events, want 3: the retry appended again", supplied, len(raw))
		}
		if res.Duplicate || res.Version != 3 || res.First != events.Position(raw[1].Position.Commit) || res.Last != events.Position(raw[2].Position.Commit) {
			t.Fatalf("supplied ids %v: result %+v; want version 3 at the recorded positions, not a duplicate", supplied, res)
		}
		if _, err := events.Verify(context.Background(), s, events.VerifyOptions{}); err != nil {
			t.Fatalf("supplied ids %v: verify: %v", supplied, err)
		}
	}
}
