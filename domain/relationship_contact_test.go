package domain_test

import (
	"testing"

	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/events"
)

func TestContactIsMadeByAPartyInTheirRole(t *testing.T) {
	r := given(matched())
	err := r.MakeContact(domain.MakeContact(contact(d("2025-02-03"))))
	then(t, err, r.Changes(), contact(d("2025-02-03")))

	c := contact(d("2025-02-03"))
	c.By, c.ByRole = "e1", ""
	r = given(matched())
	err = r.MakeContact(domain.MakeContact(c))
	c.ByRole = events.RoleMentee
	then(t, err, r.Changes(), c)

	for _, tc := range []struct {
		name, by, role, method, msg string
	}{
		{"outsider", "m3", "", events.MethodEmail, `relationship.contact_made.by: must be a party to relationship rel-1, got "m3"`},
		{"wrong role", "e1", events.RoleMentor, events.MethodEmail, `relationship.contact_made.by_role: must be mentee, the role of e1, got "mentor"`},
		{"both", "e1", domain.RoleBoth, events.MethodEmail, `relationship.contact_made.by_role: must be mentee, the role of e1, got "both"`},
		{"unknown method", "m1", "", "fax", `relationship.contact_made.method: must be one of`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := contact(d("2025-02-03"))
			c.By, c.ByRole, c.Method = tc.by, tc.role, tc.method
			r := given(matched())
			err := r.MakeContact(domain.MakeContact(c))
			thenError(t, err, r.Changes(), events.EINVALID, tc.msg)
		})
	}
}

func TestContactMayRecordItsLengthWithinFourHours(t *testing.T) {
	c := contact(d("2025-02-03"))
	c.Minutes = 240
	r := given(matched())
	err := r.MakeContact(domain.MakeContact(c))
	then(t, err, r.Changes(), c)

	for _, minutes := range []int{-1, 241} {
		c := contact(d("2025-02-03"))
		c.Minutes = minutes
		r := given(matched())
		err := r.MakeContact(domain.MakeContact(c))
		thenError(t, err, r.Changes(), events.EINVALID, "relationship.contact_made.minutes: must be 1..240 when recorded, got ")
	}
}
