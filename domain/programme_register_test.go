package domain_test

import (
	"testing"

	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/events"
)

func TestRegisterProgrammeRecordsIt(t *testing.T) {
	p := domain.LoadProgramme(nil)
	err := p.Register(domain.RegisterProgramme(registered()))
	then(t, err, p.Changes(), registered())
}

func TestProgrammeIsRegisteredOnce(t *testing.T) {
	p := programme(registered())
	err := p.Register(domain.RegisterProgramme(registered()))
	thenError(t, err, p.Changes(), events.ECONFLICT, "programme.registered: programme prog-1 is already registered")
}

func TestProgrammeNamesItsOrganisationsAndAPartnershipAtLeastTwo(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*events.ProgrammeRegistered)
		msg  string
	}{
		{"no id", func(c *events.ProgrammeRegistered) { c.ProgrammeID = "" }, "programme.registered.programme_id: required"},
		{"id with a space", func(c *events.ProgrammeRegistered) { c.ProgrammeID = "prog 1" }, "programme.registered.programme_id: must be 1..64 letters"},
		{"no name", func(c *events.ProgrammeRegistered) { c.Name = " " }, "programme.registered.name: required"},
		{"no organisation", func(c *events.ProgrammeRegistered) { c.Organisations = nil }, "programme.registered.organisations: at least 1 required, got 0"},
		{"organisation twice", func(c *events.ProgrammeRegistered) { c.Organisations = []string{"Org A", "Org A"} }, `programme.registered.organisations: "Org A" is named twice`},
		{"partnership of one", func(c *events.ProgrammeRegistered) { c.Organisations = []string{"Org A"} }, "programme.registered.organisations: a partnership names at least two organisations, got 1"},
		{"no date", func(c *events.ProgrammeRegistered) { c.RegisteredOn = events.Date{} }, "programme.registered.registered_on: required"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := registered()
			tc.edit(&c)
			p := domain.LoadProgramme(nil)
			err := p.Register(domain.RegisterProgramme(c))
			thenError(t, err, p.Changes(), events.EINVALID, tc.msg)
		})
	}
}

func TestProgrammeUsesKnownMentoringModels(t *testing.T) {
	for _, tc := range []struct {
		name   string
		models []string
		msg    string
	}{
		{"none", nil, "programme.registered.models: at least one mentoring model required"},
		{"unknown", []string{"one_to_one", "triad"}, `programme.registered.models: must be one of one_to_one, group, two_by_two, team, got "triad"`},
		{"twice", []string{"group", "group"}, `programme.registered.models: "group" is named twice`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := registered()
			c.Models = tc.models
			p := domain.LoadProgramme(nil)
			err := p.Register(domain.RegisterProgramme(c))
			thenError(t, err, p.Changes(), events.EINVALID, tc.msg)
		})
	}
}
