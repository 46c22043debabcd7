package events

import "context"

// Recorder is a Store that can hand back what an append recorded, so a
// caller that answers with the stored events (the HTTP API) or keeps a
// stream's history (the application layer's cache) need not read them
// back. It is optional: callers fall back to ReadStream.
type Recorder interface {
	// AppendRecorded is Append, also returning the envelopes of the events
	// it recorded exactly as ReadStream would return them (versions,
	// positions, UTC recording times, compact payloads and hashes). When
	// the result is a Duplicate nothing new was recorded and the envelopes
	// are nil.
	AppendRecorded(ctx context.Context, stream string, expected ExpectedVersion, evs ...NewEvent) (AppendResult, []Envelope, error)
}
