package demo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/domain/app"
	"github.com/mentorledger/mentorledger/events"
)

// meeting is one planned meeting of a relationship.
type meeting struct {
	n         int
	id        string
	scheduled bool
	schedAt   time.Time // when the schedule is recorded
	original  time.Time // the time first arranged
	late      bool      // postponed at late notice
	noticeAt  time.Time // zero: not postponed
	held      time.Time
	minutes   int
	method    string
	kind      string
	venue     string
	last      bool // no meeting follows
	closing   bool // the last meeting before a planned ending
}

var meetingHours = []int{9, 10, 11, 13, 14, 15}

func (g *generator) meetingTime(d events.Date) time.Time {
	return on(weekday(d), pick(g, meetingHours), 30*g.rng.IntN(2))
}

// meetings lays out the dates of a relationship's meetings: the first a week
// or two after the match, then about monthly (with a designed gap where
// asked), postponed now and then, until the agreed end or an early ending.
func (g *generator) meetings(r *rel) []*meeting {
	var out []*meeting
	t := g.meetingTime(r.matchedOn.AddDays(g.between(7, 13)))
	for n := 1; ; n++ {
		m := &meeting{n: n, id: fmt.Sprintf("%s-m%02d", r.id, n), original: t, held: t}
		m.scheduled = n == 1 || n == r.f.lateNoticeAt || !g.chance(0.1)
		if m.scheduled {
			if n == 1 {
				m.schedAt = on(r.matchedOn.AddDays(g.between(1, 3)), g.between(11, 15), g.between(0, 59))
			} else {
				prev := out[len(out)-1]
				m.schedAt = prev.held.Add(time.Duration(prev.minutes+g.between(20, 180)) * time.Minute)
			}
		}
		if m.scheduled && n > 1 {
			switch {
			case n == r.f.lateNoticeAt || g.chance(0.02):
				m.late, m.noticeAt = true, t.Add(-time.Duration(g.between(60, 300))*time.Minute)
				if h := m.noticeAt.Hour(); h < 7 { // nobody rings before seven
					m.noticeAt = m.noticeAt.Add(time.Duration(7-h) * time.Hour)
				}
			case r.f.irregular || g.chance(0.12):
				m.noticeAt = on(date(t).AddDays(-g.between(2, 6)), g.between(8, 16), g.between(0, 59))
			}
			if !m.noticeAt.IsZero() {
				nd := weekday(date(t).AddDays(g.between(5, 9)))
				if nd.Before(r.endsOn) {
					m.held = on(nd, t.Hour(), t.Minute())
				} else { // no new date before the end: the meeting goes ahead
					m.late, m.noticeAt = false, time.Time{}
				}
			}
		}
		g.venue(r, m)
		out = append(out, m)
		if r.f.endAfter > 0 && n == r.f.endAfter {
			m.last = true
			return out
		}
		gap := g.between(28, 35)
		if n+1 == r.f.gapBefore {
			gap = g.between(43, 56)
		}
		next := g.meetingTime(date(m.held).AddDays(gap))
		if date(next).After(r.endsOn.AddDays(-4)) {
			m.last, m.closing = true, true
			return out
		}
		t = next
	}
}

// venue chooses how and where a meeting is held and how long it lasts.
func (g *generator) venue(r *rel, m *meeting) {
	m.method, m.minutes = events.MethodFaceToFace, 5*g.between(12, 22)
	switch x := g.rng.Float64(); {
	case m.n == r.f.overTwoHoursAt:
		// Checklist 6: time may need to be extended where distance allows
		// only one face-to-face meeting.
		m.kind, m.minutes = events.LocationNeutral, 5*g.between(30, 33)
	case m.n == r.f.openWorkplaceAt || (m.n > 1 && g.chance(0.02)):
		m.kind = events.LocationWorkplaceOpen
	case m.n == 1 && x < 0.6, m.n > 1 && x < 0.4:
		m.kind = events.LocationNeutral
	case m.n == 1, x < 0.6:
		m.kind = events.LocationWorkplacePrivate
	case x < 0.9:
		m.method, m.kind, m.minutes = events.MethodVideo, events.LocationOnline, 5*g.between(9, 18)
	default:
		m.method, m.kind, m.minutes = events.MethodPhone, events.LocationOther, 5*g.between(8, 14)
	}
	m.venue = pick(g, g.p.venues[m.kind])
}

