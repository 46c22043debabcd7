package domain_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/events"
)

// Fixtures: a partnership programme with a plan, mentors m1..m3, mentees
// e1..e5 and a one-to-one relationship rel-1 (m1, e1) matched on 2025-01-10.

const progID = "prog-1"

func d(s string) events.Date { return events.MustDate(s) }

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func registered() events.ProgrammeRegistered {
	return events.ProgrammeRegistered{
		ProgrammeID:   progID,
		Name:          "Peer mentoring pilot",
		Organisations: []string{"Org A", "Org B"},
		Partnership:   true,
		Models:        []string{events.ModelOneToOne, events.ModelGroup, events.ModelTwoByTwo, events.ModelTeam},
		RegisteredOn:  d("2024-11-01"),
	}
}

func planAdopted() events.PlanAdopted {
	return events.PlanAdopted{
		ProgrammeID:             progID,
		AdoptedOn:               d("2024-11-15"),
		StartsOn:                d("2025-01-06"),
		EndsOn:                  d("2026-07-06"),
		RelationshipMonths:      6,
		MeetingFrequencyDays:    30,
		MinMeetingMinutes:       60,
		MaxMeetingMinutes:       120,
		ContactAfterMeetingDays: 14,
		DocumentsDueDays:        7,
	}
}

func participant(id, role, org string) events.ParticipantRegistered {
	return events.ParticipantRegistered{ParticipantID: id, ProgrammeID: progID, Role: role, Organisation: org, RegisteredOn: d("2024-12-01")}
}

func mentor(id string) events.ParticipantRegistered {
	return participant(id, events.RoleMentor, "Org A")
}

func mentee(id string) events.ParticipantRegistered {
	return participant(id, events.RoleMentee, "Org B")
}

func matched() events.Matched {
	return events.Matched{
		RelationshipID: "rel-1",
		ProgrammeID:    progID,
		Model:          events.ModelOneToOne,
		MentorIDs:      []string{"m1"},
		MenteeIDs:      []string{"e1"},
		Rationale:      "shared interest in leading change",
		MatchedOn:      d("2025-01-10"),
	}
}

func ended() events.RelationshipEnded {
	return events.RelationshipEnded{RelationshipID: "rel-1", EndedOn: d("2025-03-01"), Reason: events.EndNotWorking}
}

// programme folds a programme from its history; with no history given, the
// registered programme with its plan.
func programme(history ...events.Payload) *domain.Programme {
	if history == nil {
		history = []events.Payload{registered(), planAdopted()}
	}
	return domain.LoadProgramme(history)
}

// people registers mentors m1..m3 and mentees e1..e5 of the programme.
func people() map[string]*domain.Participant {
	out := map[string]*domain.Participant{}
	for _, p := range []events.ParticipantRegistered{mentor("m1"), mentor("m2"), mentor("m3"),
		mentee("e1"), mentee("e2"), mentee("e3"), mentee("e4"), mentee("e5")} {
		out[p.ParticipantID] = domain.LoadParticipant([]events.Payload{p})
	}
	return out
}

// given folds a relationship from its history.
func given(history ...events.Payload) *domain.Relationship {
	return domain.LoadRelationship(history)
}

// then checks that the command succeeded and recorded exactly want.
func then(tb testing.TB, err error, got []events.Payload, want ...events.Payload) {
	tb.Helper()
	if err != nil {
		tb.Fatalf("error: %v, want events", err)
	}
	if len(got) != len(want) {
		tb.Fatalf("recorded %d events, want %d:\n got %s\nwant %s", len(got), len(want), show(tb, got), show(tb, want))
	}
	if g, w := show(tb, got), show(tb, want); g != w {
		tb.Fatalf("recorded\n %s\nwant\n %s", g, w)
	}
}

// thenError checks that the command failed with this code and a message
// containing msg, and recorded nothing.
func thenError(tb testing.TB, err error, got []events.Payload, code, msg string) {
	tb.Helper()
	if err == nil {
		tb.Fatalf("no error, want %s %q; recorded %s", code, msg, show(tb, got))
	}
	var e *events.Error
	if !errors.As(err, &e) {
		tb.Fatalf("error %v (%T) is not an *events.Error", err, err)
	}
	if e.Code != code || !strings.Contains(e.Message, msg) {
		tb.Fatalf("error %s %q, want %s containing %q", e.Code, e.Message, code, msg)
	}
	if len(got) != 0 {
		tb.Fatalf("recorded %s after an error", show(tb, got))
	}
}

func show(tb testing.TB, ps []events.Payload) string {
	tb.Helper()
	var b strings.Builder
	for _, p := range ps {
		ev, err := events.Encode(p)
		if err != nil {
			tb.Fatalf("encode %T: %v", p, err)
		}
		b.WriteString(ev.Type + " " + string(ev.Payload) + "\n")
	}
	return b.String()
}
