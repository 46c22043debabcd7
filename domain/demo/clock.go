package demo

import (
	"math/rand/v2"
	"sync"
	"time"

	"github.com/mentorledger/mentorledger/domain/app"
)

// Clock is the demo's simulated time: the generator moves it to the moment
// each event is recorded, and the Service stamps RecordedAt from it.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock standing at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t.UTC()} }

// Now is the simulated time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Set moves the clock to t; it never moves backwards.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.After(c.t) {
		c.t = t.UTC()
	}
}

// IDs returns a generator of UUIDs drawn from seed: the same seed gives the
// same sequence, so a demo ledger is reproducible to the last event id.
func IDs(seed uint64) func() string {
	var mu sync.Mutex
	rng := rand.New(rand.NewPCG(seed, 0x6d656e746f72)) // "mentor"
	return func() string {
		mu.Lock()
		defer mu.Unlock()
		var b [16]byte
		for i := 0; i < 16; i += 8 {
			v := rng.Uint64()
			for j := range 8 {
				b[i+j] = byte(v >> (8 * j))
			}
		}
		return app.FormatUUID(b)
	}
}
