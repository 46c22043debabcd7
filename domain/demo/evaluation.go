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

// planDevelopment plans the mentors' EMCC levels, supervision and further
// training needs over the time they mentor.
func (g *generator) planDevelopment() {
	coordinator := g.p.coordinator
	scheme := g.p.prefix != ""
	for _, p := range g.people {
		if p.role != events.RoleMentor || p.notSelected {
			continue
		}
		var first, last events.Date
		for _, r := range g.rels {
			if !slices.Contains(r.mentors, p.id) {
				continue
			}
			if first.IsZero() || r.matchedOn.Before(first) {
				first = r.matchedOn
			}
			if r.endedOn.After(last) {
				last = r.endedOn
			}
		}
		// EMCC levels: every mentor of the scheme, every fourth of the
		// peer programme, assessed after training (or, untrained, on
		// selection), some reassessed a level up near the end.
		if scheme || p.index%4 == 0 {
			day := p.trainedOn
			if day.IsZero() {
				day = p.selectedOn
			}
			day = weekday(day.AddDays(7))
			level := pick(g, []string{events.LevelPractitioner, events.LevelPractitioner, events.LevelSeniorPractitioner, events.LevelMasterPractitioner})
			if g.p.untrained[p.id] {
				level = events.LevelFoundation
			}
			g.level(p.id, day, level)
			if level == events.LevelPractitioner && !last.IsZero() && g.chance(0.3) {
				g.level(p.id, weekday(last.AddDays(14)), events.LevelSeniorPractitioner)
			}
		}
		if first.IsZero() {
			continue
		}
		// Supervision: monthly in the scheme, quarterly in the peer
		// programme, while the mentor has relationships.
		every := 84
		if scheme {
			every = 35
		}
		n := 0
		for d := weekday(first.AddDays(30)); !d.After(last); d = weekday(d.AddDays(every)) {
			n++
			c := domain.RecordSupervision{ParticipantID: p.id, HeldOn: d, Minutes: 15 * g.between(3, 6)}
			g.add(on(d, 15, 30), events.SupervisionRecorded{}.EventType(), p.id+": supervision", func(ctx context.Context, s *app.Service) error {
				_, err := s.RecordSupervision(ctx, coordinator, c)
				return err
			})
			// A further training need found in supervision, met a month
			// or two later; the untrained head teacher's is never met.
			switch {
			case g.p.untrained[p.id] && n == 1:
				g.trainingNeed(p.id, g.needID(p.id), events.NeedSkills, d, events.Date{})
			case n == 2 && g.chance(0.2):
				area := pick(g, []string{events.NeedSkills, events.NeedActionPlanning, events.NeedManagingRelationship, events.NeedMonitoringEvaluation})
				g.trainingNeed(p.id, g.needID(p.id), area, d, d.AddDays(g.between(28, 63)))
			}
		}
	}
}

func (g *generator) level(pid string, day events.Date, level string) {
	coordinator := g.p.coordinator
	c := domain.AssessMentorLevel{ParticipantID: pid, AssessedOn: day, Level: level}
	g.add(on(day, 11, 45), events.MentorLevelAssessed{}.EventType(), pid+": EMCC level", func(ctx context.Context, s *app.Service) error {
		_, err := s.AssessMentorLevel(ctx, coordinator, c)
		return err
	})
}

// planEvaluation plans the programme's evaluation (step 7): resource 6
// surveys of mentors, a survey of mentees on the programme's own 1–5
// instrument, outcomes of the relationships that met their goals, a
// feedback session and a focus group.
func (g *generator) planEvaluation() {
	id, coordinator := g.p.id, g.p.coordinator
	inst := g.p.prefix + "mentee-experience"
	q := []events.Question{
		{QuestionID: "m1", Title: "How useful were your mentoring meetings? (1 not at all, 5 very)", Kind: events.AnswerScale},
		{QuestionID: "m2", Title: "How confident are you now in your development goal? (1-5)", Kind: events.AnswerScale},
		{QuestionID: "m3", Title: "How well did your mentor listen? (1-5)", Kind: events.AnswerScale},
		{QuestionID: "m4", Title: "Would you recommend the programme to a colleague?", Kind: events.AnswerYesNo},
		{QuestionID: "m5", Title: "What one thing would you change?", Kind: events.AnswerText},
	}
	first := g.p.intakes[0].from
	defined := weekday(first.AddDays(-14))
	def := domain.DefineInstrument{InstrumentID: inst, ProgrammeID: id, DefinedOn: defined, Questions: q, ScaleMin: 1, ScaleMax: 5}
	g.add(on(defined, 14, 0), events.InstrumentDefined{}.EventType(), id+": define instrument", func(ctx context.Context, s *app.Service) error {
		_, err := s.DefineInstrument(ctx, coordinator, def)
		return err
	})
	// A survey of each cohort after its relationships end.
	for i, in := range g.p.intakes {
		issued := weekday(events.NewDate(in.from.Time().AddDate(0, g.p.months, 21)))
		mentors, mentees := 0, 0
		for _, r := range g.rels {
			if !r.matchedOn.Before(in.from) && r.matchedOn.Before(in.from.AddDays(7)) {
				mentors += len(r.mentors)
				mentees += len(r.mentees)
			}
		}
		responses := mentors * g.between(55, 75) / 100
		sid := fmt.Sprintf("%sr6-cohort-%d", g.p.prefix, i+1)
		if i == 1 && g.p.prefix == "" {
			responses = 0 // issued in the summer holidays: nobody answered
			g.flag(MessUnansweredSurvey, sid)
		}
		g.survey(sid, events.InstrumentResource6, events.AudienceMentor, issued, responses)
		if i%2 == 0 {
			g.survey(fmt.Sprintf("%smentee-cohort-%d", g.p.prefix, i+1), inst, events.AudienceMentee, issued, mentees*g.between(40, 60)/100)
		}
	}
	// Outcomes of the relationships that met their long-term goal.
	kinds := []string{events.OutcomeSkill, events.OutcomeLearningObjective}
	for _, r := range g.rels {
		if !r.goalsMet {
			continue
		}
		kind := pick(g, kinds)
		desc := r.theme.successCriteria[0]
		if g.p.prefix != "" && r.theme.qualification != "" && g.chance(0.3) {
			kind, desc = events.OutcomeQualification, r.theme.qualification
		}
		c := domain.RecordOutcome{ProgrammeID: id, OutcomeID: "outcome-" + r.id, RelationshipID: r.id, Kind: kind, AchievedOn: r.endedOn, Description: desc}
		g.add(later(on(r.endedOn.AddDays(14), 10, 30), r.endAt.Add(time.Hour)), events.OutcomeRecorded{}.EventType(), r.id+": outcome", func(ctx context.Context, s *app.Service) error {
			_, err := s.RecordOutcome(ctx, coordinator, c)
			return err
		})
	}
	for _, fs := range g.p.feedback {
		c := domain.HoldFeedbackSession{ProgrammeID: id, SessionID: fs.id, Kind: fs.kind, HeldOn: events.MustDate(fs.on), Participants: fs.people}
		g.add(on(c.HeldOn, 17, 0), events.FeedbackSessionHeld{}.EventType(), id+": "+fs.id, func(ctx context.Context, s *app.Service) error {
			_, err := s.HoldFeedbackSession(ctx, coordinator, c)
			return err
		})
	}
}

