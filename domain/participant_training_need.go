package domain

import "github.com/mentorledger/mentorledger/events"

// IdentifyTrainingNeed is the command that records a further training need.
type IdentifyTrainingNeed events.TrainingNeedIdentified

// MeetTrainingNeed is the command that records a training need met.
type MeetTrainingNeed events.TrainingNeedMet

// IdentifyTrainingNeed records a new training need of a mentor or mentee in
// a known area; its id is new for the participant.
func (p *Participant) IdentifyTrainingNeed(c IdentifyTrainingNeed) error {
	e := events.TrainingNeedIdentified(c)
	if err := p.taking(&e, e.ParticipantID, "identified_on", e.IdentifiedOn); err != nil {
		return err
	}
	if err := checkID(e, "need_id", e.NeedID); err != nil {
		return err
	}
	if n, ok := p.needs[e.NeedID]; ok {
		return conflict(e, "training need %s of participant %s was already identified on %s", e.NeedID, p.id, n.identifiedOn)
	}
	if err := checkOneOf(e, "area", e.Area, needAreas); err != nil {
		return err
	}
	p.record(e)
	return nil
}

// MeetTrainingNeed records that an identified need was met, once, on or
// after the day it was identified.
func (p *Participant) MeetTrainingNeed(c MeetTrainingNeed) error {
	e := events.TrainingNeedMet(c)
	if err := p.taking(&e, e.ParticipantID, "met_on", e.MetOn); err != nil {
		return err
	}
	if e.NeedID == "" {
		return invalid(e, "need_id", "required")
	}
	n, ok := p.needs[e.NeedID]
	if !ok {
		return notFound("training need %s: not identified for participant %s", e.NeedID, p.id)
	}
	if n.met {
		return conflict(e, "training need %s of participant %s was already met on %s", e.NeedID, p.id, n.metOn)
	}
	if e.MetOn.Before(n.identifiedOn) {
		return invalid(e, "met_on", "must be on or after the need's identified_on %s, got %s", n.identifiedOn, e.MetOn)
	}
	p.record(e)
	return nil
}
