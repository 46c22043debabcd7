package domain_test

import (
	"testing"

	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/events"
)

func TestPolicyReviewDateIsAfterItsAdoption(t *testing.T) {
	for _, tc := range []struct {
		name, review, msg string
	}{
		{"same day", "2024-12-02", "programme.policy_adopted.review_on: must be after adopted_on 2024-12-02, got 2024-12-02"},
		{"before", "2024-06-01", "programme.policy_adopted.review_on: must be after adopted_on 2024-12-02, got 2024-06-01"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := policyAdopted()
			c.ReviewOn = d(tc.review)
			p := programme()
			err := p.AdoptPolicy(domain.AdoptPolicy(c))
			thenError(t, err, p.Changes(), events.EINVALID, tc.msg)
		})
	}
}

func TestPolicyIsOneOfChecklistThreesNine(t *testing.T) {
	for _, policy := range []string{
		events.PolicyCodeOfConduct, events.PolicyComplaints, events.PolicyConfidentialityDataProtection,
		events.PolicyEqualOpportunities, events.PolicyGovernance, events.PolicyHealthAndSafety,
		events.PolicyVolunteering, events.PolicyValuesStatement, events.PolicyProtectingVulnerableGroups,
	} {
		c := policyAdopted()
		c.Policy = policy
		p := programme()
		err := p.AdoptPolicy(domain.AdoptPolicy(c))
		then(t, err, p.Changes(), c)
	}
	c := policyAdopted()
	c.Policy = "parking"
	p := programme()
	err := p.AdoptPolicy(domain.AdoptPolicy(c))
	thenError(t, err, p.Changes(), events.EINVALID, `programme.policy_adopted.policy: must be one of code_of_conduct, complaints, confidentiality_data_protection, equal_opportunities, governance, health_and_safety, volunteering, values_statement, protecting_vulnerable_groups, got "parking"`)
}

func TestPolicyNamesItsDocumentAndReviewDate(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*events.PolicyAdopted)
		msg  string
	}{
		{"no document", func(c *events.PolicyAdopted) { c.DocumentRef = " " }, "programme.policy_adopted.document_ref: required"},
		{"no review date", func(c *events.PolicyAdopted) { c.ReviewOn = events.Date{} }, "programme.policy_adopted.review_on: required"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := policyAdopted()
			tc.edit(&c)
			p := programme()
			err := p.AdoptPolicy(domain.AdoptPolicy(c))
			thenError(t, err, p.Changes(), events.EINVALID, tc.msg)
		})
	}
}

func TestEtiquettePrinciplesAreStepFivesTenEachOnce(t *testing.T) {
	for _, tc := range []struct {
		name       string
		principles []int
		msg        string
	}{
		{"none", nil, "programme.etiquette_adopted.principles: at least 1 required, got 0"},
		{"eleventh", []int{1, 11}, "programme.etiquette_adopted.principles: must be 1..10, got 11"},
		{"twice", []int{7, 7}, "programme.etiquette_adopted.principles: 7 is named twice"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := events.EtiquetteAdopted{ProgrammeID: progID, AdoptedOn: d("2024-12-02"), Principles: tc.principles, DocumentRef: "etiquette-v1"}
			p := programme()
			err := p.AdoptEtiquette(domain.AdoptEtiquette(c))
			thenError(t, err, p.Changes(), events.EINVALID, tc.msg)
		})
	}
}
