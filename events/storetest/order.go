package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/mentorledger/mentorledger/events"
)

func testTwoWriters(t *testing.T, s events.Store, _ Options) {
	ctx := context.Background()
	rounds, writers := scale(10, 60), 8
	for r := 0; r < rounds; r++ {
		start := make(chan struct{})
		var wg sync.WaitGroup
		var mu sync.Mutex
		var wins []events.AppendResult
		var errs []error
		for w := 0; w < writers; w++ {
			wg.Go(func() {
				<-start
				res, err := s.Append(ctx, "contested", events.Exact(int64(r)), ev(seq{W: w, I: r}))
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					wins = append(wins, res)
				case errors.Is(err, events.ErrConcurrency):
				default:
					errs = append(errs, err)
				}
			})
		}
		close(start)
		wg.Wait()
		if len(errs) > 0 {
			t.Fatalf("round %d: %v", r, errs[0])
		}
		if got, want := len(wins), 1; got != want {
			t.Fatalf("round %d: %d writers won at version %d, want %d", r, got, r, want)
		}
		if got, want := wins[0].Version, int64(r+1); got != want {
			t.Fatalf("round %d: winner at version %d, want %d", r, got, want)
		}
	}
	wantVersion(t, s, "contested", int64(rounds))
	if got, want := countUser(t, s), rounds; got != want {
		t.Fatalf("ledger holds %d events, want %d", got, want)
	}
}

