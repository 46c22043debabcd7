package domain

import (
	"github.com/mentorledger/mentorledger/events"
)

// ReviewActionPlan is the command that records a review of the action plan
// (checklist 6: review and adjust the action plan as required).
type ReviewActionPlan events.ActionPlanReviewed

// ReviewActionPlan records a review of the agreed action plan, on or after
// the day it was agreed.
func (r *Relationship) ReviewActionPlan(c ReviewActionPlan) error {
	e := events.ActionPlanReviewed(c)
	if err := r.active(&e, e.RelationshipID, "reviewed_on", e.ReviewedOn); err != nil {
		return err
	}
	if r.plan == nil {
		return conflict(e, "relationship %s has no action plan to review", r.id)
	}
	if e.ReviewedOn.Before(r.plan.AgreedOn) {
		return invalid(e, "reviewed_on", "must be on or after the plan's agreed_on %s, got %s", r.plan.AgreedOn, e.ReviewedOn)
	}
	r.record(e)
	return nil
}
