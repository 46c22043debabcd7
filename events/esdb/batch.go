package esdb

import (
	"bytes"
	"encoding/json"
	"strings"
	"time"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"github.com/google/uuid"
	"github.com/mentorledger/mentorledger/events"
)

// request is one stream's part of an append, validated, with ids, times
// and compact payloads ready; versions and hashes are set when it is
// sealed against the stream's head, just before it is written.
type request struct {
	stream   string
	expected events.ExpectedVersion
	envs     []events.Envelope
	eids     []uuid.UUID // the EventStoreDB ids of envs
	supplied bool        // some ids came from the caller: they may be recorded already
	res      events.AppendResult
	done     bool // res is final
}

// prepareBatch validates an append and builds its requests: ids the caller
// left empty get UUIDv7s, times it left zero get now, payloads are
// compacted. The same id may not appear twice in one append.
func prepareBatch(reqs []events.AppendRequest, now time.Time) ([]*request, error) {
	if len(reqs) == 0 {
		return nil, events.Errorf(events.EINVALID, "append: at least one request is required")
	}
	out := make([]*request, len(reqs))
	ids := map[string]struct{}{}
	var buf bytes.Buffer
	for i, r := range reqs {
		switch {
		case r.Stream == "":
			return nil, events.Errorf(events.EINVALID, "append: stream: must not be empty")
		case strings.HasPrefix(r.Stream, events.SystemStreamPrefix):
			return nil, events.Errorf(events.EINVALID, "append %s: stream: names starting with %q are the ledger's own", r.Stream, events.SystemStreamPrefix)
		case r.Expected < events.Any:
			return nil, events.Errorf(events.EINVALID, "append %s: expected version: must be -1 (any), 0 (no stream) or a version, got %d", r.Stream, r.Expected)
		case len(r.Events) == 0:
			return nil, events.Errorf(events.EINVALID, "append %s: events: at least one is required", r.Stream)
		}
		q := &request{stream: r.Stream, expected: r.Expected, envs: make([]events.Envelope, len(r.Events)), eids: make([]uuid.UUID, len(r.Events))}
		for k, e := range r.Events {
			if e.Type == "" {
				return nil, events.Errorf(events.EINVALID, "append %s: events[%d].type: must not be empty", r.Stream, k)
			}
			buf.Reset()
			if err := json.Compact(&buf, e.Payload); err != nil {
				return nil, events.Errorf(events.EINVALID, "append %s: events[%d].payload: must be valid JSON: %v", r.Stream, k, err)
			}
			id := e.ID
			if id == "" {
				id = uuid.Must(uuid.NewV7()).String()
			} else {
				if _, dup := ids[id]; dup {
					return nil, events.Errorf(events.EINVALID, "append %s: events[%d].id: %s appears twice in one append", r.Stream, k, id)
				}
				ids[id] = struct{}{}
				q.supplied = true
			}
			at := e.RecordedAt
			if at.IsZero() {
				at = now
			}
			q.envs[k] = events.Envelope{ID: id, Stream: r.Stream, Type: e.Type, SchemaVersion: e.SchemaVersion, RecordedAt: at,
				Actor: e.Actor, CorrelationID: e.CorrelationID, CausationID: e.CausationID, Payload: bytes.Clone(buf.Bytes())}
			q.eids[k], _ = eventID(id)
		}
		out[i] = q
	}
	return out, nil
}

// suppliedIDs are the ids the caller chose, which another call may be
// appending at the same time.
func suppliedIDs(rs []*request) []uuid.UUID {
	var out []uuid.UUID
	for _, r := range rs {
		if r.supplied {
			out = append(out, r.eids...)
		}
	}
	return out
}

// group is a run of consecutive requests of one stream, written as one
// EventStoreDB append.
type group struct {
	stream string
	reqs   []*request
}

func groupsOf(rs []*request) []*group {
	var out []*group
	for _, r := range rs {
		if n := len(out); n > 0 && out[n-1].stream == r.stream {
			out[n-1].reqs = append(out[n-1].reqs, r)
			continue
		}
		out = append(out, &group{stream: r.stream, reqs: []*request{r}})
	}
	return out
}

// conditional reports whether a request of the group expects a version.
func (g *group) conditional() bool {
	for _, r := range g.reqs {
		if r.expected != events.Any {
			return true
		}
	}
	return false
}

// pending are the requests of the group still to be written.
func (g *group) pending() []*request {
	var out []*request
	for _, r := range g.reqs {
		if !r.done {
			out = append(out, r)
		}
	}
	return out
}

// check checks the group's pending requests against a stream at version v
// and returns the version after them.
func (g *group) check(v int64) (int64, error) {
	for _, r := range g.reqs {
		if r.done {
			continue
		}
		if r.expected != events.Any && int64(r.expected) != v {
			return v, conflict(g.stream, r.expected, v)
		}
		v += int64(len(r.envs))
	}
	return v, nil
}

// writeOrder is the order a batch's groups are written in: those with a
// conditional request first, then those taking any version, so that only
// the first write can lose a race for most batches (an Any write is never
// refused: it is sealed again). When a stream has several groups the
// caller's order is kept, as reordering would reorder the stream.
func writeOrder(gs []*group) []*group {
	seen := map[string]bool{}
	for _, g := range gs {
		if seen[g.stream] {
			return gs
		}
		seen[g.stream] = true
	}
	out := make([]*group, 0, len(gs))
	for _, g := range gs {
		if g.conditional() {
			out = append(out, g)
		}
	}
	for _, g := range gs {
		if !g.conditional() {
			out = append(out, g)
		}
	}
	return out
}

// seal gives the pending requests' events their versions and hashes,
// chained from head h, and returns them as EventStoreDB events.
func seal(pend []*request, h streamHead) ([]*events.Envelope, []esdb.EventData, error) {
	var envs []*events.Envelope
	var data []esdb.EventData
	for _, r := range pend {
		for k := range r.envs {
			e := &r.envs[k]
			e.Version = h.version + 1
			events.Seal(e, h.hash)
			h = streamHead{e.Version, e.Hash}
			d, err := eventData(e, k, len(r.envs))
			if err != nil {
				return nil, nil, err
			}
			envs, data = append(envs, e), append(data, d)
		}
	}
	return envs, data, nil
}
