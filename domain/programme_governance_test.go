package domain_test

import (
	"strings"
	"testing"

	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/events"
)

func TestPurposeStatesAimsOutcomesAndOutputs(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*events.PurposeStated)
		msg  string
	}{
		{"no purpose", func(c *events.PurposeStated) { c.Purpose = "" }, "programme.purpose_stated.purpose: required"},
		{"purpose too long", func(c *events.PurposeStated) { c.Purpose = strings.Repeat("x", 2001) }, "programme.purpose_stated.purpose: at most 2000 characters, got 2001"},
		{"no aims", func(c *events.PurposeStated) { c.Aims = nil }, "programme.purpose_stated.aims: at least 1 required, got 0"},
		{"no outcomes", func(c *events.PurposeStated) { c.ExpectedOutcomes = nil }, "programme.purpose_stated.expected_outcomes: at least 1 required, got 0"},
		{"no outputs", func(c *events.PurposeStated) { c.ExpectedOutputs = []string{""} }, "programme.purpose_stated.expected_outputs: entry 1 is blank"},
		{"too many aims", func(c *events.PurposeStated) { c.Aims = make([]string, 21) }, "programme.purpose_stated.aims: at most 20 entries, got 21"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := purposeStated()
			tc.edit(&c)
			p := programme()
			err := p.StatePurpose(domain.StatePurpose(c))
			thenError(t, err, p.Changes(), events.EINVALID, tc.msg)
		})
	}
}

func TestSeniorLeadComesFromAProgrammeOrganisation(t *testing.T) {
	p := programme()
	err := p.AssignSeniorLead(domain.AssignSeniorLead{ProgrammeID: progID, AssignedOn: d("2024-11-05"), LeadID: "staff-1", Organisation: "Org C"})
	thenError(t, err, p.Changes(), events.EINVALID, `programme.senior_lead_assigned.organisation: must be one of the programme's organisations (Org A, Org B), got "Org C"`)
}

func TestSteeringGroupHasSeatsByRole(t *testing.T) {
	p := programme()
	err := p.FormSteeringGroup(domain.FormSteeringGroup{ProgrammeID: progID, FormedOn: d("2024-11-12")})
	thenError(t, err, p.Changes(), events.EINVALID, "programme.steering_group_formed.members: must be 1..30 seats, got 0")
	err = p.FormSteeringGroup(domain.FormSteeringGroup{ProgrammeID: progID, FormedOn: d("2024-11-12"),
		Members: []events.SteeringMember{{Role: "chair_person_name", Organisation: "Org A"}}})
	thenError(t, err, p.Changes(), events.EINVALID, `programme.steering_group_formed.members.role: must be one of senior_lead`)
	err = p.FormSteeringGroup(domain.FormSteeringGroup{ProgrammeID: progID, FormedOn: d("2024-11-12"),
		Members: []events.SteeringMember{{Role: events.SteeringCoordinator}}})
	thenError(t, err, p.Changes(), events.EINVALID, "programme.steering_group_formed.members.organisation: required")
}

func TestCoordinatorAndAdministrationHaveDedicatedHours(t *testing.T) {
	for _, hours := range []int{0, 61} {
		p := programme()
		err := p.AppointCoordinator(domain.AppointCoordinator{ProgrammeID: progID, AppointedOn: d("2024-11-12"), CoordinatorID: "staff-1",
			Appointment: events.AppointmentExternal, HoursPerWeek: hours})
		thenError(t, err, p.Changes(), events.EINVALID, "programme.coordinator_appointed.hours_per_week: must be 1..60")
		err = p.ArrangeAdministration(domain.ArrangeAdministration{ProgrammeID: progID, ArrangedOn: d("2024-11-12"), HoursPerWeek: hours,
			RecordsStorage: events.RecordsPaper})
		thenError(t, err, p.Changes(), events.EINVALID, "programme.administration_arranged.hours_per_week: must be 1..60")
	}
	p := programme()
	err := p.AppointCoordinator(domain.AppointCoordinator{ProgrammeID: progID, AppointedOn: d("2024-11-12"), CoordinatorID: "staff-1",
		Appointment: "volunteer", HoursPerWeek: 10})
	thenError(t, err, p.Changes(), events.EINVALID, `programme.coordinator_appointed.appointment: must be one of internal_part_of_role, internal_dedicated, external, got "volunteer"`)
}