// planRelationship plans a relationship from its match to its ending, and
// the rematch that follows an early ending where asked.
func (g *generator) planRelationship(r *rel) {
	var last time.Time // latest recorded time in the relationship
	add := func(at time.Time, kind, what string, do func(context.Context, *app.Service) error) {
		g.add(at, kind, r.id+": "+what, do)
		last = later(last, at)
	}
	parties := append(slices.Clone(r.mentors), r.mentees...)
	mentor, mentee := r.mentors[0], r.mentees[0]

	matchedAt := on(r.matchedOn, g.between(9, 11), g.between(0, 59))
	rationale := fmt.Sprintf(pick(g, g.p.rationales), r.theme.name)
	if r.rematchOf != "" {
		rationale = fmt.Sprintf("Rematch after %s ended without blame: the mentee continues on %s with a new mentor.", r.rematchOf, r.theme.name)
		g.flag(MessRematch, r.id)
	}
	if r.f.lineManager {
		g.flag(MessMentorIsLineManager, r.id)
	}
	if r.f.inexperienced {
		rationale = fmt.Sprintf("The head teacher asked to mentor: an effective manager with long experience of %s.", r.theme.name)
		g.flag(MessInexperiencedMentor, r.id)
	}
	coordinator := g.p.coordinator
	match := domain.Match{RelationshipID: r.id, ProgrammeID: g.p.id, Model: r.model, MentorIDs: r.mentors,
		MenteeIDs: r.mentees, Rationale: rationale, MatchedOn: r.matchedOn, RematchOf: r.rematchOf}
	add(matchedAt, events.Matched{}.EventType(), "match", func(ctx context.Context, s *app.Service) error {
		_, err := s.Match(ctx, coordinator, match)
		return err
	})

	ms := g.meetings(r)
	unsettled := boolInt(r.f.cancelAt > 1 && r.f.cancelAt <= len(ms) && ms[r.f.cancelAt-1].scheduled)
	for _, m := range ms {
		unsettled += boolInt(!m.noticeAt.IsZero())
	}
	if unsettled >= 3 {
		g.flag(MessIrregularMeetings, r.id) // pitfall 3
	}
	agreementAt := min(r.f.agreementAt, len(ms))
	planAt := min(r.f.planAt, len(ms))
	if r.f.noAgreement {
		agreementAt = 0
		g.flag(MessNoAgreement, r.id)
		g.flag(MessNoEndPoint, r.id)
	}
	switch {
	case planAt == 0:
		g.flag(MessNoActionPlan, r.id)
		g.flag(MessNoPurpose, r.id)
	case planAt > 1:
		g.flag(MessLateActionPlan, r.id)
	}
	if agreementAt > 1 {
		g.flag(MessLateAgreement, r.id)
	}
	reviewAt := map[int]bool{}
	if planAt > 0 && !r.f.noReview {
		for _, n := range []int{planAt + 2, planAt + 4, len(ms)} {
			if n > planAt && n <= len(ms) {
				reviewAt[n] = true
			}
		}
	}
	if planAt > 0 && len(reviewAt) == 0 {
		g.flag(MessNoReview, r.id)
		r.f.noReview = true // nor is the relationship (pitfall 9)
	}
	lc := g.lifecycle(r, ms, planAt, reviewAt)
	lc.enterPhase(add, events.PhaseBuildingRapport, r.matchedOn, matchedAt.Add(5*time.Minute))
	if r.f.gapBefore > 1 && r.f.gapBefore <= len(ms) {
		g.flag(MessGap, r.id)
	}
	if r.f.mentorLogs {
		g.flag(MessMentorLogsAll, r.id)
	}
	if !r.f.contactHabit {
		g.flag(MessFewContacts, r.id)
	}

	var prevActions []events.Action
	for i, m := range ms {
		held := date(m.held)
		end := m.held.Add(time.Duration(m.minutes) * time.Minute)
		if m.scheduled && m.n > 1 && m.n == r.f.cancelAt {
			m.schedAt = g.cancelled(add, r, m, parties)
		}
		if m.scheduled {
			agenda := g.agenda(r, m)
			if agenda == nil {
				g.flag(MessNoAgenda, r.id)
			}
			c := domain.ScheduleMeeting{RelationshipID: r.id, MeetingID: m.id, ScheduledFor: m.original, Agenda: agenda}
			by := mentor
			if m.n > 2 && g.chance(0.6) {
				by = mentee
			}
			add(m.schedAt, events.MeetingScheduled{}.EventType(), "schedule "+m.id, func(ctx context.Context, s *app.Service) error {
				_, err := s.ScheduleMeeting(ctx, by, c)
				return err
			})
		} else {
			g.flag(MessUnscheduledMeeting, r.id)
		}
		if !m.noticeAt.IsZero() {
			newTime := m.held
			reason := pick(g, postponeReasons)
			if m.late {
				reason = pick(g, lateNoticeReasons)
				g.flag(MessLateNotice, r.id)
			} else {
				g.flag(MessPostponed, r.id)
			}
			c := domain.PostponeMeeting{RelationshipID: r.id, MeetingID: m.id, NoticeGiven: m.noticeAt, NewTime: &newTime,
				RequestedBy: pick(g, parties), Reason: reason}
			add(m.noticeAt, events.MeetingPostponed{}.EventType(), "postpone "+m.id, func(ctx context.Context, s *app.Service) error {
				_, err := s.PostponeMeeting(ctx, c.RequestedBy, c)
				return err
			})
		}
		if m.minutes > 120 {
			g.flag(MessOverTwoHours, r.id)
		}
		if m.kind == events.LocationWorkplaceOpen {
			g.flag(MessOpenWorkplace, r.id)
		}
		if m.n == agreementAt {
			c := domain.SignAgreement{RelationshipID: r.id, SignedOn: held, EndsOn: r.endsOn, MeetingFrequencyDays: 30,
				MinMeetingMinutes: 60, MaxMeetingMinutes: 120, ContactBetweenMeetings: "email every two weeks, phone if urgent",
				ConfidentialityAgreed: true, SignedBy: parties}
			add(end.Add(10*time.Minute), events.AgreementSigned{}.EventType(), "sign agreement", func(ctx context.Context, s *app.Service) error {
				_, err := s.SignAgreement(ctx, mentee, c)
				return err
			})
		}
		if m.n == planAt {
			c := g.actionPlan(r, held)
			add(end.Add(15*time.Minute), events.ActionPlanAgreed{}.EventType(), "agree action plan", func(ctx context.Context, s *app.Service) error {
				_, err := s.AgreeActionPlan(ctx, mentee, c)
				return err
			})
		}
		if reviewAt[m.n] {
			c := domain.ReviewActionPlan{RelationshipID: r.id, ReviewedOn: held, Adjusted: g.chance(0.4)}
			add(end.Add(20*time.Minute), events.ActionPlanReviewed{}.EventType(), "review action plan", func(ctx context.Context, s *app.Service) error {
				_, err := s.ReviewActionPlan(ctx, mentee, c)
				return err
			})
		}

		lc.atMeeting(add, m, held, end)

		var next *meeting
		if i+1 < len(ms) {
			next = ms[i+1]
		}
		log := g.meetingLog(r, m, next, len(ms), planAt, prevActions)
		prevActions = log.Actions
		var logAt time.Time
		switch days := g.between(0, 3); {
		case !m.last && (m.n == r.f.lateLogAt || g.chance(0.03)):
			logAt = on(held.AddDays(g.between(21, 35)), g.between(9, 17), g.between(0, 59))
			g.flag(MessLateLog, r.id)
		case days == 0:
			logAt = end.Add(time.Duration(g.between(30, 150)) * time.Minute)
		default:
			logAt = on(held.AddDays(days), g.between(8, 19), g.between(0, 59))
		}
		add(later(logAt, end.Add(25*time.Minute)), events.MeetingLogged{}.EventType(), "log "+m.id, func(ctx context.Context, s *app.Service) error {
			_, err := s.LogMeeting(ctx, log.CompletedBy, log)
			return err
		})

		if next != nil {
			var contactOn events.Date
			switch {
			case r.f.contactHabit:
				contactOn = held.AddDays(g.between(12, 16))
			case g.chance(0.25):
				contactOn = held.AddDays(g.between(5, 24))
			}
			if !contactOn.IsZero() && contactOn.Before(date(next.held)) {
				by, role := mentor, events.RoleMentor
				if g.chance(0.1) {
					by, role = mentee, events.RoleMentee
				}
				c := domain.MakeContact{RelationshipID: r.id, ContactOn: contactOn, By: by, ByRole: role,
					Method: pick(g, []string{events.MethodEmail, events.MethodEmail, events.MethodEmail, events.MethodPhone, events.MethodMessenger})}
				add(on(contactOn, g.between(8, 17), g.between(0, 59)), events.ContactMade{}.EventType(), "contact", func(ctx context.Context, s *app.Service) error {
					_, err := s.MakeContact(ctx, by, c)
					return err
				})
			}
		}
	}

	lastHeld := date(ms[len(ms)-1].held)
	end := domain.EndRelationship{RelationshipID: r.id}
	var endAt time.Time
	actor := coordinator
	if r.f.endAfter > 0 {
		end.EndedOn, end.Reason = lastHeld.AddDays(g.between(10, 20)), r.f.endReason
		endAt = later(on(end.EndedOn, 11, g.between(0, 59)), last.Add(time.Hour))
		if r.f.endedByMentee {
			actor = mentee
		}
		g.flag(MessPrematureEnd, r.id)
		r.earlyEnding = true
		lc.enterPhase(add, events.PhaseWindingUp, end.EndedOn, endAt.Add(-10*time.Minute))
	} else {
		end.EndedOn, end.Planned = r.endsOn, true
		end.Reason = events.EndCompleted
		if r.goalsMet {
			end.Reason = events.EndGoalsAchieved
		}
		endAt = later(on(r.endsOn.AddDays(g.between(0, 2)), 16, g.between(0, 59)), last.Add(time.Hour))
		g.flag(MessPlannedEnd, r.id)
	}
	add(endAt, events.RelationshipEnded{}.EventType(), "end", func(ctx context.Context, s *app.Service) error {
		_, err := s.EndRelationship(ctx, actor, end)
		return err
	})
	r.endedOn, r.endAt = end.EndedOn, endAt
	for _, id := range parties {
		if p := g.person(id); p.until[r.id].After(end.EndedOn) {
			p.until[r.id] = end.EndedOn
		}
	}
	lc.afterEnd(add)
	if r.f.withdraw {
		g.withdraw(mentee, end.EndedOn.AddDays(3))
	}
	if r.f.rematch {
		g.rematch(r, end.EndedOn, endAt)
	}
}

