package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/domain/app"
	"github.com/mentorledger/mentorledger/events"
)

// The programme's shape.
const (
	coordinator        = "coordinator-01"
	relationshipMonths = 6
	mentorCount        = 16
	menteeCount        = 29
	firstIntakeMentees = 20 // mentees registered before the first intake
)

var organisations = []string{"Lochside Health Board", "Eastbank Council"}

// generator plans every command of the demo with the time it is recorded.
type generator struct {
	opt    Options
	rng    *rand.Rand
	steps  []step
	people []*person
	rels   int
	mess   map[string]map[string]bool
}

type person struct {
	id, role, org  string
	registeredOn   events.Date
	trainedOn      events.Date // mentor training or mentee induction completed
	lineManagerRef string
	busyUntil      events.Date // end of the mentee's current relationship
	load           int         // mentor: relationships in the current intake
	total          int         // relationships so far
}

// flags are the deliberate features of one relationship.
type flags struct {
	lineManager     bool   // the mentor is the mentee's line manager
	endAfter        int    // > 0: premature end after this many meetings
	endReason       string // reason of a premature end
	endedByMentee   bool   // the mentee, not the co-ordinator, records the ending
	rematch         bool   // the mentee is rematched after the premature end
	noAgreement     bool   // never signs an agreement
	agreementAt     int    // meeting at which the agreement is signed (1: the first)
	planAt          int    // meeting at which the action plan is agreed (0: never)
	overTwoHoursAt  int    // meeting that runs over two hours
	openWorkplaceAt int    // meeting held in an open workplace
	gapBefore       int    // meeting preceded by a gap of six weeks or more
	lateLogAt       int    // meeting whose log is recorded weeks later
	lateNoticeAt    int    // meeting postponed at late notice
	mentorLogs      bool   // the mentor completes every log
	contactHabit    bool   // the mentor makes contact about two weeks after meetings
	noReview        bool   // the action plan is never reviewed
}

// rel is one planned relationship.
type rel struct {
	id               string
	model            string
	mentors, mentees []string
	matchedOn        events.Date
	endsOn           events.Date
	rematchOf        string
	theme            theme
	f                flags
}

func (g *generator) add(at time.Time, kind, what string, do func(context.Context, *app.Service) error) {
	g.steps = append(g.steps, step{at: at.UTC(), kind: kind, what: what, do: do})
}

func (g *generator) flag(kind, relID string) {
	if g.mess[kind] == nil {
		g.mess[kind] = map[string]bool{}
	}
	g.mess[kind][relID] = true
}

// between returns a whole number in [lo, hi].
func (g *generator) between(lo, hi int) int { return lo + g.rng.IntN(hi-lo+1) }

func (g *generator) chance(p float64) bool { return g.rng.Float64() < p }

func pick[T any](g *generator, list []T) T { return list[g.rng.IntN(len(list))] }

// on returns the time of day h:m on date d.
func on(d events.Date, h, m int) time.Time {
	return d.Time().Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)
}

// weekday moves a weekend date to the Monday after.
func weekday(d events.Date) events.Date {
	switch d.Time().Weekday() {
	case time.Saturday:
		return d.AddDays(2)
	case time.Sunday:
		return d.AddDays(1)
	}
	return d
}

func date(t time.Time) events.Date { return events.NewDate(t) }

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// plan lays out the whole programme.
func (g *generator) plan() {
	g.planProgramme()
	g.planPeople()
	intakes := []struct {
		from  events.Date
		specs []spec
	}{
		{events.NewDate(Start), intakeSpecs(3, 11, []flags{
			{lineManager: true},
			{endAfter: 2, endReason: events.EndNotWorking, rematch: true},
			{noAgreement: true},
			{agreementAt: 3},
			{planAt: -1},
			{planAt: 2},
			{overTwoHoursAt: 2},
			{openWorkplaceAt: 3},
			{gapBefore: 3},
			{lateLogAt: 2},
			{lateNoticeAt: 3},
		})},
		{events.MustDate("2025-07-14"), intakeSpecs(4, 11, []flags{
			{endAfter: 3, endReason: events.EndMovedRole, endedByMentee: true},
			{planAt: 3},
			{lateNoticeAt: 2, lateLogAt: 4},
			{mentorLogs: true},
			{noReview: true},
		})},
		{events.MustDate("2026-01-19"), intakeSpecs(4, 11, []flags{
			{endAfter: 4, endReason: events.EndWorkload},
			{gapBefore: 2},
		})},
	}
	for _, in := range intakes {
		for _, p := range g.people {
			p.load = 0
		}
		for i, s := range in.specs {
			matchedOn := weekday(in.from.AddDays(i * 5 / len(in.specs)))
			if r, ok := g.assign(s, matchedOn); ok {
				g.planRelationship(r)
			}
		}
	}
}

// spec is a relationship an intake asks for.
type spec struct {
	model            string
	mentors, mentees int
	f                flags
}

