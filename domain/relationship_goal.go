package domain

import (
	"slices"
	"strings"

	"github.com/mentorledger/mentorledger/events"
)

// MaxGoalMilestones bounds the milestones of one goal.
const MaxGoalMilestones = 50

// SetGoal is the command that records a goal of the mentee.
type SetGoal events.GoalSet

// AchieveGoal is the command that records a goal achieved.
type AchieveGoal events.GoalAchieved

// ReviseGoal is the command that records a goal restated or retimed.
type ReviseGoal events.GoalRevised

// SetGoal records a new goal, long-term or short-term, with its description
// and a due date after the day it was set (pitfall 2: without timescales the
// relationship drifts). Its milestones have ids new to the relationship and
// are due after the goal was set and no later than the goal.
func (r *Relationship) SetGoal(c SetGoal) error {
	e := events.GoalSet(c)
	if err := r.active(&e, e.RelationshipID, "set_on", e.SetOn); err != nil {
		return err
	}
	if err := checkID(e, "goal_id", e.GoalID); err != nil {
		return err
	}
	if g, ok := r.goals[e.GoalID]; ok {
		return conflict(e, "goal %s was already set on %s", e.GoalID, g.setOn)
	}
	if err := checkOneOf(e, "kind", e.Kind, goalKinds); err != nil {
		return err
	}
	if err := checkRequiredText(e, "description", e.Description); err != nil {
		return err
	}
	if err := checkDate(e, "due_on", e.DueOn); err != nil {
		return err
	}
	if !e.DueOn.After(e.SetOn) {
		return invalid(e, "due_on", "must be after set_on %s, got %s", e.SetOn, e.DueOn)
	}
	if len(e.Milestones) > MaxGoalMilestones {
		return invalid(e, "milestones", "at most %d, got %d", MaxGoalMilestones, len(e.Milestones))
	}
	seen := map[string]bool{}
	for i, m := range e.Milestones {
		if err := checkID(e, "milestones", m.MilestoneID); err != nil {
			return invalid(e, "milestones", "milestone %d: milestone_id must be 1..64 letters, digits, '-', '_' or '.', got %q", i+1, m.MilestoneID)
		}
		if seen[m.MilestoneID] {
			return invalid(e, "milestones", "milestone %s is named twice", m.MilestoneID)
		}
		seen[m.MilestoneID] = true
		if prev, ok := r.milestones[m.MilestoneID]; ok {
			return conflict(e, "milestone %s is already a milestone of goal %s", m.MilestoneID, prev.goalID)
		}
		if strings.TrimSpace(m.Description) == "" {
			return invalid(e, "milestones", "milestone %s has no description", m.MilestoneID)
		}
		if err := checkLen(e, "milestones", m.Description, maxText); err != nil {
			return err
		}
		if !m.DueOn.After(e.SetOn) || m.DueOn.After(e.DueOn) {
			return invalid(e, "milestones", "milestone %s is due after set_on %s and by the goal's due_on %s, got %q", m.MilestoneID, e.SetOn, e.DueOn, m.DueOn.String())
		}
	}
	e.Milestones = slices.Clone(e.Milestones)
	r.record(e)
	return nil
}

// AchieveGoal records that a goal set in the relationship was achieved,
// once, on or after the day it was set.
func (r *Relationship) AchieveGoal(c AchieveGoal) error {
	e := events.GoalAchieved(c)
	if err := r.active(&e, e.RelationshipID, "achieved_on", e.AchievedOn); err != nil {
		return err
	}
	g, err := r.goal(&e, e.GoalID)
	if err != nil {
		return err
	}
	if g.achieved {
		return conflict(e, "goal %s was already achieved on %s", e.GoalID, g.achievedOn)
	}
	if e.AchievedOn.Before(g.setOn) {
		return invalid(e, "achieved_on", "must be on or after the goal's set_on %s, got %s", g.setOn, e.AchievedOn)
	}
	r.record(e)
	return nil
}

// ReviseGoal records a goal not yet achieved restated, with a due date
// after the revision. Its milestones stay as set; a milestone that no
// longer fits is recorded missed or achieved as it happens.
func (r *Relationship) ReviseGoal(c ReviseGoal) error {
	e := events.GoalRevised(c)
	if err := r.active(&e, e.RelationshipID, "revised_on", e.RevisedOn); err != nil {
		return err
	}
	g, err := r.goal(&e, e.GoalID)
	if err != nil {
		return err
	}
	if g.achieved {
		return conflict(e, "goal %s was achieved on %s: an achieved goal is not revised", e.GoalID, g.achievedOn)
	}
	if e.RevisedOn.Before(g.setOn) {
		return invalid(e, "revised_on", "must be on or after the goal's set_on %s, got %s", g.setOn, e.RevisedOn)
	}
	if err := checkRequiredText(e, "description", e.Description); err != nil {
		return err
	}
	if err := checkDate(e, "due_on", e.DueOn); err != nil {
		return err
	}
	if !e.DueOn.After(e.RevisedOn) {
		return invalid(e, "due_on", "must be after revised_on %s, got %s", e.RevisedOn, e.DueOn)
	}
	r.record(e)
	return nil
}