// rematch matches the mentee of an ended relationship with a new mentor a
// week or two after the ending (the co-ordinator's discretion, resource 5),
// and links the ended relationship to the new one.
func (g *generator) rematch(prev *rel, endedOn events.Date, endAt time.Time) {
	day := weekday(endedOn.AddDays(g.between(7, 14)))
	if !day.After(date(endAt)) {
		day = weekday(date(endAt).AddDays(1))
	}
	var mentor *person
	for _, p := range g.people {
		if p.role != events.RoleMentor || p.reserved || p.notSelected || p.trainedOn.IsZero() || slices.Contains(prev.mentors, p.id) {
			continue
		}
		if mentor == nil || p.activeOn(day) < mentor.activeOn(day) || (p.activeOn(day) == mentor.activeOn(day) && p.total < mentor.total) {
			mentor = p
		}
	}
	r := &rel{
		model: events.ModelOneToOne, mentors: []string{mentor.id}, mentees: slices.Clone(prev.mentees[:1]),
		matchedOn: day, rematchOf: prev.id, theme: prev.theme,
		f: flags{agreementAt: 1, planAt: 1, contactHabit: true},
	}
	g.newRel(r)
	g.planRelationship(r)
	c := domain.ArrangeRematch{RelationshipID: prev.id, NewRelationshipID: r.id, ArrangedOn: day}
	coordinator := g.p.coordinator
	g.add(on(day, 12, 30), events.RematchArranged{}.EventType(), prev.id+": rematch arranged", func(ctx context.Context, s *app.Service) error {
		_, err := s.ArrangeRematch(ctx, coordinator, c)
		return err
	})
}

