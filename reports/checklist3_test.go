package reports_test

import (
	"testing"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/reports"
)

var buildChecklist3 = programmeChecklist(reports.BuildChecklist3)

func TestChecklist3EveryPolicyFlipsWhenItIsAdopted(t *testing.T) {
	policies := []string{events.PolicyCodeOfConduct, events.PolicyComplaints, events.PolicyConfidentialityDataProtection,
		events.PolicyEqualOpportunities, events.PolicyGovernance, events.PolicyHealthAndSafety, events.PolicyVolunteering,
		events.PolicyValuesStatement, events.PolicyProtectingVulnerableGroups}
	var flips []flip
	for i, p := range policies {
		flips = append(flips, flip{item: i + 1, given: registeredWith(), before: reports.NotMet, flip: recording("2024-11-20", policyOf("2024-11-20", p))})
	}
	runFlips(t, buildChecklist3, reports.Checklist3.Items(), flips)
}

func TestChecklist3PolicyAdoptedAfterTheLaunchOrOverdueForReviewIsPartly(t *testing.T) {
	w := newWorld(t)
	registeredWith(at("2024-11-05", purposeOf("2024-11-05")), at("2024-11-10", planOf("2024-11-10")))(w)
	launch := w.rec("2024-12-16", events.ProgrammeLaunched{ProgrammeID: prog, LaunchedOn: d("2024-12-16")})
	late := w.rec("2025-01-20", policyOf("2025-01-20", events.PolicyComplaints))
	got, _ := checklistItem(t, buildChecklist3(w, "2025-06-30"), 2)
	if got.Status != reports.Partly || got.Evidence[0] != late || got.Evidence[len(got.Evidence)-1] != launch {
		t.Fatalf("complaints policy after the launch: %+v, want partly with the adoption and the launch", got)
	}
	w.rec("2024-12-01", events.PolicyAdopted{ProgrammeID: prog, AdoptedOn: d("2024-12-01"), Policy: events.PolicyCodeOfConduct,
		DocumentRef: "COC-1", ReviewOn: d("2025-06-01")})
	if got, _ := checklistItem(t, buildChecklist3(w, "2025-05-31"), 1); got.Status != reports.Met {
		t.Fatalf("code of conduct before its review date: %+v, want met", got)
	}
	if got, _ := checklistItem(t, buildChecklist3(w, "2025-06-30"), 1); got.Status != reports.Partly || got.Detail == "" {
		t.Fatalf("code of conduct past its review date: %+v, want partly", got)
	}
}
