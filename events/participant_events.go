package events

// Participant roles.
const (
	RoleMentor = "mentor"
	RoleMentee = "mentee"
)

// ParticipantRegistered: a person joined a programme as mentor or mentee.
// It carries no name or contact details in clear: only ids, organisational
// facts and, when given, the personal details sealed with the participant's
// own key (participant_personal_events.go).
type ParticipantRegistered struct {
	ParticipantID  string `json:"participant_id"`
	ProgrammeID    string `json:"programme_id"`
	Role           string `json:"role"`
	Organisation   string `json:"organisation"`
	LineManagerRef string `json:"line_manager_ref,omitempty"`
	RegisteredOn   Date   `json:"registered_on"`
	// Personal holds the name, email and phone, encrypted; nil when none
	// were given.
	Personal *Sealed `json:"personal,omitempty"`
}

func (ParticipantRegistered) EventType() string { return "participant.registered" }

func init() { register[ParticipantRegistered](1) }
