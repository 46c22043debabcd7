package events

// Participant lifecycle: selection, training, induction, development and
// withdrawal ("Mentor and mentee recruitment and selection criteria",
// "Provide training for mentors and orientation for mentees"; the EMCC mentor
// profile descriptors of seed 002).

// Reasons a candidate was not selected: categories, never a judgement of a
// person. "Training also provides an opportunity ... for individuals to make
// decisions about participation in the programme. They can self-select in or
// out of the programme".
const (
	NotSelectedCriteriaNotMet = "criteria_not_met"        // did not meet the selection criteria
	NotSelectedCommitment     = "commitment_not_possible" // could not commit to timescales, meetings or training
	NotSelectedSelfSelected   = "self_selected_out"       // decided not to take part
	NotSelectedNoPlace        = "no_place"                // no place or no suitable match in this intake
	NotSelectedOther          = "other"
)

// EMCC Global mentor profile levels (seed 002).
const (
	LevelFoundation         = "foundation"
	LevelPractitioner       = "practitioner"
	LevelSeniorPractitioner = "senior_practitioner"
	LevelMasterPractitioner = "master_practitioner"
)

// Areas of a training need, drawn from the guidance's outline of a mentor
// training session and a mentee induction.
const (
	NeedRoleAndBoundaries    = "role_and_boundaries"
	NeedEtiquette            = "etiquette_and_confidentiality"
	NeedSkills               = "skills"
	NeedManagingRelationship = "managing_the_relationship"
	NeedActionPlanning       = "action_planning_and_goals"
	NeedMonitoringEvaluation = "monitoring_and_evaluation"
	NeedOther                = "other"
)

// Selected: the co-ordinator selected a recruited participant against the
// programme's selection criteria.
type Selected struct {
	ParticipantID string `json:"participant_id"`
	SelectedOn    Date   `json:"selected_on"`
}

func (Selected) EventType() string { return "participant.selected" }

// NotSelected: a recruited participant was not selected, for a reason
// category, and whether they have been informed ("how individuals who do not
// meet the selection criteria will be informed").
type NotSelected struct {
	ParticipantID string `json:"participant_id"`
	DecidedOn     Date   `json:"decided_on"`
	Reason        string `json:"reason"`
	Informed      bool   `json:"informed"`
}

func (NotSelected) EventType() string { return "participant.not_selected" }

// MentorTrainingCompleted: a mentor completed a mentor training session.
// Training is "an on-going process, rather than a one-off event": a mentor
// may complete several.
type MentorTrainingCompleted struct {
	ParticipantID string `json:"participant_id"`
	CompletedOn   Date   `json:"completed_on"`
}

func (MentorTrainingCompleted) EventType() string { return "participant.mentor_training_completed" }

// MenteeInductionCompleted: a mentee completed the programme's induction.
type MenteeInductionCompleted struct {
	ParticipantID string `json:"participant_id"`
	CompletedOn   Date   `json:"completed_on"`
}

func (MenteeInductionCompleted) EventType() string { return "participant.mentee_induction_completed" }

// MentorLevelAssessed: a mentor's level against the EMCC mentor profile
// descriptors. A later assessment supersedes an earlier one.
type MentorLevelAssessed struct {
	ParticipantID string `json:"participant_id"`
	AssessedOn    Date   `json:"assessed_on"`
	Level         string `json:"level"`
}

func (MentorLevelAssessed) EventType() string { return "participant.mentor_level_assessed" }

// SupervisionRecorded: a mentor took part in supervision ("seeks appropriate
// supervision, training, and support").
type SupervisionRecorded struct {
	ParticipantID string `json:"participant_id"`
	HeldOn        Date   `json:"held_on"`
	Minutes       int    `json:"minutes"`
}

func (SupervisionRecorded) EventType() string { return "participant.supervision_recorded" }

// TrainingNeedIdentified: a further training need of a participant
// (checklist 5: "Have any further training needs been identified?").
type TrainingNeedIdentified struct {
	ParticipantID string `json:"participant_id"`
	NeedID        string `json:"need_id"`
	IdentifiedOn  Date   `json:"identified_on"`
	Area          string `json:"area"`
}

func (TrainingNeedIdentified) EventType() string { return "participant.training_need_identified" }

// TrainingNeedMet: a training need was met (checklist 5: "If so, what steps
// have been taken to meet those needs?").
type TrainingNeedMet struct {
	ParticipantID string `json:"participant_id"`
	NeedID        string `json:"need_id"`
	MetOn         Date   `json:"met_on"`
}

func (TrainingNeedMet) EventType() string { return "participant.training_need_met" }

// ParticipantWithdrew: the participant left the programme. Participation is
// voluntary (etiquette 2): there is deliberately no reason field.
type ParticipantWithdrew struct {
	ParticipantID string `json:"participant_id"`
	WithdrewOn    Date   `json:"withdrew_on"`
}

func (ParticipantWithdrew) EventType() string { return "participant.withdrew" }

func init() {
	register[Selected](1)
	register[NotSelected](1)
	register[MentorTrainingCompleted](1)
	register[MenteeInductionCompleted](1)
	register[MentorLevelAssessed](1)
	register[SupervisionRecorded](1)
	register[TrainingNeedIdentified](1)
	register[TrainingNeedMet](1)
	register[ParticipantWithdrew](1)
}
