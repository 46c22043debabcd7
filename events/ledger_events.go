package events

// SystemStreamPrefix marks streams the ledger writes for itself. Callers may
// not append to them; export leaves them out and a new ledger writes its own.
const SystemStreamPrefix = "$"

// DigestStream holds the ledger's digest events.
const DigestStream = "$ledger-digests"

// Digest commits to every event recorded in the global position range
// (FromPosition, ThroughPosition]: their number and a hash over each one's
// position, stream, version and hash in global order. Removing, adding or
// reordering any event in the range, or removing a whole stream, changes
// the digest. A digest is written after the range is committed, so the same
// mechanism works where appends to different streams are not serialised.
type Digest struct {
	FromPosition    Position `json:"from_position"`
	ThroughPosition Position `json:"through_position"`
	Count           int64    `json:"count"`
	SeqHash         string   `json:"seq_hash"`
}

func (Digest) EventType() string { return "ledger.digest" }

func init() { register[Digest](1) }