// intakeSpecs lists an intake: one-to-one pairs (the first ones carrying
// the designed features), a group of groupSize mentees, a two-by-two and a
// team of two mentors and three mentees.
func intakeSpecs(groupSize, pairs int, designed []flags) []spec {
	var out []spec
	for i := range pairs {
		s := spec{model: events.ModelOneToOne, mentors: 1, mentees: 1, f: flags{planAt: 1, agreementAt: 1}}
		if i < len(designed) {
			s.f = designed[i]
		}
		out = append(out, s)
	}
	return append(out,
		spec{model: events.ModelGroup, mentors: 1, mentees: groupSize},
		spec{model: events.ModelTwoByTwo, mentors: 2, mentees: 2},
		spec{model: events.ModelTeam, mentors: 2, mentees: 3},
	)
}

func (g *generator) planProgramme() {
	id := g.opt.ProgrammeID
	reg := domain.RegisterProgramme{
		ProgrammeID:   id,
		Name:          "Lochside and Eastbank Peer Mentoring Programme 2025-26",
		Organisations: slices.Clone(organisations),
		Partnership:   true,
		Models:        []string{events.ModelOneToOne, events.ModelGroup, events.ModelTwoByTwo, events.ModelTeam},
		RegisteredOn:  date(registeredAt),
	}
	g.add(registeredAt, events.ProgrammeRegistered{}.EventType(), "register programme", func(ctx context.Context, s *app.Service) error {
		_, err := s.RegisterProgramme(ctx, coordinator, reg)
		return err
	})
	adopted := time.Date(2024, 11, 25, 14, 30, 0, 0, time.UTC)
	plan := domain.AdoptPlan{
		ProgrammeID:              id,
		AdoptedOn:                date(adopted),
		StartsOn:                 events.NewDate(Start),
		EndsOn:                   events.MustDate("2026-07-31"),
		RelationshipMonths:       relationshipMonths,
		MeetingFrequencyDays:     30,
		MinMeetingMinutes:        60,
		MaxMeetingMinutes:        120,
		ContactAfterMeetingDays:  14,
		DocumentsDueDays:         7,
		MentorTrainingMandatory:  true,
		MenteeInductionMandatory: true,
	}
	g.add(adopted, events.PlanAdopted{}.EventType(), "adopt plan", func(ctx context.Context, s *app.Service) error {
		_, err := s.AdoptPlan(ctx, coordinator, plan)
		return err
	})
}

func (g *generator) planPeople() {
	for i := range mentorCount {
		g.people = append(g.people, &person{id: fmt.Sprintf("mentor-%02d", i+1), role: events.RoleMentor, org: organisations[i%2],
			registeredOn: weekday(events.MustDate("2024-12-02").AddDays(g.between(0, 11)))})
	}
	for i := range menteeCount {
		day := events.MustDate("2024-12-02").AddDays(g.between(0, 11))
		if i >= firstIntakeMentees {
			day = events.MustDate("2025-06-02").AddDays(g.between(0, 18))
		}
		g.people = append(g.people, &person{id: fmt.Sprintf("mentee-%02d", i+1), role: events.RoleMentee, org: organisations[g.rng.IntN(2)],
			registeredOn: weekday(day)})
	}
	for _, p := range g.people {
		if p.role == events.RoleMentee && g.chance(0.6) {
			p.lineManagerRef = fmt.Sprintf("lm-%03d", g.between(1, 120))
		}
	}
	// Pitfall 8: one mentee's line manager is a mentor (matched in intake 1).
	g.person("mentee-05").lineManagerRef, g.person("mentee-05").org = "mentor-03", g.person("mentor-03").org
	for i, p := range g.people {
		c := domain.RegisterParticipant{ParticipantID: p.id, ProgrammeID: g.opt.ProgrammeID, Role: p.role, Organisation: p.org,
			LineManagerRef: p.lineManagerRef, RegisteredOn: p.registeredOn}
		name, email, phone := contact(i, p.org)
		g.add(on(p.registeredOn, 9, g.between(0, 59)+60*g.rng.IntN(7)), events.ParticipantRegistered{}.EventType(), "register "+p.id,
			func(ctx context.Context, s *app.Service) error {
				if s.Keys == nil {
					_, err := s.RegisterParticipant(ctx, coordinator, c)
					return err
				}
				_, err := s.RegisterPerson(ctx, coordinator, app.RegisterPerson{RegisterParticipant: c, Name: name, Email: email, Phone: phone})
				return err
			})
		// The plan makes mentor training and mentee induction mandatory
		// before a match; each is completed a few days after registering
		// (derived from the index, not the random source, so the rest of
		// the demo is unchanged).
		p.trainedOn = weekday(p.registeredOn.AddDays(3 + i%5))
		if p.role == events.RoleMentor {
			t := domain.CompleteMentorTraining{ParticipantID: p.id, CompletedOn: p.trainedOn}
			g.add(on(p.trainedOn, 16, i%60), events.MentorTrainingCompleted{}.EventType(), "train "+p.id,
				func(ctx context.Context, s *app.Service) error {
					_, err := s.CompleteMentorTraining(ctx, coordinator, t)
					return err
				})
		} else {
			t := domain.CompleteMenteeInduction{ParticipantID: p.id, CompletedOn: p.trainedOn}
			g.add(on(p.trainedOn, 16, i%60), events.MenteeInductionCompleted{}.EventType(), "induct "+p.id,
				func(ctx context.Context, s *app.Service) error {
					_, err := s.CompleteMenteeInduction(ctx, coordinator, t)
					return err
				})
		}
	}
}

