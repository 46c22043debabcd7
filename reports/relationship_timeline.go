package reports

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/mentorledger/mentorledger/events"
)

// RelationshipTimeline is the story of one relationship: every event of
// its stream in order, as of a position or time, with its date and id,
// and what it recorded — meeting logs with their content (topics, actions,
// notes as recorded). It is for the relationship's parties and its
// co-ordinator only: meeting content is confidential to them (resource 5,
// clause 7), so the catalogue marks this report Content.
type RelationshipTimeline struct {
	Report         string          `json:"report"`
	Title          string          `json:"title"`
	Basis          Basis           `json:"basis"`
	Audience       string          `json:"audience"`
	RelationshipID string          `json:"relationship_id"`
	ProgrammeID    string          `json:"programme_id"`
	Programme      string          `json:"programme"`
	Model          string          `json:"model"`
	MatchedOn      string          `json:"matched_on"`
	EndedOn        string          `json:"ended_on,omitempty"`
	Parties        []Party         `json:"parties"`
	Coordinator    string          `json:"coordinator,omitempty"`
	Events         []TimelineEntry `json:"events"`
}

// Party is a mentor or mentee of a relationship, by id.
type Party struct {
	ParticipantID string `json:"participant_id"`
	Role          string `json:"role"`
}

// TimelineEntry is one event of the relationship's stream.
type TimelineEntry struct {
	Position   uint64   `json:"position"`
	Version    int64    `json:"version"`
	RecordedAt string   `json:"recorded_at"`
	On         string   `json:"on,omitempty"` // the date of the fact
	Type       string   `json:"type"`
	Summary    string   `json:"summary"`
	Details    []Detail `json:"details,omitempty"`
	Actor      string   `json:"actor"`
	EventID    string   `json:"event_id"`
}

// Detail is one labelled part of what an event recorded.
type Detail struct {
	Label string `json:"label"`
	Value string `json:"value"`
}

// timelineAudience says who may read the timeline.
const timelineAudience = "the relationship's parties and its co-ordinator only: it shows the content of meeting logs"

// streamReader is the part of the ledger the timeline reads: one stream.
type streamReader interface {
	ReadStream(ctx context.Context, stream string, after int64) ([]events.Envelope, error)
}

// BuildRelationshipTimeline answers the timeline of relationship id as of
// asOf: the relationship and its parties from the views, the events of its
// stream (and so the meeting content the views never hold) from the
// ledger, each as recorded by the report's position and time. programme,
// when given, must be the relationship's. An id not known as of asOf is
// ENOTFOUND.
func BuildRelationshipTimeline(ctx context.Context, src Source, ledger events.Reader, id, programme string, asOf AsOf, now time.Time) (*RelationshipTimeline, error) {
	if strings.TrimSpace(id) == "" {
		return nil, events.Errorf(events.EINVALID, "relationship: name the relationship's id")
	}
	basis, f, err := resolve(ctx, src, asOf, now)
	if err != nil {
		return nil, err
	}
	rep := &RelationshipTimeline{Report: "relationship", Title: "Relationship " + id, Basis: basis, Audience: timelineAudience, RelationshipID: id,
		Parties: []Party{}, Events: []TimelineEntry{}}
	db := src.DB()
	var matched time.Time
	err = db.QueryRowContext(ctx, `SELECT programme_id, model, matched_on FROM relationships
		WHERE relationship_id = $3 AND pos <= $1 AND recorded_at <= $2 ORDER BY pos LIMIT 1`, f.pos, f.until, id).
		Scan(&rep.ProgrammeID, &rep.Model, &matched)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, events.Errorf(events.ENOTFOUND, "relationship: %q not found", id)
	case err != nil:
		return nil, fmt.Errorf("relationship %s: %w", id, err)
	}
	if programme != "" && programme != rep.ProgrammeID {
		return nil, events.Errorf(events.ENOTFOUND, "relationship: %q not found in programme %q", id, programme)
	}
	rep.MatchedOn = day(matched)
	if err := rep.readViews(ctx, db, f); err != nil {
		return nil, err
	}
	sr, ok := ledger.(streamReader)
	if !ok {
		return nil, fmt.Errorf("relationship %s: the ledger given cannot read a stream", id)
	}
	envs, err := sr.ReadStream(ctx, "relationship-"+id, 0)
	if err != nil {
		return nil, fmt.Errorf("relationship %s: read its stream: %w", id, err)
	}
	for i := range envs {
		env := &envs[i]
		if uint64(env.Position) > f.pos || env.RecordedAt.After(f.until) {
			continue
		}
		p, err := events.Decode(env)
		if err != nil {
			return nil, fmt.Errorf("relationship %s: event %s: %w", id, env.ID, err)
		}
		on, summary, details := describe(p)
		entry := TimelineEntry{Position: uint64(env.Position), Version: env.Version, RecordedAt: events.FormatTime(env.RecordedAt), Type: env.Type,
			Summary: summary, Details: details, Actor: env.Actor, EventID: env.ID}
		if on.IsZero() {
			on = events.NewDate(env.RecordedAt)
		}
		entry.On = on.String()
		if e, ok := p.(events.RelationshipEnded); ok && rep.EndedOn == "" {
			rep.EndedOn = e.EndedOn.String()
		}
		rep.Events = append(rep.Events, entry)
	}
	return rep, nil
}

