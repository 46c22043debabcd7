package domain_test

import (
	"testing"

	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/events"
)

func TestActionPlanIsReviewed(t *testing.T) {
	r := given(matched(), actionPlan(d("2025-01-20")))
	c := reviewed(d("2025-03-20"))
	c.Adjusted = false
	err := r.ReviewActionPlan(domain.ReviewActionPlan(c))
	then(t, err, r.Changes(), c)
}

func TestReviewNeedsAnActionPlanAgreedBefore(t *testing.T) {
	r := given(matched())
	err := r.ReviewActionPlan(domain.ReviewActionPlan(reviewed(d("2025-03-20"))))
	thenError(t, err, r.Changes(), events.ECONFLICT, "relationship.action_plan_reviewed: relationship rel-1 has no action plan to review")

	r = given(matched(), actionPlan(d("2025-02-20")))
	err = r.ReviewActionPlan(domain.ReviewActionPlan(reviewed(d("2025-02-19"))))
	thenError(t, err, r.Changes(), events.EINVALID, "relationship.action_plan_reviewed.reviewed_on: must be on or after the plan's agreed_on 2025-02-20, got 2025-02-19")
}
