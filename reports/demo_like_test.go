package reports_test

import (
	"time"

	"github.com/mentorledger/mentorledger/events"
)

// meetingTopic is meeting content no report but the relationship's own
// timeline may show.
const meetingTopic = "delegating without losing control"

// demoToday is the reference date of the demo-like ledger.
const demoToday = "2025-12-31"

// demoLike records, through the application service, a small programme
// with something of everything the demo has: its whole design, finance and
// policies, participants selected, trained and supervised, three
// relationships (one running its whole course to closure, one ended early
// and rematched, the rematch still active), meetings scheduled, postponed,
// cancelled and logged with their content, goals, milestones, ratings,
// reviews, phases, issues, surveys, outcomes and feedback sessions; and a
// second, smaller programme, prog-2, with one relationship.
func demoLike(w *world) {
	for _, f := range []struct {
		day string
		p   events.Payload
	}{
		at("2024-11-01", registered(events.ModelOneToOne, events.ModelGroup)),
		at("2024-11-04", purposeOf("2024-11-04")),
		at("2024-11-05", events.SeniorLeadAssigned{ProgrammeID: prog, AssignedOn: d("2024-11-05"), LeadID: "lead-1", Organisation: "Org A"}),
		at("2024-11-06", steeringGroup("2024-11-06")),
		at("2024-11-06", events.CoordinatorAppointed{ProgrammeID: prog, AppointedOn: d("2024-11-06"), CoordinatorID: "coord-1",
			Appointment: events.AppointmentInternalDedicated, HoursPerWeek: 25}),
		at("2024-11-07", administration("2024-11-07")),
		at("2024-11-08", fundingSource("2024-11-08", "f1", events.FundingActual)),
		at("2024-11-08", fundingSource("2024-11-08", "f2", events.FundingPotential)),
		at("2024-11-09", budget("2024-11-09", "2025-01-01", "2025-12-31")),
		at("2024-11-10", planOf("2024-11-10")),
		at("2024-11-11", funding("2024-11-11", "f1", "2025-01-01", "2026-12-31")),
		at("2024-11-12", policyOf("2024-11-12", events.PolicyCodeOfConduct)),
		at("2024-11-12", policyOf("2024-11-12", events.PolicyConfidentialityDataProtection)),
		at("2024-11-12", policyOf("2024-11-12", events.PolicyGovernance)),
		at("2024-11-13", events.EtiquetteAdopted{ProgrammeID: prog, AdoptedOn: d("2024-11-13"), Principles: []int{1, 2, 3}, DocumentRef: "ETQ"}),
		at("2024-11-14", events.MentorTrainingDefined{ProgrammeID: prog, DefinedOn: d("2024-11-14"), Mandatory: true, Topics: []string{"the role"}}),
		at("2024-11-14", events.MenteeInductionDefined{ProgrammeID: prog, DefinedOn: d("2024-11-14"), Mandatory: true, Topics: []string{"goals"}}),
		at("2024-11-15", events.SelectionCriteriaSet{ProgrammeID: prog, SetOn: d("2024-11-15"), Role: events.RoleMentor, Criteria: []string{"experience"}}),
		at("2024-11-15", events.SelectionCriteriaSet{ProgrammeID: prog, SetOn: d("2024-11-15"), Role: events.RoleMentee, Criteria: []string{"a goal"}}),
		at("2024-11-16", communication("2024-11-16", events.AudienceMentors, events.AudienceMentees, events.AudienceLineManagers)),
		at("2024-11-16", events.MarketingStrategyAdopted{ProgrammeID: prog, AdoptedOn: d("2024-11-16"), Audiences: []string{events.AudienceStaff}, DocumentRef: "MKT"}),
		at("2024-11-17", events.MatchingStrategyDefined{ProgrammeID: prog, DefinedOn: d("2024-11-17"), Criteria: []string{"goals"}, RematchingOffered: true}),
		at("2024-11-18", events.RecognitionArranged{ProgrammeID: prog, ArrangedOn: d("2024-11-18"), Mechanisms: []string{events.RecognitionCPD}}),
		at("2024-11-18", events.ExpensesPolicyDecided{ProgrammeID: prog, DecidedOn: d("2024-11-18"), MentorsPaid: true}),
		at("2024-11-20", briefing("2024-11-20", events.AudienceMentors, events.AudienceMentees, events.AudienceLineManagers)),
		at("2024-12-16", events.ProgrammeLaunched{ProgrammeID: prog, LaunchedOn: d("2024-12-16")}),
		at("2025-02-10", evaluationStrategy("2025-02-10", events.EvaluationQuestionnaires, events.EvaluationFocusGroups, events.EvaluationAdministrativeFiles)),
		at("2025-01-20", spending("x1", "2025-01-20", 50_000)),
	} {
		w.rec(f.day, f.p)
	}
	for _, id := range []string{"mentor-1", "mentor-2"} {
		w.rec("2024-12-01", person(id, events.RoleMentor))
		w.rec("2024-12-02", events.Selected{ParticipantID: id, SelectedOn: d("2024-12-02")})
		w.rec("2024-12-10", events.MentorTrainingCompleted{ParticipantID: id, CompletedOn: d("2024-12-10")})
	}
	for _, id := range []string{"mentee-1", "mentee-2"} {
		w.rec("2024-12-01", person(id, events.RoleMentee))
		w.rec("2024-12-11", events.MenteeInductionCompleted{ParticipantID: id, CompletedOn: d("2024-12-11")})
	}
	w.rec("2025-03-01", events.SupervisionRecorded{ParticipantID: "mentor-1", HeldOn: d("2025-03-01"), Minutes: 60})
	w.rec("2025-03-02", events.TrainingNeedIdentified{ParticipantID: "mentor-1", NeedID: "n1", IdentifiedOn: d("2025-03-02"), Area: events.NeedSkills})
	w.rec("2025-04-02", events.TrainingNeedMet{ParticipantID: "mentor-1", NeedID: "n1", MetOn: d("2025-04-02")})

	// r1 runs its course.
	w.rec("2025-01-10", match("r1", "2025-01-10"))
	w.rec("2025-01-10", phase("2025-01-10", events.PhaseBuildingRapport))
	a := agreement("r1", "2025-01-15")
	a.EndsOn = d("2025-11-30")
	w.rec("2025-01-15", a)
	w.rec("2025-01-16", events.MeetingScheduled{RelationshipID: "r1", MeetingID: "m1", ScheduledFor: d("2025-01-20").Time().Add(10 * time.Hour), Agenda: []string{"goals"}})
	first := logged("r1", "m1", "2025-01-20")
	first.Topics = []string{meetingTopic}
	first.Challenges = []string{"time"}
	first.Steps = []string{"block the diary"}
	w.rec("2025-01-21", first)
	w.rec("2025-02-03", events.ContactMade{RelationshipID: "r1", ContactOn: d("2025-02-03"), By: "mentor-1", ByRole: events.RoleMentor, Method: "phone"})
	w.rec("2025-02-01", phase("2025-02-01", events.PhaseSettingDirection))
	w.rec("2025-02-01", goal("r1", "g1", events.GoalLongTerm, "2025-02-01", "ms1", "ms2"))
	w.rec("2025-02-02", goal("r1", "g2", events.GoalShortTerm, "2025-02-02"))
	w.rec("2025-02-02", actionPlan("2025-02-02"))
	w.rec("2025-02-03", scaled("2025-02-03", 3))
	w.rec("2025-02-03", rated("2025-02-03", 8))
	w.rec("2025-02-10", events.MeetingScheduled{RelationshipID: "r1", MeetingID: "m2", ScheduledFor: d("2025-02-20").Time().Add(10 * time.Hour)})
	w.rec("2025-02-15", events.MeetingPostponed{RelationshipID: "r1", MeetingID: "m2", NoticeGiven: d("2025-02-15").Time().Add(9 * time.Hour),
		NewTime: ptr(d("2025-02-24").Time().Add(10 * time.Hour)), RequestedBy: "mentee-1", Reason: "illness"})
	second := meetingBy("m2", "2025-02-24", events.RoleMentor, 0, 0)
	second.CompletedBy, second.CompletedByRole = "mentee-1", events.RoleMentee
	w.rec("2025-02-25", second)
	w.rec("2025-03-01", events.MeetingScheduled{RelationshipID: "r1", MeetingID: "m3", ScheduledFor: d("2025-03-20").Time().Add(10 * time.Hour)})
	w.rec("2025-03-10", events.MeetingCancelled{RelationshipID: "r1", MeetingID: "m3", NoticeGiven: d("2025-03-10").Time(), CancelledBy: "mentor-1"})
	w.rec("2025-03-25", logged("r1", "m4", "2025-03-25"))
	w.rec("2025-04-01", phase("2025-04-01", events.PhaseProgression))
	w.rec("2025-04-05", issue("i1", "2025-04-05", events.IssueMeetings))
	w.rec("2025-04-12", events.IssueResolved{RelationshipID: "r1", IssueID: "i1", ResolvedOn: d("2025-04-12")})
	w.rec("2025-05-01", events.MilestoneAchieved{RelationshipID: "r1", MilestoneID: "ms1", AchievedOn: d("2025-05-01")})
	w.rec("2025-05-02", relReviewed("2025-05-02", events.RelationshipReviewProgress))
	w.rec("2025-05-03", events.ActionPlanReviewed{RelationshipID: "r1", ReviewedOn: d("2025-05-03"), Adjusted: true})
	w.rec("2025-06-01", scaled("2025-06-01", 6))
	w.rec("2025-06-02", rated("2025-06-02", 9))
	w.rec("2025-09-02", events.MilestoneMissed{RelationshipID: "r1", MilestoneID: "ms2", MissedOn: d("2025-09-02")})
	w.rec("2025-09-03", relReviewed("2025-09-03", events.RelationshipReviewRelationship))
	w.rec("2025-10-01", phase("2025-10-01", events.PhaseWindingUp))
	w.rec("2025-10-01", preparedEnding("2025-10-01", true))
	w.rec("2025-10-15", relReviewed("2025-10-15", events.RelationshipReviewFinal))
	w.rec("2025-11-01", events.GoalAchieved{RelationshipID: "r1", GoalID: "g1", AchievedOn: d("2025-11-01")})
	w.rec("2025-11-30", ended("r1", "2025-11-30", events.EndCompleted, true))
	w.rec("2025-12-05", events.ClosureCompleted{RelationshipID: "r1", CompletedOn: d("2025-12-05")})

	// r2 ends early and mentee-2 is rematched into r3.
	m := match("r2", "2025-03-01")
	m.MentorIDs, m.MenteeIDs = []string{"mentor-2"}, []string{"mentee-2"}
	w.rec("2025-03-01", m)
	w.rec("2025-03-20", events.MeetingLogged{RelationshipID: "r2", MeetingID: "m1", HeldOn: d("2025-03-20"), Location: "office", LocationKind: events.LocationWorkplaceOpen,
		Minutes: 150, Method: events.MethodFaceToFace, Topics: []string{meetingTopic}, CompletedBy: "mentor-2", CompletedByRole: events.RoleMentor})
	w.rec("2025-04-20", ended("r2", "2025-04-20", events.EndNotWorking, false))
	r3 := match("r3", "2025-05-01")
	r3.MentorIDs, r3.MenteeIDs, r3.RematchOf = []string{"mentor-1"}, []string{"mentee-2"}, "r2"
	w.rec("2025-05-01", r3)
	w.rec("2025-05-02", events.RematchArranged{RelationshipID: "r2", NewRelationshipID: "r3", ArrangedOn: d("2025-05-02")})
	w.rec("2025-05-10", logged("r3", "m1", "2025-05-10"))

	// Evaluation.
	w.rec("2025-06-01", survey("s1", "2025-06-01", events.AudienceMentor))
	for i := 0; i < 6; i++ {
		w.rec("2025-06-10", answered("s1", "2025-06-10", []string{"yes", "no"}[i%2]))
	}
	w.rec("2025-06-01", instrumentOf("2025-06-01"))
	w.rec("2025-06-02", survey("s2", "2025-06-02", events.AudienceMentee))
	w.rec("2025-06-20", events.FeedbackSessionHeld{ProgrammeID: prog, SessionID: "fg-1", Kind: events.FocusGroup, HeldOn: d("2025-06-20"), Participants: 7})
	w.rec("2025-07-01", events.OutcomeRecorded{ProgrammeID: prog, OutcomeID: "o1", RelationshipID: "r1", Kind: events.OutcomeSkill, AchievedOn: d("2025-07-01"), Description: "chairing"})
	w.rec("2025-06-30", events.ProgrammeReviewed{ProgrammeID: prog, ReviewedOn: d("2025-06-30"), Kind: events.ReviewMidTerm, ChangesAgreed: []string{"shorter logs"}})
	w.rec("2025-07-14", events.DocumentRevised{ProgrammeID: prog, RevisedOn: d("2025-07-14"), DocumentKind: events.DocumentMeetingLogTemplate,
		DocumentRef: "LOG-1", Revision: 2, Summary: "shorter"})

	// A second programme, with one relationship.
	const other = "prog-2"
	w.rec("2024-11-01", events.ProgrammeRegistered{ProgrammeID: other, Name: "Refugee education scheme", Organisations: []string{"School"},
		Models: []string{events.ModelOneToOne}, RegisteredOn: d("2024-11-01")})
	for _, p := range []events.ParticipantRegistered{
		{ParticipantID: "x-mentor", ProgrammeID: other, Role: events.RoleMentor, Organisation: "School", RegisteredOn: d("2024-12-01")},
		{ParticipantID: "x-mentee", ProgrammeID: other, Role: events.RoleMentee, Organisation: "School", RegisteredOn: d("2024-12-01")},
	} {
		w.rec("2024-12-01", p)
	}
	w.rec("2025-02-01", events.Matched{RelationshipID: "x1", ProgrammeID: other, Model: events.ModelOneToOne, MentorIDs: []string{"x-mentor"},
		MenteeIDs: []string{"x-mentee"}, Rationale: "same school", MatchedOn: d("2025-02-01")})
	w.rec("2025-02-10", events.MeetingLogged{RelationshipID: "x1", MeetingID: "m1", HeldOn: d("2025-02-10"), Location: "school", LocationKind: events.LocationWorkplacePrivate,
		Minutes: 45, Method: events.MethodVideo, Topics: []string{meetingTopic}, CompletedBy: "x-mentee", CompletedByRole: events.RoleMentee})
}

func ptr[T any](v T) *T { return &v }
