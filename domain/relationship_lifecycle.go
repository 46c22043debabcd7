package domain

import (
	"strings"

	"github.com/mentorledger/mentorledger/events"
)

// Known values of the relationship lifecycle enumerations.
var (
	// phases are the five phases of the mentoring lifecycle of resource 17,
	// in order (Clutterbuck and Lane, 2004).
	phases = []string{events.PhaseBuildingRapport, events.PhaseSettingDirection, events.PhaseProgression, events.PhaseWindingUp, events.PhaseMovingOn}
	// goalKinds are resource 15's long-term and short-term goals.
	goalKinds = []string{events.GoalLongTerm, events.GoalShortTerm}
	// relationshipReviewKinds are the kinds of relationship review.
	relationshipReviewKinds = []string{events.RelationshipReviewProgress, events.RelationshipReviewGoals, events.RelationshipReviewRelationship, events.RelationshipReviewPhase, events.RelationshipReviewFinal}
	// issueCategories are what an issue is about; none names a person.
	issueCategories = []string{events.IssueMeetings, events.IssueExpectations, events.IssueBoundaries, events.IssueConfidentiality, events.IssueCommitment, events.IssuePractical, events.IssueOther}
	// issueRaisers are the roles that raise issues.
	issueRaisers = []string{events.RoleMentor, events.RoleMentee, events.IssueByCoordinator}
)

// checkRequiredText checks a required free text of at most maxText characters.
func checkRequiredText[P events.Payload](e P, field, s string) error {
	if strings.TrimSpace(s) == "" {
		return invalid(e, field, "required")
	}
	return checkLen(e, field, s, maxText)
}

// goal returns the goal a command names, or an error when it is not set.
func (r *Relationship) goal(e events.Payload, id string) (*goal, error) {
	if id == "" {
		return nil, invalid(e, "goal_id", "required")
	}
	g, ok := r.goals[id]
	if !ok {
		return nil, notFound("goal %s: not set in relationship %s", id, r.id)
	}
	return g, nil
}

// milestone returns the milestone a command names, or an error when no goal
// of the relationship has it.
func (r *Relationship) milestone(e events.Payload, id string) (*goalMilestone, error) {
	if id == "" {
		return nil, invalid(e, "milestone_id", "required")
	}
	m, ok := r.milestones[id]
	if !ok {
		return nil, notFound("milestone %s: not set in relationship %s", id, r.id)
	}
	return m, nil
}

// afterTheEnding checks what the commands that follow an ending need: the
// relationship named by id is matched and has ended, and the command's date
// field (on) is on or after the ending.
func (r *Relationship) afterTheEnding(e events.Payload, id, field string, on events.Date, what string) error {
	if !r.matched {
		return notFound("relationship %s: not found", id)
	}
	if id != r.id {
		return invalid(e, "relationship_id", "must be %s, got %q", r.id, id)
	}
	if !r.ended {
		return conflict(e, "relationship %s has not ended: %s follows the ending", r.id, what)
	}
	if err := checkDate(e, field, on); err != nil {
		return err
	}
	if on.Before(r.endedOn) {
		return invalid(e, field, "must be on or after ended_on %s, got %s", r.endedOn, on)
	}
	return nil
}