// testGlobalOrder appends one after another and checks ReadAll gives the
// appends back in that order at the positions each append reported.
func testGlobalOrder(t *testing.T, s events.Store, opt Options) {
	n := scale(30, 200)
	type appended struct {
		res events.AppendResult
		n   int
	}
	var log []appended
	for i := 0; i < n; i++ {
		stream := fmt.Sprintf("s-%d", i%7)
		k := 1 + i%3
		evs := make([]events.NewEvent, k)
		for j := range evs {
			evs[j] = ev(seq{I: i, B: fmt.Sprint(i), N: k})
		}
		log = append(log, appended{mustAppend(t, s, stream, events.Any, evs...), k})
	}
	all := readAll(t, s, 0)
	user := userEvents(all)
	at := 0
	for i, a := range log {
		if at+a.n > len(user) {
			t.Fatalf("append %d is missing from ReadAll", i)
		}
		part := user[at : at+a.n]
		at += a.n
		if part[0].Position != a.res.First || part[a.n-1].Position != a.res.Last {
			t.Fatalf("append %d: ReadAll has it at %d..%d, the append reported %d..%d",
				i, part[0].Position, part[a.n-1].Position, a.res.First, a.res.Last)
		}
		for _, e := range part {
			if got := decodeSeq(t, e); got.I != i {
				t.Fatalf("position %d holds append %d, want %d: global order differs from commit order", e.Position, got.I, i)
			}
		}
		if i > 0 && a.res.First <= log[i-1].res.Last {
			t.Fatalf("append %d at %d is not after append %d ending at %d", i, a.res.First, i-1, log[i-1].res.Last)
		}
	}
	if at != len(user) {
		t.Fatalf("ReadAll holds %d events, %d were appended", len(user), at)
	}
	if opt.GapFree {
		for i, e := range all {
			if e.Position != events.Position(i+1) {
				t.Fatalf("event %d is at position %d: positions must be 1..n without gaps", i, e.Position)
			}
		}
		for i, a := range log {
			if int(a.res.Last-a.res.First) != a.n-1 {
				t.Fatalf("append %d of %d events spans %d..%d", i, a.n, a.res.First, a.res.Last)
			}
		}
	}
	head, err := s.Head(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if head < all[len(all)-1].Position {
		t.Fatalf("head %d is before the last event read at %d", head, all[len(all)-1].Position)
	}
	if es, err := s.ReadAll(context.Background(), head, 10); err != nil || len(userEvents(es)) != 0 {
		t.Fatalf("read after head: %d events, err %v, want none", len(es), err)
	}
}

// testConcurrentOrder has writers append concurrently, each waiting for
// its previous append, and checks every writer's appends appear in its
// order and at the positions reported.
func testConcurrentOrder(t *testing.T, s events.Store, opt Options) {
	writers, per := 8, scale(20, 100)
	results := make([][]events.AppendResult, writers)
	var wg sync.WaitGroup
	for w := 0; w < writers; w++ {
		wg.Go(func() {
			for i := 0; i < per; i++ {
				stream := fmt.Sprintf("w%d-%d", w, i%3)
				res, err := s.Append(context.Background(), stream, events.Any, ev(seq{W: w, I: i}), ev(seq{W: w, I: i}))
				if err != nil {
					t.Errorf("writer %d append %d: %v", w, i, err)
					return
				}
				results[w] = append(results[w], res)
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	all := readAll(t, s, 0)
	next := make([]int, writers) // next event number expected from each writer
	seen := map[events.Position]seq{}
	for _, e := range userEvents(all) {
		q := decodeSeq(t, e)
		seen[e.Position] = q
		if q.I*2 != next[q.W] && q.I*2+1 != next[q.W] {
			t.Fatalf("position %d: writer %d event %d after %d events of it: out of order", e.Position, q.W, q.I, next[q.W])
		}
		next[q.W]++
	}
	for w, rs := range results {
		if next[w] != 2*per {
			t.Fatalf("writer %d: %d events read, %d appended", w, next[w], 2*per)
		}
		for i, r := range rs {
			if q, ok := seen[r.First]; !ok || q.W != w || q.I != i {
				t.Fatalf("writer %d append %d reported position %d, which holds %+v", w, i, r.First, q)
			}
		}
	}
	if opt.GapFree {
		for i, e := range all {
			if e.Position != events.Position(i+1) {
				t.Fatalf("event %d is at position %d: positions must be 1..n without gaps", i, e.Position)
			}
		}
	}
}

func testPaging(t *testing.T, s events.Store, _ Options) {
	n := scale(40, 300)
	for i := 0; i < n; i += 4 {
		mustAppend(t, s, fmt.Sprintf("p-%d", i%5), events.Any, ev(seq{I: i}), ev(seq{I: i + 1}), ev(seq{I: i + 2}), ev(seq{I: i + 3}))
	}
	whole, err := s.ReadAll(context.Background(), 0, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	for _, page := range []int{1, 3, 7, 64, n, n + 1} {
		got := readAllPaged(t, s, 0, page)
		// The ledger may have added its own events between the reads.
		if len(got) < len(whole) {
			t.Fatalf("pages of %d: %d events, one read gave %d", page, len(got), len(whole))
		}
		for i := range whole {
			sameEnvelope(t, fmt.Sprintf("pages of %d, event %d", page, i), got[i], whole[i])
		}
	}
	mid := whole[len(whole)/2].Position
	got := readAll(t, s, mid)
	if got[0].Position <= mid || got[0].ID != whole[len(whole)/2+1].ID {
		t.Fatalf("read after %d starts at %d", mid, got[0].Position)
	}
}

// testNoPartialBatch has writers append multi-event, multi-stream batches
// while readers read the whole ledger in one call: each append seen must be
// seen whole.
func testNoPartialBatch(t *testing.T, s events.Store, _ Options) {
	writers, per, readers := 4, scale(10, 40), 2
	const size = 6 // events in each append: 3 per stream, 2 streams
	limit := writers*per*size*2 + 10000
	done := make(chan struct{})
	var wg, rg sync.WaitGroup
	for w := 0; w < writers; w++ {
		wg.Go(func() {
			for i := 0; i < per; i++ {
				b := fmt.Sprintf("%d-%d", w, i)
				mk := func() []events.NewEvent {
					return []events.NewEvent{ev(seq{W: w, I: i, B: b, N: size}), ev(seq{W: w, I: i, B: b, N: size}), ev(seq{W: w, I: i, B: b, N: size})}
				}
				_, err := s.AppendBatch(context.Background(), []events.AppendRequest{
					{Stream: fmt.Sprintf("a-%d", w), Expected: events.Any, Events: mk()},
					{Stream: fmt.Sprintf("b-%d-%d", w, i), Expected: events.NoStream, Events: mk()},
				})
				if err != nil {
					t.Errorf("writer %d batch %d: %v", w, i, err)
					return
				}
			}
		})
	}
	check := func(r int) bool {
		es, err := s.ReadAll(context.Background(), 0, limit)
		if err != nil {
			t.Errorf("reader %d: %v", r, err)
			return false
		}
		count := map[string]int{}
		for _, e := range userEvents(es) {
			count[decodeSeq(t, e).B]++
		}
		for b, n := range count {
			if n != size {
				t.Errorf("reader %d saw %d of the %d events of append %s", r, n, size, b)
				return false
			}
		}
		return true
	}
	for r := 0; r < readers; r++ {
		rg.Go(func() {
			for {
				select {
				case <-done:
					check(r)
					return
				default:
				}
				if !check(r) {
					return
				}
			}
		})
	}
	wg.Wait()
	close(done)
	rg.Wait()
	if got, want := countUser(t, s), writers*per*size; !t.Failed() && got != want {
		t.Fatalf("ledger holds %d events, want %d", got, want)
	}
}
