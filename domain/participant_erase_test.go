package domain_test

import (
	"testing"

	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/events"
)

func erased(id string, on events.Date) events.PersonalDataErased {
	return events.PersonalDataErased{ParticipantID: id, ErasedOn: on}
}

func TestErasePersonalDataRecordsTheErasure(t *testing.T) {
	p := givenParticipant(mentor("m1"))
	err := p.ErasePersonalData(domain.ErasePersonalData(erased("m1", d("2025-06-01"))))
	then(t, err, p.Changes(), erased("m1", d("2025-06-01")))
	if on, ok := p.PersonalDataErased(); !ok || on != d("2025-06-01") {
		t.Fatalf("PersonalDataErased()=%s, %t", on, ok)
	}
}

func TestErasePersonalDataOfAWithdrawnParticipant(t *testing.T) {
	p := givenParticipant(mentor("m1"), withdrew("m1", d("2025-03-01")))
	err := p.ErasePersonalData(domain.ErasePersonalData(erased("m1", d("2025-03-01"))))
	then(t, err, p.Changes(), erased("m1", d("2025-03-01")))
}

func TestWithdrawAfterErasure(t *testing.T) {
	p := givenParticipant(mentor("m1"), erased("m1", d("2025-06-01")))
	err := p.Withdraw(domain.Withdraw(withdrew("m1", d("2025-02-01"))))
	then(t, err, p.Changes(), withdrew("m1", d("2025-02-01")))
}

func TestErasePersonalDataTwiceIsAConflict(t *testing.T) {
	p := givenParticipant(mentor("m1"), erased("m1", d("2025-06-01")))
	err := p.ErasePersonalData(domain.ErasePersonalData(erased("m1", d("2025-06-02"))))
	thenError(t, err, p.Changes(), events.ECONFLICT, "participant m1: personal data already erased on 2025-06-01")
}

func TestErasePersonalDataRules(t *testing.T) {
	for _, tc := range []struct {
		name, code, msg string
		history         []events.Payload
		c               events.PersonalDataErased
	}{
		{"unknown participant", events.ENOTFOUND, "participant m9: not found", nil, erased("m9", d("2025-06-01"))},
		{"another participant", events.EINVALID, `participant.personal_data_erased.participant_id: must be m1, got "m2"`,
			[]events.Payload{mentor("m1")}, erased("m2", d("2025-06-01"))},
		{"no date", events.EINVALID, "participant.personal_data_erased.erased_on: required", []events.Payload{mentor("m1")}, erased("m1", events.Date{})},
		{"before registration", events.EINVALID, "participant.personal_data_erased.erased_on: must be on or after registered_on 2024-12-01, got 2024-11-30",
			[]events.Payload{mentor("m1")}, erased("m1", d("2024-11-30"))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := givenParticipant(tc.history...)
			thenError(t, p.ErasePersonalData(domain.ErasePersonalData(tc.c)), p.Changes(), tc.code, tc.msg)
		})
	}
}

func TestRegistrationKeepsTheSealedDetails(t *testing.T) {
	c := mentor("m1")
	c.Personal = &events.Sealed{KeyID: "0123456789abcdef0123456789abcdef", Nonce: "AAAAAAAAAAAAAAAA", Ciphertext: "c2VhbGVkIGRldGFpbHMgb2YgbTE="}
	p := givenParticipant()
	err := p.Register(domain.RegisterParticipant(c), programme())
	then(t, err, p.Changes(), c)
	if got := p.Personal(); got == nil || *got != *c.Personal {
		t.Fatalf("Personal()=%+v, want %+v", got, c.Personal)
	}
}
