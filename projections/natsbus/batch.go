package natsbus

import (
	"encoding/json"
	"fmt"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/projections"
)

// encoded is one ledger event as it travels in a message body.
type encoded struct {
	pos events.Position
	id  string
	raw []byte
}

func encode(e events.Envelope) (encoded, error) {
	raw, err := json.Marshal(e)
	if err != nil {
		return encoded{}, fmt.Errorf("encode event %s at position %d: %w", e.ID, e.Position, err)
	}
	return encoded{pos: e.Position, id: e.ID, raw: raw}, nil
}

// batch is what one message carries: consecutive ledger events after a
// position, at most projections.MaxMessageEvents of them and no more bytes
// than the bus accepts in one message.
type batch struct {
	after  events.Position
	events []encoded
	size   int // bytes of the JSON array
}

func newBatch(after events.Position) *batch { return &batch{after: after, size: 2} }

// add appends e if it fits; an empty batch takes any event that fits alone.
func (b *batch) add(e encoded, maxBytes int) bool {
	grown := b.size + len(e.raw)
	if len(b.events) > 0 {
		grown++ // the comma
	}
	if len(b.events) >= projections.MaxMessageEvents || grown > maxBytes {
		return false
	}
	b.events = append(b.events, e)
	b.size = grown
	return true
}

func (b *batch) span() span {
	return span{After: b.after, First: b.events[0].pos, Last: b.events[len(b.events)-1].pos}
}

// message is the batch as a Watermill message: the events as a JSON array
// (the body projections' live delivery sends), the positions in metadata,
// and the JetStream headers that make the stream a chain: the last
// position is the message id, and the stream's last message id must be the
// after position (or the stream empty, for the first batch).
func (b *batch) message() *message.Message {
	body := make([]byte, 0, b.size)
	body = append(body, '[')
	for i, e := range b.events {
		if i > 0 {
			body = append(body, ',')
		}
		body = append(body, e.raw...)
	}
	body = append(body, ']')
	s := b.span()
	msg := message.NewMessage(b.events[0].id, body)
	msg.Metadata.Set(MetaAfterPosition, formatPosition(s.After))
	msg.Metadata.Set(projections.MetaFirstPosition, formatPosition(s.First))
	msg.Metadata.Set(projections.MetaLastPosition, formatPosition(s.Last))
	// watermill-nats's marshaler copies metadata into NATS headers.
	msg.Metadata.Set(jetstream.MsgIDHeader, formatPosition(s.Last))
	if s.After == 0 {
		msg.Metadata.Set(jetstream.ExpectedLastSeqHeader, "0")
	} else {
		msg.Metadata.Set(jetstream.ExpectedLastMsgIDHeader, formatPosition(s.After))
	}
	return msg
}

// decodeBody decodes a message body into events ready for the projections.
func decodeBody(body []byte) ([]projections.Decoded, error) {
	var page []events.Envelope
	if err := events.UnmarshalJSON(body, &page); err != nil {
		return nil, fmt.Errorf("decode batch: %w", err)
	}
	return projections.DecodeAll(page)
}
