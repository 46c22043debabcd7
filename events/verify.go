package events

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"sync"
)

// VerifyOptions tunes Verify to what a backend promises.
type VerifyOptions struct {
	// GapFree says positions are consecutive integers from 1, so a missing
	// position is a removed event (the embedded backend).
	GapFree bool
	// PageSize is how many events are read at once (default 10,000).
	PageSize int
	// Through, when not 0, verifies the ledger as it stood at that
	// position: the events after it are not read. A chain's prefix
	// depends on nothing after it, so this is what a verification at the
	// time said, unless the prefix was altered since.
	Through Position
	// ReadAhead, when above 0, is how many pages after the one being
	// checked are read at once, each on a goroutine of its own
	// (Prefetcher): reading is most of a verification. A caller that reads
	// ahead itself leaves it 0.
	ReadAhead int
}

// VerifyResult summarises an intact ledger.
type VerifyResult struct {
	Events     int64    // events outside the ledger's own streams
	Digests    int64    // digest events
	Streams    int      // streams, the digest stream included
	Last       Position // position of the last event
	Head       string   // LedgerRoot of every stream head but the ledger's own
	Unanchored int64    // events after the last digest's range
}

// ChainError names the first event at which the ledger is not intact.
type ChainError struct {
	Position Position
	EventID  string
	Reason   string
}

func (e *ChainError) Error() string {
	return fmt.Sprintf("chain broken at position %d (event %s): %s", e.Position, e.EventID, e.Reason)
}

type pending struct {
	pos     Position
	stream  string
	version int64
	hash    string
}

// Verify reads the whole ledger (or, with opt.Through, the ledger through
// that position) in global order and recomputes every hash:
// each event's own hash, its link to the previous event of its stream, the
// order of versions in each stream and every digest's range. It returns a
// *ChainError naming the first bad event.
func Verify(ctx context.Context, r Reader, opt VerifyOptions) (VerifyResult, error) {
	if opt.PageSize <= 0 {
		opt.PageSize = 10000
	}
	if opt.ReadAhead > 0 {
		p := &Prefetcher[struct{}]{R: r, GapFree: opt.GapFree, Ahead: opt.ReadAhead, Through: opt.Through}
		defer p.Close()
		r = p
	}
	var res VerifyResult
	var hs pageHasher
	heads := map[string]StreamHead{}
	var since pendingList // events after the last digest's range
	var lastThrough Position
	var after Position
	for {
		page, err := r.ReadAll(ctx, after, opt.PageSize)
		if err != nil {
			return res, fmt.Errorf("verify: read after %d: %w", after, err)
		}
		full := len(page) == opt.PageSize
		if opt.Through > 0 {
			n := len(page)
			for n > 0 && page[n-1].Position > opt.Through {
				n--
			}
			if n < len(page) || (n > 0 && page[n-1].Position == opt.Through) {
				full = false // the rest is after Through
			}
			page = page[:n]
		}
		intact := hs.check(page)
		for i := range page {
			e := &page[i]
			bad := func(format string, args ...any) error {
				return &ChainError{Position: e.Position, EventID: e.ID, Reason: fmt.Sprintf(format, args...)}
			}
			if e.Position <= after {
				return res, bad("position %d is not after %d", e.Position, after)
			}
			if opt.GapFree && e.Position != after+1 {
				return res, bad("positions %d..%d are missing: events were removed", after+1, e.Position-1)
			}
			h := heads[e.Stream]
			if h.Hash == "" {
				h.Hash = GenesisHash
			}
			if e.Version != h.Version+1 {
				return res, bad("stream %s: version %d follows version %d", e.Stream, e.Version, h.Version)
			}
			if e.PrevHash != h.Hash {
				return res, bad("stream %s: previous hash does not match the hash of version %d", e.Stream, h.Version)
			}
			if !intact[i] {
				return res, bad("hash does not match the event's content: altered")
			}
			heads[e.Stream] = StreamHead{Stream: e.Stream, Version: e.Version, Hash: e.Hash}
			if e.Type == (Digest{}).EventType() {
				if err := checkDigest(e, lastThrough, &since); err != nil {
					return res, bad("%v", err)
				}
				var d Digest
				_ = json.Unmarshal(e.Payload, &d)
				lastThrough = d.ThroughPosition
				res.Digests++
			} else {
				res.Events++
			}
			since.add(pending{e.Position, e.Stream, e.Version, e.Hash})
			after = e.Position
		}
		if !full {
			break
		}
	}
	list := make([]StreamHead, 0, len(heads))
	for _, h := range heads {
		if !strings.HasPrefix(h.Stream, SystemStreamPrefix) {
			list = append(list, h)
		}
	}
	res.Streams = len(heads)
	res.Last = after
	res.Head = LedgerRoot(list)
	res.Unanchored = int64(since.len())
	return res, nil
}

