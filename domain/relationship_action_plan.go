package domain

import (
	"slices"
	"strings"

	"github.com/mentorledger/mentorledger/events"
)

// AgreeActionPlan is the command that records the action plan of
// resource 15.
type AgreeActionPlan events.ActionPlanAgreed

// AgreeActionPlan records an action plan with a long-term goal, at least
// one short-term goal, and milestones and review dates after the day it was
// agreed. Checklist 6 asks for it as early as possible; a plan agreed later
// is recorded as agreed. A later plan replaces an earlier one.
func (r *Relationship) AgreeActionPlan(c AgreeActionPlan) error {
	e := events.ActionPlanAgreed(c)
	if err := r.active(&e, e.RelationshipID, "agreed_on", e.AgreedOn); err != nil {
		return err
	}
	if strings.TrimSpace(e.LongTermGoal) == "" {
		return invalid(e, "long_term_goal", "required")
	}
	if err := checkTexts(e, "short_term_goals", e.ShortTermGoals, 1); err != nil {
		return err
	}
	if err := checkTexts(e, "success_criteria", e.SuccessCriteria, 0); err != nil {
		return err
	}
	for i, m := range e.Milestones {
		if strings.TrimSpace(m.Description) == "" {
			return invalid(e, "milestones", "milestone %d has no description", i+1)
		}
		if !m.DueOn.After(e.AgreedOn) {
			return invalid(e, "milestones", "milestone %d is due after agreed_on %s, got %q", i+1, e.AgreedOn, m.DueOn.String())
		}
	}
	for i, d := range e.ReviewDates {
		if !d.After(e.AgreedOn) {
			return invalid(e, "review_dates", "review date %d is after agreed_on %s, got %q", i+1, e.AgreedOn, d.String())
		}
	}
	e.ShortTermGoals, e.Milestones = slices.Clone(e.ShortTermGoals), slices.Clone(e.Milestones)
	e.SuccessCriteria, e.ReviewDates = slices.Clone(e.SuccessCriteria), slices.Clone(e.ReviewDates)
	r.record(e)
	return nil
}