// agenda is what a scheduled meeting is arranged to cover; now and then
// there is none (pitfall 4).
func (g *generator) agenda(r *rel, m *meeting) []string {
	switch {
	case m.n == 1:
		return []string{"introductions", "what each of us hopes for", "the mentoring agreement"}
	case r.f.noAgendas || g.chance(0.03):
		return nil
	case m.closing && r.f.noEndingPrep:
		return []string{"review actions from last meeting", "progress against the action plan"}
	case m.closing:
		return []string{"review actions from last meeting", "what has been learnt", "planning the ending"}
	}
	return append(slices.Clone(agendaOpen), r.theme.topics[m.n%len(r.theme.topics)])
}

// actionPlan is the pair's resource 15 action plan agreed on day.
func (g *generator) actionPlan(r *rel, day events.Date) domain.AgreeActionPlan {
	t := r.theme
	c := domain.AgreeActionPlan{RelationshipID: r.id, AgreedOn: day, LongTermGoal: t.longTermGoal,
		ShortTermGoals: slices.Clone(t.shortTermGoals), SuccessCriteria: slices.Clone(t.successCriteria)}
	for i, ms := range t.milestones {
		c.Milestones = append(c.Milestones, events.Milestone{Description: ms, DueOn: day.AddDays(30 + 45*i)})
	}
	c.ReviewDates = []events.Date{day.AddDays(60), day.AddDays(120)}
	return c
}

