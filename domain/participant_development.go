package domain

import "github.com/mentorledger/mentorledger/events"

// MaxSupervisionMinutes bounds one supervision session (eight hours).
const MaxSupervisionMinutes = 480

// AssessMentorLevel is the command that records a mentor's EMCC level.
type AssessMentorLevel events.MentorLevelAssessed

// RecordSupervision is the command that records a mentor's supervision.
type RecordSupervision events.SupervisionRecorded

// AssessMentorLevel records a mentor's level against the EMCC mentor
// profile descriptors. A mentor may be reassessed at any level: the latest
// assessment is the mentor's level.
func (p *Participant) AssessMentorLevel(c AssessMentorLevel) error {
	e := events.MentorLevelAssessed(c)
	if err := p.taking(&e, e.ParticipantID, "assessed_on", e.AssessedOn); err != nil {
		return err
	}
	if err := p.inRole(&e, events.RoleMentor, "a mentor level"); err != nil {
		return err
	}
	if err := checkOneOf(e, "level", e.Level, mentorLevels); err != nil {
		return err
	}
	p.record(e)
	return nil
}

// RecordSupervision records a supervision session of a mentor, 1..480
// minutes long.
func (p *Participant) RecordSupervision(c RecordSupervision) error {
	e := events.SupervisionRecorded(c)
	if err := p.taking(&e, e.ParticipantID, "held_on", e.HeldOn); err != nil {
		return err
	}
	if err := p.inRole(&e, events.RoleMentor, "supervision"); err != nil {
		return err
	}
	if e.Minutes < 1 || e.Minutes > MaxSupervisionMinutes {
		return invalid(e, "minutes", "must be 1..%d, got %d", MaxSupervisionMinutes, e.Minutes)
	}
	p.record(e)
	return nil
}
