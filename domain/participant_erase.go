package domain

import "github.com/mentorledger/mentorledger/events"

// ErasePersonalData is the command that records a participant's personal
// data erased: the key that sealed their name and contact details was
// destroyed (crypto-shredding; DESIGN.md, "Integrity and privacy").
type ErasePersonalData events.PersonalDataErased

// ErasePersonalData records the erasure. The application destroys the key
// before recording it; the domain only keeps the rules: the participant
// must exist, and is erased once — a second erasure is a conflict, so a
// retried request does not record two. It needs no reason, and a withdrawn
// participant may be erased (that is when it is most often asked for).
func (p *Participant) ErasePersonalData(c ErasePersonalData) error {
	e := events.PersonalDataErased(c)
	if !p.registered {
		return notFound("participant %s: not found", e.ParticipantID)
	}
	if e.ParticipantID != p.id {
		return invalid(e, "participant_id", "must be %s, got %q", p.id, e.ParticipantID)
	}
	if p.erased {
		return conflict(e, "participant %s: personal data already erased on %s", p.id, p.erasedOn)
	}
	if err := checkDate(e, "erased_on", e.ErasedOn); err != nil {
		return err
	}
	if e.ErasedOn.Before(p.registeredOn) {
		return invalid(e, "erased_on", "must be on or after registered_on %s, got %s", p.registeredOn, e.ErasedOn)
	}
	p.record(e)
	return nil
}

// Personal is the participant's sealed personal details (nil when none
// were given at registration).
func (p *Participant) Personal() *events.Sealed { return p.personal }

// PersonalDataErased reports whether the participant's personal data was
// erased, and when.
func (p *Participant) PersonalDataErased() (events.Date, bool) { return p.erasedOn, p.erased }
