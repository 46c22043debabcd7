package events

import (
	"context"
	"slices"
	"sync/atomic"
	"testing"
)

// countingReader counts the pages read from it.
type countingReader struct {
	r     Reader
	reads atomic.Int64
}

func (c *countingReader) ReadAll(ctx context.Context, after Position, limit int) ([]Envelope, error) {
	c.reads.Add(1)
	return c.r.ReadAll(ctx, after, limit)
}

// A Prefetcher hands over exactly the pages a direct reader would, in
// order, with Each's result for each; on a gap-free ledger it reads ahead
// no further than Through, and where positions have gaps it drops what it
// read ahead and reads the page asked for.
func TestPrefetcherHandsOverWhatADirectReadWould(t *testing.T) {
	ctx := context.Background()
	whole := chained(2500)
	gappy := append(append(sliceReader{}, whole[:1000]...), whole[1100:]...) // positions 1001..1100 removed
	for _, c := range []struct {
		name    string
		r       sliceReader
		gapFree bool
		through Position
	}{
		{"gap-free", whole, true, 0},
		{"gap-free through 1234", whole, true, 1234},
		{"positions with a gap, read as gap-free", gappy, true, 0},
		{"positions with a gap, not gap-free", gappy, false, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			counted := &countingReader{r: c.r}
			p := &Prefetcher[int]{R: counted, GapFree: c.gapFree, Ahead: 2, Through: c.through,
				Each: func(page []Envelope) int { return len(page) }}
			var after Position
			var sizes []int
			for {
				got, err := p.ReadAll(ctx, after, 300)
				if err != nil {
					t.Fatal(err)
				}
				want, _ := c.r.ReadAll(ctx, after, 300)
				if len(got) != len(want) || (len(got) > 0 && (got[0].ID != want[0].ID || got[len(got)-1].ID != want[len(want)-1].ID)) {
					t.Fatalf("after %d: %d events, want %d", after, len(got), len(want))
				}
				sizes = append(sizes, len(got))
				if len(got) < 300 || (c.through > 0 && got[len(got)-1].Position >= c.through) {
					break
				}
				after = got[len(got)-1].Position
			}
			p.Close()
			if !slices.Equal(p.Results(), sizes) {
				t.Fatalf("results %v, want the pages' sizes %v", p.Results(), sizes)
			}
			if ended := sizes[len(sizes)-1] < 300; p.Ended() != ended {
				t.Fatalf("ended %v, want %v", p.Ended(), ended)
			}
			if c.through > 0 {
				// The pages after 0 to 1200 were handed over, the last
				// reaching past 1234; the one after 1500 was never read.
				if n := counted.reads.Load(); n != int64(len(sizes)) {
					t.Fatalf("%d pages read for %d handed over: read ahead past Through", n, len(sizes))
				}
			}
		})
	}
}

// Verify reading ahead finds what it finds reading page by page, and names
// the same first altered event.
func TestVerifyReadingAheadFindsTheSame(t *testing.T) {
	ctx := context.Background()
	led := chained(5000)
	for _, through := range []Position{0, 3333} {
		plain, err1 := Verify(ctx, led, VerifyOptions{GapFree: true, PageSize: 512, Through: through})
		ahead, err2 := Verify(ctx, led, VerifyOptions{GapFree: true, PageSize: 512, Through: through, ReadAhead: 2})
		if err1 != nil || err2 != nil || plain != ahead {
			t.Fatalf("through %d: %+v %v, reading ahead %+v %v", through, plain, err1, ahead, err2)
		}
	}
	altered := append(sliceReader{}, led...)
	altered[2600].Actor = "someone else"
	_, err1 := Verify(ctx, altered, VerifyOptions{GapFree: true, PageSize: 512})
	_, err2 := Verify(ctx, altered, VerifyOptions{GapFree: true, PageSize: 512, ReadAhead: 2})
	if err1 == nil || err2 == nil || err1.Error() != err2.Error() {
		t.Fatalf("altered: %v, reading ahead %v", err1, err2)
	}
}
