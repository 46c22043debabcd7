package domain_test

import (
	"testing"
	"time"

	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/events"
)

// Valid commands inside rel-1, dated on day (a date on or after the match).

func agreement(day events.Date) events.AgreementSigned {
	return events.AgreementSigned{
		RelationshipID:         "rel-1",
		SignedOn:               day,
		EndsOn:                 d("2025-07-10"),
		MeetingFrequencyDays:   30,
		MinMeetingMinutes:      60,
		MaxMeetingMinutes:      120,
		ContactBetweenMeetings: "email every two weeks",
		ConfidentialityAgreed:  true,
		SignedBy:               []string{"m1", "e1"},
	}
}

func scheduled(id string, when time.Time) events.MeetingScheduled {
	return events.MeetingScheduled{RelationshipID: "rel-1", MeetingID: id, ScheduledFor: when, Agenda: []string{"get to know each other", "agree the agreement"}}
}

func postponed(id string, notice time.Time) events.MeetingPostponed {
	next := notice.AddDate(0, 0, 7)
	return events.MeetingPostponed{RelationshipID: "rel-1", MeetingID: id, NoticeGiven: notice, NewTime: &next, RequestedBy: "e1", Reason: "work deadline"}
}

func logged(id string, day events.Date) events.MeetingLogged {
	return events.MeetingLogged{
		RelationshipID:  "rel-1",
		MeetingID:       id,
		HeldOn:          day,
		Location:        "library meeting room",
		LocationKind:    events.LocationNeutral,
		Minutes:         90,
		Method:          events.MethodFaceToFace,
		Topics:          []string{"expectations and ground rules"},
		Actions:         []events.Action{{Description: "draft three development goals", Owner: events.RoleMentee}},
		CompletedBy:     "m1",
		CompletedByRole: events.RoleMentor,
	}
}

func contact(day events.Date) events.ContactMade {
	return events.ContactMade{RelationshipID: "rel-1", ContactOn: day, By: "m1", ByRole: events.RoleMentor, Method: events.MethodEmail}
}

func actionPlan(day events.Date) events.ActionPlanAgreed {
	return events.ActionPlanAgreed{
		RelationshipID:  "rel-1",
		AgreedOn:        day,
		LongTermGoal:    "lead the service redesign project",
		ShortTermGoals:  []string{"chair a project meeting", "map stakeholders"},
		Milestones:      []events.Milestone{{Description: "stakeholder map shared", DueOn: day.AddDays(30)}},
		SuccessCriteria: []string{"team feedback on chairing"},
		ReviewDates:     []events.Date{day.AddDays(60)},
	}
}

func reviewed(day events.Date) events.ActionPlanReviewed {
	return events.ActionPlanReviewed{RelationshipID: "rel-1", ReviewedOn: day, Adjusted: true}
}

// commands runs each relationship command dated on day.
var commands = []struct {
	name string
	run  func(r *domain.Relationship, day events.Date) error
}{
	{"sign agreement", func(r *domain.Relationship, day events.Date) error {
		return r.SignAgreement(domain.SignAgreement(agreement(day)), programme())
	}},
	{"schedule meeting", func(r *domain.Relationship, day events.Date) error {
		return r.ScheduleMeeting(domain.ScheduleMeeting(scheduled("mtg-9", day.Time().Add(10*time.Hour))))
	}},
	{"postpone meeting", func(r *domain.Relationship, day events.Date) error {
		return r.PostponeMeeting(domain.PostponeMeeting(postponed("mtg-1", day.Time().Add(9*time.Hour))))
	}},
	{"log meeting", func(r *domain.Relationship, day events.Date) error {
		return r.LogMeeting(domain.LogMeeting(logged("mtg-1", day)))
	}},
	{"make contact", func(r *domain.Relationship, day events.Date) error {
		return r.MakeContact(domain.MakeContact(contact(day)))
	}},
	{"agree action plan", func(r *domain.Relationship, day events.Date) error {
		return r.AgreeActionPlan(domain.AgreeActionPlan(actionPlan(day)))
	}},
	{"review action plan", func(r *domain.Relationship, day events.Date) error {
		return r.ReviewActionPlan(domain.ReviewActionPlan(reviewed(day)))
	}},
	{"end", func(r *domain.Relationship, day events.Date) error {
		return r.End(domain.EndRelationship{RelationshipID: "rel-1", EndedOn: day, Reason: events.EndCompleted, Planned: true})
	}},
}

