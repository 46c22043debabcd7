package domain

import (
	"slices"
	"strings"

	"github.com/mentorledger/mentorledger/events"
)

// MaxMeetingMinutes bounds the length of one meeting (eight hours): longer
// is a mistake in the record, not a long meeting.
const MaxMeetingMinutes = 480

// LogMeeting is the command that records the meeting log of resource 13.
type LogMeeting events.MeetingLogged

// LogMeeting records the log of a meeting held inside the relationship. The
// meeting may have been scheduled first or not; either way it is logged
// once. The log names the meeting's length, method and venue, at least one
// topic and the actions with their owners, and is completed by a party in
// their role (or by both together). A meeting longer than the agreed
// maximum is recorded as held: the guidance recommends no more than two
// hours rather than requiring it, and checklist 6 reports it.
func (r *Relationship) LogMeeting(c LogMeeting) error {
	e := events.MeetingLogged(c)
	if err := r.heldWithin(&e, e.RelationshipID, "held_on", e.HeldOn); err != nil {
		return err
	}
	if err := checkID(e, "meeting_id", e.MeetingID); err != nil {
		return err
	}
	if m, ok := r.meetings[e.MeetingID]; ok && m.logged {
		return conflict(e, "meeting %s was already logged (held on %s)", e.MeetingID, m.heldOn)
	} else if ok && m.cancelled {
		return conflict(e, "meeting %s was cancelled on %s: a cancelled meeting is not logged", e.MeetingID, m.cancelledOn)
	}
	if e.Minutes < 1 || e.Minutes > MaxMeetingMinutes {
		return invalid(e, "minutes", "must be 1..%d, got %d", MaxMeetingMinutes, e.Minutes)
	}
	if err := checkOneOf(e, "method", e.Method, methods); err != nil {
		return err
	}
	if err := checkOneOf(e, "location_kind", e.LocationKind, locationKinds); err != nil {
		return err
	}
	if strings.TrimSpace(e.Location) == "" {
		return invalid(e, "location", "required")
	}
	if err := checkLen(e, "location", e.Location, maxName); err != nil {
		return err
	}
	for _, f := range []struct {
		name string
		list []string
	}{{"objectives_achieved", e.ObjectivesAchieved}, {"challenges", e.Challenges}, {"steps", e.Steps}, {"resources_required", e.ResourcesRequired}} {
		if err := checkTexts(e, f.name, f.list, 0); err != nil {
			return err
		}
	}
	if err := checkLen(e, "next_topic", e.NextTopic, maxText); err != nil {
		return err
	}
	if err := checkTexts(e, "topics", e.Topics, 1); err != nil {
		return err
	}
	for i, a := range e.Actions {
		if strings.TrimSpace(a.Description) == "" {
			return invalid(e, "actions", "action %d has no description", i+1)
		}
		if !slices.Contains(actionOwners, a.Owner) {
			return invalid(e, "actions", "action %d: owner must be one of %s, got %q", i+1, strings.Join(actionOwners, ", "), a.Owner)
		}
	}
	if e.NextMeetingOn != nil {
		if e.NextMeetingOn.IsZero() {
			e.NextMeetingOn = nil
		} else if !e.NextMeetingOn.After(e.HeldOn) {
			return invalid(e, "next_meeting_on", "must be after held_on %s, got %s", e.HeldOn, *e.NextMeetingOn)
		} else {
			d := *e.NextMeetingOn
			e.NextMeetingOn = &d
		}
	}
	role, err := r.party(&e, "completed_by", e.CompletedBy)
	if err != nil {
		return err
	}
	if err := partyRole(e, "completed_by_role", &e.CompletedByRole, e.CompletedBy, role, true); err != nil {
		return err
	}
	e.ObjectivesAchieved, e.Challenges, e.Topics, e.Steps = slices.Clone(e.ObjectivesAchieved), slices.Clone(e.Challenges), slices.Clone(e.Topics), slices.Clone(e.Steps)
	e.Actions, e.ResourcesRequired = slices.Clone(e.Actions), slices.Clone(e.ResourcesRequired)
	r.record(e)
	return nil
}
