package main

import (
	"io"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/events/fixture"
	"github.com/mentorledger/mentorledger/events/jsonl"
)

// writeScaleLedger writes about n events of the fixture programme as JSON
// Lines and returns how many it wrote.
func writeScaleLedger(w io.Writer, n int) (int, error) {
	out := jsonl.NewWriter(w)
	written, err := fixture.Generate(n, func(stream string, e events.NewEvent) error {
		return out.Write(&events.Envelope{ID: e.ID, Stream: stream, Type: e.Type, SchemaVersion: e.SchemaVersion,
			RecordedAt: e.RecordedAt, Actor: e.Actor, Payload: e.Payload})
	})
	if err != nil {
		return written, err
	}
	return written, out.Flush()
}
