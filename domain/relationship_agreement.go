package domain

import (
	"fmt"
	"slices"
	"strings"

	"github.com/mentorledger/mentorledger/events"
)

// SignAgreement is the command that records the mentoring agreement of
// resource 5. Meeting rules left at zero take the programme plan's (or, with
// no plan, the guidance's defaults); an end date left at zero is the match
// date plus the plan's relationship months; contact between meetings left
// blank is the plan's "every N days or as agreed".
type SignAgreement events.AgreementSigned

// SignAgreement records the agreement, signed by at least one mentor and one
// mentee of the relationship and by nobody else, with a defined end point
// (pitfall 2) and confidentiality agreed (resource 5, clause 7). prog is the
// relationship's programme. Checklist 6 asks for the agreement at the first
// meeting; one signed later is recorded as signed. A later agreement
// replaces an earlier one.
func (r *Relationship) SignAgreement(c SignAgreement, prog *Programme) error {
	e := events.AgreementSigned(c)
	if err := r.active(&e, e.RelationshipID, "signed_on", e.SignedOn); err != nil {
		return err
	}
	if len(e.SignedBy) == 0 {
		return invalid(e, "signed_by", "required: both parties sign the agreement")
	}
	if dup := duplicate(e.SignedBy); dup != "" {
		return invalid(e, "signed_by", "%s signed twice", dup)
	}
	var mentor, mentee bool
	for _, id := range e.SignedBy {
		role, err := r.party(&e, "signed_by", id)
		if err != nil {
			return err
		}
		mentor, mentee = mentor || role == events.RoleMentor, mentee || role == events.RoleMentee
	}
	if !mentor || !mentee {
		return invalid(e, "signed_by", "signed by both parties: at least one mentor and one mentee")
	}
	if !e.ConfidentialityAgreed {
		return invalid(e, "confidentiality_agreed", "the content of meetings is confidential (resource 5, clause 7): must be true")
	}
	plan, havePlan := events.PlanAdopted{}, false
	if prog != nil {
		plan, havePlan = prog.Plan()
	}
	if !havePlan {
		plan = events.PlanAdopted{
			MeetingFrequencyDays:    DefaultMeetingFrequencyDays,
			MinMeetingMinutes:       DefaultMinMeetingMinutes,
			MaxMeetingMinutes:       DefaultMaxMeetingMinutes,
			ContactAfterMeetingDays: DefaultContactAfterMeetingDays,
		}
	}
	if e.EndsOn.IsZero() && plan.RelationshipMonths > 0 {
		e.EndsOn = events.NewDate(r.matchedOn.Time().AddDate(0, plan.RelationshipMonths, 0))
	}
	if e.EndsOn.IsZero() {
		return invalid(e, "ends_on", "required: the relationship has a defined end point")
	}
	if !e.EndsOn.After(e.SignedOn) {
		return invalid(e, "ends_on", "must be after signed_on %s, got %s", e.SignedOn, e.EndsOn)
	}
	for _, f := range []struct {
		name     string
		v        *int
		def, max int
	}{
		{"meeting_frequency_days", &e.MeetingFrequencyDays, plan.MeetingFrequencyDays, 366},
		{"min_meeting_minutes", &e.MinMeetingMinutes, plan.MinMeetingMinutes, MaxMeetingMinutes},
		{"max_meeting_minutes", &e.MaxMeetingMinutes, plan.MaxMeetingMinutes, MaxMeetingMinutes},
	} {
		if *f.v == 0 {
			*f.v = f.def
		}
		if *f.v < 1 || *f.v > f.max {
			return invalid(e, f.name, "must be 1..%d, got %d", f.max, *f.v)
		}
	}
	if e.MinMeetingMinutes > e.MaxMeetingMinutes {
		return invalid(e, "min_meeting_minutes", "must not exceed max_meeting_minutes %d, got %d", e.MaxMeetingMinutes, e.MinMeetingMinutes)
	}
	if strings.TrimSpace(e.ContactBetweenMeetings) == "" {
		e.ContactBetweenMeetings = fmt.Sprintf("every %d days or as agreed", plan.ContactAfterMeetingDays)
	}
	if err := checkLen(e, "contact_between_meetings", e.ContactBetweenMeetings, maxText); err != nil {
		return err
	}
	e.SignedBy = slices.Clone(e.SignedBy)
	r.record(e)
	return nil
}
