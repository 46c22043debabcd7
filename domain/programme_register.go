package domain

import (
	"slices"
	"strings"

	"github.com/mentorledger/mentorledger/events"
)

// RegisterProgramme is the command that records a new programme (step 1).
type RegisterProgramme events.ProgrammeRegistered

// Register records the programme. Its organisations are named (at least two
// for a partnership, step 3) and it uses one or more of the four mentoring
// models of the guidance.
func (p *Programme) Register(c RegisterProgramme) error {
	e := events.ProgrammeRegistered(c)
	if p.registered {
		return conflict(e, "programme %s is already registered", p.id)
	}
	if err := checkID(e, "programme_id", e.ProgrammeID); err != nil {
		return err
	}
	if strings.TrimSpace(e.Name) == "" {
		return invalid(e, "name", "required")
	}
	if err := checkLen(e, "name", e.Name, maxName); err != nil {
		return err
	}
	if err := checkTexts(e, "organisations", e.Organisations, 1); err != nil {
		return err
	}
	for _, o := range e.Organisations {
		if err := checkLen(e, "organisations", o, maxName); err != nil {
			return err
		}
	}
	if dup := duplicate(e.Organisations); dup != "" {
		return invalid(e, "organisations", "%q is named twice", dup)
	}
	if e.Partnership && len(e.Organisations) < 2 {
		return invalid(e, "organisations", "a partnership names at least two organisations, got %d", len(e.Organisations))
	}
	if len(e.Models) == 0 {
		return invalid(e, "models", "at least one mentoring model required")
	}
	for _, m := range e.Models {
		if err := checkOneOf(e, "models", m, models); err != nil {
			return err
		}
	}
	if dup := duplicate(e.Models); dup != "" {
		return invalid(e, "models", "%q is named twice", dup)
	}
	if err := checkDate(e, "registered_on", e.RegisteredOn); err != nil {
		return err
	}
	e.Organisations, e.Models = slices.Clone(e.Organisations), slices.Clone(e.Models)
	p.record(e)
	return nil
}

// duplicate returns the first value that occurs twice in list, or "".
func duplicate(list []string) string {
	seen := make(map[string]bool, len(list))
	for _, s := range list {
		if seen[s] {
			return s
		}
		seen[s] = true
	}
	return ""
}
