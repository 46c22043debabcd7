package schemas

import (
	"fmt"

	"github.com/mentorledger/mentorledger/events"
)

// Upcaster rewrites a payload written in one schema version of its event
// type into the next version. It must not modify its argument.
type Upcaster func(payload []byte) ([]byte, error)

// Upcasters is a set of upcasters keyed by event type and the version they
// read. The zero value is an empty set that upcasts to the versions
// registered in package events.
//
// The package's own set, used by Upcast, is filled from init functions, one
// file per upcaster: upcast_<type>_v<from>.go calling upcasters.Add. A type
// whose struct changes incompatibly gets a new schema version, a schema file
// for it, and an upcaster from the previous version; the old schema file
// stays, for the events already recorded in it.
type Upcasters struct {
	// Current reports the version a type is upcast to; when nil, the
	// SchemaVersion registered in package events.
	Current func(eventType string) (version int, ok bool)
	// Check, when set, checks an upcast payload in the version reached.
	Check func(eventType string, version int, payload []byte) error

	fns map[schemaKey]Upcaster
}

// upcasters is the package's set. Upcasts are checked against the schema of
// the version reached, so a faulty upcaster cannot feed the read side a
// payload its struct does not describe.
var upcasters = &Upcasters{Check: Validate}

// Upcast rewrites e's payload from its schema version to the current one,
// with the package's upcasters. See (*Upcasters).Upcast.
func Upcast(e *events.Envelope) error { return upcasters.Upcast(e) }

// Add registers f to rewrite payloads of eventType from version from to
// version from+1. It panics when that step already has an upcaster or from
// is not a version. Add is meant for init functions: it is not safe to call
// concurrently with Upcast.
func (u *Upcasters) Add(eventType string, from int, f Upcaster) {
	if from < 1 {
		panic(fmt.Sprintf("schemas: upcaster for %s from version %d: versions start at 1", eventType, from))
	}
	k := schemaKey{eventType, from}
	if _, dup := u.fns[k]; dup {
		panic(fmt.Sprintf("schemas: two upcasters for %s from version %d", eventType, from))
	}
	if u.fns == nil {
		u.fns = map[schemaKey]Upcaster{}
	}
	u.fns[k] = f
}

// Upcast rewrites e.Payload step by step, from e.SchemaVersion to the
// current version of e.Type, and sets e.SchemaVersion. An envelope already
// at the current version is left as it is; on error e is not changed.
//
// The event's hash covers its payload and schema version, so an upcast
// envelope no longer matches its hash: verify the chain before upcasting,
// and never store an upcast envelope.
func (u *Upcasters) Upcast(e *events.Envelope) error {
	current, ok := u.current(e.Type)
	if !ok {
		return events.Errorf(events.EINVALID, "type: unknown event type %q", e.Type)
	}
	switch {
	case e.SchemaVersion == current:
		return nil
	case e.SchemaVersion < 1:
		return events.Errorf(events.EINVALID, "schema_version: must be ≥ 1, got %d", e.SchemaVersion)
	case e.SchemaVersion > current:
		return events.Errorf(events.EINVALID, "schema_version: %s version %d is newer than this build's version %d", e.Type, e.SchemaVersion, current)
	}
	payload := []byte(e.Payload)
	for v := e.SchemaVersion; v < current; v++ {
		f, ok := u.fns[schemaKey{e.Type, v}]
		if !ok {
			return fmt.Errorf("upcast %s: no upcaster from version %d to %d", e.Type, v, v+1)
		}
		next, err := f(payload)
		if err != nil {
			return fmt.Errorf("upcast %s from version %d: %w", e.Type, v, err)
		}
		payload = next
	}
	if u.Check != nil {
		if err := u.Check(e.Type, current, payload); err != nil {
			return fmt.Errorf("upcast %s from version %d to %d: %w", e.Type, e.SchemaVersion, current, err)
		}
	}
	e.Payload, e.SchemaVersion = payload, current
	return nil
}

func (u *Upcasters) current(eventType string) (int, bool) {
	if u.Current != nil {
		return u.Current(eventType)
	}
	ti, ok := events.Lookup(eventType)
	return ti.SchemaVersion, ok
}
