package sqlite

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"strconv"
	"time"

	"github.com/mentorledger/mentorledger/events"
)

// hasher computes events.ComputeHash into a buffer it keeps: the same
// bytes hashed, without the ten allocations and the interface calls per
// event of the general one — sealing is a third of a large append's work
// outside SQLite. TestHasherAgreesWithComputeHash keeps the two equal; the
// definition is events.ComputeHash's.
type hasher struct{ buf []byte }

// eventHashDomain is the domain tag of events.ComputeHash.
const eventHashDomain = "mentorledger/event/v1"

func (h *hasher) field(s string) {
	h.buf = binary.AppendUvarint(h.buf, uint64(len(s)))
	h.buf = append(h.buf, s...)
}

func (h *hasher) fieldBytes(b []byte) {
	h.buf = binary.AppendUvarint(h.buf, uint64(len(b)))
	h.buf = append(h.buf, b...)
}

// seal sets e.PrevHash to prev and e.Hash to the event's hash, as
// events.Seal does.
func (h *hasher) seal(e *events.Envelope, prev string) {
	e.PrevHash = prev
	h.buf = h.buf[:0]
	h.field(eventHashDomain)
	h.field(e.PrevHash)
	h.field(e.ID)
	h.field(e.Stream)
	var num [24]byte
	h.fieldBytes(strconv.AppendInt(num[:0], e.Version, 10))
	h.field(e.Type)
	h.fieldBytes(strconv.AppendInt(num[:0], int64(e.SchemaVersion), 10))
	var at [len(events.TimeFormat)]byte
	h.fieldBytes(appendTime(at[:0], e.RecordedAt))
	h.field(e.Actor)
	h.field(e.CorrelationID)
	h.field(e.CausationID)
	h.fieldBytes(e.Payload)
	sum := sha256.Sum256(h.buf)
	e.Hash = hex.EncodeToString(sum[:])
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

// appendTime appends events.FormatTime(t) to b, in a tenth of the time
// for the years 0 to 9999.
func appendTime(b []byte, t time.Time) []byte {
	t = t.UTC()
	year, month, day := t.Date()
	if year < 0 || year > 9999 {
		return t.AppendFormat(b, events.TimeFormat)
	}
	hour, minute, sec := t.Clock()
	digits := func(b []byte, v, n int) []byte {
		for i := n - 1; i >= 0; i-- {
			b[i] = byte('0' + v%10)
			v /= 10
		}
		return b[n:]
	}
	n := len(b)
	b = append(b, "0000-00-00T00:00:00.000000000Z"...)
	d := b[n:]
	d = digits(d, year, 4)[1:]
	d = digits(d, int(month), 2)[1:]
	d = digits(d, day, 2)[1:]
	d = digits(d, hour, 2)[1:]
	d = digits(d, minute, 2)[1:]
	d = digits(d, sec, 2)[1:]
	digits(d, t.Nanosecond(), 9)
	return b
}