func TestCommandsNeedAMatchedRelationship(t *testing.T) {
	for _, c := range commands {
		t.Run(c.name, func(t *testing.T) {
			r := given()
			err := c.run(r, d("2025-02-01"))
			thenError(t, err, r.Changes(), events.ENOTFOUND, "relationship rel-1: not found")
		})
	}
}

func TestNothingIsRecordedInAnEndedRelationship(t *testing.T) {
	for _, c := range commands {
		if c.name == "log meeting" {
			continue // a meeting held before the end may be logged later
		}
		t.Run(c.name, func(t *testing.T) {
			r := given(matched(), scheduled("mtg-1", at("2025-02-01T10:00:00Z")), actionPlan(d("2025-01-20")), ended())
			err := c.run(r, d("2025-02-01"))
			thenError(t, err, r.Changes(), events.ECONFLICT, "relationship rel-1")
		})
	}
}

func TestNothingIsDatedBeforeTheMatch(t *testing.T) {
	for _, c := range commands {
		t.Run(c.name, func(t *testing.T) {
			r := given(matched(), scheduled("mtg-1", at("2025-02-01T10:00:00Z")), actionPlan(d("2025-01-10")))
			err := c.run(r, d("2025-01-09"))
			thenError(t, err, r.Changes(), events.EINVALID, "must be on or after matched_on 2025-01-10, got 2025-01-09")
		})
	}
}

func TestEveryCommandIsRecordedInAnActiveRelationship(t *testing.T) {
	for _, c := range commands {
		t.Run(c.name, func(t *testing.T) {
			r := given(matched(), scheduled("mtg-1", at("2025-02-01T10:00:00Z")), actionPlan(d("2025-01-10")))
			if err := c.run(r, d("2025-02-01")); err != nil {
				t.Fatal(err)
			}
			if got := len(r.Changes()); got != 1 {
				t.Fatalf("recorded %d events, want 1", got)
			}
		})
	}
}

func TestAMeetingHeldBeforeTheEndIsLoggedAfterIt(t *testing.T) {
	r := given(matched(), scheduled("mtg-1", at("2025-02-01T10:00:00Z")), ended())
	if err := r.LogMeeting(domain.LogMeeting(logged("mtg-1", d("2025-02-01")))); err != nil {
		t.Fatal(err)
	}
	if got := len(r.Changes()); got != 1 {
		t.Fatalf("changes=%d, want 1", got)
	}
}

func TestNoMeetingIsLoggedAsHeldAfterTheEnd(t *testing.T) {
	r := given(matched(), ended())
	err := r.LogMeeting(domain.LogMeeting(logged("mtg-2", d("2025-03-05"))))
	thenError(t, err, r.Changes(), events.EINVALID, "held_on: must be on or before the relationship's end 2025-03-01, got 2025-03-05")
}

func TestACancelledMeetingIsNeitherLoggedNorPostponed(t *testing.T) {
	cancelled := events.MeetingCancelled{RelationshipID: "rel-1", MeetingID: "mtg-1", NoticeGiven: at("2025-01-30T09:00:00Z"), CancelledBy: "e1"}
	r := given(matched(), scheduled("mtg-1", at("2025-02-01T10:00:00Z")), cancelled)
	err := r.LogMeeting(domain.LogMeeting(logged("mtg-1", d("2025-02-01"))))
	thenError(t, err, r.Changes(), events.ECONFLICT, "meeting mtg-1 was cancelled on 2025-01-30")
	r = given(matched(), scheduled("mtg-1", at("2025-02-01T10:00:00Z")), cancelled)
	err = r.PostponeMeeting(domain.PostponeMeeting(postponed("mtg-1", at("2025-01-31T09:00:00Z"))))
	thenError(t, err, r.Changes(), events.ECONFLICT, "meeting mtg-1 was cancelled on 2025-01-30")
}
