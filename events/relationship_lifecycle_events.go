package events

import "time"

// Relationship lifecycle: cancelled meetings, goals and milestones, the
// scales of OSKAR (resource 16) and GROW (resource 12), reviews, the phases
// of resource 17, issues, the ending, the rematch and closure (checklist 7).

// MeetingCancelled: a scheduled meeting was cancelled by a party, who gave
// notice at NoticeGiven (resource 5: "We undertake to honour all
// pre-arranged meetings unless there is an unavoidable cancellation").
type MeetingCancelled struct {
	RelationshipID string    `json:"relationship_id"`
	MeetingID      string    `json:"meeting_id"`
	NoticeGiven    time.Time `json:"notice_given"`
	CancelledBy    string    `json:"cancelled_by"`
}

func (MeetingCancelled) EventType() string { return "relationship.meeting_cancelled" }

// Goal kinds (resource 15: "Long term goal", "Short term goals and
// priorities").
const (
	GoalLongTerm  = "long_term"
	GoalShortTerm = "short_term"
)

// GoalMilestone is a dated milestone of a goal, with an id the relationship
// refers to when it is achieved or missed.
type GoalMilestone struct {
	MilestoneID string `json:"milestone_id"`
	Description string `json:"description"`
	DueOn       Date   `json:"due_on"`
}

// GoalSet: a goal of the mentee, with its timescale and milestones
// (resource 15; pitfall 4: "Identifying and setting goals at the beginning of
// the relationship").
type GoalSet struct {
	RelationshipID string          `json:"relationship_id"`
	GoalID         string          `json:"goal_id"`
	Kind           string          `json:"kind"`
	Description    string          `json:"description"`
	SetOn          Date            `json:"set_on"`
	DueOn          Date            `json:"due_on"`
	Milestones     []GoalMilestone `json:"milestones,omitempty"`
}

func (GoalSet) EventType() string { return "relationship.goal_set" }

// MilestoneAchieved: a milestone of a goal was reached.
type MilestoneAchieved struct {
	RelationshipID string `json:"relationship_id"`
	MilestoneID    string `json:"milestone_id"`
	AchievedOn     Date   `json:"achieved_on"`
}

func (MilestoneAchieved) EventType() string { return "relationship.milestone_achieved" }

// MilestoneMissed: a milestone passed its due date without being reached.
type MilestoneMissed struct {
	RelationshipID string `json:"relationship_id"`
	MilestoneID    string `json:"milestone_id"`
	MissedOn       Date   `json:"missed_on"`
}

func (MilestoneMissed) EventType() string { return "relationship.milestone_missed" }

// GoalAchieved: a goal was achieved.
type GoalAchieved struct {
	RelationshipID string `json:"relationship_id"`
	GoalID         string `json:"goal_id"`
	AchievedOn     Date   `json:"achieved_on"`
}

func (GoalAchieved) EventType() string { return "relationship.goal_achieved" }

// GoalRevised: a goal was restated or retimed (checklist 7, stage 3:
// "Review goals/objectives (to ensure still relevant)").
type GoalRevised struct {
	RelationshipID string `json:"relationship_id"`
	GoalID         string `json:"goal_id"`
	RevisedOn      Date   `json:"revised_on"`
	Description    string `json:"description"`
	DueOn          Date   `json:"due_on"`
}

func (GoalRevised) EventType() string { return "relationship.goal_revised" }

// ProgressScaled: where the mentee places themselves towards a goal on the
// OSKAR scale, 0 to 10 (resource 16).
type ProgressScaled struct {
	RelationshipID string `json:"relationship_id"`
	GoalID         string `json:"goal_id"`
	ScaledOn       Date   `json:"scaled_on"`
	Scale          int    `json:"scale"`
}

func (ProgressScaled) EventType() string { return "relationship.progress_scaled" }

// CommitmentRated: the mentee's commitment to the way forward, 1 to 10
// (resource 12: "Ask your mentee to rate their commitment from 1-10").
type CommitmentRated struct {
	RelationshipID string `json:"relationship_id"`
	GoalID         string `json:"goal_id,omitempty"`
	RatedOn        Date   `json:"rated_on"`
	Rating         int    `json:"rating"`
}

func (CommitmentRated) EventType() string { return "relationship.commitment_rated" }

// Review kinds.
const (
	RelationshipReviewProgress     = "progress"     // etiquette 9: review the progress of the relationship
	RelationshipReviewGoals        = "goals"        // checklist 7 stage 3: review goals/objectives
	RelationshipReviewRelationship = "relationship" // checklist 7 stage 3: review relationship
	RelationshipReviewPhase        = "phase"        // the pair returned to the work of an earlier phase
	RelationshipReviewFinal        = "final"        // checklist 7 stage 4/5: review and evaluate
)

