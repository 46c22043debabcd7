package reports_test

import (
	"testing"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/reports"
)

var buildChecklist1 = programmeChecklist(reports.BuildChecklist1)

// registeredOnly is the smallest programme: registered, one model.
func registeredOnly(w *world) { w.rec("2024-11-01", registered()) }

func TestChecklist1EveryItemFlipsWhenItsEvidenceIsRecorded(t *testing.T) {
	with := func(more ...func(w *world)) func(w *world) {
		return func(w *world) {
			registeredOnly(w)
			for _, m := range more {
				m(w)
			}
		}
	}
	rec := func(day string, p events.Payload) func(w *world) string {
		return func(w *world) string { return w.rec(day, p) }
	}
	given := func(day string, p events.Payload) func(w *world) {
		return func(w *world) { w.rec(day, p) }
	}
	runFlips(t, buildChecklist1, reports.Checklist1.Items(), []flip{
		{item: 1, given: with(), before: reports.NotMet,
			flip: rec("2024-11-05", events.SeniorLeadAssigned{ProgrammeID: prog, AssignedOn: d("2024-11-05"), LeadID: "lead-1", Organisation: "Org A"})},
		{item: 2, given: with(given("2024-11-10", planOf("2024-11-10"))), before: reports.Partly,
			flip: rec("2024-11-20", briefing("2024-11-20", events.AudienceLineManagers))},
		{item: 3, given: with(), before: reports.NotMet, flip: rec("2024-11-05", purposeOf("2024-11-05"))},
		{item: 4, given: with(given("2024-11-10", communication("2024-11-10", events.AudienceMentors, events.AudienceLineManagers)),
			given("2024-11-20", briefing("2024-11-20", events.AudienceMentors))), before: reports.Partly,
			flip: rec("2024-11-21", briefing("2024-11-21", events.AudienceLineManagers))},
		{item: 5, given: with(), before: reports.NotMet, flip: rec("2024-11-05", steeringGroup("2024-11-05"))},
		{item: 6, given: with(given("2024-11-05", events.CoordinatorAppointed{ProgrammeID: prog, AppointedOn: d("2024-11-05"), CoordinatorID: "c-1",
			Appointment: events.AppointmentInternalPartOfRole, HoursPerWeek: 4})), before: reports.Partly,
			flip: rec("2025-01-05", events.CoordinatorAppointed{ProgrammeID: prog, AppointedOn: d("2025-01-05"), CoordinatorID: "c-2",
				Appointment: events.AppointmentInternalDedicated, HoursPerWeek: 30})},
		{item: 7, given: with(), before: reports.NotMet, flip: rec("2024-11-05", administration("2024-11-05"))},
		{item: 8, given: with(given("2024-12-01", events.DocumentRevised{ProgrammeID: prog, RevisedOn: d("2024-12-01"), DocumentKind: events.DocumentAgreementTemplate,
			DocumentRef: "AGR-1", Revision: 2, Summary: "end date added"})), before: reports.Partly,
			flip: rec("2024-12-02", events.MatchingStrategyDefined{ProgrammeID: prog, DefinedOn: d("2024-12-02"), Criteria: []string{"goals"}, RematchingOffered: true})},
		{item: 9, given: with(), before: reports.NotMet, flip: rec("2024-11-05", communication("2024-11-05", events.AudienceStaff))},
		{item: 10, given: with(given("2024-11-05", purposeOf("2024-11-05"))), before: reports.Partly, flip: rec("2024-11-06", steeringGroup("2024-11-06"))},
		{item: 11, given: with(), before: reports.NotMet,
			flip: rec("2024-11-05", events.MarketingStrategyAdopted{ProgrammeID: prog, AdoptedOn: d("2024-11-05"), Audiences: []string{events.AudienceStaff}, DocumentRef: "MKT-1"})},
		{item: 12, before: "", flip: rec("2024-11-01", registered(events.ModelOneToOne, events.ModelGroup))},
		{item: 13, given: with(given("2024-11-05", events.EtiquetteAdopted{ProgrammeID: prog, AdoptedOn: d("2024-11-05"), Principles: []int{1, 2}, DocumentRef: "ETQ"})),
			before: reports.Partly,
			flip:   rec("2024-11-06", events.MentorTrainingDefined{ProgrammeID: prog, DefinedOn: d("2024-11-06"), Mandatory: true, Topics: []string{"the role"}})},
		{item: 14, given: with(given("2024-11-05", events.EtiquetteAdopted{ProgrammeID: prog, AdoptedOn: d("2024-11-05"), Principles: []int{1, 2}, DocumentRef: "ETQ"})),
			before: reports.Partly,
			flip:   rec("2024-11-06", events.MenteeInductionDefined{ProgrammeID: prog, DefinedOn: d("2024-11-06"), Mandatory: true, Topics: []string{"the role"}})},
		{item: 15, given: with(given("2024-11-05", events.SelectionCriteriaSet{ProgrammeID: prog, SetOn: d("2024-11-05"), Role: events.RoleMentor, Criteria: []string{"experience"}})),
			before: reports.Partly,
			flip:   rec("2024-11-06", events.SelectionCriteriaSet{ProgrammeID: prog, SetOn: d("2024-11-06"), Role: events.RoleMentee, Criteria: []string{"a goal"}})},
		{item: 16, given: with(given("2024-11-05", events.MentorTrainingDefined{ProgrammeID: prog, DefinedOn: d("2024-11-05"), Mandatory: true, Topics: []string{"etiquette"}}),
			given("2024-12-01", person("mentor-1", events.RoleMentor))), before: reports.Partly,
			flip: rec("2024-12-05", events.MentorTrainingCompleted{ParticipantID: "mentor-1", CompletedOn: d("2024-12-05")})},
		{item: 17, given: with(given("2024-11-05", events.MenteeInductionDefined{ProgrammeID: prog, DefinedOn: d("2024-11-05"), Mandatory: true, Topics: []string{"goals"}}),
			given("2024-12-01", person("mentee-1", events.RoleMentee))), before: reports.Partly,
			flip: rec("2024-12-05", events.MenteeInductionCompleted{ParticipantID: "mentee-1", CompletedOn: d("2024-12-05")})},
		{item: 18, given: with(given("2024-11-05", budget("2024-11-05", "2025-01-01", "2025-12-31")),
			given("2024-11-05", fundingSource("2024-11-05", "fund-1", events.FundingActual))), before: reports.Partly,
			flip: rec("2024-11-06", funding("2024-11-06", "fund-1", "2025-01-01", "2026-12-31"))},
		{item: 19, given: with(given("2024-11-05", events.MatchingStrategyDefined{ProgrammeID: prog, DefinedOn: d("2024-11-05"), Criteria: []string{"goals"}})),
			before: reports.Partly,
			flip:   rec("2024-11-06", events.MatchingStrategyDefined{ProgrammeID: prog, DefinedOn: d("2024-11-06"), Criteria: []string{"goals"}, RematchingOffered: true})},
		{item: 20, today: "2025-06-15", given: with(given("2024-11-10", planOf("2024-11-10")), func(w *world) { pair(w, "2025-05-01") }), before: reports.NotMet,
			flip: rec("2025-05-25", logged("r1", "m1", "2025-05-25"))},
		{item: 21, given: with(), before: reports.NotMet, flip: rec("2024-11-10", planOf("2024-11-10"))},
		{item: 22, given: with(given("2024-11-05", administration("2024-11-05")), func(w *world) { pair(w, "2025-05-01") }), before: reports.Partly,
			flip: rec("2025-05-20", logged("r1", "m1", "2025-05-20"))},
		{item: 23, given: with(given("2024-11-05", evaluationStrategy("2024-11-05", events.EvaluationInterviews))), before: reports.Partly,
			flip: rec("2025-03-01", events.FeedbackSessionHeld{ProgrammeID: prog, SessionID: "fs-1", Kind: events.FeedbackSession, HeldOn: d("2025-03-01"), Participants: 8})},
		{item: 24, given: with(given("2024-11-05", purposeOf("2024-11-05")), given("2024-11-10", planOf("2024-11-10"))), before: reports.NotMet,
			flip: rec("2024-11-20", evaluationStrategy("2024-11-20", events.EvaluationQuestionnaires))},
		{item: 25, given: with(), before: reports.NotMet,
			flip: rec("2024-11-05", events.RecognitionArranged{ProgrammeID: prog, ArrangedOn: d("2024-11-05"), Mechanisms: []string{events.RecognitionCertificate}})},
		{item: 26, given: with(given("2024-11-05", events.RecognitionArranged{ProgrammeID: prog, ArrangedOn: d("2024-11-05"), Mechanisms: []string{events.RecognitionCertificate}})),
			before: reports.Partly,
			flip:   rec("2024-11-06", events.RecognitionArranged{ProgrammeID: prog, ArrangedOn: d("2024-11-06"), Mechanisms: []string{events.RecognitionCertificate, events.RecognitionCPD}})},
		{item: 27, given: with(), before: reports.NotMet,
			flip: rec("2024-11-05", events.ExpensesPolicyDecided{ProgrammeID: prog, DecidedOn: d("2024-11-05"), MentorsPaid: false})},
	})
}

