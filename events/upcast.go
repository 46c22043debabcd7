package events

import "fmt"

// Upcaster rewrites a payload written in one schema version of its event
// type into the next version. It must not modify its argument.
type Upcaster func(payload []byte) ([]byte, error)

// Upcasters is a set of upcasters keyed by event type and the version they
// read. The zero value is an empty set that upcasts to the versions in the
// registry.
//
// The package's own set is filled by RegisterUpcaster from init functions
// and applied by Decode, so every reader (the application layer, the
// projections, anything else that decodes) sees the current version. A
// type whose struct changes gets a new schema version (register[P](v+1)),
// a schema file for it in package schemas, and an upcaster from the
// previous version; the old schema file stays, for the events already
// recorded in it.
type Upcasters struct {
	// Current reports the version a type is upcast to; when nil, the
	// SchemaVersion registered in this package.
	Current func(eventType string) (version int, ok bool)
	// Check, when set, checks an upcast payload in the version reached
	// (package schemas checks it against that version's schema).
	Check func(eventType string, version int, payload []byte) error

	fns map[upcastKey]Upcaster
}

type upcastKey struct {
	eventType string
	from      int
}

// upcasters is the package's set, used by Decode and Upcast.
var upcasters = &Upcasters{}

// RegisterUpcaster registers f to rewrite payloads of eventType from
// version from to version from+1 in the package's set. It panics when that
// step already has an upcaster or from is not a version. It is meant for
// init functions: it is not safe to call concurrently with Decode.
func RegisterUpcaster(eventType string, from int, f Upcaster) {
	upcasters.Add(eventType, from, f)
}

// Upcast rewrites e's payload from its schema version to the current one,
// with the package's upcasters. See (*Upcasters).Upcast.
func Upcast(e *Envelope) error { return upcasters.Upcast(e) }

// Add registers f to rewrite payloads of eventType from version from to
// version from+1. It panics when that step already has an upcaster or from
// is not a version.
func (u *Upcasters) Add(eventType string, from int, f Upcaster) {
	if from < 1 {
		panic(fmt.Sprintf("events: upcaster for %s from version %d: versions start at 1", eventType, from))
	}
	k := upcastKey{eventType, from}
	if _, dup := u.fns[k]; dup {
		panic(fmt.Sprintf("events: two upcasters for %s from version %d", eventType, from))
	}
	if u.fns == nil {
		u.fns = map[upcastKey]Upcaster{}
	}
	u.fns[k] = f
}

// Upcast rewrites e.Payload step by step, from e.SchemaVersion to the
// current version of e.Type, and sets e.SchemaVersion. An envelope already
// at the current version is left as it is; on error e is not changed.
//
// The event's hash covers its payload and schema version, so an upcast
// envelope no longer matches its hash: verify the chain before upcasting,
// and never store or export an upcast envelope. Decode upcasts a copy of
// the payload and leaves its envelope alone.
func (u *Upcasters) Upcast(e *Envelope) error {
	current, ok := u.current(e.Type)
	if !ok {
		return Errorf(EINVALID, "type: unknown event type %q", e.Type)
	}
	payload, err := u.upcast(e.Type, e.SchemaVersion, current, e.Payload)
	if err != nil {
		return err
	}
	e.Payload, e.SchemaVersion = payload, current
	return nil
}

// upcast rewrites payload of eventType from version from to version to.
func (u *Upcasters) upcast(eventType string, from, to int, payload []byte) ([]byte, error) {
	switch {
	case from == to:
		return payload, nil
	case from < 1:
		return nil, Errorf(EINVALID, "schema_version: must be ≥ 1, got %d", from)
	case from > to:
		return nil, Errorf(EINVALID, "schema_version: %s version %d is newer than this build's version %d", eventType, from, to)
	}
	for v := from; v < to; v++ {
		f, ok := u.fns[upcastKey{eventType, v}]
		if !ok {
			return nil, fmt.Errorf("upcast %s: no upcaster from version %d to %d", eventType, v, v+1)
		}
		next, err := f(payload)
		if err != nil {
			return nil, fmt.Errorf("upcast %s from version %d: %w", eventType, v, err)
		}
		payload = next
	}
	if u.Check != nil {
		if err := u.Check(eventType, to, payload); err != nil {
			return nil, fmt.Errorf("upcast %s from version %d to %d: %w", eventType, from, to, err)
		}
	}
	return payload, nil
}

func (u *Upcasters) current(eventType string) (int, bool) {
	if u.Current != nil {
		return u.Current(eventType)
	}
	ti, ok := registry[eventType]
	return ti.SchemaVersion, ok
}

// The upcasters of this build, one per step.
func init() {
	// relationship.contact_made v2 adds minutes, the length of the contact,
	// optional and 1..240. A version 1 payload is a version 2 payload that
	// does not say how long the contact lasted, so the step is the
	// identity: no length is invented for old contacts. It still needs a
	// new version, because the version 1 schema forbids the new field.
	RegisterUpcaster(ContactMade{}.EventType(), 1, func(b []byte) ([]byte, error) { return b, nil })
}