// feedbackSession is a feedback session or focus group a programme holds.
type feedbackSession struct {
	id, kind, on string
	people       int
}

// survey plans a survey issued on day with responses answered over the
// following three weeks, some of them partial.
func (g *generator) survey(sid, inst, audience string, issued events.Date, responses int) {
	coordinator := g.p.coordinator
	c := domain.IssueSurvey{SurveyID: sid, ProgrammeID: g.p.id, InstrumentID: inst, Audience: audience, IssuedOn: issued, DueOn: issued.AddDays(21)}
	g.add(on(issued, 9, 30), events.SurveyIssued{}.EventType(), "issue survey "+sid, func(ctx context.Context, s *app.Service) error {
		_, err := s.IssueSurvey(ctx, coordinator, c)
		return err
	})
	for range responses {
		day := issued.AddDays(g.between(1, 20))
		a := domain.AnswerSurvey{SurveyID: sid, InstrumentID: inst, AnsweredOn: day}
		if inst == events.InstrumentResource6 {
			a.Answers, a.Partial = g.resource6Answers()
		} else {
			a.Answers, a.Partial = g.instrumentAnswers()
		}
		g.add(on(day, g.between(8, 21), g.between(0, 59)), events.SurveyAnswered{}.EventType(), "answer survey "+sid, func(ctx context.Context, s *app.Service) error {
			_, err := s.AnswerSurvey(ctx, a)
			return err
		})
	}
}

var resource6Texts = map[string][]string{
	"q1":  {"Well organised and worthwhile", "Good, though the paperwork was heavy", "Very good"},
	"q2":  {"Rewarding: I learnt as much as my mentee", "Positive overall", "Mixed: meetings were hard to keep"},
	"q6":  {"Clear after the training", "Mostly clear; the boundaries session helped", "Not always clear where mentoring stops"},
	"q8":  {"Open and trusting", "Friendly and focused on the goals", "It took a while to build trust"},
	"q14": {"Seeing my mentee's confidence grow", "Meeting colleagues from the partner organisation", "The structure of the action plan"},
	"q15": {"Finding time in busy weeks", "Cancelled meetings", "The meeting log"},
	"q16": {"Protected time for mentors", "Shorter log form", "More peer support for mentors"},
}

// resource6Answers answers resource 6: every question, or (one in five) a
// partial response that stops after the yes/no questions.
func (g *generator) resource6Answers() ([]events.Answer, bool) {
	partial := g.chance(0.2)
	var out []events.Answer
	for _, q := range events.Resource6Questions() {
		if partial && q.Kind == events.AnswerText && q.QuestionID >= "q14" {
			continue
		}
		a := events.Answer{QuestionID: q.QuestionID}
		switch q.Kind {
		case events.AnswerYesNo:
			a.Choice = domain.ChoiceYes
			if g.chance(0.25) {
				a.Choice = domain.ChoiceNo
			}
		case events.AnswerText:
			a.Text = pick(g, resource6Texts[q.QuestionID])
		}
		out = append(out, a)
	}
	return out, partial
}

// instrumentAnswers answers the programme's own instrument on its 1–5
// scale, now and then leaving the free-text question out.
func (g *generator) instrumentAnswers() ([]events.Answer, bool) {
	v := func() *int { n := g.between(2, 5); return &n }
	out := []events.Answer{{QuestionID: "m1", Value: v()}, {QuestionID: "m2", Value: v()}, {QuestionID: "m3", Value: v()}, {QuestionID: "m4", Choice: domain.ChoiceYes}}
	if g.chance(0.25) {
		return out, true
	}
	return append(out, events.Answer{QuestionID: "m5", Text: pick(g, []string{"More time between meetings", "Nothing: it worked well", "Meet somewhere quieter", "Start with goals sooner"})}), false
}
