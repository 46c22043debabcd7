package domain

import (
	"github.com/mentorledger/mentorledger/events"
)

// MakeContact is the command that records contact between meetings
// (checklist 6: the mentor makes contact about two weeks after a meeting).
type MakeContact events.ContactMade

// MakeContact records contact made by a party, in their role. Who made it
// and when is recorded as it happened: checklist 6 reports whether it was
// the mentor, about two weeks after a meeting.
func (r *Relationship) MakeContact(c MakeContact) error {
	e := events.ContactMade(c)
	if err := r.active(&e, e.RelationshipID, "contact_on", e.ContactOn); err != nil {
		return err
	}
	role, err := r.party(&e, "by", e.By)
	if err != nil {
		return err
	}
	if err := partyRole(e, "by_role", &e.ByRole, e.By, role, false); err != nil {
		return err
	}
	if err := checkOneOf(e, "method", e.Method, methods); err != nil {
		return err
	}
	// The length is optional (0: not recorded); the bound is the project's,
	// the guidance gives none for contacts.
	if e.Minutes != 0 && (e.Minutes < 1 || e.Minutes > maxContactMinutes) {
		return invalid(e, "minutes", "must be 1..%d when recorded, got %d", maxContactMinutes, e.Minutes)
	}
	r.record(e)
	return nil
}

// maxContactMinutes bounds the recorded length of a contact between
// meetings (relationship.contact_made v2).
const maxContactMinutes = 240
