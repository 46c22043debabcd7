package events

import "time"

// Matched: mentors and mentees were matched into a relationship (step 5).
// RematchOf links a new relationship to the one that ended before it.
type Matched struct {
	RelationshipID string   `json:"relationship_id"`
	ProgrammeID    string   `json:"programme_id"`
	Model          string   `json:"model"`
	MentorIDs      []string `json:"mentor_ids"`
	MenteeIDs      []string `json:"mentee_ids"`
	Rationale      string   `json:"rationale"`
	MatchedOn      Date     `json:"matched_on"`
	RematchOf      string   `json:"rematch_of,omitempty"`
}

func (Matched) EventType() string { return "relationship.matched" }

// AgreementSigned: the mentoring agreement of resource 5, signed by both
// parties.
type AgreementSigned struct {
	RelationshipID         string   `json:"relationship_id"`
	SignedOn               Date     `json:"signed_on"`
	EndsOn                 Date     `json:"ends_on"`
	MeetingFrequencyDays   int      `json:"meeting_frequency_days"`
	MinMeetingMinutes      int      `json:"min_meeting_minutes"`
	MaxMeetingMinutes      int      `json:"max_meeting_minutes"`
	ContactBetweenMeetings string   `json:"contact_between_meetings"`
	ConfidentialityAgreed  bool     `json:"confidentiality_agreed"`
	SignedBy               []string `json:"signed_by"`
}

func (AgreementSigned) EventType() string { return "relationship.agreement_signed" }

// MeetingScheduled: a meeting was arranged in advance, with its agenda.
type MeetingScheduled struct {
	RelationshipID string    `json:"relationship_id"`
	MeetingID      string    `json:"meeting_id"`
	ScheduledFor   time.Time `json:"scheduled_for"`
	Agenda         []string  `json:"agenda,omitempty"`
}

func (MeetingScheduled) EventType() string { return "relationship.meeting_scheduled" }

// MeetingPostponed: a party could not keep a meeting and said so, on
// NoticeGiven, rescheduling it to NewTime when one was agreed.
type MeetingPostponed struct {
	RelationshipID string     `json:"relationship_id"`
	MeetingID      string     `json:"meeting_id"`
	NoticeGiven    time.Time  `json:"notice_given"`
	NewTime        *time.Time `json:"new_time,omitempty"`
	RequestedBy    string     `json:"requested_by"`
	Reason         string     `json:"reason"`
}

func (MeetingPostponed) EventType() string { return "relationship.meeting_postponed" }

// Meeting methods (resource 13) and location kinds (checklist 6: a neutral
// venue, or adequate privacy in the workplace).
const (
	MethodFaceToFace = "face_to_face"
	MethodVideo      = "video"
	MethodMessenger  = "messenger"
	MethodPhone      = "phone"
	MethodEmail      = "email"
	MethodOther      = "other"

	LocationNeutral          = "neutral"
	LocationWorkplacePrivate = "workplace_private"
	LocationWorkplaceOpen    = "workplace_open"
	LocationOnline           = "online"
	LocationOther            = "other"
)

// Action is an action point with the party responsible for it.
type Action struct {
	Description string `json:"description"`
	Owner       string `json:"owner"` // mentor | mentee | both
}

// MeetingLogged: the meeting log of resource 13, completed after a meeting.
// Its content is confidential to the parties and the co-ordinator.
type MeetingLogged struct {
	RelationshipID     string   `json:"relationship_id"`
	MeetingID          string   `json:"meeting_id"`
	HeldOn             Date     `json:"held_on"`
	Location           string   `json:"location"`
	LocationKind       string   `json:"location_kind"`
	Minutes            int      `json:"minutes"`
	Method             string   `json:"method"`
	ObjectivesAchieved []string `json:"objectives_achieved,omitempty"`
	Challenges         []string `json:"challenges,omitempty"`
	Topics             []string `json:"topics"`
	Steps              []string `json:"steps,omitempty"`
	NextTopic          string   `json:"next_topic,omitempty"`
	Actions            []Action `json:"actions"`
	ResourcesRequired  []string `json:"resources_required,omitempty"`
	NextMeetingOn      *Date    `json:"next_meeting_on,omitempty"`
	CompletedBy        string   `json:"completed_by"`
	CompletedByRole    string   `json:"completed_by_role"` // mentor | mentee | both
}

func (MeetingLogged) EventType() string { return "relationship.meeting_logged" }

// ContactMade: contact between meetings (checklist 6: the mentor makes
// contact about two weeks after a meeting). Version 2 adds Minutes, the
// length of the contact when it was recorded (1..240); version 1 events
// are read with Minutes 0, not recorded.
type ContactMade struct {
	RelationshipID string `json:"relationship_id"`
	ContactOn      Date   `json:"contact_on"`
	By             string `json:"by"`
	ByRole         string `json:"by_role"`
	Method         string `json:"method"`
	Minutes        int    `json:"minutes,omitempty"`
}

func (ContactMade) EventType() string { return "relationship.contact_made" }

// Milestone is a dated step of an action plan (resource 15).
type Milestone struct {
	Description string `json:"description"`
	DueOn       Date   `json:"due_on"`
}

// ActionPlanAgreed: the action plan of resource 15.
type ActionPlanAgreed struct {
	RelationshipID  string      `json:"relationship_id"`
	AgreedOn        Date        `json:"agreed_on"`
	LongTermGoal    string      `json:"long_term_goal"`
	ShortTermGoals  []string    `json:"short_term_goals"`
	Milestones      []Milestone `json:"milestones"`
	SuccessCriteria []string    `json:"success_criteria"`
	ReviewDates     []Date      `json:"review_dates"`
}

func (ActionPlanAgreed) EventType() string { return "relationship.action_plan_agreed" }

// ActionPlanReviewed: the action plan was reviewed and, where needed,
// adjusted (checklist 6: review and adjust the action plan as required).
type ActionPlanReviewed struct {
	RelationshipID string `json:"relationship_id"`
	ReviewedOn     Date   `json:"reviewed_on"`
	Adjusted       bool   `json:"adjusted"`
}

func (ActionPlanReviewed) EventType() string { return "relationship.action_plan_reviewed" }

// Ending reason categories. None of them, and no field of RelationshipEnded,
// records blame: either party may end a relationship (etiquette 7).
const (
	EndCompleted             = "completed"
	EndGoalsAchieved         = "goals_achieved"
	EndMovedRole             = "moved_role"
	EndWorkload              = "workload"
	EndPersonalCircumstances = "personal_circumstances"
	EndNotWorking            = "relationship_not_working"
	EndLeftOrganisation      = "left_organisation"
	EndOther                 = "other"
)

// RelationshipEnded: the relationship reached its end point, planned or
// premature. There is deliberately no field for who was at fault.
type RelationshipEnded struct {
	RelationshipID string `json:"relationship_id"`
	EndedOn        Date   `json:"ended_on"`
	Reason         string `json:"reason"`
	Planned        bool   `json:"planned"`
}

func (RelationshipEnded) EventType() string { return "relationship.ended" }

func init() {
	register[Matched](1)
	register[AgreementSigned](1)
	register[MeetingScheduled](1)
	register[MeetingPostponed](1)
	register[MeetingLogged](1)
	register[ContactMade](2)
	register[ActionPlanAgreed](1)
	register[ActionPlanReviewed](1)
	register[RelationshipEnded](1)
}
