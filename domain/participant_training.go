package domain

import "github.com/mentorledger/mentorledger/events"

// CompleteMentorTraining is the command that records a mentor completing a
// mentor training session.
type CompleteMentorTraining events.MentorTrainingCompleted

// CompleteMenteeInduction is the command that records a mentee completing
// the programme's induction.
type CompleteMenteeInduction events.MenteeInductionCompleted

// CompleteMentorTraining records a training session completed by a mentor.
// "Training is an on-going process, rather than a one-off event": a mentor
// may complete several, and the first one counts for the match.
func (p *Participant) CompleteMentorTraining(c CompleteMentorTraining) error {
	e := events.MentorTrainingCompleted(c)
	if err := p.taking(&e, e.ParticipantID, "completed_on", e.CompletedOn); err != nil {
		return err
	}
	if err := p.inRole(&e, events.RoleMentor, "mentor training"); err != nil {
		return err
	}
	p.record(e)
	return nil
}

// CompleteMenteeInduction records the induction of a mentee, once.
func (p *Participant) CompleteMenteeInduction(c CompleteMenteeInduction) error {
	e := events.MenteeInductionCompleted(c)
	if err := p.taking(&e, e.ParticipantID, "completed_on", e.CompletedOn); err != nil {
		return err
	}
	if err := p.inRole(&e, events.RoleMentee, "induction"); err != nil {
		return err
	}
	if !p.inductedOn.IsZero() {
		return conflict(e, "participant %s completed the induction on %s", p.id, p.inductedOn)
	}
	p.record(e)
	return nil
}
