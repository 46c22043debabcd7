package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/mentorledger/mentorledger/events"
)

func testSystemStreams(t *testing.T, s events.Store, _ Options) {
	ctx := context.Background()
	for _, stream := range []string{events.DigestStream, events.SystemStreamPrefix + "anything"} {
		_, err := s.Append(ctx, stream, events.Any, ev(seq{}))
		wantCode(t, "append to "+stream, err, events.EINVALID)
	}
	_, err := s.AppendBatch(ctx, []events.AppendRequest{
		{Stream: "fine", Expected: events.Any, Events: []events.NewEvent{ev(seq{})}},
		{Stream: events.DigestStream, Expected: events.Any, Events: []events.NewEvent{ev(seq{})}},
	})
	wantCode(t, "batch with a system stream", err, events.EINVALID)
	wantVersion(t, s, "fine", 0)
	if got := countUser(t, s); got != 0 {
		t.Fatalf("ledger holds %d events, want none", got)
	}
}

func testValidation(t *testing.T, s events.Store, _ Options) {
	ctx := context.Background()
	valid := func() events.NewEvent { return ev(seq{I: 1}) }
	cases := []struct {
		what     string
		stream   string
		expected events.ExpectedVersion
		evs      []events.NewEvent
	}{
		{"empty stream name", "", events.Any, []events.NewEvent{valid()}},
		{"no events", "s", events.Any, nil},
		{"empty type", "s", events.Any, []events.NewEvent{valid(), func() events.NewEvent { e := valid(); e.Type = ""; return e }()}},
		{"invalid JSON payload", "s", events.Any, []events.NewEvent{valid(), func() events.NewEvent { e := valid(); e.Payload = json.RawMessage(`{"a":`); return e }()}},
		{"missing payload", "s", events.Any, []events.NewEvent{func() events.NewEvent { e := valid(); e.Payload = nil; return e }()}},
		{"expected version below Any", "s", events.ExpectedVersion(-2), []events.NewEvent{valid()}},
	}
	for _, c := range cases {
		_, err := s.Append(ctx, c.stream, c.expected, c.evs...)
		wantCode(t, c.what, err, events.EINVALID)
		_, err = s.AppendBatch(ctx, []events.AppendRequest{
			{Stream: "other", Expected: events.Any, Events: []events.NewEvent{valid()}},
			{Stream: c.stream, Expected: c.expected, Events: c.evs},
		})
		wantCode(t, c.what+" in a batch", err, events.EINVALID)
	}
	wantVersion(t, s, "s", 0)
	wantVersion(t, s, "other", 0)
	if got := countUser(t, s); got != 0 {
		t.Fatalf("ledger holds %d events, want none", got)
	}
}

// testHashChain runs a concurrent mix of every kind of append, conflicts
// and retries included, then checks the chain of every stream and Verify.
func testHashChain(t *testing.T, s events.Store, opt Options) {
	ctx := context.Background()
	writers, per := 4, scale(25, 120)
	var mu sync.Mutex
	appended := 0
	var wg sync.WaitGroup
	for w := 0; w < writers; w++ {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(w), 42))
			for i := 0; i < per; i++ {
				stream := fmt.Sprintf("shared-%d", rng.IntN(5))
				var n int
				var err error
				switch rng.IntN(4) {
				case 0: // read, decide, append at the version read
					cur, rerr := s.ReadStream(ctx, stream, 0)
					if rerr != nil {
						t.Errorf("writer %d: read %s: %v", w, stream, rerr)
						return
					}
					v := int64(len(cur))
					n = 1 + rng.IntN(3)
					evs := make([]events.NewEvent, n)
					for j := range evs {
						evs[j] = ev(seq{W: w, I: i})
					}
					_, err = s.Append(ctx, stream, events.Exact(v), evs...)
				case 1:
					n = 1
					_, err = s.Append(ctx, stream, events.Any, ev(seq{W: w, I: i}))
				case 2: // a client that retries the same append
					n = 2
					evs := []events.NewEvent{evID(newID(), seq{W: w, I: i}), evID(newID(), seq{W: w, I: i})}
					for try := 0; try < 2 && err == nil; try++ {
						var res events.AppendResult
						res, err = s.Append(ctx, stream, events.Any, evs...)
						if err == nil && res.Duplicate != (try == 1) {
							t.Errorf("writer %d: try %d reported duplicate=%v", w, try, res.Duplicate)
						}
					}
				case 3: // a batch whose second request may be stale
					n = 3
					cur, rerr := s.ReadStream(ctx, stream, 0)
					if rerr != nil {
						t.Errorf("writer %d: read %s: %v", w, stream, rerr)
						return
					}
					_, err = s.AppendBatch(ctx, []events.AppendRequest{
						{Stream: fmt.Sprintf("own-%d", w), Expected: events.Any, Events: []events.NewEvent{ev(seq{W: w, I: i}), ev(seq{W: w, I: i})}},
						{Stream: stream, Expected: events.Exact(int64(len(cur))), Events: []events.NewEvent{ev(seq{W: w, I: i})}},
					})
				}
				switch {
				case err == nil:
					mu.Lock()
					appended += n
					mu.Unlock()
				case errors.Is(err, events.ErrConcurrency):
				default:
					t.Errorf("writer %d append %d: %v", w, i, err)
					return
				}
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	all := readAll(t, s, 0)
	if got := len(userEvents(all)); got != appended {
		t.Fatalf("ledger holds %d events, %d were appended", got, appended)
	}
	checkChains(t, s, all)
	res, err := events.Verify(ctx, s, events.VerifyOptions{GapFree: opt.GapFree, PageSize: 97})
	if err != nil {
		t.Fatalf("verify: %v", err)
	}
	if res.Events != int64(appended) {
		t.Fatalf("verify counted %d events, want %d", res.Events, appended)
	}
	if res.Last < all[len(all)-1].Position {
		t.Fatalf("verify ended at %d, the ledger at %d", res.Last, all[len(all)-1].Position)
	}
}

func testClosed(t *testing.T, s events.Store, _ Options) {
	ctx := context.Background()
	mustAppend(t, s, "x", events.NoStream, ev(seq{}))
	if err := s.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	_, err := s.Append(ctx, "x", events.Any, ev(seq{}))
	wantIs(t, "append after close", err, events.ErrClosed)
	_, err = s.AppendBatch(ctx, []events.AppendRequest{{Stream: "x", Expected: events.Any, Events: []events.NewEvent{ev(seq{})}}})
	wantIs(t, "batch after close", err, events.ErrClosed)
	_ = s.Close() // closing twice is harmless
}
