package reports_test

import (
	"testing"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/reports"
)

var buildChecklist2 = programmeChecklist(reports.BuildChecklist2)

// registeredWith registers the programme and records the facts given.
func registeredWith(facts ...struct {
	day string
	p   events.Payload
}) func(w *world) {
	return func(w *world) {
		registeredOnly(w)
		for _, f := range facts {
			w.rec(f.day, f.p)
		}
	}
}

// at pairs a fact with its day.
func at(day string, p events.Payload) struct {
	day string
	p   events.Payload
} {
	return struct {
		day string
		p   events.Payload
	}{day, p}
}

// recording records a fact as the flip of a test.
func recording(day string, p events.Payload) func(w *world) string {
	return func(w *world) string { return w.rec(day, p) }
}

func TestChecklist2EveryItemFlipsWhenItsEvidenceIsRecorded(t *testing.T) {
	runFlips(t, buildChecklist2, reports.Checklist2.Items(), []flip{
		{item: 1, given: registeredWith(at("2024-11-05", budget("2024-11-05", "2025-01-01", "2025-12-31")),
			at("2025-02-01", spending("x1", "2025-02-01", 1_500_000))), before: reports.Partly,
			flip: recording("2025-03-01", events.BudgetSet{ProgrammeID: prog, SetOn: d("2025-03-01"), AmountPence: 2_000_000, Currency: "GBP",
				PeriodStartsOn: d("2025-01-01"), PeriodEndsOn: d("2025-12-31")})},
		{item: 2, given: registeredWith(), before: reports.NotMet, flip: recording("2024-11-05", budget("2024-11-05", "2025-01-01", "2025-12-31"))},
		{item: 3, given: registeredWith(at("2024-11-10", planOf("2024-11-10")), at("2024-11-10", fundingSource("2024-11-10", "f1", events.FundingActual)),
			at("2024-11-11", funding("2024-11-11", "f1", "2025-01-01", "2025-03-31"))), before: reports.Partly,
			flip: recording("2025-03-01", funding("2025-03-01", "f1", "2025-04-01", "2026-12-31"))},
		{item: 4, given: registeredWith(at("2024-11-10", fundingSource("2024-11-10", "f1", events.FundingActual))), before: reports.Partly,
			flip: recording("2024-11-11", fundingSource("2024-11-11", "f2", events.FundingPotential))},
		{item: 5, given: registeredWith(at("2024-11-10", fundingSource("2024-11-10", "f1", events.FundingActual)),
			at("2024-11-10", fundingSource("2024-11-10", "f2", events.FundingActual)),
			at("2024-11-11", funding("2024-11-11", "f1", "2025-01-01", "2025-12-31"))), before: reports.Partly,
			flip: recording("2024-11-12", funding("2024-11-12", "f2", "2025-01-01", "2026-12-31"))},
		{item: 6, given: registeredWith(at("2024-11-10", planOf("2024-11-10")), at("2024-11-10", fundingSource("2024-11-10", "f1", events.FundingActual)),
			at("2024-11-11", funding("2024-11-11", "f1", "2025-01-01", "2026-12-31"))), before: reports.Partly,
			flip: recording("2025-05-01", fundingSource("2025-05-01", "f2", events.FundingPotential))},
		{item: 7, given: registeredWith(at("2024-11-05", steeringGroup("2024-11-05"))), before: reports.Partly,
			flip: recording("2024-11-06", policyOf("2024-11-06", events.PolicyGovernance))},
		{item: 8, given: registeredWith(at("2024-11-10", planOf("2024-11-10")), at("2024-11-11", budget("2024-11-11", "2025-01-01", "2025-12-31"))),
			before: reports.Partly,
			flip:   recording("2025-03-31", events.ProgrammeReviewed{ProgrammeID: prog, ReviewedOn: d("2025-03-31"), Kind: events.ReviewSteeringGroup})},
		{item: 9, given: registeredWith(at("2024-12-01", spending("x1", "2024-12-01", 10_000))), before: reports.Partly,
			flip: recording("2025-06-01", spending("x2", "2025-06-01", 20_000))},
	})
}

func TestChecklist2FundingThatLeavesPartOfThePlanUncoveredIsOnlyPartly(t *testing.T) {
	w := newWorld(t)
	registeredWith(at("2024-11-10", planOf("2024-11-10")), at("2024-11-10", fundingSource("2024-11-10", "f1", events.FundingActual)),
		at("2024-11-10", fundingSource("2024-11-10", "f2", events.FundingPotential)))(w)
	first := w.rec("2024-11-11", funding("2024-11-11", "f1", "2025-01-01", "2025-12-31"))
	got, _ := checklistItem(t, buildChecklist2(w, "2025-06-30"), 6)
	if got.Status != reports.Partly || got.Evidence[0] != first {
		t.Fatalf("funding to the end of 2025 for a plan to mid 2026: %+v, want partly", got)
	}
	// A second period that starts after a gap still leaves a day uncovered.
	w.rec("2024-11-12", funding("2024-11-12", "f1", "2026-01-02", "2026-12-31"))
	if got, _ := checklistItem(t, buildChecklist2(w, "2025-06-30"), 6); got.Status != reports.Partly {
		t.Fatalf("a one-day gap on 2026-01-01: %+v, want partly", got)
	}
}
