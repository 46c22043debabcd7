// Package access says who may do what: bearer tokens (stored hashed), the
// roles they carry and the rules that allow or deny each command, report
// and ledger read. The rules are pure functions of the principal and what
// is asked for; the HTTP server applies them.
package access

import (
	"fmt"
	"strings"

	"github.com/mentorledger/mentorledger/events"
)

// Roles.
const (
	// Coordinator runs a programme: every command, report and ledger read
	// in their programme (every programme when the token names none).
	Coordinator = "coordinator"
	// Mentor and Mentee are parties to relationships: they record and read
	// their own relationships only.
	Mentor = "mentor"
	Mentee = "mentee"
	// SteeringGroup and Auditor oversee: reports, the audit and ledger
	// pages, never meeting content or personal data.
	SteeringGroup = "steering-group"
	Auditor       = "auditor"
	// Funder reads the funder report of their programme only.
	Funder = "funder"
)

// Roles lists every role.
var Roles = []string{Coordinator, Mentor, Mentee, SteeringGroup, Auditor, Funder}

// ParseRole reads a role name, accepting the guidance's spellings
// ("co-ordinator", "steering group").
func ParseRole(s string) (string, error) {
	r := strings.ToLower(strings.TrimSpace(s))
	r = strings.ReplaceAll(r, " ", "-")
	switch r {
	case "co-ordinator", "coordinator":
		return Coordinator, nil
	case "steering-group", "steering":
		return SteeringGroup, nil
	}
	for _, ok := range Roles {
		if r == ok {
			return r, nil
		}
	}
	return "", events.Errorf(events.EINVALID, "role: must be one of %s, got %q", strings.Join(Roles, ", "), s)
}

// Principal is who is calling: a token's role and scope.
type Principal struct {
	TokenID string
	Role    string
	// Programme limits the principal to one programme ("" = every
	// programme; only a co-ordinator or overseer token may leave it out).
	Programme string
	// Participant is the mentor or mentee the token belongs to.
	Participant string
	// Name is recorded as the actor of every event the principal records.
	Name string
}

// Actor is the actor recorded on the principal's events.
func (p Principal) Actor() string { return p.Name }

// check validates a principal's scope for its role, naming the flag.
func (p Principal) check() error {
	switch p.Role {
	case Mentor, Mentee:
		if p.Participant == "" {
			return events.Errorf(events.EINVALID, "participant: required for the %s role (the participant the token belongs to)", p.Role)
		}
		if p.Programme == "" {
			return events.Errorf(events.EINVALID, "programme: required for the %s role", p.Role)
		}
	case Funder:
		if p.Programme == "" {
			return events.Errorf(events.EINVALID, "programme: required for the funder role (a funder reads one programme's report)")
		}
		fallthrough
	default:
		if p.Participant != "" {
			return events.Errorf(events.EINVALID, "participant: only for the mentor and mentee roles, got %q for %s", p.Participant, p.Role)
		}
	}
	if strings.ContainsAny(p.Name, "\n\r") || len(p.Name) > 200 {
		return events.Errorf(events.EINVALID, "name: must be one line of at most 200 characters")
	}
	return nil
}

func (p Principal) String() string {
	return fmt.Sprintf("%s %s (programme %q, participant %q)", p.Role, p.Name, p.Programme, p.Participant)
}
