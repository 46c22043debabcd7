package domain_test

import (
	"testing"

	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/events"
)

// givenParticipant folds a participant from its history.
func givenParticipant(history ...events.Payload) *domain.Participant {
	return domain.LoadParticipant(history)
}

func withdrew(id string, on events.Date) events.ParticipantWithdrew {
	return events.ParticipantWithdrew{ParticipantID: id, WithdrewOn: on}
}

func trained(id string, on events.Date) events.MentorTrainingCompleted {
	return events.MentorTrainingCompleted{ParticipantID: id, CompletedOn: on}
}

func inducted(id string, on events.Date) events.MenteeInductionCompleted {
	return events.MenteeInductionCompleted{ParticipantID: id, CompletedOn: on}
}

// participantCommands runs each participant lifecycle command for m1 (a
// mentor) dated on day.
var participantCommands = []struct {
	name string
	run  func(p *domain.Participant, day events.Date) error
}{
	{"select", func(p *domain.Participant, day events.Date) error {
		return p.Select(domain.SelectParticipant{ParticipantID: "m1", SelectedOn: day})
	}},
	{"decline", func(p *domain.Participant, day events.Date) error {
		return p.Decline(domain.DeclineParticipant{ParticipantID: "m1", DecidedOn: day, Reason: events.NotSelectedNoPlace, Informed: true})
	}},
	{"complete mentor training", func(p *domain.Participant, day events.Date) error {
		return p.CompleteMentorTraining(domain.CompleteMentorTraining(trained("m1", day)))
	}},
	{"assess mentor level", func(p *domain.Participant, day events.Date) error {
		return p.AssessMentorLevel(domain.AssessMentorLevel{ParticipantID: "m1", AssessedOn: day, Level: events.LevelFoundation})
	}},
	{"record supervision", func(p *domain.Participant, day events.Date) error {
		return p.RecordSupervision(domain.RecordSupervision{ParticipantID: "m1", HeldOn: day, Minutes: 60})
	}},
	{"identify training need", func(p *domain.Participant, day events.Date) error {
		return p.IdentifyTrainingNeed(domain.IdentifyTrainingNeed{ParticipantID: "m1", NeedID: "need-9", IdentifiedOn: day, Area: events.NeedSkills})
	}},
	{"meet training need", func(p *domain.Participant, day events.Date) error {
		return p.MeetTrainingNeed(domain.MeetTrainingNeed{ParticipantID: "m1", NeedID: "need-1", MetOn: day})
	}},
	{"withdraw", func(p *domain.Participant, day events.Date) error {
		return p.Withdraw(domain.Withdraw(withdrew("m1", day)))
	}},
}

func needIdentified(on events.Date) events.TrainingNeedIdentified {
	return events.TrainingNeedIdentified{ParticipantID: "m1", NeedID: "need-1", IdentifiedOn: on, Area: events.NeedRoleAndBoundaries}
}

func TestParticipantCommandsNeedARegisteredParticipant(t *testing.T) {
	for _, c := range participantCommands {
		t.Run(c.name, func(t *testing.T) {
			p := givenParticipant()
			err := c.run(p, d("2025-01-06"))
			thenError(t, err, p.Changes(), events.ENOTFOUND, "participant m1: not found")
		})
	}
}

func TestEveryParticipantCommandIsRecordedForAParticipantTakingPart(t *testing.T) {
	for _, c := range participantCommands {
		t.Run(c.name, func(t *testing.T) {
			p := givenParticipant(mentor("m1"), needIdentified(d("2024-12-02")))
			if err := c.run(p, d("2025-01-06")); err != nil {
				t.Fatal(err)
			}
			if got, want := len(p.Changes()), 1; got != want {
				t.Fatalf("recorded %d events, want %d", got, want)
			}
		})
	}
}

func TestNothingIsDatedBeforeTheRegistration(t *testing.T) {
	for _, c := range participantCommands {
		t.Run(c.name, func(t *testing.T) {
			p := givenParticipant(mentor("m1"), needIdentified(d("2024-12-01")))
			err := c.run(p, d("2024-11-30"))
			thenError(t, err, p.Changes(), events.EINVALID, "must be on or after registered_on 2024-12-01, got 2024-11-30")
		})
	}
}

func TestNothingIsRecordedForAWithdrawnParticipant(t *testing.T) {
	for _, c := range participantCommands {
		t.Run(c.name, func(t *testing.T) {
			p := givenParticipant(mentor("m1"), needIdentified(d("2024-12-02")), withdrew("m1", d("2025-01-02")))
			err := c.run(p, d("2025-01-06"))
			thenError(t, err, p.Changes(), events.ECONFLICT, "participant m1")
		})
	}
}

