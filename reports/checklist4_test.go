package reports_test

import (
	"testing"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/reports"
)

var buildChecklist4 = programmeChecklist(reports.BuildChecklist4)

func TestChecklist4EveryItemFlipsWhenItsEvidenceIsRecorded(t *testing.T) {
	withStrategy := func(s events.EvaluationStrategyDefined) func(w *world) {
		return registeredWith(at("2024-11-20", s))
	}
	questionnaires := evaluationStrategy("2024-11-20", events.EvaluationQuestionnaires)
	questionnaires.QuestionnaireEveryDays = 180
	skills := evaluationStrategy("2024-11-20", events.EvaluationStatistics)
	skills.Measures = []string{events.MeasureSkillsAcquired}
	runFlips(t, buildChecklist4, reports.Checklist4.Items(), []flip{
		{item: 1, given: registeredWith(), before: reports.NotMet, flip: recording("2024-11-20", evaluationStrategy("2024-11-20", events.EvaluationFocusGroups))},
		{item: 2, given: registeredWith(at("2025-03-31", events.ProgrammeReviewed{ProgrammeID: prog, ReviewedOn: d("2025-03-31"), Kind: events.ReviewSteeringGroup})),
			before: reports.Partly,
			flip: recording("2025-06-01", events.ProgrammeReviewed{ProgrammeID: prog, ReviewedOn: d("2025-06-01"), Kind: events.ReviewMidTerm,
				ChangesAgreed: []string{"shorter surveys"}})},
		{item: 3, given: registeredWith(at("2024-11-20", evaluationStrategy("2024-11-20", events.EvaluationFocusGroups)),
			at("2024-11-21", budget("2024-11-21", "2025-01-01", "2025-12-31"))), before: reports.Partly,
			flip: recording("2024-11-22", events.CoordinatorAppointed{ProgrammeID: prog, AppointedOn: d("2024-11-22"), CoordinatorID: "c-1",
				Appointment: events.AppointmentInternalDedicated, HoursPerWeek: 20})},
		{item: 4, given: registeredWith(), before: reports.NotMet,
			flip: recording("2025-05-01", events.FeedbackSessionHeld{ProgrammeID: prog, SessionID: "fs-1", Kind: events.FeedbackSession, HeldOn: d("2025-05-01"), Participants: 9})},
		{item: 5, given: withStrategy(evaluationStrategy("2024-11-20", events.EvaluationFocusGroups)), before: reports.Partly,
			flip: recording("2025-05-01", events.FeedbackSessionHeld{ProgrammeID: prog, SessionID: "fg-1", Kind: events.FocusGroup, HeldOn: d("2025-05-01"), Participants: 6})},
		{item: 6, given: func(w *world) {
			withStrategy(questionnaires)(w)
			w.rec("2025-02-01", instrumentOf("2025-02-01"))
			w.rec("2025-03-01", survey("s-mentors", "2025-03-01", events.AudienceMentor))
		}, before: reports.Partly, flip: recording("2025-03-02", survey("s-mentees", "2025-03-02", events.AudienceMentee))},
		{item: 7, given: func(w *world) {
			registeredOnly(w)
			pair(w, "2025-02-01")
			w.rec("2025-02-10", goal("r1", "g1", events.GoalShortTerm, "2025-02-10", "ms1"))
		}, before: reports.Partly,
			flip: recording("2025-04-01", events.MilestoneAchieved{RelationshipID: "r1", MilestoneID: "ms1", AchievedOn: d("2025-04-01")})},
		{item: 8, given: withStrategy(skills), before: reports.Partly,
			flip: recording("2025-05-01", events.OutcomeRecorded{ProgrammeID: prog, OutcomeID: "o1", Kind: events.OutcomeSkill, AchievedOn: d("2025-05-01"), Description: "chairing"})},
		{item: 9, given: registeredWith(), before: reports.NotMet,
			flip: recording("2025-04-14", events.DocumentRevised{ProgrammeID: prog, RevisedOn: d("2025-04-14"), DocumentKind: events.DocumentAgreementTemplate,
				DocumentRef: "AGR-1", Revision: 2, Summary: "end date"})},
		{item: 10, given: withStrategy(evaluationStrategy("2024-11-20", events.EvaluationAdministrativeFiles)), before: reports.Partly,
			flip: recording("2025-03-31", events.ProgrammeReviewed{ProgrammeID: prog, ReviewedOn: d("2025-03-31"), Kind: events.ReviewSteeringGroup})},
	})
}

func TestChecklist4MilestoneAssessmentIsNotApplicableWithoutRelationships(t *testing.T) {
	w := newWorld(t)
	registeredOnly(w)
	if got, _ := checklistItem(t, buildChecklist4(w, "2025-06-30"), 7); got.Status != reports.NotApplicable {
		t.Fatalf("no relationship: %+v, want not applicable", got)
	}
	match := pair(w, "2025-02-01")
	got, _ := checklistItem(t, buildChecklist4(w, "2025-06-30"), 7)
	if got.Status != reports.NotMet {
		t.Fatalf("a relationship with no goal: %+v (match %s), want not met", got, match)
	}
}
