// Package projections builds the DuckDB views of the ledger: the engine
// (checkpoints, exactly-once batches, catch-up, rebuild, live delivery through
// a Watermill router, lag) and the read models themselves.
package projections

import (
	"database/sql/driver"
	"hash/fnv"
	"strings"
	"time"

	"github.com/mentorledger/mentorledger/events"
)

// Emit takes a projection's rows for one event. The engine appends the
// event's position, recorded-at time and id, the three columns every view
// table ends with.
//
// It is a type, not a func value, so that the compiler sees Row copy its
// values: a projection's row then stays on its stack, where a call
// through a func value would allocate every row's values on the heap.
type Emit struct {
	row  []driver.Value
	sink func(table string, row []driver.Value)
}

// NewEmit returns an Emit that hands every row to sink. The row is only
// valid during the call.
func NewEmit(sink func(table string, row []driver.Value)) *Emit {
	return &Emit{sink: sink}
}

// Row adds one row to a table.
func (e *Emit) Row(table string, values ...driver.Value) {
	e.row = append(e.row[:0], values...)
	e.sink(table, e.row)
}

// Projection is one read model: the tables it owns and a pure function
// from an event to the rows it adds. Tables only ever grow, so the same
// function serves live delivery, catch-up and a rebuild from zero.
// NoEventID marks a projection whose tables end with the event's position
// and recorded-at time only, not its id.
type Projection struct {
	Name      string
	Tables    []string
	NoEventID bool
	Rows      func(e *events.Envelope, p events.Payload, emit *Emit)
}

// Tail is the columns every row of p for the event ends with: its
// position, recorded-at time and (unless p.NoEventID) id.
func (p Projection) Tail(e *events.Envelope) []driver.Value {
	t := rowTail(e)
	return p.tail(&t)
}

// tail cuts an event's three tail columns to those p's tables end with.
func (p Projection) tail(t *[3]driver.Value) []driver.Value {
	if p.NoEventID {
		return t[:2]
	}
	return t[:]
}

// All is every projection, in the order they are applied.
var All = []Projection{Ledger, Programmes, Relationships, Meetings, Facts}

// Ledger records every event's position and the time it was recorded: the
// mapping from a time to the ledger position a report reflects. What else
// the ledger says of an event (type, stream, actor, id) the audit reads
// from the ledger itself, which it verifies anyway: a row of those here
// cost a rebuild a fifth of its time (BENCHMARKS.md, session 7).
var Ledger = Projection{
	Name:      "ledger",
	Tables:    []string{"ledger_events"},
	NoEventID: true,
	Rows: func(_ *events.Envelope, _ events.Payload, emit *Emit) {
		emit.Row("ledger_events")
	},
}

// Programmes holds programmes, their plans and their participants.
var Programmes = Projection{
	Name:   "programmes",
	Tables: []string{"programmes", "plans", "participants"},
	Rows: func(_ *events.Envelope, p events.Payload, emit *Emit) {
		switch p := p.(type) {
		case events.ProgrammeRegistered:
			emit.Row("programmes", p.ProgrammeID, p.Name, strings.Join(p.Models, ","), date(p.RegisteredOn))
		case events.PlanAdopted:
			emit.Row("plans", p.ProgrammeID, date(p.AdoptedOn), date(p.StartsOn), date(p.EndsOn),
				int32(p.MeetingFrequencyDays), int32(p.MinMeetingMinutes), int32(p.MaxMeetingMinutes),
				int32(p.ContactAfterMeetingDays), int32(p.DocumentsDueDays),
				int32(p.RelationshipMonths), p.MentorTrainingMandatory, p.MenteeInductionMandatory)
		case events.ParticipantRegistered:
			emit.Row("participants", p.ParticipantID, p.ProgrammeID, p.Role, p.Organisation, date(p.RegisteredOn), nullString(p.LineManagerRef))
		}
	},
}