func TestWithdrawalNeedsNoReasonAndIsRecordedOnce(t *testing.T) {
	p := givenParticipant(mentee("e1"))
	err := p.Withdraw(domain.Withdraw(withdrew("e1", d("2025-02-01"))))
	then(t, err, p.Changes(), withdrew("e1", d("2025-02-01")))

	p = givenParticipant(mentee("e1"), withdrew("e1", d("2025-02-01")))
	err = p.Withdraw(domain.Withdraw(withdrew("e1", d("2025-02-03"))))
	thenError(t, err, p.Changes(), events.ECONFLICT, "participant.withdrew: participant e1 already withdrew on 2025-02-01")

	p = givenParticipant(mentee("e1"), inducted("e1", d("2025-01-20")))
	err = p.Withdraw(domain.Withdraw(withdrew("e1", d("2025-01-10"))))
	thenError(t, err, p.Changes(), events.EINVALID, "participant.withdrew.withdrew_on: must be on or after the last date recorded for participant e1, 2025-01-20, got 2025-01-10")
}

func TestSelectionIsDecidedOnce(t *testing.T) {
	sel := events.Selected{ParticipantID: "e1", SelectedOn: d("2025-01-02")}
	p := givenParticipant(mentee("e1"))
	err := p.Select(domain.SelectParticipant(sel))
	then(t, err, p.Changes(), sel)

	p = givenParticipant(mentee("e1"), sel)
	err = p.Decline(domain.DeclineParticipant{ParticipantID: "e1", DecidedOn: d("2025-01-03"), Reason: events.NotSelectedOther})
	thenError(t, err, p.Changes(), events.ECONFLICT, "participant.not_selected: participant e1 was already selected on 2025-01-02")

	p = givenParticipant(mentee("e1"), events.NotSelected{ParticipantID: "e1", DecidedOn: d("2025-01-02"), Reason: events.NotSelectedOther})
	err = p.Select(domain.SelectParticipant(sel))
	thenError(t, err, p.Changes(), events.ECONFLICT, "participant.selected: participant e1 was already not selected on 2025-01-02")
}

func TestNotSelectedRecordsAReasonCategoryAndWhetherTheyWereInformed(t *testing.T) {
	no := events.NotSelected{ParticipantID: "e1", DecidedOn: d("2025-01-02"), Reason: events.NotSelectedSelfSelected, Informed: false}
	p := givenParticipant(mentee("e1"))
	err := p.Decline(domain.DeclineParticipant(no))
	then(t, err, p.Changes(), no)

	no.Reason = "unsuitable"
	p = givenParticipant(mentee("e1"))
	err = p.Decline(domain.DeclineParticipant(no))
	thenError(t, err, p.Changes(), events.EINVALID, `participant.not_selected.reason: must be one of criteria_not_met, commitment_not_possible, self_selected_out, no_place, other, got "unsuitable"`)
}

func TestMentorTrainingIsForMentorsAndMayBeRepeated(t *testing.T) {
	p := givenParticipant(mentor("m1"), trained("m1", d("2024-12-10")))
	err := p.CompleteMentorTraining(domain.CompleteMentorTraining(trained("m1", d("2025-03-10"))))
	then(t, err, p.Changes(), trained("m1", d("2025-03-10")))
	if on, ok := p.MentorTrainingCompleted(); !ok || on != d("2024-12-10") {
		t.Fatalf("MentorTrainingCompleted=%s,%t, want the first session 2024-12-10", on, ok)
	}

	p = givenParticipant(mentee("e1"))
	err = p.CompleteMentorTraining(domain.CompleteMentorTraining(trained("e1", d("2025-01-10"))))
	thenError(t, err, p.Changes(), events.EINVALID, "participant.mentor_training_completed.participant_id: e1 is a mentee: mentor training is for mentors")
}

func TestMenteeInductionIsForMenteesAndOnce(t *testing.T) {
	p := givenParticipant(mentee("e1"))
	err := p.CompleteMenteeInduction(domain.CompleteMenteeInduction(inducted("e1", d("2025-01-05"))))
	then(t, err, p.Changes(), inducted("e1", d("2025-01-05")))

	p = givenParticipant(mentee("e1"), inducted("e1", d("2025-01-05")))
	err = p.CompleteMenteeInduction(domain.CompleteMenteeInduction(inducted("e1", d("2025-01-09"))))
	thenError(t, err, p.Changes(), events.ECONFLICT, "participant.mentee_induction_completed: participant e1 completed the induction on 2025-01-05")

	p = givenParticipant(mentor("m1"))
	err = p.CompleteMenteeInduction(domain.CompleteMenteeInduction(inducted("m1", d("2025-01-05"))))
	thenError(t, err, p.Changes(), events.EINVALID, "participant.mentee_induction_completed.participant_id: m1 is a mentor: induction is for mentees")
}

