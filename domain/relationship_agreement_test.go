package domain_test

import (
	"testing"

	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/events"
)

func TestAgreementIsSignedByBothParties(t *testing.T) {
	r := given(matched())
	err := r.SignAgreement(domain.SignAgreement(agreement(d("2025-01-20"))), programme())
	then(t, err, r.Changes(), agreement(d("2025-01-20")))
}

func TestAgreementSignedByAMentorAndAMenteeOfTheRelationshipOnly(t *testing.T) {
	two := match(events.ModelTwoByTwo, []string{"m1", "m2"}, []string{"e1", "e2"})
	for _, tc := range []struct {
		name   string
		signed []string
		msg    string
	}{
		{"nobody", nil, "relationship.agreement_signed.signed_by: required: both parties sign the agreement"},
		{"mentor only", []string{"m1", "m2"}, "relationship.agreement_signed.signed_by: signed by both parties: at least one mentor and one mentee"},
		{"mentee only", []string{"e2"}, "relationship.agreement_signed.signed_by: signed by both parties: at least one mentor and one mentee"},
		{"outsider", []string{"m1", "e1", "m3"}, `relationship.agreement_signed.signed_by: must be a party to relationship rel-1, got "m3"`},
		{"twice", []string{"m1", "e1", "m1"}, "relationship.agreement_signed.signed_by: m1 signed twice"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := agreement(d("2025-01-20"))
			c.SignedBy = tc.signed
			r := given(two)
			err := r.SignAgreement(domain.SignAgreement(c), programme())
			thenError(t, err, r.Changes(), events.EINVALID, tc.msg)
		})
	}
	c := agreement(d("2025-01-20"))
	c.SignedBy = []string{"m2", "e1"}
	r := given(two)
	err := r.SignAgreement(domain.SignAgreement(c), programme())
	then(t, err, r.Changes(), c)
}

func TestAgreementHasAnEndPointAndConfidentiality(t *testing.T) {
	noPlan := programme(registered())
	for _, tc := range []struct {
		name string
		edit func(*events.AgreementSigned)
		msg  string
	}{
		{"no end", func(c *events.AgreementSigned) { c.EndsOn = events.Date{} }, "relationship.agreement_signed.ends_on: required: the relationship has a defined end point"},
		{"ends when signed", func(c *events.AgreementSigned) { c.EndsOn = c.SignedOn }, "relationship.agreement_signed.ends_on: must be after signed_on 2025-01-20, got 2025-01-20"},
		{"not confidential", func(c *events.AgreementSigned) { c.ConfidentialityAgreed = false }, "relationship.agreement_signed.confidentiality_agreed: the content of meetings is confidential (resource 5, clause 7): must be true"},
		{"min over max", func(c *events.AgreementSigned) { c.MinMeetingMinutes = 150 }, "relationship.agreement_signed.min_meeting_minutes: must not exceed max_meeting_minutes 120, got 150"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := agreement(d("2025-01-20"))
			tc.edit(&c)
			r := given(matched())
			err := r.SignAgreement(domain.SignAgreement(c), noPlan)
			thenError(t, err, r.Changes(), events.EINVALID, tc.msg)
		})
	}
}

func TestAgreementTakesThePlansMeetingRulesAndEndPoint(t *testing.T) {
	plan := planAdopted()
	plan.MeetingFrequencyDays, plan.MinMeetingMinutes, plan.MaxMeetingMinutes = 28, 45, 90
	c := agreement(d("2025-01-20"))
	c.EndsOn, c.MeetingFrequencyDays, c.MinMeetingMinutes, c.MaxMeetingMinutes = events.Date{}, 0, 0, 0
	r := given(matched())
	err := r.SignAgreement(domain.SignAgreement(c), programme(registered(), plan))
	want := c
	want.EndsOn, want.MeetingFrequencyDays, want.MinMeetingMinutes, want.MaxMeetingMinutes = d("2025-07-10"), 28, 45, 90
	then(t, err, r.Changes(), want)

	// Without a plan, the guidance: monthly, one to two hours, contact
	// every two weeks or as agreed.
	r = given(matched())
	c.EndsOn, c.ContactBetweenMeetings = d("2025-12-31"), ""
	err = r.SignAgreement(domain.SignAgreement(c), programme(registered()))
	want = c
	want.MeetingFrequencyDays, want.MinMeetingMinutes, want.MaxMeetingMinutes = 30, 60, 120
	want.ContactBetweenMeetings = "every 14 days or as agreed"
	then(t, err, r.Changes(), want)
}

// Checklist 6 asks for the agreement at the first meeting; one signed after
// meetings were held is recorded as signed and the reports flag it.
func TestAgreementSignedLateIsRecorded(t *testing.T) {
	r := given(matched(), logged("mtg-1", d("2025-01-20")), logged("mtg-2", d("2025-02-20")))
	err := r.SignAgreement(domain.SignAgreement(agreement(d("2025-03-20"))), programme())
	then(t, err, r.Changes(), agreement(d("2025-03-20")))
}