// pageHasher recomputes the hashes of a page of events on as many
// goroutines as processors: each event's hash depends only on the event and
// its stored previous hash, so they are independent of one another (Verify
// checks the links between them, in order, itself).
type pageHasher struct {
	hashers []Hasher
	intact  []bool
}

// check returns, for each event of page, whether its hash matches its
// content. The slice is reused by the next call.
func (p *pageHasher) check(page []Envelope) []bool {
	if cap(p.intact) < len(page) {
		p.intact = make([]bool, len(page))
	}
	intact := p.intact[:len(page)]
	workers := min(runtime.GOMAXPROCS(0), max(len(page)/512, 1))
	if len(p.hashers) < workers {
		p.hashers = make([]Hasher, workers)
	}
	var wg sync.WaitGroup
	per := (len(page) + workers - 1) / workers
	for w := 0; w < workers; w++ {
		from, to := w*per, min((w+1)*per, len(page))
		if from >= to {
			break
		}
		h := &p.hashers[w]
		if w == workers-1 || to == len(page) {
			for i := from; i < to; i++ {
				intact[i] = h.Matches(&page[i])
			}
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := from; i < to; i++ {
				intact[i] = h.Matches(&page[i])
			}
		}()
	}
	wg.Wait()
	return intact
}

// checkDigest compares a digest event with the events seen since the
// previous digest's range and drops the ones it covers from since.
func checkDigest(e *Envelope, lastThrough Position, since *pendingList) error {
	if e.Stream != DigestStream {
		return fmt.Errorf("digest event outside %s", DigestStream)
	}
	var d Digest
	if err := json.Unmarshal(e.Payload, &d); err != nil {
		return fmt.Errorf("digest payload: %v", err)
	}
	if d.FromPosition != lastThrough {
		return fmt.Errorf("digest starts after %d, previous digest ended at %d", d.FromPosition, lastThrough)
	}
	b := NewDigestBuilder(d.FromPosition)
	n := 0
	since.each(func(p *pending) bool {
		if p.pos > d.ThroughPosition {
			return false
		}
		b.Add(p.pos, p.stream, p.version, p.hash)
		n++
		return true
	})
	got := b.Digest()
	if got.Count != d.Count || got.SeqHash != d.SeqHash || (n > 0 && got.ThroughPosition != d.ThroughPosition) {
		return fmt.Errorf("events in positions %d..%d do not match the digest (recorded %d events, found %d): events were removed, added or reordered",
			d.FromPosition+1, d.ThroughPosition, d.Count, got.Count)
	}
	since.drop(n)
	return nil
}

// pendingList holds the events after the last digest's range, in order, in
// chunks: a ledger with no digest for a long stretch (or none at all)
// keeps every event here, and one growing slice would copy them over and
// over.
type pendingList struct {
	chunks [][]pending
	n      int
}

const pendingChunk = 4096

func (l *pendingList) add(p pending) {
	if k := len(l.chunks); k == 0 || len(l.chunks[k-1]) == cap(l.chunks[k-1]) {
		l.chunks = append(l.chunks, make([]pending, 0, pendingChunk))
	}
	last := &l.chunks[len(l.chunks)-1]
	*last = append(*last, p)
	l.n++
}

func (l *pendingList) len() int { return l.n }

// each calls fn with the events in order until it returns false.
func (l *pendingList) each(fn func(*pending) bool) {
	for _, c := range l.chunks {
		for i := range c {
			if !fn(&c[i]) {
				return
			}
		}
	}
}

// drop removes the first n events.
func (l *pendingList) drop(n int) {
	l.n -= n
	for n > 0 && len(l.chunks) > 0 {
		c := l.chunks[0]
		if n < len(c) {
			l.chunks[0] = c[n:]
			return
		}
		n -= len(c)
		l.chunks[0] = nil
		l.chunks = l.chunks[1:]
	}
}
