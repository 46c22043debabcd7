package events

// Participant roles.
const (
	RoleMentor = "mentor"
	RoleMentee = "mentee"
)

// ParticipantRegistered: a person joined a programme as mentor or mentee.
// It carries no name or contact details: only ids and organisational facts.
type ParticipantRegistered struct {
	ParticipantID  string `json:"participant_id"`
	ProgrammeID    string `json:"programme_id"`
	Role           string `json:"role"`
	Organisation   string `json:"organisation"`
	LineManagerRef string `json:"line_manager_ref,omitempty"`
	RegisteredOn   Date   `json:"registered_on"`
}

func (ParticipantRegistered) EventType() string { return "participant.registered" }

func init() { register[ParticipantRegistered](1) }
