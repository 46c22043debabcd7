package events

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"strconv"
	"time"
)

// GenesisHash is the previous hash of a stream's first event.
const GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// hashDomain separates ledger event hashes from any other use of SHA-256.
const hashDomain = "mentorledger/event/v1"

// TimeFormat is the one textual form of RecordedAt that is hashed, stored
// and exported, so that a round trip reproduces the same hash.
const TimeFormat = "2006-01-02T15:04:05.000000000Z"

// FormatTime renders t in TimeFormat (UTC, nanoseconds).
func FormatTime(t time.Time) string { return t.UTC().Format(TimeFormat) }

// ParseTime reads a time written by FormatTime (or any RFC 3339 time).
func ParseTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, err
	}
	return t.UTC(), nil
}

// ComputeHash returns the hash of an event: SHA-256 over a domain tag, the
// previous hash of its stream and the canonical encoding of every field the
// event carries except its global position (assigned by the backend, and on
// EventStoreDB only after commit) and its own hash. Each field is length-
// prefixed (an unsigned varint) so no two different events share an
// encoding: the domain tag, PrevHash, ID, Stream, Version (decimal), Type,
// SchemaVersion (decimal), RecordedAt (FormatTime), Actor, CorrelationID,
// CausationID, Payload. Payload is hashed as the exact bytes stored; stores
// keep payloads in compact JSON.
func ComputeHash(e *Envelope) string {
	var h Hasher
	return h.Hash(e)
}

// Hasher computes ComputeHash into a buffer it keeps, so that hashing many
// events (sealing a large append, verifying the ledger) allocates nothing
// per event. The zero value is ready; a Hasher is not safe for concurrent
// use. TestHasherMatchesTheDefinition keeps it equal to a plain
// transcription of the definition above.
type Hasher struct{ buf []byte }

// Sum returns the event's hash as bytes.
func (h *Hasher) Sum(e *Envelope) [sha256.Size]byte {
	h.buf = h.buf[:0]
	h.field(hashDomain)
	h.field(e.PrevHash)
	h.field(e.ID)
	h.field(e.Stream)
	var num [24]byte
	h.fieldBytes(strconv.AppendInt(num[:0], e.Version, 10))
	h.field(e.Type)
	h.fieldBytes(strconv.AppendInt(num[:0], int64(e.SchemaVersion), 10))
	var at [len(TimeFormat)]byte
	h.fieldBytes(AppendTime(at[:0], e.RecordedAt))
	h.field(e.Actor)
	h.field(e.CorrelationID)
	h.field(e.CausationID)
	h.fieldBytes(e.Payload)
	return sha256.Sum256(h.buf)
}

// Hash returns the event's hash in hex, as ComputeHash does.
func (h *Hasher) Hash(e *Envelope) string {
	sum := h.Sum(e)
	return hex.EncodeToString(sum[:])
}

// Matches reports whether e.Hash is the event's hash, without allocating.
func (h *Hasher) Matches(e *Envelope) bool {
	sum := h.Sum(e)
	var x [2 * sha256.Size]byte
	hex.Encode(x[:], sum[:])
	return string(x[:]) == e.Hash
}

func (h *Hasher) field(s string) {
	h.buf = binary.AppendUvarint(h.buf, uint64(len(s)))
	h.buf = append(h.buf, s...)
}

func (h *Hasher) fieldBytes(b []byte) {
	h.buf = binary.AppendUvarint(h.buf, uint64(len(b)))
	h.buf = append(h.buf, b...)
}

// AppendTime appends FormatTime(t) to b, in a tenth of the time for the
// years 0 to 9999.
func AppendTime(b []byte, t time.Time) []byte {
	t = t.UTC()
	year, month, day := t.Date()
	if year < 0 || year > 9999 {
		return t.AppendFormat(b, TimeFormat)
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

// Seal sets e.PrevHash to prev and e.Hash to the event's hash.
func Seal(e *Envelope, prev string) {
	e.PrevHash = prev
	e.Hash = ComputeHash(e)
}