func TestChecklist1EvaluationStrategyAfterTheLaunchIsOnlyPartly(t *testing.T) {
	w := newWorld(t)
	registeredOnly(w)
	w.rec("2024-11-05", purposeOf("2024-11-05"))
	w.rec("2024-11-10", planOf("2024-11-10"))
	launch := w.rec("2024-12-16", events.ProgrammeLaunched{ProgrammeID: prog, LaunchedOn: d("2024-12-16")})
	late := w.rec("2025-02-10", evaluationStrategy("2025-02-10", events.EvaluationQuestionnaires))
	got, _ := checklistItem(t, buildChecklist1(w, "2025-06-30"), 24)
	if got.Status != reports.Partly || len(got.Evidence) != 2 || got.Evidence[0] != late || got.Evidence[1] != launch {
		t.Fatalf("strategy eight weeks after the launch: %+v, want partly with the strategy and the launch as evidence", got)
	}
	// As of before the strategy, the launched programme had none.
	w.catchUp()
	then, err := reports.BuildChecklist1(t.Context(), w.views, "", reports.AsOf{Time: d("2025-01-31").Time()}, d("2025-06-30").Time())
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := checklistItem(t, then, 24); got.Status != reports.NotMet {
		t.Fatalf("as of 31 January: %+v, want not met", got)
	}
}