// readViews fills in the programme's name, the parties and the
// co-ordinator as of the report.
func (rep *RelationshipTimeline) readViews(ctx context.Context, db *sql.DB, f filter) error {
	names, err := programmeNames(ctx, db, f)
	if err != nil {
		return err
	}
	rep.Programme = names[rep.ProgrammeID]
	rows, err := db.QueryContext(ctx, `SELECT participant_id, role FROM relationship_parties
		WHERE relationship_id = $3 AND pos <= $1 AND recorded_at <= $2 ORDER BY role, participant_id`, f.pos, f.until, rep.RelationshipID)
	if err != nil {
		return fmt.Errorf("relationship %s: parties: %w", rep.RelationshipID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var p Party
		if err := rows.Scan(&p.ParticipantID, &p.Role); err != nil {
			return fmt.Errorf("relationship %s: parties: %w", rep.RelationshipID, err)
		}
		rep.Parties = append(rep.Parties, p)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("relationship %s: parties: %w", rep.RelationshipID, err)
	}
	var coordinator sql.NullString
	err = db.QueryRowContext(ctx, `SELECT arg_max(subject, pos) FROM programme_facts
		WHERE programme_id = $3 AND fact = 'programme.coordinator_appointed' AND pos <= $1 AND recorded_at <= $2`, f.pos, f.until, rep.ProgrammeID).Scan(&coordinator)
	if err != nil {
		return fmt.Errorf("relationship %s: co-ordinator: %w", rep.RelationshipID, err)
	}
	rep.Coordinator = coordinator.String
	return nil
}

// describe says what an event of a relationship's stream recorded: its
// date, one line, and its parts as recorded (meeting content included).
func describe(p events.Payload) (events.Date, string, []Detail) {
	var ds []Detail
	add := func(label string, values ...string) {
		var kept []string
		for _, v := range values {
			if strings.TrimSpace(v) != "" {
				kept = append(kept, v)
			}
		}
		if len(kept) > 0 {
			ds = append(ds, Detail{label, strings.Join(kept, "; ")})
		}
	}
	switch p := p.(type) {
	case events.Matched:
		add("rationale", p.Rationale)
		add("rematch of", p.RematchOf)
		return p.MatchedOn, fmt.Sprintf("matched (%s): mentors %s, mentees %s", p.Model, strings.Join(p.MentorIDs, ", "), strings.Join(p.MenteeIDs, ", ")), ds
	case events.AgreementSigned:
		add("contact between meetings", p.ContactBetweenMeetings)
		add("confidentiality agreed", yesNo(p.ConfidentialityAgreed))
		return p.SignedOn, fmt.Sprintf("agreement signed by %s: ends %s, meet every %d days for %d–%d minutes", strings.Join(p.SignedBy, ", "),
			p.EndsOn, p.MeetingFrequencyDays, p.MinMeetingMinutes, p.MaxMeetingMinutes), ds
	case events.MeetingScheduled:
		add("agenda", p.Agenda...)
		// The payload holds no date of the scheduling itself: the entry
		// takes the day it was recorded.
		return events.Date{}, fmt.Sprintf("meeting %s scheduled for %s", p.MeetingID, events.FormatTime(p.ScheduledFor)), ds
	case events.MeetingPostponed:
		add("reason", p.Reason)
		to := "no new time yet"
		if p.NewTime != nil {
			to = "to " + events.FormatTime(*p.NewTime)
		}
		return events.NewDate(p.NoticeGiven), fmt.Sprintf("meeting %s postponed by %s, %s", p.MeetingID, p.RequestedBy, to), ds
	case events.MeetingCancelled:
		return events.NewDate(p.NoticeGiven), fmt.Sprintf("meeting %s cancelled by %s", p.MeetingID, p.CancelledBy), ds
	case events.MeetingLogged:
		add("topics", p.Topics...)
		add("objectives achieved since the last meeting", p.ObjectivesAchieved...)
		add("challenges", p.Challenges...)
		add("steps", p.Steps...)
		for _, a := range p.Actions {
			add("action ("+a.Owner+")", a.Description)
		}
		add("resources required", p.ResourcesRequired...)
		add("next topic", p.NextTopic)
		if p.NextMeetingOn != nil {
			add("next meeting", p.NextMeetingOn.String())
		}
		return p.HeldOn, fmt.Sprintf("meeting %s held at %s (%s), %d minutes, %s; log completed by %s (%s)", p.MeetingID, p.Location, p.LocationKind,
			p.Minutes, p.Method, p.CompletedBy, p.CompletedByRole), ds
	case events.ContactMade:
		what := fmt.Sprintf("contact by %s (%s), %s", p.By, p.ByRole, p.Method)
		if p.Minutes > 0 {
			what += fmt.Sprintf(", %d minutes", p.Minutes)
		}
		return p.ContactOn, what, ds
	case events.ActionPlanAgreed:
		add("long-term goal", p.LongTermGoal)
		add("short-term goals", p.ShortTermGoals...)
		for _, m := range p.Milestones {
			add("milestone due "+m.DueOn.String(), m.Description)
		}
		add("success criteria", p.SuccessCriteria...)
		var reviews []string
		for _, r := range p.ReviewDates {
			reviews = append(reviews, r.String())
		}
		add("review dates", reviews...)
		return p.AgreedOn, "action plan agreed", ds
	case events.ActionPlanReviewed:
		if p.Adjusted {
			return p.ReviewedOn, "action plan reviewed and adjusted", ds
		}
		return p.ReviewedOn, "action plan reviewed", ds
	case events.RelationshipEnded:
		kind := "premature"
		if p.Planned {
			kind = "planned"
		}
		return p.EndedOn, fmt.Sprintf("relationship ended (%s): %s", kind, p.Reason), ds
	case events.GoalSet:
		add("goal", p.Description)
		for _, m := range p.Milestones {
			add("milestone "+m.MilestoneID+" due "+m.DueOn.String(), m.Description)
		}
		return p.SetOn, fmt.Sprintf("%s goal %s set, due %s", strings.ReplaceAll(p.Kind, "_", "-"), p.GoalID, p.DueOn), ds
	case events.MilestoneAchieved:
		return p.AchievedOn, "milestone " + p.MilestoneID + " achieved", ds
	case events.MilestoneMissed:
		return p.MissedOn, "milestone " + p.MilestoneID + " missed", ds
	case events.GoalAchieved:
		return p.AchievedOn, "goal " + p.GoalID + " achieved", ds
	case events.GoalRevised:
		add("goal", p.Description)
		return p.RevisedOn, fmt.Sprintf("goal %s revised, now due %s", p.GoalID, p.DueOn), ds
	case events.ProgressScaled:
		return p.ScaledOn, fmt.Sprintf("progress towards goal %s scaled at %d of 10 (OSKAR)", p.GoalID, p.Scale), ds
	case events.CommitmentRated:
		return p.RatedOn, "commitment rated " + strconv.Itoa(p.Rating) + " of 10 (GROW)", ds
	case events.RelationshipReviewed:
		return p.ReviewedOn, "relationship reviewed (" + p.Kind + ")", ds
	case events.PhaseEntered:
		return p.EnteredOn, "phase entered: " + strings.ReplaceAll(p.Phase, "_", " "), ds
	case events.EndingPrepared:
		add("next steps for the mentee identified", yesNo(p.NextStepsIdentified))
		return p.PreparedOn, "ending prepared, to end on " + p.EndsOn.String(), ds
	case events.IssueRaised:
		return p.RaisedOn, fmt.Sprintf("issue %s raised by the %s: %s", p.IssueID, p.RaisedByRole, p.Category), ds
	case events.IssueResolved:
		return p.ResolvedOn, "issue " + p.IssueID + " resolved", ds
	case events.RematchArranged:
		return p.ArrangedOn, "rematch arranged: relationship " + p.NewRelationshipID, ds
	case events.ClosureCompleted:
		return p.CompletedOn, "closure completed", ds
	}
	return events.Date{}, p.EventType(), ds
}

func init() {
	define(Definition{Name: "relationship", Title: "The timeline of one relationship (parties and co-ordinator only)", Content: true, NeedsSubject: true, NeedsLedger: true,
		Build: func(ctx context.Context, in Inputs, r Request) (Rendered, error) {
			rep, err := BuildRelationshipTimeline(ctx, in.Views, in.Ledger, r.Subject, r.Programme, r.AsOf, r.Now)
			return built(rep, err, RenderRelationshipTimeline)
		}})
}
