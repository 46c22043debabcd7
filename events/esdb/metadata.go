package esdb

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"github.com/google/uuid"
	"github.com/mentorledger/mentorledger/events"
)

// idSpace is the namespace of the name-based UUIDs that stand for ledger
// event ids that are not UUIDs. Never change it: it decides the
// EventStoreDB ids of recorded events.
var idSpace = uuid.MustParse("5d0c1bb8-3f0e-4a4b-9d52-6f7e4b1c2a90")

// eventID is the EventStoreDB id of a ledger event id: the id itself when
// it is a UUID in canonical form (lower case, with hyphens), and canonical
// reports so; otherwise a name-based UUID of it, and the ledger id travels
// in the metadata.
func eventID(id string) (eid uuid.UUID, canonical bool) {
	if u, err := uuid.Parse(id); err == nil && u.String() == id {
		return u, true
	}
	return uuid.NewSHA1(idSpace, []byte(id)), false
}

// metadata is the JSON metadata of a ledger event in EventStoreDB:
// everything in the envelope that is neither the payload (the event's data),
// the type (its type), the stream, version or position (EventStoreDB's).
type metadata struct {
	// ID is the ledger id when it is not the canonical form of the event's
	// EventStoreDB id.
	ID            string `json:"id,omitempty"`
	Hash          string `json:"hash"`
	PrevHash      string `json:"prev_hash"`
	Actor         string `json:"actor"`
	CorrelationID string `json:"correlation_id,omitempty"`
	CausationID   string `json:"causation_id,omitempty"`
	SchemaVersion int    `json:"schema_version"`
	RecordedAt    string `json:"recorded_at"`
	// AppendIndex and AppendSize place the event in the append (one
	// stream's part of it) that recorded it, to tell a retry of that append
	// from another append reusing its ids.
	AppendIndex int `json:"append_index"`
	AppendSize  int `json:"append_size"`
}

// eventData is a sealed envelope as EventStoreDB stores it: k is its index
// in its append of n events.
func eventData(e *events.Envelope, k, n int) (esdb.EventData, error) {
	eid, canonical := eventID(e.ID)
	m := metadata{Hash: e.Hash, PrevHash: e.PrevHash, Actor: e.Actor, CorrelationID: e.CorrelationID,
		CausationID: e.CausationID, SchemaVersion: e.SchemaVersion, RecordedAt: events.FormatTime(e.RecordedAt),
		AppendIndex: k, AppendSize: n}
	if !canonical {
		m.ID = e.ID
	}
	meta, err := json.Marshal(m)
	if err != nil {
		return esdb.EventData{}, fmt.Errorf("event %s: metadata: %w", e.ID, err)
	}
	return esdb.EventData{EventID: eid, EventType: e.Type, ContentType: esdb.ContentTypeJson, Data: e.Payload, Metadata: meta}, nil
}

// recorded is an event read back from EventStoreDB.
type recorded struct {
	env events.Envelope
	eid uuid.UUID
	// k and n place it in the append that recorded it.
	k, n int
	// err says why the event does not read as a ledger event (its metadata
	// is missing or broken); env then holds only what EventStoreDB knows,
	// and its hash is empty, so events.Verify reports the event.
	err error
}

// decode reads an event of the ledger with the given prefix.
func decode(r *esdb.RecordedEvent, prefix string) recorded {
	out := recorded{eid: r.EventID, env: events.Envelope{
		ID:       r.EventID.String(),
		Stream:   strings.TrimPrefix(r.StreamID, prefix),
		Version:  versionOf(r.EventNumber),
		Position: positionOf(r.Position),
		Type:     r.EventType,
		Payload:  r.Data,
	}}
	var m metadata
	if err := json.Unmarshal(r.UserMetadata, &m); err != nil {
		out.err = fmt.Errorf("%s@%d: metadata is not a ledger event's: %v", r.StreamID, r.EventNumber, err)
		return out
	}
	at, err := events.ParseTime(m.RecordedAt)
	if err != nil {
		out.err = fmt.Errorf("%s@%d: metadata recorded_at: %v", r.StreamID, r.EventNumber, err)
		return out
	}
	e := &out.env
	if m.ID != "" {
		e.ID = m.ID
	}
	e.SchemaVersion, e.RecordedAt, e.Actor = m.SchemaVersion, at, m.Actor
	e.CorrelationID, e.CausationID = m.CorrelationID, m.CausationID
	e.PrevHash, e.Hash = m.PrevHash, m.Hash
	out.k, out.n = m.AppendIndex, m.AppendSize
	return out
}