// Relationships holds matches, parties, agreements, contacts, action plans
// and endings; every table but the parties also keeps each row as a token
// (token.go).
var Relationships = Projection{
	Name:   "relationships",
	Tables: []string{"relationships", "relationship_parties", "agreements", "contacts", "action_plans", "endings"},
	Rows: func(e *events.Envelope, p events.Payload, emit *Emit) {
		switch p := p.(type) {
		case events.Matched:
			emit.Row("relationships", Key(p.RelationshipID), p.RelationshipID, p.ProgrammeID, p.Model, date(p.MatchedOn), nullString(p.RematchOf),
				int32(len(p.MentorIDs)), int32(len(p.MenteeIDs)),
				newToken(TagRelationship).date(p.MatchedOn).str(p.ProgrammeID).str(p.Model).int(int64(len(p.MentorIDs))).
					int(int64(len(p.MenteeIDs))).str(p.RematchOf).done(e))
			for _, id := range p.MentorIDs {
				emit.Row("relationship_parties", Key(p.RelationshipID), p.RelationshipID, id, events.RoleMentor)
			}
			for _, id := range p.MenteeIDs {
				emit.Row("relationship_parties", Key(p.RelationshipID), p.RelationshipID, id, events.RoleMentee)
			}
		case events.AgreementSigned:
			contact := strings.TrimSpace(p.ContactBetweenMeetings) != ""
			emit.Row("agreements", Key(p.RelationshipID), p.RelationshipID, date(p.SignedOn), date(p.EndsOn), nullInt(p.MeetingFrequencyDays),
				nullInt(p.MaxMeetingMinutes), p.ConfidentialityAgreed, int32(len(p.SignedBy)),
				nullInt(p.MinMeetingMinutes), contact,
				newToken(TagAgreement).date(p.SignedOn).date(p.EndsOn).optInt(p.MeetingFrequencyDays).optInt(p.MaxMeetingMinutes).
					bool(p.ConfidentialityAgreed).int(int64(len(p.SignedBy))).optInt(p.MinMeetingMinutes).bool(contact).done(e))
		case events.ContactMade:
			emit.Row("contacts", Key(p.RelationshipID), p.RelationshipID, date(p.ContactOn), p.ByRole, p.Method,
				newToken(TagContact).date(p.ContactOn).str(p.ByRole).str(p.Method).done(e))
		case events.ActionPlanAgreed:
			long := strings.TrimSpace(p.LongTermGoal) != ""
			emit.Row("action_plans", Key(p.RelationshipID), p.RelationshipID, "agreed", date(p.AgreedOn), false, int32(len(p.Milestones)),
				long, int32(len(p.ShortTermGoals)), int32(len(p.SuccessCriteria)), int32(len(p.ReviewDates)),
				newToken(TagActionPlan).str("agreed").date(p.AgreedOn).bool(false).int(int64(len(p.Milestones))).bool(long).
					int(int64(len(p.ShortTermGoals))).int(int64(len(p.SuccessCriteria))).int(int64(len(p.ReviewDates))).done(e))
		case events.ActionPlanReviewed:
			emit.Row("action_plans", Key(p.RelationshipID), p.RelationshipID, "reviewed", date(p.ReviewedOn), p.Adjusted, int32(0),
				false, int32(0), int32(0), int32(0),
				newToken(TagActionPlan).str("reviewed").date(p.ReviewedOn).bool(p.Adjusted).int(0).bool(false).int(0).int(0).int(0).done(e))
		case events.RelationshipEnded:
			emit.Row("endings", Key(p.RelationshipID), p.RelationshipID, date(p.EndedOn), p.Reason, p.Planned,
				newToken(TagEnding).date(p.EndedOn).str(p.Reason).bool(p.Planned).done(e))
		}
	},
}

// Meetings holds when meetings were scheduled, postponed and logged, and the
// shape of each log (length, method, venue, how many objectives achieved,
// challenges, steps and action points and whose they are, who completed
// it) — never its content — each row also as a token (token.go).
var Meetings = Projection{
	Name:   "meetings",
	Tables: []string{"meetings_scheduled", "meetings_postponed", "meetings_logged"},
	Rows: func(e *events.Envelope, p events.Payload, emit *Emit) {
		switch p := p.(type) {
		case events.MeetingScheduled:
			emit.Row("meetings_scheduled", Key(p.RelationshipID), Key(p.RelationshipID, p.MeetingID), p.RelationshipID, p.MeetingID, p.ScheduledFor.UTC(), len(p.Agenda) > 0,
				newToken(TagScheduled).str(p.MeetingID).time(p.ScheduledFor).bool(len(p.Agenda) > 0).done(e))
		case events.MeetingPostponed:
			var newTime driver.Value
			var nt time.Time
			if p.NewTime != nil {
				newTime, nt = p.NewTime.UTC(), *p.NewTime
			}
			emit.Row("meetings_postponed", Key(p.RelationshipID), Key(p.RelationshipID, p.MeetingID), p.RelationshipID, p.MeetingID, p.NoticeGiven.UTC(), newTime, p.RequestedBy, p.Reason,
				newToken(TagPostponed).str(p.MeetingID).time(p.NoticeGiven).time(nt).str(p.RequestedBy).str(p.Reason).done(e))
		case events.MeetingLogged:
			mentor, mentee := actionsOwnedBy(p.Actions, events.RoleMentor), actionsOwnedBy(p.Actions, events.RoleMentee)
			emit.Row("meetings_logged", Key(p.RelationshipID), Key(p.RelationshipID, p.MeetingID), p.RelationshipID, p.MeetingID, date(p.HeldOn), int32(p.Minutes), p.Method,
				p.LocationKind, int32(len(p.Actions)), p.NextTopic != "", p.CompletedByRole,
				int32(len(p.ObjectivesAchieved)), int32(len(p.Challenges)), int32(len(p.Steps)), mentor, mentee,
				newToken(TagLogged).str(p.MeetingID).date(p.HeldOn).int(int64(p.Minutes)).str(p.Method).str(p.LocationKind).
					int(int64(len(p.Actions))).bool(p.NextTopic != "").str(p.CompletedByRole).int(int64(len(p.ObjectivesAchieved))).
					int(int64(len(p.Challenges))).int(int64(len(p.Steps))).int(int64(mentor)).int(int64(mentee)).done(e))
		}
	},
}

// actionsOwnedBy counts the action points a role owns, alone or with the
// other party ("both").
func actionsOwnedBy(actions []events.Action, role string) int32 {
	var n int32
	for _, a := range actions {
		if a.Owner == role || a.Owner == "both" {
			n++
		}
	}
	return n
}

func date(d events.Date) driver.Value {
	if d.IsZero() {
		return nil
	}
	return d.Time()
}

func nullString(s string) driver.Value {
	if s == "" {
		return nil
	}
	return s
}

func nullInt(n int) driver.Value {
	if n == 0 {
		return nil
	}
	return int32(n)
}

// Key is the 64-bit FNV-1a hash of ids joined by a NUL byte: the integer
// key the views join on in place of the ids. Two different relationships
// share a key with probability about n²/2⁶⁵ (3·10⁻⁸ for a million).
func Key(ids ...string) uint64 {
	h := fnv.New64a()
	for i, id := range ids {
		if i > 0 {
			h.Write([]byte{0})
		}
		h.Write([]byte(id))
	}
	return h.Sum64()
}
