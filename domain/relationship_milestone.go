package domain

import "github.com/mentorledger/mentorledger/events"

// AchieveMilestone is the command that records a milestone reached.
type AchieveMilestone events.MilestoneAchieved

// MissMilestone is the command that records a milestone missed.
type MissMilestone events.MilestoneMissed

// AchieveMilestone records that a milestone of a goal was reached, once, on
// or after the day its goal was set. A milestone missed earlier may still be
// achieved: both facts stay recorded.
func (r *Relationship) AchieveMilestone(c AchieveMilestone) error {
	e := events.MilestoneAchieved(c)
	if err := r.active(&e, e.RelationshipID, "achieved_on", e.AchievedOn); err != nil {
		return err
	}
	m, err := r.milestone(&e, e.MilestoneID)
	if err != nil {
		return err
	}
	if m.achieved {
		return conflict(e, "milestone %s was already achieved on %s", e.MilestoneID, m.achievedOn)
	}
	if e.AchievedOn.Before(m.setOn) {
		return invalid(e, "achieved_on", "must be on or after goal %s's set_on %s, got %s", m.goalID, m.setOn, e.AchievedOn)
	}
	r.record(e)
	return nil
}

// MissMilestone records that a milestone not achieved passed its due date:
// missed_on is on or after due_on, and a milestone is missed once.
func (r *Relationship) MissMilestone(c MissMilestone) error {
	e := events.MilestoneMissed(c)
	if err := r.active(&e, e.RelationshipID, "missed_on", e.MissedOn); err != nil {
		return err
	}
	m, err := r.milestone(&e, e.MilestoneID)
	if err != nil {
		return err
	}
	if m.achieved {
		return conflict(e, "milestone %s was achieved on %s", e.MilestoneID, m.achievedOn)
	}
	if m.missed {
		return conflict(e, "milestone %s was already missed on %s", e.MilestoneID, m.missedOn)
	}
	if e.MissedOn.Before(m.dueOn) {
		return invalid(e, "missed_on", "must be on or after the milestone's due_on %s, got %s", m.dueOn, e.MissedOn)
	}
	r.record(e)
	return nil
}
