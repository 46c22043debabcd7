package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/mentorledger/mentorledger/domain/app"
	"github.com/mentorledger/mentorledger/events"
)

// generator plans every command of one demo programme with the time it is
// recorded.
type generator struct {
	opt    Options
	p      *programme
	n      int // index of the programme, stamped on its steps
	base   int // index of the programme's first participant among all (made-up details)
	rng    *rand.Rand
	steps  []step
	people []*person
	rels   []*rel
	mess   map[string]map[string]bool
	// needs counts training needs identified per participant.
	needs map[string]int
}

type person struct {
	id, role, org  string
	index          int // within the programme
	registeredOn   events.Date
	selectedOn     events.Date
	trainedOn      events.Date // mentor training or mentee induction completed (zero: never)
	lineManagerRef string
	notSelected    bool
	reserved       bool // matched only where a designed relationship names them
	withdrawn      bool
	// until maps each of the person's relationships to its end date.
	until map[string]events.Date
	total int // relationships so far
}

// activeOn counts the person's relationships not ended before day.
func (p *person) activeOn(day events.Date) int {
	n := 0
	for _, end := range p.until {
		if !end.Before(day) {
			n++
		}
	}
	return n
}

// flags are the deliberate features of one relationship.
type flags struct {
	lineManager     bool     // the mentor is the mentee's line manager
	endAfter        int      // > 0: premature end after this many meetings
	endReason       string   // reason of a premature end
	endedByMentee   bool     // the mentee, not the co-ordinator, records the ending
	rematch         bool     // the mentee is rematched after the premature end
	withdraw        bool     // the mentee withdraws from the programme after the ending
	noAgreement     bool     // never signs an agreement (with no end date discussed: pitfall 2)
	agreementAt     int      // meeting at which the agreement is signed (1: the first)
	planAt          int      // meeting at which the action plan is agreed (0: never; pitfall 1)
	overTwoHoursAt  int      // meeting that runs over two hours
	openWorkplaceAt int      // meeting held in an open workplace
	gapBefore       int      // meeting preceded by a gap of six weeks or more
	lateLogAt       int      // meeting whose log is recorded weeks later
	lateNoticeAt    int      // meeting postponed at late notice
	cancelAt        int      // meeting whose first arrangement is cancelled
	irregular       bool     // postponed again and again (pitfall 3)
	noAgendas       bool     // no agenda after the first meeting (pitfall 4)
	noEndingPrep    bool     // the end is never prepared for (pitfall 5)
	roleConfusion   bool     // the mentor slides into counselling (pitfall 6)
	inexperienced   bool     // an untrained senior manager mentors (pitfall 7)
	openIssue       bool     // an issue raised and never resolved
	mentorLogs      bool     // the mentor completes every log
	contactHabit    bool     // the mentor makes contact about two weeks after meetings
	noReview        bool     // neither the action plan nor the relationship is ever reviewed (pitfall 9)
	mentorIDs       []string // designed: these mentors
	menteeIDs       []string // designed: these mentees
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
	// Filled in as it is planned.
	endedOn     events.Date
	endAt       time.Time
	goalsMet    bool
	earlyEnding bool
}

func (g *generator) add(at time.Time, kind, what string, do func(context.Context, *app.Service) error) {
	g.steps = append(g.steps, step{prog: g.n, at: at.UTC(), kind: kind, what: what, do: do})
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
)

// contact returns the i-th person's made-up name, work email and phone (a
// number from the range Ofcom keeps for drama). They are derived from the
// index, not the random source: given name and surname move in step, and the
// surname shifts once every len(givenNames) people, so every name is unique
// for the first 45×45 people.
func contact(i int, org string, domains map[string]string) (name, email, phone string) {
	given, surname := givenNames[i%len(givenNames)], surnames[(i*17+i/len(givenNames))%len(surnames)]
	local := strings.ToLower(given + "." + strings.ReplaceAll(surname, "-", ""))
	return given + " " + surname, local + "@" + domains[org], fmt.Sprintf("07700 900%03d", 100+i)
}

func (g *generator) person(id string) *person {
	for _, p := range g.people {
		if p.id == id {
			return p
		}
	}
	panic("demo: no person " + id)
}
