package sqlite

import (
	"time"

	"github.com/mentorledger/mentorledger/events"
)

// hasher seals events with an events.Hasher, which hashes into a buffer
// it keeps: sealing is a third of a large append's work outside SQLite.
type hasher struct{ h events.Hasher }

// seal sets e.PrevHash to prev and e.Hash to the event's hash, as
// events.Seal does.
func (h *hasher) seal(e *events.Envelope, prev string) {
	e.PrevHash = prev
	e.Hash = h.h.Hash(e)
}

// chain gives a stream's new events their versions, positions from first,
// times (now, for those without) and hashes, chained from head h, and
// returns the stream's new head.
func (hs *hasher) chain(envs []events.Envelope, h streamHead, first events.Position, now time.Time) streamHead {
	for k := range envs {
		e := &envs[k]
		e.Version, e.Position = h.version+1, first+events.Position(k)
		if e.RecordedAt.IsZero() {
			e.RecordedAt = now
		}
		hs.seal(e, h.hash)
		h = streamHead{e.Version, e.Hash}
	}
	return h
}

// appendTime appends events.FormatTime(t) to b.
func appendTime(b []byte, t time.Time) []byte { return events.AppendTime(b, t) }
