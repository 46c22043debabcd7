package events

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash"
	"sort"
)

// DigestBuilder accumulates the events of one digest range in global order.
type DigestBuilder struct {
	from  Position
	last  Position
	count int64
	h     hash.Hash
}

// NewDigestBuilder starts a range after position from.
func NewDigestBuilder(from Position) *DigestBuilder {
	b := &DigestBuilder{from: from, last: from, h: sha256.New()}
	b.h.Write([]byte("mentorledger/digest/v1"))
	return b
}

// Add feeds the next event of the range.
func (b *DigestBuilder) Add(pos Position, stream string, version int64, eventHash string) {
	var buf [binary.MaxVarintLen64]byte
	b.h.Write(buf[:binary.PutUvarint(buf[:], uint64(pos))])
	b.h.Write(buf[:binary.PutUvarint(buf[:], uint64(len(stream)))])
	b.h.Write([]byte(stream))
	b.h.Write(buf[:binary.PutUvarint(buf[:], uint64(version))])
	b.h.Write([]byte(eventHash))
	b.last = pos
	b.count++
}

// Count is the number of events added so far.
func (b *DigestBuilder) Count() int64 { return b.count }

// Digest returns the digest of the events added so far.
func (b *DigestBuilder) Digest() Digest {
	var sum [sha256.Size]byte
	return Digest{FromPosition: b.from, ThroughPosition: b.last, Count: b.count, SeqHash: hex.EncodeToString(b.h.Sum(sum[:0]))}
}

// StreamHead is the last event of a stream.
type StreamHead struct {
	Stream  string
	Version int64
	Hash    string
}

// LedgerRoot is one hash that commits to the whole ledger: SHA-256 over
// every stream's head, sorted by stream. It is what `verify` prints as
// "head", for an auditor to keep outside the ledger. Verify leaves the
// ledger's own digest stream out, so a ledger exported and imported
// elsewhere has the same root.
func LedgerRoot(heads []StreamHead) string {
	sort.Slice(heads, func(i, j int) bool { return heads[i].Stream < heads[j].Stream })
	h := sha256.New()
	h.Write([]byte("mentorledger/root/v1"))
	var buf [binary.MaxVarintLen64]byte
	for _, s := range heads {
		h.Write(buf[:binary.PutUvarint(buf[:], uint64(len(s.Stream)))])
		h.Write([]byte(s.Stream))
		h.Write(buf[:binary.PutUvarint(buf[:], uint64(s.Version))])
		h.Write([]byte(s.Hash))
	}
	return hex.EncodeToString(h.Sum(nil))
}
