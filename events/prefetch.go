package events

import "context"

// Prefetcher is a Reader over R for a caller that reads the ledger page
// after page in order, as Verify does: it reads the next pages on
// goroutines of their own while the caller works on the current one.
// Reading is most of a verification, and it then uses every core.
//
// Where positions are gap-free (GapFree: the embedded ledger) the next
// pages' bounds are known before they are read, so it reads the page asked
// for and Ahead pages after it at once; otherwise it reads the next page
// once it has handed one over. A page asked for that is not the one read
// ahead (there was a gap after all, or another size) is read directly and
// what was read ahead is dropped; Verify reports the gap. Nothing past
// Through (when not 0) is read ahead.
//
// Each, when set, runs on the goroutine that read a page; its results for
// the pages handed over are kept, in order (Results). A Prefetcher is not
// for concurrent use, and Close waits for the pages still being read.
type Prefetcher[T any] struct {
	R       Reader
	GapFree bool
	Ahead   int
	Through Position
	Each    func(page []Envelope) T

	ahead   []prefetching[T] // pages being read, in order
	results []T
	ended   bool
}

type prefetching[T any] struct {
	after Position
	limit int
	ch    chan prefetched[T]
}

type prefetched[T any] struct {
	page []Envelope
	each T
	err  error
}

// read reads one page, and runs Each on it.
func (p *Prefetcher[T]) read(ctx context.Context, after Position, limit int) prefetched[T] {
	var r prefetched[T]
	r.page, r.err = p.R.ReadAll(ctx, after, limit)
	if r.err == nil && p.Each != nil {
		r.each = p.Each(r.page)
	}
	return r
}

// start starts reading the page after the given position.
func (p *Prefetcher[T]) start(ctx context.Context, after Position, limit int) {
	ch := make(chan prefetched[T], 1)
	p.ahead = append(p.ahead, prefetching[T]{after: after, limit: limit, ch: ch})
	go func() { ch <- p.read(ctx, after, limit) }()
}

// ReadAll hands over the page after the position, read ahead if it was,
// and keeps Each's result for it (Results).
func (p *Prefetcher[T]) ReadAll(ctx context.Context, after Position, limit int) ([]Envelope, error) {
	page, each, err := p.ReadPage(ctx, after, limit)
	if err != nil {
		return nil, err
	}
	p.results = append(p.results, each)
	return page, nil
}

// ReadPage is ReadAll handing Each's result back instead of keeping it.
func (p *Prefetcher[T]) ReadPage(ctx context.Context, after Position, limit int) ([]Envelope, T, error) {
	if p.GapFree && limit > 0 {
		// This page and the next ones are read side by side: their bounds
		// are known before any of them is read.
		if len(p.ahead) == 0 || p.ahead[0].after != after || p.ahead[0].limit != limit {
			p.Close()
			p.start(ctx, after, limit)
		}
		for next := p.ahead[len(p.ahead)-1].after + Position(limit); len(p.ahead) < 1+p.Ahead &&
			(p.Through == 0 || next < p.Through); next += Position(limit) {
			p.start(ctx, next, limit)
		}
	}
	var r prefetched[T]
	if len(p.ahead) > 0 && p.ahead[0].after == after && p.ahead[0].limit == limit {
		r = <-p.ahead[0].ch
		p.ahead = p.ahead[1:]
	} else { // nothing read ahead, or not this page: drop what was
		p.Close()
		r = p.read(ctx, after, limit)
	}
	if r.err != nil {
		p.Close()
		var zero T
		return nil, zero, r.err
	}
	switch {
	case len(r.page) < limit || limit <= 0:
		p.ended = true
		p.Close()
	case !p.GapFree && p.Ahead > 0 && len(p.ahead) == 0:
		p.start(ctx, r.page[len(r.page)-1].Position, limit)
	}
	return r.page, r.each, nil
}

// Results are Each's results for the pages ReadAll handed over, in order.
func (p *Prefetcher[T]) Results() []T { return p.results }

// Ended reports whether a short page was handed over: the whole ledger
// was read.
func (p *Prefetcher[T]) Ended() bool { return p.ended }

// Close waits for the pages still being read and drops them.
func (p *Prefetcher[T]) Close() {
	for _, a := range p.ahead {
		<-a.ch
	}
	p.ahead = nil
}
