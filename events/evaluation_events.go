package events

// Evaluation (step 7, good practice checklists 4 and 5, resource 6).
//
// Surveys are anonymous: no payload of this file names a participant, and
// their schemas forbid any field they do not list.

// Survey audiences (checklist 4: "interviews or feedback sessions ... with
// mentors, mentees and line managers"; "self-report questionnaires from
// mentors and mentees").
const (
	AudienceMentor      = "mentor"
	AudienceMentee      = "mentee"
	AudienceLineManager = "line_manager"
)

// Answer kinds of a survey question.
const (
	AnswerYesNo = "yes_no" // Choice: yes | no
	AnswerScale = "scale"  // Value: within the instrument's scale
	AnswerText  = "text"   // Text: free text
)

// Outcome kinds (checklist 4: "Statistical measures (eg
// qualifications/learning objectives achieved, staff turnover, skills
// acquired)").
const (
	OutcomeQualification     = "qualification"
	OutcomeLearningObjective = "learning_objective"
	OutcomeSkill             = "skill"
)

// Feedback session kinds (checklist 4: "interviews or feedback sessions
// (singly or as groups)", "focus groups").
const (
	FeedbackSession = "feedback_session"
	FocusGroup      = "focus_group"
)

// InstrumentResource6 is the built-in instrument: resource 6, "Exemplar
// evaluation - mentors".
const InstrumentResource6 = "resource6"

// Question is one question of a survey instrument.
type Question struct {
	QuestionID string `json:"question_id"`
	Title      string `json:"title"`
	Kind       string `json:"kind"` // yes_no | scale | text
}

// Resource6Questions returns the sixteen questions of resource 6 in the
// guidance's wording, ids q1..q16. The guidance gives no answer scale: its
// form prints the questions only. The kinds are read from the questions
// themselves: a closed question (would you, did, were, do you think) is
// answered yes or no; a "how would you rate / describe", "how clearly" or
// "what" question is answered in the respondent's words. No number is
// invented for them; a programme that wants a rating scale defines its own
// instrument (InstrumentDefined).
func Resource6Questions() []Question {
	return []Question{
		{"q1", "How would you rate the mentoring programme?", AnswerText},
		{"q2", "How would you describe the quality of your experience as a participant in the programme?", AnswerText},
		{"q3", "Would you volunteer to serve as a mentor again in the future?", AnswerYesNo},
		{"q4", "Did the mentor training session help you prepare for your mentoring experience?", AnswerYesNo},
		{"q5", "Would you have liked additional training?", AnswerYesNo},
		{"q6", "How clearly defined were your mentor responsibilities?", AnswerText},
		{"q7", "Were the mentor programme co-ordinators accessible and easy to talk to and seek advice from when necessary?", AnswerYesNo},
		{"q8", "How would you describe your relationship with your mentee?", AnswerText},
		{"q9", "Do you think that the time you spent with your mentee was sufficient?", AnswerYesNo},
		{"q10", "Do you think that the time you spent together was helpful for your mentee?", AnswerYesNo},
		{"q11", "Did you gain personally from this relationship?", AnswerYesNo},
		{"q12", "Would you have preferred to meet less often with your mentee?", AnswerYesNo},
		{"q13", "Would you have preferred to meet more often with your mentee?", AnswerYesNo},
		{"q14", "What was most satisfying about the mentor programme?", AnswerText},
		{"q15", "What was least satisfying about the mentor programme?", AnswerText},
		{"q16", "What would you suggest to improve the mentor programme?", AnswerText},
	}
}

// InstrumentDefined: a programme declared its own survey instrument. Scale
// bounds the answers to its scale questions; both are 0 when it has none.
type InstrumentDefined struct {
	InstrumentID string     `json:"instrument_id"`
	ProgrammeID  string     `json:"programme_id"`
	DefinedOn    Date       `json:"defined_on"`
	Questions    []Question `json:"questions"`
	ScaleMin     int        `json:"scale_min"`
	ScaleMax     int        `json:"scale_max"`
}

func (InstrumentDefined) EventType() string { return "evaluation.instrument_defined" }

// SurveyIssued: a survey on an instrument was issued to one audience of a
// programme, to be returned by DueOn.
type SurveyIssued struct {
	SurveyID     string `json:"survey_id"`
	ProgrammeID  string `json:"programme_id"`
	InstrumentID string `json:"instrument_id"`
	Audience     string `json:"audience"` // mentor | mentee | line_manager
	IssuedOn     Date   `json:"issued_on"`
	DueOn        Date   `json:"due_on"`
}

func (SurveyIssued) EventType() string { return "evaluation.survey_issued" }

// Answer is the answer to one question: Choice for a yes_no question, Value
// for a scale question, Text for a text question.
type Answer struct {
	QuestionID string `json:"question_id"`
	Choice     string `json:"choice,omitempty"` // yes | no
	Value      *int   `json:"value,omitempty"`
	Text       string `json:"text,omitempty"`
}

// SurveyAnswered: one anonymous response to a survey. There is
// deliberately no field for who answered. Partial says the respondent left
// questions unanswered; otherwise every question of the instrument is
// answered.
type SurveyAnswered struct {
	SurveyID     string   `json:"survey_id"`
	InstrumentID string   `json:"instrument_id"`
	AnsweredOn   Date     `json:"answered_on"`
	Answers      []Answer `json:"answers"`
	Partial      bool     `json:"partial"`
}

func (SurveyAnswered) EventType() string { return "evaluation.survey_answered" }

// OutcomeRecorded: an outcome achieved, counted for the evaluation
// (checklist 4's statistical measures), without personal names; linked to
// a relationship when it came from one.
type OutcomeRecorded struct {
	ProgrammeID    string `json:"programme_id"`
	OutcomeID      string `json:"outcome_id"`
	RelationshipID string `json:"relationship_id,omitempty"`
	Kind           string `json:"kind"` // qualification | learning_objective | skill
	AchievedOn     Date   `json:"achieved_on"`
	Description    string `json:"description"`
}

func (OutcomeRecorded) EventType() string { return "evaluation.outcome_recorded" }

// FeedbackSessionHeld: a feedback session or focus group was held, with how
// many took part (checklist 4). Who took part is not recorded.
type FeedbackSessionHeld struct {
	ProgrammeID  string `json:"programme_id"`
	SessionID    string `json:"session_id"`
	Kind         string `json:"kind"` // feedback_session | focus_group
	HeldOn       Date   `json:"held_on"`
	Participants int    `json:"participants"`
}

func (FeedbackSessionHeld) EventType() string { return "evaluation.feedback_session_held" }

func init() {
	register[InstrumentDefined](1)
	register[SurveyIssued](1)
	register[SurveyAnswered](1)
	register[OutcomeRecorded](1)
	register[FeedbackSessionHeld](1)
}