// RelationshipReviewed: the pair (or the co-ordinator with them) reviewed
// the relationship.
type RelationshipReviewed struct {
	RelationshipID string `json:"relationship_id"`
	ReviewedOn     Date   `json:"reviewed_on"`
	Kind           string `json:"kind"`
}

func (RelationshipReviewed) EventType() string { return "relationship.reviewed" }

// The five phases of the mentoring lifecycle (Clutterbuck and Lane, 2004).
const (
	PhaseBuildingRapport  = "building_rapport"
	PhaseSettingDirection = "setting_direction"
	PhaseProgression      = "progression"
	PhaseWindingUp        = "winding_up"
	PhaseMovingOn         = "moving_on"
)

// PhaseEntered: the relationship entered a phase of resource 17.
type PhaseEntered struct {
	RelationshipID string `json:"relationship_id"`
	Phase          string `json:"phase"`
	EnteredOn      Date   `json:"entered_on"`
}

func (PhaseEntered) EventType() string { return "relationship.phase_entered" }

// EndingPrepared: the parties discussed and prepared for the end of the
// relationship (pitfall 5), agreeing when it ends and whether next steps for
// the mentee were identified (checklist 7, stage 4/5).
type EndingPrepared struct {
	RelationshipID      string `json:"relationship_id"`
	PreparedOn          Date   `json:"prepared_on"`
	EndsOn              Date   `json:"ends_on"`
	NextStepsIdentified bool   `json:"next_steps_identified"`
}

func (EndingPrepared) EventType() string { return "relationship.ending_prepared" }

// Issue categories: what an issue is about, never who is to blame.
const (
	IssueMeetings        = "meetings"        // attendance, regularity, postponements
	IssueExpectations    = "expectations"    // a mismatch in expectation
	IssueBoundaries      = "boundaries"      // role confusion, boundaries of mentoring
	IssueConfidentiality = "confidentiality" // confidentiality or trust
	IssueCommitment      = "commitment"      // time, workload, engagement
	IssuePractical       = "practical"       // venue, travel, resources
	IssueOther           = "other"

	// IssueByCoordinator marks an issue raised by the co-ordinator; mentors
	// and mentees raise issues as RoleMentor and RoleMentee.
	IssueByCoordinator = "coordinator"
)

// IssueRaised: a party or the co-ordinator raised an issue (checklist 5:
// "Are the challenges and issues raised by mentors and mentees being dealt
// with in time and effectively?"). It names a role, not a person.
type IssueRaised struct {
	RelationshipID string `json:"relationship_id"`
	IssueID        string `json:"issue_id"`
	RaisedOn       Date   `json:"raised_on"`
	Category       string `json:"category"`
	RaisedByRole   string `json:"raised_by_role"`
}

func (IssueRaised) EventType() string { return "relationship.issue_raised" }

// IssueResolved: a raised issue was resolved.
type IssueResolved struct {
	RelationshipID string `json:"relationship_id"`
	IssueID        string `json:"issue_id"`
	ResolvedOn     Date   `json:"resolved_on"`
}

func (IssueResolved) EventType() string { return "relationship.issue_resolved" }

// RematchArranged: recorded on an ended relationship, it links it to the
// new relationship the co-ordinator matched for one of its parties ("to
// organise a rematch for either party if appropriate").
type RematchArranged struct {
	RelationshipID    string `json:"relationship_id"`
	NewRelationshipID string `json:"new_relationship_id"`
	ArrangedOn        Date   `json:"arranged_on"`
}

func (RematchArranged) EventType() string { return "relationship.rematch_arranged" }

// ClosureCompleted: after the ending, the closure was completed and the
// co-ordinator informed "so that records can be updated" (checklist 7,
// stage 4/5: "Say goodbye – closure").
type ClosureCompleted struct {
	RelationshipID string `json:"relationship_id"`
	CompletedOn    Date   `json:"completed_on"`
}

func (ClosureCompleted) EventType() string { return "relationship.closure_completed" }

func init() {
	register[MeetingCancelled](1)
	register[GoalSet](1)
	register[MilestoneAchieved](1)
	register[MilestoneMissed](1)
	register[GoalAchieved](1)
	register[GoalRevised](1)
	register[ProgressScaled](1)
	register[CommitmentRated](1)
	register[RelationshipReviewed](1)
	register[PhaseEntered](1)
	register[EndingPrepared](1)
	register[IssueRaised](1)
	register[IssueResolved](1)
	register[RematchArranged](1)
	register[ClosureCompleted](1)
}
