package schemas

import (
	"fmt"

	"github.com/mentorledger/mentorledger/events"
)

// Upcast rewrites e's payload from its schema version to the current one
// with the upcasters registered in package events (events.RegisterUpcaster;
// events.Decode applies the same ones to every reader) and checks the
// result against the schema of the version reached, so a faulty upcaster
// cannot feed the read side a payload its struct does not describe. On
// error e is not changed.
//
// The event's hash covers its payload and schema version, so an upcast
// envelope no longer matches its hash: verify the chain before upcasting,
// and never store an upcast envelope.
func Upcast(e *events.Envelope) error {
	u := *e
	if err := events.Upcast(&u); err != nil {
		return err
	}
	if u.SchemaVersion != e.SchemaVersion {
		if err := Validate(u.Type, u.SchemaVersion, u.Payload); err != nil {
			return fmt.Errorf("upcast %s from version %d to %d: %w", e.Type, e.SchemaVersion, u.SchemaVersion, err)
		}
	}
	*e = u
	return nil
}
