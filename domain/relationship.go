package domain

import (
	"slices"
	"time"

	"github.com/mentorledger/mentorledger/events"
)

// RelationshipStream is the stream of the relationship with this id.
func RelationshipStream(id string) string { return "relationship-" + id }

// Relationship is a mentoring relationship from its match to its ending:
// its parties, agreement, meetings, contacts and action plan.
type Relationship struct {
	id          string
	matched     bool
	programmeID string
	model       string
	matchedOn   events.Date
	mentors     []string
	mentees     []string
	role        map[string]string // party id → mentor | mentee

	agreement *events.AgreementSigned
	plan      *events.ActionPlanAgreed
	meetings  map[string]*meeting
	// lastDated is the latest date of anything recorded in the relationship.
	lastDated events.Date

	ended   bool
	endedOn events.Date

	// The lifecycle (relationship_lifecycle.go).
	rematchOf  string
	goals      map[string]*goal
	milestones map[string]*goalMilestone
	phase      int // index in phases; -1 before any phase was entered
	phaseOn    events.Date
	issues     map[string]*issue
	rematches  map[string]events.Date // new relationship id → arranged_on
	closed     bool
	closedOn   events.Date

	changes []events.Payload
}

// meeting is what the relationship knows of one meeting.
type meeting struct {
	scheduled   bool
	logged      bool
	heldOn      events.Date
	cancelled   bool
	cancelledOn events.Date
}

// goal is what the relationship knows of one goal.
type goal struct {
	setOn, dueOn events.Date
	achieved     bool
	achievedOn   events.Date
}

// goalMilestone is what the relationship knows of one milestone of a goal.
type goalMilestone struct {
	goalID, description string
	dueOn, setOn        events.Date
	achieved, missed    bool
	achievedOn          events.Date
	missedOn            events.Date
}

// issue is what the relationship knows of one raised issue.
type issue struct {
	raisedOn   events.Date
	resolved   bool
	resolvedOn events.Date
}

// LoadRelationship folds a relationship's history. An empty history is a
// relationship not yet matched.
func LoadRelationship(history []events.Payload) *Relationship {
	r := &Relationship{phase: -1}
	for _, e := range history {
		r.apply(e)
	}
	return r
}

// ID is the relationship's id ("" before the match).
func (r *Relationship) ID() string { return r.id }

// Matched reports whether the relationship exists.
func (r *Relationship) Matched() bool { return r.matched }

// ProgrammeID is the programme the relationship belongs to.
func (r *Relationship) ProgrammeID() string { return r.programmeID }

// Model is the relationship's mentoring model.
func (r *Relationship) Model() string { return r.model }

// MatchedOn is the date of the match.
func (r *Relationship) MatchedOn() events.Date { return r.matchedOn }

// Mentors are the relationship's mentors.
func (r *Relationship) Mentors() []string { return slices.Clone(r.mentors) }

// Mentees are the relationship's mentees.
func (r *Relationship) Mentees() []string { return slices.Clone(r.mentees) }

// Ended reports whether the relationship has ended.
func (r *Relationship) Ended() bool { return r.ended }

// EndedOn is the date of the ending (zero while active).
func (r *Relationship) EndedOn() events.Date { return r.endedOn }

// RematchOf is the ended relationship this one is a rematch of, if any.
func (r *Relationship) RematchOf() string { return r.rematchOf }

// Phase is the phase of resource 17 the relationship last entered ("" before
// any).
func (r *Relationship) Phase() string {
	if r.phase < 0 {
		return ""
	}
	return phases[r.phase]
}

// ClosureCompleted reports whether the closure after the ending was
// completed.
func (r *Relationship) ClosureCompleted() bool { return r.closed }

// Changes returns the events recorded by commands since loading.
func (r *Relationship) Changes() []events.Payload { return r.changes }

func (r *Relationship) record(e events.Payload) {
	r.apply(e)
	r.changes = append(r.changes, e)
}

func (r *Relationship) dated(d events.Date) {
	if d.After(r.lastDated) {
		r.lastDated = d
	}
}

