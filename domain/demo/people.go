package demo

import (
	"context"
	"fmt"
	"slices"

	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/domain/app"
	"github.com/mentorledger/mentorledger/events"
)

// wave is a recruitment round: n people of a role registered over spread
// days from from.
type wave struct {
	role   string
	n      int
	from   events.Date
	spread int
}

// intake is a round of matching from a date.
type intake struct {
	from  events.Date
	specs []spec
}

// spec is a relationship an intake asks for.
type spec struct {
	model            string
	mentors, mentees int
	f                flags
}

// intakeSpecs lists an intake: one-to-one pairs (the first ones carrying
// the designed features), then groups of the given sizes, two-by-twos and
// teams of two mentors and three mentees.
func intakeSpecs(pairs int, groups []int, twoByTwos, teams int, designed []flags) []spec {
	var out []spec
	for i := range pairs {
		s := spec{model: events.ModelOneToOne, mentors: 1, mentees: 1, f: flags{planAt: 1, agreementAt: 1}}
		if i < len(designed) {
			s.f = designed[i]
		}
		out = append(out, s)
	}
	for _, n := range groups {
		out = append(out, spec{model: events.ModelGroup, mentors: 1, mentees: n})
	}
	for range twoByTwos {
		out = append(out, spec{model: events.ModelTwoByTwo, mentors: 2, mentees: 2})
	}
	for range teams {
		out = append(out, spec{model: events.ModelTeam, mentors: 2, mentees: 3})
	}
	return out
}

// plan lays out the whole programme.
func (g *generator) plan() {
	g.needs = map[string]int{}
	g.planProgramme()
	g.planPeople()
	for _, in := range g.p.intakes {
		for i, s := range in.specs {
			matchedOn := weekday(in.from.AddDays(i * 5 / len(in.specs)))
			if r, ok := g.assign(s, matchedOn); ok {
				g.planRelationship(r)
			}
		}
	}
	g.planDevelopment()
	g.planEvaluation()
	g.planClose()
}

// planPeople registers the recruitment waves, selects them (or not),
// trains the mentors and inducts the mentees.
func (g *generator) planPeople() {
	counts := map[string]int{}
	for _, w := range g.p.waves {
		for range w.n {
			counts[w.role]++
			p := &person{id: fmt.Sprintf("%s%s-%02d", g.p.prefix, w.role, counts[w.role]), role: w.role, index: len(g.people),
				registeredOn: weekday(w.from.AddDays(g.between(0, w.spread))), until: map[string]events.Date{}}
			if w.role == events.RoleMentor {
				p.org = g.p.orgs[counts[w.role]%len(g.p.orgs)]
			} else {
				p.org = g.p.orgs[g.rng.IntN(len(g.p.orgs))]
			}
			g.people = append(g.people, p)
		}
	}
	for _, p := range g.people {
		if p.role == events.RoleMentee && g.chance(0.6) {
			p.lineManagerRef = fmt.Sprintf("lm-%03d", g.between(1, 400))
		}
	}
	if g.p.adjust != nil {
		g.p.adjust(g)
	}
	id := g.p.id
	coord := g.p.coordinator
	for _, p := range g.people {
		c := domain.RegisterParticipant{ParticipantID: p.id, ProgrammeID: id, Role: p.role, Organisation: p.org,
			LineManagerRef: p.lineManagerRef, RegisteredOn: p.registeredOn}
		name, email, phone := contact(g.base+p.index, p.org, g.p.domains)
		g.add(on(p.registeredOn, 9, g.between(0, 59)+60*g.rng.IntN(7)), events.ParticipantRegistered{}.EventType(), "register "+p.id,
			func(ctx context.Context, s *app.Service) error {
				if s.Keys == nil {
					_, err := s.RegisterParticipant(ctx, coord, c)
					return err
				}
				_, err := s.RegisterPerson(ctx, coord, app.RegisterPerson{RegisterParticipant: c, Name: name, Email: email, Phone: phone})
				return err
			})
		// Selection against the criteria a day or two after recruitment
		// (step 4); a few are not selected, and one of them is not told.
		decided := weekday(p.registeredOn.AddDays(1 + p.index%2))
		if p.notSelected {
			c := domain.DeclineParticipant{ParticipantID: p.id, DecidedOn: decided, Reason: pick(g, notSelectedReasons), Informed: !g.p.notTold[p.id]}
			g.add(on(decided, 17, p.index%60), events.NotSelected{}.EventType(), "decline "+p.id, func(ctx context.Context, s *app.Service) error {
				_, err := s.DeclineParticipant(ctx, coord, c)
				return err
			})
			g.flag(MessNotSelected, p.id)
			if !c.Informed {
				g.flag(MessNotInformed, p.id)
			}
			continue
		}
		p.selectedOn = decided
		sel := domain.SelectParticipant{ParticipantID: p.id, SelectedOn: decided}
		g.add(on(decided, 17, p.index%60), events.Selected{}.EventType(), "select "+p.id, func(ctx context.Context, s *app.Service) error {
			_, err := s.SelectParticipant(ctx, coord, sel)
			return err
		})
		if p.reserved && p.role == events.RoleMentor && g.p.untrained[p.id] {
			continue // pitfall 7: never trained as a mentor
		}
		// Training or induction a few days after registering (derived
		// from the index, so it always follows selection).
		p.trainedOn = weekday(p.registeredOn.AddDays(3 + p.index%5))
		if p.role == events.RoleMentor {
			t := domain.CompleteMentorTraining{ParticipantID: p.id, CompletedOn: p.trainedOn}
			g.add(on(p.trainedOn, 16, p.index%60), events.MentorTrainingCompleted{}.EventType(), "train "+p.id,
				func(ctx context.Context, s *app.Service) error {
					_, err := s.CompleteMentorTraining(ctx, coord, t)
					return err
				})
		} else {
			t := domain.CompleteMenteeInduction{ParticipantID: p.id, CompletedOn: p.trainedOn}
			g.add(on(p.trainedOn, 16, p.index%60), events.MenteeInductionCompleted{}.EventType(), "induct "+p.id,
				func(ctx context.Context, s *app.Service) error {
					_, err := s.CompleteMenteeInduction(ctx, coord, t)
					return err
				})
		}
	}
}