// meetingLog is the resource 13 log of meeting m, completed by the mentor
// at first and more and more by the mentee (checklist 6: "aim for mentee
// taking responsibility"), unless the mentor keeps doing it.
func (g *generator) meetingLog(r *rel, m, next *meeting, total, planAt int, prev []events.Action) domain.LogMeeting {
	t := r.theme
	c := domain.LogMeeting{RelationshipID: r.id, MeetingID: m.id, HeldOn: date(m.held), Location: m.venue, LocationKind: m.kind,
		Minutes: m.minutes, Method: m.method}
	switch {
	case m.n == 1:
		c.Topics = slices.Clone(firstTopics)
		if planAt == 1 {
			c.Topics = append(c.Topics, "first goals for the action plan")
		}
		c.Actions = []events.Action{
			{Description: "Draft three development goals for the action plan", Owner: events.RoleMentee},
			{Description: "Send useful reading on " + t.name, Owner: events.RoleMentor},
		}
	case m.closing:
		c.Topics = slices.Clone(lastTopics)
		c.Actions = []events.Action{
			{Description: "Write a short reflection on what has changed", Owner: events.RoleMentee},
			{Description: "Complete the end-of-relationship evaluation for the co-ordinator", Owner: domain.RoleBoth},
		}
	default:
		k := len(t.topics)
		c.Topics = []string{t.topics[m.n%k], t.topics[(m.n+1)%k]}
		if m.n == planAt {
			c.Topics = append(c.Topics, "agreeing the action plan")
		}
		a := len(t.actions)
		c.Actions = []events.Action{t.actions[(m.n*2)%a], t.actions[(m.n*2+1)%a]}
		if g.chance(0.05) {
			c.Actions = nil // checklist 6 reports a log without action points
		}
	}
	if len(prev) > 0 && g.chance(0.8) {
		c.ObjectivesAchieved = []string{"Done: " + prev[0].Description}
	}
	if m.n > 1 && g.chance(0.6) {
		c.Challenges = []string{pick(g, t.challenges)}
	}
	if !m.closing && g.chance(0.7) {
		c.Steps = []string{pick(g, t.steps)}
	}
	if g.chance(0.4) {
		c.ResourcesRequired = []string{pick(g, t.resources)}
	}
	if !m.closing {
		// A relationship that ends early had planned its next meeting too.
		c.NextTopic = t.topics[(m.n+2)%len(t.topics)]
		d := date(m.held).AddDays(28)
		if next != nil {
			d = date(next.original)
		}
		c.NextMeetingOn = &d
	}

	logger := r.mentees[(m.n-1)%len(r.mentees)]
	c.CompletedBy, c.CompletedByRole = r.mentors[0], events.RoleMentor
	if r.f.mentorLogs || m.n == 1 {
		return c
	}
	share := float64(m.n-1) / float64(max(total-1, 1))
	switch {
	case m.closing || g.chance(share):
		c.CompletedBy, c.CompletedByRole = logger, events.RoleMentee
	case g.chance(0.15):
		c.CompletedBy, c.CompletedByRole = logger, domain.RoleBoth
	}
	return c
}
