package events

// Mentoring models the guidance describes (step 3).
const (
	ModelOneToOne = "one_to_one" // one mentor, one mentee
	ModelGroup    = "group"      // one mentor, one to four mentees
	ModelTwoByTwo = "two_by_two" // two mentors, two mentees
	ModelTeam     = "team"       // several mentors working with several mentees
)

// ProgrammeRegistered: a mentoring programme exists (step 1).
type ProgrammeRegistered struct {
	ProgrammeID   string   `json:"programme_id"`
	Name          string   `json:"name"`
	Organisations []string `json:"organisations"`
	Partnership   bool     `json:"partnership,omitempty"`
	Models        []string `json:"models"`
	RegisteredOn  Date     `json:"registered_on"`
}

func (ProgrammeRegistered) EventType() string { return "programme.registered" }

// PlanAdopted: the programme's plan, whose meeting rules checklist 6 checks
// (meet once a month, no more than two hours, contact about two weeks after a
// meeting, documents forwarded soon after completion).
type PlanAdopted struct {
	ProgrammeID              string `json:"programme_id"`
	AdoptedOn                Date   `json:"adopted_on"`
	StartsOn                 Date   `json:"starts_on"`
	EndsOn                   Date   `json:"ends_on"`
	RelationshipMonths       int    `json:"relationship_months"`
	MeetingFrequencyDays     int    `json:"meeting_frequency_days"`
	MinMeetingMinutes        int    `json:"min_meeting_minutes"`
	MaxMeetingMinutes        int    `json:"max_meeting_minutes"`
	ContactAfterMeetingDays  int    `json:"contact_after_meeting_days"`
	DocumentsDueDays         int    `json:"documents_due_days"`
	MentorTrainingMandatory  bool   `json:"mentor_training_mandatory"`
	MenteeInductionMandatory bool   `json:"mentee_induction_mandatory"`
}

func (PlanAdopted) EventType() string { return "programme.plan_adopted" }

func init() {
	register[ProgrammeRegistered](1)
	register[PlanAdopted](1)
}
