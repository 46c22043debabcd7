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
// prefixed so no two different events share an encoding. Payload is hashed as
// the exact bytes stored; stores keep payloads in compact JSON.
func ComputeHash(e *Envelope) string {
	h := sha256.New()
	var buf [binary.MaxVarintLen64]byte
	field := func(s string) {
		n := binary.PutUvarint(buf[:], uint64(len(s)))
		h.Write(buf[:n])
		h.Write([]byte(s))
	}
	field(hashDomain)
	field(e.PrevHash)
	field(e.ID)
	field(e.Stream)
	field(strconv.FormatInt(e.Version, 10))
	field(e.Type)
	field(strconv.Itoa(e.SchemaVersion))
	field(FormatTime(e.RecordedAt))
	field(e.Actor)
	field(e.CorrelationID)
	field(e.CausationID)
	n := binary.PutUvarint(buf[:], uint64(len(e.Payload)))
	h.Write(buf[:n])
	h.Write(e.Payload)
	var sum [sha256.Size]byte
	return hex.EncodeToString(h.Sum(sum[:0]))
}

// Seal sets e.PrevHash to prev and e.Hash to the event's hash.
func Seal(e *Envelope, prev string) {
	e.PrevHash = prev
	e.Hash = ComputeHash(e)
}