var notSelectedReasons = []string{events.NotSelectedCriteriaNotMet, events.NotSelectedCommitment, events.NotSelectedSelfSelected, events.NotSelectedNoPlace}

// assign chooses the people of a relationship matched on day: mentees free
// by then with the fewest relationships so far, mentors with the lightest
// load, preferably from another organisation.
func (g *generator) assign(s spec, day events.Date) (*rel, bool) {
	free := func(role string) []*person {
		var out []*person
		for _, p := range g.people {
			if p.role != role || p.reserved || p.notSelected || p.withdrawn || p.trainedOn.IsZero() || p.trainedOn.After(day) {
				continue
			}
			if role == events.RoleMentee && p.activeOn(day) > 0 {
				continue
			}
			if role == events.RoleMentor && p.activeOn(day) >= g.p.mentorLoad {
				continue
			}
			out = append(out, p)
		}
		g.rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
		slices.SortStableFunc(out, func(a, b *person) int {
			if x, y := a.activeOn(day), b.activeOn(day); x != y {
				return x - y
			}
			return a.total - b.total
		})
		return out
	}
	r := &rel{model: s.model, matchedOn: day, f: s.f}
	if len(s.f.mentorIDs) > 0 {
		r.mentors, r.mentees = slices.Clone(s.f.mentorIDs), slices.Clone(s.f.menteeIDs)
	} else {
		mentees := free(events.RoleMentee)
		if s.model == events.ModelTeam { // a team's mentees share a work team
			byOrg := map[string][]*person{}
			for _, p := range mentees {
				byOrg[p.org] = append(byOrg[p.org], p)
			}
			org := g.p.orgs[0]
			for _, o := range g.p.orgs {
				if len(byOrg[o]) > len(byOrg[org]) {
					org = o
				}
			}
			mentees = byOrg[org]
		}
		if len(mentees) < s.mentees {
			return nil, false
		}
		for _, p := range mentees[:s.mentees] {
			r.mentees = append(r.mentees, p.id)
		}
		menteeOrg := g.person(r.mentees[0]).org
		mentors := free(events.RoleMentor)
		slices.SortStableFunc(mentors, func(a, b *person) int { // other organisation first
			return boolInt(a.org == menteeOrg) - boolInt(b.org == menteeOrg)
		})
		if len(mentors) < s.mentors {
			return nil, false
		}
		for _, p := range mentors[:s.mentors] {
			r.mentors = append(r.mentors, p.id)
		}
	}
	g.newRel(r)
	// Random features on top of the designed ones.
	if r.f.agreementAt == 0 {
		r.f.agreementAt = 1
	}
	if r.f.planAt == 0 {
		r.f.planAt = 1
		if g.chance(0.1) {
			r.f.planAt = 2
		}
	}
	if r.f.planAt < 0 {
		r.f.planAt = 0
	}
	if r.f.gapBefore == 0 && g.chance(0.15) {
		r.f.gapBefore = g.between(2, 5)
	}
	if r.f.cancelAt == 0 && g.chance(0.05) {
		r.f.cancelAt = g.between(2, 4)
	}
	if !r.f.mentorLogs && g.chance(0.15) {
		r.f.mentorLogs = true
	}
	r.f.contactHabit = !r.f.irregular && g.chance(0.85)
	if !r.f.noReview && g.chance(0.06) {
		r.f.noReview = true
	}
	return r, true
}

// newRel numbers a relationship, gives it its end date and theme and books
// its people.
func (g *generator) newRel(r *rel) {
	g.rels = append(g.rels, r)
	r.id = fmt.Sprintf("%srel-%03d", g.p.prefix, len(g.rels))
	r.endsOn = events.NewDate(r.matchedOn.Time().AddDate(0, g.p.months, 0))
	if r.theme.name == "" {
		r.theme = pick(g, g.p.themes)
	}
	for _, id := range append(slices.Clone(r.mentors), r.mentees...) {
		p := g.person(id)
		p.total++
		p.until[r.id] = r.endsOn
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
