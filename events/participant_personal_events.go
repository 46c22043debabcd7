package events

import "errors"

// Personal data (DESIGN.md, "Integrity and privacy"). A participant's name
// and contact details never sit in an event in clear: the application
// encrypts them with a key of that participant's own, held in a key store
// outside the ledger, before the event is hashed. Destroying the key erases
// the details everywhere the event was copied to (crypto-shredding) while the
// event itself, its hash and every count stay as they were.

// Sealed is a participant's personal details encrypted with their key, as
// carried by ParticipantRegistered: the id of the key, the nonce and the
// AES-256-GCM ciphertext with its tag, both in standard base64. Only the key
// store can open it, and only while it still holds the key.
type Sealed struct {
	KeyID      string `json:"key_id"`
	Nonce      string `json:"nonce"`
	Ciphertext string `json:"ciphertext"`
}

// ErrErased is returned when sealed data is opened, or a key asked for,
// after the person's key was destroyed.
var ErrErased = errors.New("personal data erased: key destroyed")

// PersonalDataErased: the participant's key was destroyed, so the personal
// details sealed with it can no longer be read. Deliberately no reason: a
// reason could identify the person or their circumstances.
type PersonalDataErased struct {
	ParticipantID string `json:"participant_id"`
	ErasedOn      Date   `json:"erased_on"`
}

func (PersonalDataErased) EventType() string { return "participant.personal_data_erased" }

func init() { register[PersonalDataErased](1) }