// Made-up names for the demo's participants, one given name and one
// surname per person (45 of each), so every full name is unique.
var (
	givenNames = []string{
		"Aileen", "Bashir", "Catriona", "Dominic", "Eilidh", "Farhan", "Gwendolyn", "Hamish", "Ingrid", "Jasper",
		"Kirsteen", "Lachlan", "Morven", "Niamh", "Oluwaseun", "Priya", "Quentin", "Rhona", "Somhairle", "Tamsin",
		"Ulrika", "Vikram", "Wilhelmina", "Xander", "Yvaine", "Zubair", "Annelise", "Bronwen", "Cormac", "Delphine",
		"Ewart", "Fenella", "Gideon", "Henrietta", "Isidore", "Jocasta", "Kenrick", "Lavinia", "Magnus", "Ottilie",
		"Peregrine", "Rosalind", "Seonaid", "Torquil", "Valentina",
	}
	surnames = []string{
		"Abernethy", "Balfour-Quayle", "Carruthers", "Drummond", "Ellwood", "Farquharson", "Gilchrist", "Haldane",
		"Inglis", "Jardine", "Kinnaird", "Lamont", "MacAskill", "Nasmyth", "Ogilvie", "Pettigrew", "Quarrie",
		"Rutherglen", "Strachan", "Threipland", "Urquhart", "Vallance", "Wedderburn", "Yeaman", "Zelinski",
		"Achterberg", "Blackadder", "Cochrane", "Dalgleish", "Elphinstone", "Fairbairn", "Gowdie", "Hepburn",
		"Imrie", "Kerrigan", "Lennox-Boyd", "Moncreiff", "Nairn", "Orrock", "Pitcairn", "Rintoul", "Sinclair-Oduya",
		"Tennant", "Veitch", "Wishart",
	}
	// orgDomains are reserved example domains, one per organisation.
	orgDomains = map[string]string{"Lochside Health Board": "lochside-health.example", "Eastbank Council": "eastbank-council.example"}
)

// contact returns the i-th person's made-up name, work email and phone (a
// number from the range Ofcom keeps for drama). They are derived from the
// index, not the random source, so the rest of the demo is unchanged.
func contact(i int, org string) (name, email, phone string) {
	given, surname := givenNames[i%len(givenNames)], surnames[(i*17)%len(surnames)]
	local := strings.ToLower(given + "." + strings.ReplaceAll(surname, "-", ""))
	return given + " " + surname, local + "@" + orgDomains[org], fmt.Sprintf("07700 900%03d", 100+i)
}

func (g *generator) person(id string) *person {
	for _, p := range g.people {
		if p.id == id {
			return p
		}
	}
	panic("demo: no person " + id)
}

// assign chooses the people of a relationship matched on day: mentees free
// by then with the fewest relationships so far, mentors with the lightest
// load, preferably from the other organisation.
func (g *generator) assign(s spec, day events.Date) (*rel, bool) {
	free := func(role string) []*person {
		var out []*person
		for _, p := range g.people {
			if p.role != role || p.trainedOn.After(day) {
				continue
			}
			if role == events.RoleMentee && !p.busyUntil.Before(day) && !p.busyUntil.IsZero() {
				continue
			}
			if role == events.RoleMentor && p.load >= 2 {
				continue
			}
			out = append(out, p)
		}
		g.rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
		slices.SortStableFunc(out, func(a, b *person) int {
			if a.load != b.load {
				return a.load - b.load
			}
			return a.total - b.total
		})
		return out
	}
	r := &rel{model: s.model, matchedOn: day, f: s.f}
	mentees := free(events.RoleMentee)
	if s.f.lineManager {
		r.mentors, r.mentees = []string{"mentor-03"}, []string{"mentee-05"}
	} else {
		if s.model == events.ModelTeam { // a team's mentees share a work team
			byOrg := map[string][]*person{}
			for _, p := range mentees {
				byOrg[p.org] = append(byOrg[p.org], p)
			}
			org := organisations[0]
			if len(byOrg[organisations[1]]) > len(byOrg[org]) {
				org = organisations[1]
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
	g.rels++
	r.id = fmt.Sprintf("rel-%03d", g.rels)
	r.endsOn = events.NewDate(day.Time().AddDate(0, relationshipMonths, 0))
	r.theme = pick(g, themes)
	for _, id := range append(slices.Clone(r.mentors), r.mentees...) {
		p := g.person(id)
		p.load++
		p.total++
		p.busyUntil = r.endsOn
	}
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
	if !r.f.mentorLogs && g.chance(0.15) {
		r.f.mentorLogs = true
	}
	r.f.contactHabit = g.chance(0.85)
	if !r.f.noReview && g.chance(0.08) {
		r.f.noReview = true
	}
	return r, true
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
