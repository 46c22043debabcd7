package domain_test

import (
	"testing"

	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/events"
)

func TestActionPlanIsAgreed(t *testing.T) {
	r := given(matched())
	err := r.AgreeActionPlan(domain.AgreeActionPlan(actionPlan(d("2025-01-20"))))
	then(t, err, r.Changes(), actionPlan(d("2025-01-20")))
}

func TestActionPlanHasGoalsAndDatesAfterItIsAgreed(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*events.ActionPlanAgreed)
		msg  string
	}{
		{"no long-term goal", func(c *events.ActionPlanAgreed) { c.LongTermGoal = "" }, "relationship.action_plan_agreed.long_term_goal: required"},
		{"no short-term goal", func(c *events.ActionPlanAgreed) { c.ShortTermGoals = nil }, "relationship.action_plan_agreed.short_term_goals: at least 1 required, got 0"},
		{"blank criterion", func(c *events.ActionPlanAgreed) { c.SuccessCriteria = []string{""} }, "relationship.action_plan_agreed.success_criteria: entry 1 is blank"},
		{"milestone due already", func(c *events.ActionPlanAgreed) { c.Milestones[0].DueOn = c.AgreedOn }, `relationship.action_plan_agreed.milestones: milestone 1 is due after agreed_on 2025-01-20, got "2025-01-20"`},
		{"milestone undescribed", func(c *events.ActionPlanAgreed) { c.Milestones[0].Description = "" }, "relationship.action_plan_agreed.milestones: milestone 1 has no description"},
		{"review in the past", func(c *events.ActionPlanAgreed) { c.ReviewDates = []events.Date{d("2025-01-01")} }, `relationship.action_plan_agreed.review_dates: review date 1 is after agreed_on 2025-01-20, got "2025-01-01"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := actionPlan(d("2025-01-20"))
			tc.edit(&c)
			r := given(matched())
			err := r.AgreeActionPlan(domain.AgreeActionPlan(c))
			thenError(t, err, r.Changes(), events.EINVALID, tc.msg)
		})
	}
}

// Checklist 6: as early as possible. A plan agreed later is recorded and a
// later plan may replace the first.
func TestActionPlanAgreedLaterIsRecorded(t *testing.T) {
	r := given(matched(), logged("mtg-1", d("2025-01-20")), logged("mtg-2", d("2025-02-20")), actionPlan(d("2025-02-20")))
	err := r.AgreeActionPlan(domain.AgreeActionPlan(actionPlan(d("2025-04-20"))))
	then(t, err, r.Changes(), actionPlan(d("2025-04-20")))
}
