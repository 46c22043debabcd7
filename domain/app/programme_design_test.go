package app_test

import (
	"context"
	"testing"

	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/events"
)

// TestProgrammeDesignIsRecordedOnTheProgrammeStream runs every programme
// design and management command against a real ledger, in the order a
// programme would, and reads them back from the programme's stream.
func TestProgrammeDesignIsRecordedOnTheProgrammeStream(t *testing.T) {
	ctx := context.Background()
	s, c := newService(t)
	setUp(t, s) // registered 2024-11-01, plan adopted 2024-11-15; today 2025-01-06
	steps := []func() (events.AppendResult, error){
		func() (events.AppendResult, error) {
			return s.StatePurpose(ctx, "coord", domain.StatePurpose{ProgrammeID: prog, StatedOn: d("2024-11-20"), Purpose: "Develop managers",
				Aims: []string{"confidence"}, ExpectedOutcomes: []string{"confident managers"}, ExpectedOutputs: []string{"20 trained"}})
		},
		func() (events.AppendResult, error) {
			return s.AssignSeniorLead(ctx, "coord", domain.AssignSeniorLead{ProgrammeID: prog, AssignedOn: d("2024-11-20"), LeadID: "staff-1", Organisation: "Org A"})
		},
		func() (events.AppendResult, error) {
			return s.FormSteeringGroup(ctx, "coord", domain.FormSteeringGroup{ProgrammeID: prog, FormedOn: d("2024-11-20"),
				Members: []events.SteeringMember{{Role: events.SteeringSeniorLead, Organisation: "Org A"}}})
		},
		func() (events.AppendResult, error) {
			return s.AppointCoordinator(ctx, "lead", domain.AppointCoordinator{ProgrammeID: prog, AppointedOn: d("2024-11-20"), CoordinatorID: "staff-2",
				Appointment: events.AppointmentInternalDedicated, HoursPerWeek: 20})
		},
		func() (events.AppendResult, error) {
			return s.ArrangeAdministration(ctx, "coord", domain.ArrangeAdministration{ProgrammeID: prog, ArrangedOn: d("2024-11-20"), HoursPerWeek: 5, RecordsStorage: events.RecordsElectronic})
		},
		func() (events.AppendResult, error) {
			return s.AdoptPolicy(ctx, "coord", domain.AdoptPolicy{ProgrammeID: prog, AdoptedOn: d("2024-12-02"), Policy: events.PolicyComplaints, DocumentRef: "POL-2", ReviewOn: d("2025-12-01")})
		},
		func() (events.AppendResult, error) {
			return s.AdoptEtiquette(ctx, "coord", domain.AdoptEtiquette{ProgrammeID: prog, AdoptedOn: d("2024-12-02"), Principles: []int{1, 7}, DocumentRef: "etiquette"})
		},
		func() (events.AppendResult, error) {
			return s.AdoptCommunicationStrategy(ctx, "coord", domain.AdoptCommunicationStrategy{ProgrammeID: prog, AdoptedOn: d("2024-12-02"), Audiences: []string{events.AudienceStaff}, DocumentRef: "comms"})
		},
		func() (events.AppendResult, error) {
			return s.AdoptMarketingStrategy(ctx, "coord", domain.AdoptMarketingStrategy{ProgrammeID: prog, AdoptedOn: d("2024-12-02"), Audiences: []string{events.AudienceStaff}, DocumentRef: "marketing"})
		},
		func() (events.AppendResult, error) {
			return s.SetSelectionCriteria(ctx, "coord", domain.SetSelectionCriteria{ProgrammeID: prog, SetOn: d("2024-12-02"), Role: events.RoleMentee, Criteria: []string{"Prepared to learn"}})
		},
		func() (events.AppendResult, error) {
			return s.DefineMentorTraining(ctx, "coord", domain.DefineMentorTraining{ProgrammeID: prog, DefinedOn: d("2024-12-02"), Mandatory: true, Topics: []string{"etiquette"}})
		},
		func() (events.AppendResult, error) {
			return s.DefineMenteeInduction(ctx, "coord", domain.DefineMenteeInduction{ProgrammeID: prog, DefinedOn: d("2024-12-02"), Topics: []string{"roles"}})
		},
		func() (events.AppendResult, error) {
			return s.DefineMatchingStrategy(ctx, "coord", domain.DefineMatchingStrategy{ProgrammeID: prog, DefinedOn: d("2024-12-02"), Criteria: []string{"goals"}, RematchingOffered: true})
		},
		func() (events.AppendResult, error) {
			return s.DefineEvaluationStrategy(ctx, "coord", domain.DefineEvaluationStrategy{ProgrammeID: prog, DefinedOn: d("2024-12-02"),
				Measures: []string{events.MeasureGoalsAchieved}, Methods: []string{events.EvaluationFocusGroups}, Audiences: []string{events.AudienceFunders}})
		},
		func() (events.AppendResult, error) {
			return s.ArrangeRecognition(ctx, "coord", domain.ArrangeRecognition{ProgrammeID: prog, ArrangedOn: d("2024-12-02"), Mechanisms: []string{events.RecognitionCPD}})
		},
		func() (events.AppendResult, error) {
			return s.DecideExpensesPolicy(ctx, "coord", domain.DecideExpensesPolicy{ProgrammeID: prog, DecidedOn: d("2024-12-02"), MentorsPaid: true})
		},
		func() (events.AppendResult, error) {
			return s.SetBudget(ctx, "coord", domain.SetBudget{ProgrammeID: prog, SetOn: d("2024-12-02"), AmountPence: 100_000, Currency: "GBP",
				PeriodStartsOn: d("2025-01-01"), PeriodEndsOn: d("2025-12-31")})
		},
		func() (events.AppendResult, error) {
			return s.IdentifyFundingSource(ctx, "coord", domain.IdentifyFundingSource{ProgrammeID: prog, IdentifiedOn: d("2024-12-02"), SourceID: "fund-1",
				Funder: "Trust", FunderKind: events.FunderCharitableTrust, Status: events.FundingPotential})
		},
		func() (events.AppendResult, error) {
			return s.SecureFunding(ctx, "coord", domain.SecureFunding{ProgrammeID: prog, SecuredOn: d("2024-12-20"), SourceID: "fund-1", Funder: "Trust",
				AmountPence: 90_000, Currency: "GBP", PeriodStartsOn: d("2025-01-01"), PeriodEndsOn: d("2026-03-31")})
		},
		func() (events.AppendResult, error) {
			return s.BriefStakeholders(ctx, "coord", domain.BriefStakeholders{ProgrammeID: prog, BriefedOn: d("2025-01-02"), Audiences: []string{events.AudienceLineManagers}, Method: events.BriefingMeeting})
		},
		func() (events.AppendResult, error) {
			return s.LaunchProgramme(ctx, "lead", domain.LaunchProgramme{ProgrammeID: prog, LaunchedOn: d("2025-01-06")})
		},
		func() (events.AppendResult, error) {
			return s.RecordExpenditure(ctx, "coord", domain.RecordExpenditure{ProgrammeID: prog, ExpenditureID: "exp-1", SpentOn: d("2025-01-06"),
				AmountPence: 4_500, Currency: "GBP", Category: events.SpendVenues})
		},
		func() (events.AppendResult, error) {
			return s.ReviewProgramme(ctx, "coord", domain.ReviewProgramme{ProgrammeID: prog, ReviewedOn: d("2025-01-06"), Kind: events.ReviewSteeringGroup})
		},
		func() (events.AppendResult, error) {
			return s.ReviseDocument(ctx, "coord", domain.ReviseDocument{ProgrammeID: prog, RevisedOn: d("2025-01-06"), DocumentKind: events.DocumentPlan,
				DocumentRef: "plan", Revision: 2, Summary: "meet every three weeks"})
		},
		func() (events.AppendResult, error) {
			return s.CloseProgramme(ctx, "lead", domain.CloseProgramme{ProgrammeID: prog, ClosedOn: d("2025-01-06"), Reason: events.CloseOther})
		},
	}
	for _, step := range steps {
		ok(t)(step())
	}
	envs, err := s.Store.ReadStream(ctx, domain.ProgrammeStream(prog), 0)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(envs), 2+len(steps); got != want {
		t.Fatalf("programme stream has %d events, want %d", got, want)
	}
	if got, want := envs[len(envs)-1].Type, "programme.closed"; got != want {
		t.Fatalf("last event %s, want %s", got, want)
	}
	h := make([]events.Payload, 0, len(envs))
	for i := range envs {
		p, err := events.Decode(&envs[i])
		if err != nil {
			t.Fatal(err)
		}
		h = append(h, p)
	}
	if !domain.LoadProgramme(h).MentorTrainingMandatory() {
		t.Error("MentorTrainingMandatory()=false after a mandatory definition was stored")
	}

	// Nothing more is recorded on the closed programme.
	c.Set("2025-01-07T09:00:00Z")
	_, err = s.ReviewProgramme(ctx, "coord", domain.ReviewProgramme{ProgrammeID: prog, ReviewedOn: d("2025-01-07"), Kind: events.ReviewFinal})
	wantCode(t, err, events.ECONFLICT, "programme.reviewed: programme prog-1 closed on 2025-01-06; nothing is recorded after")
	_, err = s.CloseProgramme(ctx, "lead", domain.CloseProgramme{ProgrammeID: prog, ClosedOn: d("2025-01-07"), Reason: events.CloseOther})
	wantCode(t, err, events.ECONFLICT, "programme.closed: programme prog-1 is already closed (on 2025-01-06)")
}

func TestProgrammeDesignFactsAreNotInTheFuture(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t)
	setUp(t, s)
	// The review date of a policy lies ahead; its adoption may not.
	_, err := s.AdoptPolicy(ctx, "coord", domain.AdoptPolicy{ProgrammeID: prog, AdoptedOn: d("2025-02-01"), Policy: events.PolicyGovernance,
		DocumentRef: "POL-9", ReviewOn: d("2026-02-01")})
	wantCode(t, err, events.EINVALID, "programme.policy_adopted.adopted_on: must not be in the future (today is 2025-01-06), got 2025-02-01")
	ok(t)(s.AdoptPolicy(ctx, "coord", domain.AdoptPolicy{ProgrammeID: prog, AdoptedOn: d("2025-01-06"), Policy: events.PolicyGovernance,
		DocumentRef: "POL-9", ReviewOn: d("2026-02-01")}))
}

func TestProgrammeDesignNeedsTheProgramme(t *testing.T) {
	s, _ := newService(t)
	_, err := s.LaunchProgramme(context.Background(), "coord", domain.LaunchProgramme{ProgrammeID: "nope", LaunchedOn: d("2025-01-06")})
	wantCode(t, err, events.ENOTFOUND, "programme nope: not found")
}