func TestMentorLevelIsAnEMCCLevelOfAMentor(t *testing.T) {
	a := events.MentorLevelAssessed{ParticipantID: "m1", AssessedOn: d("2025-06-30"), Level: events.LevelSeniorPractitioner}
	p := givenParticipant(mentor("m1"), events.MentorLevelAssessed{ParticipantID: "m1", AssessedOn: d("2025-01-30"), Level: events.LevelPractitioner})
	err := p.AssessMentorLevel(domain.AssessMentorLevel(a))
	then(t, err, p.Changes(), a)
	if got, want := p.MentorLevel(), events.LevelSeniorPractitioner; got != want {
		t.Fatalf("level=%s, want %s", got, want)
	}

	a.Level = "expert"
	p = givenParticipant(mentor("m1"))
	err = p.AssessMentorLevel(domain.AssessMentorLevel(a))
	thenError(t, err, p.Changes(), events.EINVALID, `participant.mentor_level_assessed.level: must be one of foundation, practitioner, senior_practitioner, master_practitioner, got "expert"`)

	a.ParticipantID, a.Level = "e1", events.LevelFoundation
	p = givenParticipant(mentee("e1"))
	err = p.AssessMentorLevel(domain.AssessMentorLevel(a))
	thenError(t, err, p.Changes(), events.EINVALID, "participant.mentor_level_assessed.participant_id: e1 is a mentee: a mentor level is for mentors")
}

func TestSupervisionOfAMentorLastsOneToFourHundredEightyMinutes(t *testing.T) {
	for _, minutes := range []int{0, 481} {
		p := givenParticipant(mentor("m1"))
		err := p.RecordSupervision(domain.RecordSupervision{ParticipantID: "m1", HeldOn: d("2025-02-01"), Minutes: minutes})
		thenError(t, err, p.Changes(), events.EINVALID, "participant.supervision_recorded.minutes: must be 1..480, got")
	}
	p := givenParticipant(mentee("e1"))
	err := p.RecordSupervision(domain.RecordSupervision{ParticipantID: "e1", HeldOn: d("2025-02-01"), Minutes: 60})
	thenError(t, err, p.Changes(), events.EINVALID, "e1 is a mentee: supervision is for mentors")
}

func TestTrainingNeedIsMetOnceAfterItWasIdentified(t *testing.T) {
	met := events.TrainingNeedMet{ParticipantID: "m1", NeedID: "need-1", MetOn: d("2025-02-10")}
	p := givenParticipant(mentor("m1"), needIdentified(d("2025-02-01")))
	err := p.MeetTrainingNeed(domain.MeetTrainingNeed(met))
	then(t, err, p.Changes(), met)

	for _, tc := range []struct {
		name      string
		history   []events.Payload
		edit      func(*events.TrainingNeedMet)
		code, msg string
	}{
		{"not identified", nil, nil, events.ENOTFOUND, "training need need-1: not identified for participant m1"},
		{"met twice", []events.Payload{needIdentified(d("2025-02-01")), met}, nil, events.ECONFLICT, "participant.training_need_met: training need need-1 of participant m1 was already met on 2025-02-10"},
		{"before identified", []events.Payload{needIdentified(d("2025-02-01"))}, func(m *events.TrainingNeedMet) { m.MetOn = d("2025-01-31") },
			events.EINVALID, "participant.training_need_met.met_on: must be on or after the need's identified_on 2025-02-01, got 2025-01-31"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := met
			if tc.edit != nil {
				tc.edit(&c)
			}
			p := givenParticipant(append([]events.Payload{mentor("m1")}, tc.history...)...)
			err := p.MeetTrainingNeed(domain.MeetTrainingNeed(c))
			thenError(t, err, p.Changes(), tc.code, tc.msg)
		})
	}

	p = givenParticipant(mentor("m1"), needIdentified(d("2025-02-01")))
	err = p.IdentifyTrainingNeed(domain.IdentifyTrainingNeed(needIdentified(d("2025-02-03"))))
	thenError(t, err, p.Changes(), events.ECONFLICT, "participant.training_need_identified: training need need-1 of participant m1 was already identified on 2025-02-01")

	n := needIdentified(d("2025-02-03"))
	n.Area = "golf"
	p = givenParticipant(mentor("m1"))
	err = p.IdentifyTrainingNeed(domain.IdentifyTrainingNeed(n))
	thenError(t, err, p.Changes(), events.EINVALID, `participant.training_need_identified.area: must be one of`)
}
