package reports

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/mentorledger/mentorledger/events"
)

// checklist3Policies are the nine policies of good practice checklist 3,
// in its order, as the guidance names them.
var checklist3Policies = []struct{ policy, name string }{
	{events.PolicyCodeOfConduct, "Code of Conduct"},
	{events.PolicyComplaints, "Complaints Policy"},
	{events.PolicyConfidentialityDataProtection, "Confidentiality and Data Protection Policy"},
	{events.PolicyEqualOpportunities, "Equal Opportunities"},
	{events.PolicyGovernance, "Governance Policy"},
	{events.PolicyHealthAndSafety, "Health and Safety Policy"},
	{events.PolicyVolunteering, "Volunteering Policy"},
	{events.PolicyValuesStatement, "Values Statement"},
	{events.PolicyProtectingVulnerableGroups, "Protecting Vulnerable Groups."},
}

// policyRule is how every policy of checklist 3 is judged.
const policyRule = "met: the policy is adopted (programme.policy_adopted) on or before the launch, or before a launch yet to come, and its review date has not passed; partly: adopted only after the launch, or its review date has passed without a newer adoption; not met: not adopted"

// Checklist3 is good practice checklist 3, policy requirements: "Policies
// to consider when establishing your programme", one item per policy.
var Checklist3 = func() programmeChecklist {
	c := programmeChecklist{name: "checklist-3", title: "Good practice checklist 3: Policy requirements",
		source: "SSSC, Mentoring: supporting and promoting professional development and learning, good practice checklist 3"}
	for i, p := range checklist3Policies {
		c.items = append(c.items, programmeItem{
			Item{i + 1, strings.ReplaceAll(p.policy, "_", "-"), "Policies to consider when establishing your programme: " + p.name, policyRule},
			judgePolicy(p.policy)})
	}
	return c
}()

// BuildChecklist3 answers good practice checklist 3 for every programme,
// or the one named, as of asOf.
func BuildChecklist3(ctx context.Context, src Source, programme string, asOf AsOf, now time.Time) (*Checklist, error) {
	return Checklist3.build(ctx, src, programme, asOf, now)
}

func init() { Checklist3.define() }

func judgePolicy(policy string) func(e *programmeEvidence) verdict {
	return func(e *programmeEvidence) verdict {
		var adoptions []fact
		for _, p := range e.all("programme.policy_adopted") {
			if p.subject == policy {
				adoptions = append(adoptions, p)
			}
		}
		if len(adoptions) == 0 {
			return notMet("not adopted")
		}
		first, last := adoptions[0], adoptions[len(adoptions)-1]
		for _, a := range adoptions {
			if a.on.Before(first.on) {
				first = a
			}
		}
		detail := fmt.Sprintf("%s adopted on %s", last.detail, day(last.on))
		if !last.until.IsZero() {
			detail += ", review due " + day(last.until)
		}
		if !last.until.IsZero() && last.until.Before(e.ref) {
			return partly(detail+": review overdue", last.events)
		}
		if l, ok := e.launched(); ok && first.on.After(l.on) {
			return partly(fmt.Sprintf("%s; first adopted on %s, after the launch on %s", detail, day(first.on), day(l.on)), evidenceOf(first, last), l.events)
		}
		return met(detail, evidenceOf(first, last))
	}
}
