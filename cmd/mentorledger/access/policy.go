package access

import "strings"

// Scope is where something belongs: the programme of a stream and, for a
// relationship, its parties. The server knows it from the ledger.
type Scope struct {
	Programme string
	// Relationship is the relationship id when the stream is one.
	Relationship string
	// Parties are the relationship's mentors and mentees.
	Parties []string
	// Participant is the participant id when the stream is a participant's.
	Participant string
}

func (s Scope) hasParty(id string) bool {
	for _, p := range s.Parties {
		if p == id {
			return true
		}
	}
	return false
}

// inProgramme reports whether the principal's programme covers scope.
func (p Principal) inProgramme(programme string) bool {
	return p.Programme == "" || p.Programme == programme
}

// partyDenied are the relationship commands a mentor or mentee may not
// record in their own relationship: its making, its rematching and the
// rating of commitment, which are the co-ordinator's. The rest of the
// relationship's work is theirs.
var partyDenied = map[string]bool{
	"relationship.matched":          true,
	"relationship.rematch_arranged": true,
	"relationship.commitment_rated": true,
}

// CanCommand reports whether the principal may run the command recording
// eventType in scope.
func CanCommand(p Principal, eventType string, s Scope) bool {
	switch p.Role {
	case Coordinator:
		return s.Programme != "" && p.inProgramme(s.Programme)
	case Mentor, Mentee:
		if eventType == "evaluation.survey_answered" {
			return s.Programme == p.Programme
		}
		if !strings.HasPrefix(eventType, "relationship.") || partyDenied[eventType] {
			return false
		}
		return s.Relationship != "" && s.Programme == p.Programme && s.hasParty(p.Participant)
	}
	return false
}

// MayCommandSomewhere reports whether the principal's role may record
// eventType in some scope: a co-ordinator in their programme, a mentor or
// mentee in their own relationship. A refusal of such a principal is about
// the scope, not the role.
func MayCommandSomewhere(p Principal, eventType string) bool {
	switch p.Role {
	case Coordinator:
		return true
	case Mentor, Mentee:
		return eventType == "evaluation.survey_answered" ||
			(strings.HasPrefix(eventType, "relationship.") && !partyDenied[eventType])
	}
	return false
}

// OpensRelationships reports whether the principal's role may read some
// relationship's timeline (their own, or their programme's).
func OpensRelationships(p Principal) bool {
	return p.Role == Coordinator || p.Role == Mentor || p.Role == Mentee
}

// CanImport reports whether the principal may import a batch: only a
// co-ordinator, and a programme's co-ordinator only into their programme.
func CanImport(p Principal, s Scope) bool {
	return p.Role == Coordinator && s.Programme != "" && p.inProgramme(s.Programme)
}

// CanReport reports whether the principal may read the named report. A
// report about one relationship (content) is for its parties and the
// co-ordinator; the funder reads the funder report only.
func CanReport(p Principal, report string, content bool, s Scope) bool {
	switch p.Role {
	case Coordinator:
		return !content || (s.Programme != "" && p.inProgramme(s.Programme))
	case Mentor, Mentee:
		return content && s.Programme == p.Programme && s.hasParty(p.Participant)
	case SteeringGroup, Auditor:
		return !content
	case Funder:
		return report == "funder"
	}
	return false
}

// ReportProgramme is the programme a report is limited to for the
// principal: their own when the token names one, else what was asked.
func ReportProgramme(p Principal, asked string) string {
	if p.Programme != "" {
		return p.Programme
	}
	return asked
}

// ReadsLedger reports whether the principal may read ledger pages, the
// live feed and the hash-chain verification.
func ReadsLedger(p Principal) bool {
	switch p.Role {
	case Coordinator, SteeringGroup, Auditor, Mentor, Mentee:
		return true
	}
	return false
}

// Visibility is how the principal sees one ledger event.
type Visibility int

const (
	// Hidden: not shown at all.
	Hidden Visibility = iota
	// Redacted: shown with its payload reduced to ids, dates and counts
	// (no meeting content, no personal data); its hash still shows.
	Redacted
	// Full: shown as recorded (personal data stays sealed).
	Full
)

// Sees says how the principal sees an event of eventType in scope.
func Sees(p Principal, eventType string, s Scope) Visibility {
	switch p.Role {
	case Coordinator:
		if p.Programme == "" || (s.Programme != "" && s.Programme == p.Programme) {
			return Full
		}
		if s.Programme == "" && strings.HasPrefix(eventType, "ledger.") {
			return Redacted
		}
		return Hidden
	case Mentor, Mentee:
		if s.Relationship != "" && s.Programme == p.Programme && s.hasParty(p.Participant) {
			return Full
		}
		if s.Participant != "" && s.Participant == p.Participant {
			return Full
		}
		return Hidden
	case SteeringGroup, Auditor:
		if p.Programme == "" || s.Programme == p.Programme || s.Programme == "" {
			return Redacted
		}
		return Hidden
	}
	return Hidden
}
