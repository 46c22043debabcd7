package domain

import (
	"slices"
	"strings"

	"github.com/mentorledger/mentorledger/events"
)

// Step 3 (accountability) and step 8 (the co-ordinator's role): who leads,
// steers, co-ordinates and administers the programme. People are named by
// id; a steering group by its seats.

// AssignSeniorLead is the command that records the programme's senior lead.
type AssignSeniorLead events.SeniorLeadAssigned

// AssignSeniorLead records the senior member of staff who leads the
// programme (checklist 1), from one of the programme's organisations. A
// later assignment replaces an earlier one.
func (p *Programme) AssignSeniorLead(c AssignSeniorLead) error {
	e := events.SeniorLeadAssigned(c)
	if err := p.checkOpen(&e, e.ProgrammeID, "assigned_on", e.AssignedOn); err != nil {
		return err
	}
	if err := checkID(e, "lead_id", e.LeadID); err != nil {
		return err
	}
	if !slices.Contains(p.organisations, e.Organisation) {
		return invalid(e, "organisation", "must be one of the programme's organisations (%s), got %q", strings.Join(p.organisations, ", "), e.Organisation)
	}
	p.record(e)
	return nil
}

// FormSteeringGroup is the command that records the programme's steering
// group.
type FormSteeringGroup events.SteeringGroupFormed

// FormSteeringGroup records a steering group by its seats (checklist 1:
// "Programme is driven by a steering group or similar").
func (p *Programme) FormSteeringGroup(c FormSteeringGroup) error {
	e := events.SteeringGroupFormed(c)
	if err := p.checkOpen(&e, e.ProgrammeID, "formed_on", e.FormedOn); err != nil {
		return err
	}
	if len(e.Members) == 0 || len(e.Members) > 30 {
		return invalid(e, "members", "must be 1..30 seats, got %d", len(e.Members))
	}
	for _, m := range e.Members {
		if err := checkOneOf(e, "members.role", m.Role, steeringRoles); err != nil {
			return err
		}
		if err := checkName(e, "members.organisation", m.Organisation); err != nil {
			return err
		}
	}
	if e.Objectives != nil {
		if err := checkList(e, "objectives", e.Objectives); err != nil {
			return err
		}
	}
	e.Members, e.Objectives = slices.Clone(e.Members), slices.Clone(e.Objectives)
	p.record(e)
	return nil
}

// AppointCoordinator is the command that records the programme's
// co-ordinator or manager.
type AppointCoordinator events.CoordinatorAppointed

// AppointCoordinator records a co-ordinator and the hours a week dedicated
// to the role (step 8: "Programmes which do not allocate sufficient time
// for co-ordination and management are likely to fail"). How many hours are
// enough the guidance does not say; the reports show them.
func (p *Programme) AppointCoordinator(c AppointCoordinator) error {
	e := events.CoordinatorAppointed(c)
	if err := p.checkOpen(&e, e.ProgrammeID, "appointed_on", e.AppointedOn); err != nil {
		return err
	}
	if err := checkID(e, "coordinator_id", e.CoordinatorID); err != nil {
		return err
	}
	if err := checkOneOf(e, "appointment", e.Appointment, appointments); err != nil {
		return err
	}
	if err := checkRange(e, "hours_per_week", e.HoursPerWeek, 1, maxHours); err != nil {
		return err
	}
	p.record(e)
	return nil
}

// ArrangeAdministration is the command that records the programme's
// administrative structure.
type ArrangeAdministration events.AdministrationArranged

// ArrangeAdministration records administrative time and where confidential
// records are kept (checklist 1; step 4).
func (p *Programme) ArrangeAdministration(c ArrangeAdministration) error {
	e := events.AdministrationArranged(c)
	if err := p.checkOpen(&e, e.ProgrammeID, "arranged_on", e.ArrangedOn); err != nil {
		return err
	}
	if err := checkRange(e, "hours_per_week", e.HoursPerWeek, 1, maxHours); err != nil {
		return err
	}
	if err := checkOneOf(e, "records_storage", e.RecordsStorage, recordsStorage); err != nil {
		return err
	}
	p.record(e)
	return nil
}
