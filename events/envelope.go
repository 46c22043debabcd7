package events

import (
	"encoding/json"
	"time"
)

// Position is a place in the ledger's global order. Positions are ordered
// and otherwise opaque: callers compare them but never do arithmetic on
// them. The embedded backend's happen to be gap-free integers from 1.
type Position uint64

// ExpectedVersion is the version an append expects its stream to be at.
// A stream's version is the number of events in it; versions of events are
// 1, 2, 3, …
type ExpectedVersion int64

const (
	// Any appends whatever the stream's version.
	Any ExpectedVersion = -1
	// NoStream appends only if the stream has no events yet.
	NoStream ExpectedVersion = 0
)

// Exact expects the stream to hold exactly v events.
func Exact(v int64) ExpectedVersion { return ExpectedVersion(v) }

// Envelope is one recorded event: its payload and everything the ledger
// knows about it.
type Envelope struct {
	ID            string          `json:"id"`
	Stream        string          `json:"stream"`
	Version       int64           `json:"version"`
	Position      Position        `json:"position"`
	Type          string          `json:"type"`
	SchemaVersion int             `json:"schema_version"`
	RecordedAt    time.Time       `json:"recorded_at"`
	Actor         string          `json:"actor"`
	CorrelationID string          `json:"correlation_id,omitempty"`
	CausationID   string          `json:"causation_id,omitempty"`
	Payload       json.RawMessage `json:"payload"`
	PrevHash      string          `json:"prev_hash"`
	Hash          string          `json:"hash"`
}

// NewEvent is an event about to be appended. ID and RecordedAt are filled in
// by the store when empty; an import that replays history supplies both.
type NewEvent struct {
	ID            string
	Type          string
	SchemaVersion int
	RecordedAt    time.Time
	Actor         string
	CorrelationID string
	CausationID   string
	Payload       json.RawMessage
}

// AppendRequest is one stream's part of an atomic append.
type AppendRequest struct {
	Stream   string
	Expected ExpectedVersion
	Events   []NewEvent
}

// AppendResult says where an append's events landed.
type AppendResult struct {
	Stream string
	// Version is the stream's version after the append (its last event's).
	Version int64
	// First and Last are the global positions of the first and last event.
	First, Last Position
	// Duplicate is true when every event id was already recorded by an
	// identical earlier append, so nothing new was appended.
	Duplicate bool
}
