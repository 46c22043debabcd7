package domain_test

import (
	"testing"

	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/events"
)

func TestRegisterParticipantRecordsIt(t *testing.T) {
	c := mentee("e1")
	c.LineManagerRef = "lm-7"
	p := domain.LoadParticipant(nil)
	err := p.Register(domain.RegisterParticipant(c), programme())
	then(t, err, p.Changes(), c)
}

func TestParticipantIsRegisteredOnce(t *testing.T) {
	p := domain.LoadParticipant([]events.Payload{mentor("m1")})
	err := p.Register(domain.RegisterParticipant(mentor("m1")), programme())
	thenError(t, err, p.Changes(), events.ECONFLICT, "participant.registered: participant m1 is already registered")
}

func TestParticipantIsAMentorOrAMentee(t *testing.T) {
	c := participant("x1", "coach", "Org A")
	p := domain.LoadParticipant(nil)
	err := p.Register(domain.RegisterParticipant(c), programme())
	thenError(t, err, p.Changes(), events.EINVALID, `participant.registered.role: must be one of mentor, mentee, got "coach"`)
}

func TestParticipantJoinsAnExistingProgramme(t *testing.T) {
	p := domain.LoadParticipant(nil)
	err := p.Register(domain.RegisterParticipant(mentor("m1")), domain.LoadProgramme(nil))
	thenError(t, err, p.Changes(), events.ENOTFOUND, "programme prog-1: not found")
}

func TestParticipantComesFromAnOrganisationOfTheProgramme(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*events.ParticipantRegistered)
		msg  string
	}{
		{"no organisation", func(c *events.ParticipantRegistered) { c.Organisation = "" }, "participant.registered.organisation: required"},
		{"other organisation", func(c *events.ParticipantRegistered) { c.Organisation = "Org C" }, `participant.registered.organisation: must be one of the programme's organisations (Org A, Org B), got "Org C"`},
		{"own line manager", func(c *events.ParticipantRegistered) { c.LineManagerRef = c.ParticipantID }, "participant.registered.line_manager_ref: a participant is not their own line manager"},
		{"before the programme", func(c *events.ParticipantRegistered) { c.RegisteredOn = d("2024-10-01") }, "participant.registered.registered_on: must be on or after the programme's registered_on 2024-11-01, got 2024-10-01"},
		{"no id", func(c *events.ParticipantRegistered) { c.ParticipantID = "" }, "participant.registered.participant_id: required"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := mentor("m1")
			tc.edit(&c)
			p := domain.LoadParticipant(nil)
			err := p.Register(domain.RegisterParticipant(c), programme())
			thenError(t, err, p.Changes(), events.EINVALID, tc.msg)
		})
	}
}