func (r *Relationship) apply(e events.Payload) {
	switch e := e.(type) {
	case events.Matched:
		r.id, r.matched, r.programmeID, r.model, r.matchedOn = e.RelationshipID, true, e.ProgrammeID, e.Model, e.MatchedOn
		r.rematchOf = e.RematchOf
		r.mentors, r.mentees = slices.Clone(e.MentorIDs), slices.Clone(e.MenteeIDs)
		r.role = map[string]string{}
		for _, id := range e.MentorIDs {
			r.role[id] = events.RoleMentor
		}
		for _, id := range e.MenteeIDs {
			r.role[id] = events.RoleMentee
		}
		r.dated(e.MatchedOn)
	case events.AgreementSigned:
		r.agreement = &e
		r.dated(e.SignedOn)
	case events.MeetingScheduled:
		r.meeting(e.MeetingID).scheduled = true
	case events.MeetingPostponed:
		r.dated(dateOf(e.NoticeGiven))
	case events.MeetingLogged:
		m := r.meeting(e.MeetingID)
		m.logged, m.heldOn = true, e.HeldOn
		r.dated(e.HeldOn)
	case events.ContactMade:
		r.dated(e.ContactOn)
	case events.ActionPlanAgreed:
		r.plan = &e
		r.dated(e.AgreedOn)
	case events.ActionPlanReviewed:
		r.dated(e.ReviewedOn)
	case events.RelationshipEnded:
		r.ended, r.endedOn = true, e.EndedOn
	case events.MeetingCancelled:
		m := r.meeting(e.MeetingID)
		m.cancelled, m.cancelledOn = true, dateOf(e.NoticeGiven)
		r.dated(dateOf(e.NoticeGiven))
	case events.GoalSet:
		if r.goals == nil {
			r.goals, r.milestones = map[string]*goal{}, map[string]*goalMilestone{}
		}
		r.goals[e.GoalID] = &goal{setOn: e.SetOn, dueOn: e.DueOn}
		for _, m := range e.Milestones {
			r.milestones[m.MilestoneID] = &goalMilestone{goalID: e.GoalID, description: m.Description, dueOn: m.DueOn, setOn: e.SetOn}
		}
		r.dated(e.SetOn)
	case events.GoalRevised:
		if g := r.goals[e.GoalID]; g != nil {
			g.dueOn = e.DueOn
		}
		r.dated(e.RevisedOn)
	case events.GoalAchieved:
		if g := r.goals[e.GoalID]; g != nil {
			g.achieved, g.achievedOn = true, e.AchievedOn
		}
		r.dated(e.AchievedOn)
	case events.MilestoneAchieved:
		if m := r.milestones[e.MilestoneID]; m != nil {
			m.achieved, m.achievedOn = true, e.AchievedOn
		}
		r.dated(e.AchievedOn)
	case events.MilestoneMissed:
		if m := r.milestones[e.MilestoneID]; m != nil {
			m.missed, m.missedOn = true, e.MissedOn
		}
		r.dated(e.MissedOn)
	case events.ProgressScaled:
		r.dated(e.ScaledOn)
	case events.CommitmentRated:
		r.dated(e.RatedOn)
	case events.RelationshipReviewed:
		r.dated(e.ReviewedOn)
	case events.PhaseEntered:
		r.phase, r.phaseOn = slices.Index(phases, e.Phase), e.EnteredOn
		r.dated(e.EnteredOn)
	case events.EndingPrepared:
		r.dated(e.PreparedOn)
	case events.IssueRaised:
		if r.issues == nil {
			r.issues = map[string]*issue{}
		}
		r.issues[e.IssueID] = &issue{raisedOn: e.RaisedOn}
		r.dated(e.RaisedOn)
	case events.IssueResolved:
		if i := r.issues[e.IssueID]; i != nil {
			i.resolved, i.resolvedOn = true, e.ResolvedOn
		}
		r.dated(e.ResolvedOn)
	case events.RematchArranged:
		if r.rematches == nil {
			r.rematches = map[string]events.Date{}
		}
		r.rematches[e.NewRelationshipID] = e.ArrangedOn
	case events.ClosureCompleted:
		r.closed, r.closedOn = true, e.CompletedOn
	}
}

// meeting returns the meeting with this id, adding it when new.
func (r *Relationship) meeting(id string) *meeting {
	if r.meetings == nil {
		r.meetings = map[string]*meeting{}
	}
	m := r.meetings[id]
	if m == nil {
		m = &meeting{}
		r.meetings[id] = m
	}
	return m
}

// active checks what every command inside a relationship needs: the
// relationship named by id is matched and not ended, and the command's date
// field (on) is on or after the match.
func (r *Relationship) active(e events.Payload, id, field string, on events.Date) error {
	if !r.matched {
		return notFound("relationship %s: not found", id)
	}
	if id != r.id {
		return invalid(e, "relationship_id", "must be %s, got %q", r.id, id)
	}
	if r.ended {
		return conflict(e, "relationship %s ended on %s", r.id, r.endedOn)
	}
	if err := checkDate(e, field, on); err != nil {
		return err
	}
	if on.Before(r.matchedOn) {
		return invalid(e, field, "must be on or after matched_on %s, got %s", r.matchedOn, on)
	}
	return nil
}

// scheduledMeeting returns the scheduled meeting a command about a meeting
// (postpone, cancel) refers to.
func (r *Relationship) scheduledMeeting(e events.Payload, id string) (*meeting, error) {
	if id == "" {
		return nil, invalid(e, "meeting_id", "required")
	}
	m, ok := r.meetings[id]
	if !ok || !m.scheduled {
		return nil, notFound("meeting %s: not scheduled in relationship %s", id, r.id)
	}
	return m, nil
}

// heldWithin is active for a fact about a past day, such as a meeting log:
// the log may be written after the relationship ended (logs are often
// recorded days or weeks later) as long as the meeting was held on or
// before the ending.
func (r *Relationship) heldWithin(e events.Payload, id, field string, on events.Date) error {
	if !r.ended {
		return r.active(e, id, field, on)
	}
	if on.After(r.endedOn) {
		return invalid(e, field, "must be on or before the relationship's end %s, got %s", r.endedOn, on)
	}
	if on.Before(r.matchedOn) {
		return invalid(e, field, "must be on or after matched_on %s, got %s", r.matchedOn, on)
	}
	return checkDate(e, field, on)
}

// dateOf is the date of t, or the zero date for the zero time.
func dateOf(t time.Time) events.Date {
	if t.IsZero() {
		return events.Date{}
	}
	return events.NewDate(t)
}

// party checks that id is a party to the relationship and returns its role.
func (r *Relationship) party(e events.Payload, field, id string) (string, error) {
	if id == "" {
		return "", invalid(e, field, "required")
	}
	role, ok := r.role[id]
	if !ok {
		return "", invalid(e, field, "must be a party to relationship %s, got %q", r.id, id)
	}
	return role, nil
}

// partyRole checks a role field against the party's role; an empty field is
// filled in with it. When both is true the field may also say "both".
func partyRole[P events.Payload](e P, field string, got *string, partyID, role string, both bool) error {
	switch {
	case *got == "":
		*got = role
	case *got == role, both && *got == RoleBoth:
	default:
		return invalid(e, field, "must be %s, the role of %s, got %q", role, partyID, *got)
	}
	return nil
}
