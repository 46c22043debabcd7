package domain

import (
	"strings"

	"github.com/mentorledger/mentorledger/events"
)

// EvaluationStream is the stream of a programme's evaluation record: its
// outcomes and feedback sessions.
func EvaluationStream(programmeID string) string { return "evaluation-" + programmeID }

// Evaluation is a programme's evaluation record (step 7, checklist 4): the
// outcomes achieved and the feedback sessions held. Surveys have their own
// streams (Survey).
type Evaluation struct {
	outcomes map[string]bool
	sessions map[string]bool

	changes []events.Payload
}

// LoadEvaluation folds a programme's evaluation record.
func LoadEvaluation(history []events.Payload) *Evaluation {
	ev := &Evaluation{}
	for _, e := range history {
		ev.apply(e)
	}
	return ev
}

// Changes returns the events recorded by commands since loading.
func (ev *Evaluation) Changes() []events.Payload { return ev.changes }

func (ev *Evaluation) record(e events.Payload) {
	ev.apply(e)
	ev.changes = append(ev.changes, e)
}

func (ev *Evaluation) apply(e events.Payload) {
	switch e := e.(type) {
	case events.OutcomeRecorded:
		ev.outcomes = setKey(ev.outcomes, e.OutcomeID, true)
	case events.FeedbackSessionHeld:
		ev.sessions = setKey(ev.sessions, e.SessionID, true)
	}
}

// Bounds of the evaluation record.
const (
	maxOutcomeDescription = 500
	maxSessionSize        = 1000
)

var (
	outcomeKinds  = []string{events.OutcomeQualification, events.OutcomeLearningObjective, events.OutcomeSkill}
	feedbackKinds = []string{events.FeedbackSession, events.FocusGroup}
)

// RecordOutcome is the command that records an outcome achieved.
type RecordOutcome events.OutcomeRecorded

// RecordOutcome records an outcome of checklist 4's statistical measures
// (qualification, learning objective, skill) for the programme prog and,
// when it came from one, the relationship rel of that programme. The
// description says what was achieved, not who achieved it.
func (ev *Evaluation) RecordOutcome(c RecordOutcome, prog *Programme, rel *Relationship) error {
	e := events.OutcomeRecorded(c)
	if prog == nil || !prog.Registered() || prog.ID() != e.ProgrammeID {
		return notFound("programme %s: not found", e.ProgrammeID)
	}
	if err := checkID(e, "outcome_id", e.OutcomeID); err != nil {
		return err
	}
	if ev.outcomes[e.OutcomeID] {
		return conflict(e, "outcome %s is already recorded", e.OutcomeID)
	}
	if e.RelationshipID != "" {
		if rel == nil || !rel.Matched() || rel.ID() != e.RelationshipID {
			return notFound("relationship %s: not found", e.RelationshipID)
		}
		if rel.ProgrammeID() != e.ProgrammeID {
			return invalid(e, "relationship_id", "relationship %s belongs to programme %s, not %s", rel.ID(), rel.ProgrammeID(), e.ProgrammeID)
		}
	}
	if err := checkOneOf(e, "kind", e.Kind, outcomeKinds); err != nil {
		return err
	}
	if err := checkDate(e, "achieved_on", e.AchievedOn); err != nil {
		return err
	}
	if strings.TrimSpace(e.Description) == "" {
		return invalid(e, "description", "required")
	}
	if err := checkLen(e, "description", e.Description, maxOutcomeDescription); err != nil {
		return err
	}
	ev.record(e)
	return nil
}

// HoldFeedbackSession is the command that records a feedback session or
// focus group.
type HoldFeedbackSession events.FeedbackSessionHeld

// HoldFeedbackSession records a feedback session or focus group of the
// programme prog and how many took part; who took part is not recorded.
// Small counts are suppressed by the reports, not here.
func (ev *Evaluation) HoldFeedbackSession(c HoldFeedbackSession, prog *Programme) error {
	e := events.FeedbackSessionHeld(c)
	if prog == nil || !prog.Registered() || prog.ID() != e.ProgrammeID {
		return notFound("programme %s: not found", e.ProgrammeID)
	}
	if err := checkID(e, "session_id", e.SessionID); err != nil {
		return err
	}
	if ev.sessions[e.SessionID] {
		return conflict(e, "session %s is already recorded", e.SessionID)
	}
	if err := checkOneOf(e, "kind", e.Kind, feedbackKinds); err != nil {
		return err
	}
	if err := checkDate(e, "held_on", e.HeldOn); err != nil {
		return err
	}
	if e.Participants < 1 || e.Participants > maxSessionSize {
		return invalid(e, "participants", "must be 1..%d, got %d", maxSessionSize, e.Participants)
	}
	ev.record(e)
	return nil
}
