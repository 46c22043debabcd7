package esdb

import (
	"math"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"github.com/mentorledger/mentorledger/events"
)

// noPosition is what the server sends for a position it does not know:
// -1 on the wire, read as an unsigned number.
const noPosition = math.MaxUint64

// positionOf is the ledger position of an event read from EventStoreDB: its
// commit position, which for an event written through gRPC is also its
// prepare position. 0 when the server did not say.
func positionOf(p esdb.Position) events.Position {
	if p.Commit == noPosition {
		return 0
	}
	return events.Position(p.Commit)
}

// allFrom is where to read $all from to find the events after a ledger
// position: the position itself, as reads from a position include it (the
// event found there is skipped), or the start of $all for 0.
func allFrom(after events.Position) esdb.AllPosition {
	if after == 0 {
		return esdb.Start{}
	}
	return esdb.Position{Commit: uint64(after), Prepare: uint64(after)}
}

// before reports whether $all position a comes before b.
func before(a, b esdb.Position) bool {
	return a.Commit < b.Commit || a.Commit == b.Commit && a.Prepare < b.Prepare
}

// revision is the EventStoreDB revision of a ledger version: versions count
// from 1, revisions from 0.
func revision(version int64) uint64 { return uint64(version - 1) }

// versionOf is the ledger version of an EventStoreDB revision.
func versionOf(rev uint64) int64 { return int64(rev) + 1 }

// expectedRevision maps an expected version to the client's stream state:
// Any to esdb.Any{}, NoStream to esdb.NoStream{} and Exact(v) to
// esdb.StreamRevision{Value: v-1}. Appends send the revision of the head
// they were sealed against, expectedRevision(events.Exact(head)), so Any
// never reaches the server (see the package comment).
func expectedRevision(v events.ExpectedVersion) esdb.ExpectedRevision {
	switch {
	case v == events.Any:
		return esdb.Any{}
	case v == events.NoStream:
		return esdb.NoStream{}
	}
	return esdb.StreamRevision{Value: revision(int64(v))}
}
