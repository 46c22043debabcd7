package domain

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/mentorledger/mentorledger/events"
)

// invalid reports a broken rule or a bad field of the event a command would
// record, named as "<event type>.<field>".
func invalid(p events.Payload, field, format string, args ...any) error {
	return events.Errorf(events.EINVALID, "%s.%s: %s", p.EventType(), field, fmt.Sprintf(format, args...))
}

// conflict reports a command that the aggregate's state does not allow.
func conflict(p events.Payload, format string, args ...any) error {
	return events.Errorf(events.ECONFLICT, "%s: %s", p.EventType(), fmt.Sprintf(format, args...))
}

// notFound reports a missing aggregate or entity.
func notFound(format string, args ...any) error {
	return events.Errorf(events.ENOTFOUND, format, args...)
}

// checkID checks an identifier that becomes part of a stream name or
// reference: 1..64 letters, digits, '-', '_' or '.'.
func checkID[P events.Payload](p P, field, id string) error {
	if id == "" {
		return invalid(p, field, "required")
	}
	if len(id) > 64 || strings.IndexFunc(id, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.')
	}) >= 0 {
		return invalid(p, field, "must be 1..64 letters, digits, '-', '_' or '.', got %q", id)
	}
	return nil
}

// checkDate checks that a date is set.
func checkDate[P events.Payload](p P, field string, d events.Date) error {
	if d.IsZero() {
		return invalid(p, field, "required")
	}
	return nil
}

// checkOneOf checks that v is one of the known values.
func checkOneOf[P events.Payload](p P, field, v string, known []string) error {
	if !slices.Contains(known, v) {
		return invalid(p, field, "must be one of %s, got %q", strings.Join(known, ", "), v)
	}
	return nil
}

// Longest free text the event contracts accept: a name (such as a venue)
// and any other text.
const (
	maxName = 200
	maxText = 2000
)

// checkLen checks that a text is at most max characters long.
func checkLen[P events.Payload](p P, field, s string, max int) error {
	if n := utf8.RuneCountInString(s); n > max {
		return invalid(p, field, "at most %d characters, got %d", max, n)
	}
	return nil
}

// checkTexts checks that a list of free-text entries has at least min
// entries and no blank one.
func checkTexts[P events.Payload](p P, field string, list []string, min int) error {
	if len(list) < min {
		return invalid(p, field, "at least %d required, got %d", min, len(list))
	}
	for i, s := range list {
		if strings.TrimSpace(s) == "" {
			return invalid(p, field, "entry %d is blank", i+1)
		}
		if n := utf8.RuneCountInString(s); n > maxText {
			return invalid(p, field, "entry %d: at most %d characters, got %d", i+1, maxText, n)
		}
	}
	return nil
}

// Known values of the enumerations in the event contracts.
var (
	// models are the four mentoring models of the guidance (step 3).
	models = []string{events.ModelOneToOne, events.ModelGroup, events.ModelTwoByTwo, events.ModelTeam}
	// roles are the participant roles.
	roles = []string{events.RoleMentor, events.RoleMentee}
	// methods are the ways of meeting or making contact (resource 13).
	methods = []string{events.MethodFaceToFace, events.MethodVideo, events.MethodMessenger, events.MethodPhone, events.MethodEmail, events.MethodOther}
	// locationKinds are the kinds of meeting venue (checklist 6).
	locationKinds = []string{events.LocationNeutral, events.LocationWorkplacePrivate, events.LocationWorkplaceOpen, events.LocationOnline, events.LocationOther}
	// endReasons are the reason categories of an ending; none records blame.
	endReasons = []string{events.EndCompleted, events.EndGoalsAchieved, events.EndMovedRole, events.EndWorkload, events.EndPersonalCircumstances, events.EndNotWorking, events.EndLeftOrganisation, events.EndOther}
	// actionOwners are who may own an action point of a meeting log.
	actionOwners = []string{events.RoleMentor, events.RoleMentee, RoleBoth}
)

// RoleBoth marks a meeting log completed, or an action owned, by both parties.
const RoleBoth = "both"
