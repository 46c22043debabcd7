package app_test

import (
	"context"
	"testing"

	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/domain/app"
	"github.com/mentorledger/mentorledger/events"
)

func TestParticipantLifecycleIsAppendedToTheParticipantsStream(t *testing.T) {
	ctx := context.Background()
	s, c := newService(t)
	setUp(t, s)
	c.Set("2025-03-01T09:00:00Z")
	ok(t)(s.SelectParticipant(ctx, "coord", domain.SelectParticipant{ParticipantID: "m1", SelectedOn: d("2025-01-02")}))
	ok(t)(s.DeclineParticipant(ctx, "coord", domain.DeclineParticipant{ParticipantID: "m2", DecidedOn: d("2025-01-02"),
		Reason: events.NotSelectedSelfSelected, Informed: true}))
	ok(t)(s.CompleteMentorTraining(ctx, "coord", domain.CompleteMentorTraining{ParticipantID: "m1", CompletedOn: d("2025-01-03")}))
	ok(t)(s.CompleteMenteeInduction(ctx, "coord", domain.CompleteMenteeInduction{ParticipantID: "e1", CompletedOn: d("2025-01-03")}))
	ok(t)(s.AssessMentorLevel(ctx, "coord", domain.AssessMentorLevel{ParticipantID: "m1", AssessedOn: d("2025-01-04"), Level: events.LevelPractitioner}))
	ok(t)(s.RecordSupervision(ctx, "coord", domain.RecordSupervision{ParticipantID: "m1", HeldOn: d("2025-02-04"), Minutes: 60}))
	ok(t)(s.IdentifyTrainingNeed(ctx, "coord", domain.IdentifyTrainingNeed{ParticipantID: "m1", NeedID: "need-1", IdentifiedOn: d("2025-02-04"), Area: events.NeedSkills}))
	ok(t)(s.MeetTrainingNeed(ctx, "coord", domain.MeetTrainingNeed{ParticipantID: "m1", NeedID: "need-1", MetOn: d("2025-02-20")}))
	res, err := s.Withdraw(ctx, "e2", domain.Withdraw{ParticipantID: "e2", WithdrewOn: d("2025-03-01")})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := res.Version, int64(2); got != want {
		t.Fatalf("e2 version=%d, want %d", got, want)
	}
	envs, err := s.Store.ReadStream(ctx, domain.ParticipantStream("m1"), 0)
	if err != nil {
		t.Fatal(err)
	}
	var types []string
	for _, e := range envs {
		types = append(types, e.Type)
	}
	want := []string{"participant.registered", "participant.selected", "participant.mentor_training_completed",
		"participant.mentor_level_assessed", "participant.supervision_recorded", "participant.training_need_identified", "participant.training_need_met"}
	if len(types) != len(want) {
		t.Fatalf("m1 stream %v, want %v", types, want)
	}
	for i := range want {
		if types[i] != want[i] {
			t.Fatalf("m1 stream %v, want %v", types, want)
		}
	}

	_, err = s.Withdraw(ctx, "e2", domain.Withdraw{ParticipantID: "e2", WithdrewOn: d("2025-03-01")})
	wantCode(t, err, events.ECONFLICT, "participant e2 already withdrew on 2025-03-01")
	_, err = s.CompleteMentorTraining(ctx, "coord", domain.CompleteMentorTraining{ParticipantID: "m9", CompletedOn: d("2025-01-03")})
	wantCode(t, err, events.ENOTFOUND, "participant m9: not found")
	_, err = s.SelectParticipant(ctx, "coord", domain.SelectParticipant{ParticipantID: "e1", SelectedOn: d("2025-03-02")})
	wantCode(t, err, events.EINVALID, "participant.selected.selected_on: must not be in the future (today is 2025-03-01), got 2025-03-02")
}

// mandatoryProgramme registers prog-m, whose plan makes mentor training and
// mentee induction mandatory, with mentor mm1 and mentee me1.
func mandatoryProgramme(tb testing.TB, ctx context.Context, s *app.Service) {
	tb.Helper()
	ok(tb)(s.RegisterProgramme(ctx, "coord", domain.RegisterProgramme{ProgrammeID: "prog-m", Name: "Mandatory", Organisations: []string{"Org A"},
		Models: []string{events.ModelOneToOne}, RegisteredOn: d("2024-11-01")}))
	ok(tb)(s.AdoptPlan(ctx, "coord", domain.AdoptPlan{ProgrammeID: "prog-m", AdoptedOn: d("2024-11-15"), StartsOn: d("2025-01-06"),
		EndsOn: d("2025-12-31"), RelationshipMonths: 6, MentorTrainingMandatory: true, MenteeInductionMandatory: true}))
	for _, p := range []struct{ id, role string }{{"mm1", events.RoleMentor}, {"me1", events.RoleMentee}} {
		ok(tb)(s.RegisterParticipant(ctx, "coord", domain.RegisterParticipant{ParticipantID: p.id, ProgrammeID: "prog-m", Role: p.role,
			Organisation: "Org A", RegisteredOn: d("2024-12-01")}))
	}
}

func TestMatchReadsTheParticipantsTrainingAndWithdrawal(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t)
	mandatoryProgramme(t, ctx, s)
	m := domain.Match{RelationshipID: "rel-m", ProgrammeID: "prog-m", Model: events.ModelOneToOne, MentorIDs: []string{"mm1"},
		MenteeIDs: []string{"me1"}, Rationale: "shared goals", MatchedOn: d("2025-01-06")}
	_, err := s.Match(ctx, "coord", m)
	wantCode(t, err, events.EINVALID, "relationship.matched.mentor_ids: mentor mm1 has not completed the mandatory mentor training")
	ok(t)(s.CompleteMentorTraining(ctx, "coord", domain.CompleteMentorTraining{ParticipantID: "mm1", CompletedOn: d("2025-01-03")}))
	_, err = s.Match(ctx, "coord", m)
	wantCode(t, err, events.EINVALID, "relationship.matched.mentee_ids: mentee me1 has not completed the mandatory mentee induction")
	ok(t)(s.CompleteMenteeInduction(ctx, "coord", domain.CompleteMenteeInduction{ParticipantID: "me1", CompletedOn: d("2025-01-04")}))
	ok(t)(s.Withdraw(ctx, "me1", domain.Withdraw{ParticipantID: "me1", WithdrewOn: d("2025-01-05")}))
	_, err = s.Match(ctx, "coord", m)
	wantCode(t, err, events.EINVALID, "relationship.matched.mentee_ids: mentee me1 withdrew on 2025-01-05 and cannot be matched")
	if envs, err := s.Store.ReadStream(ctx, domain.RelationshipStream("rel-m"), 0); err != nil || len(envs) != 0 {
		t.Fatalf("rel-m has %d events (%v), want none", len(envs), err)
	}
}
