package demo

import (
	"time"

	"github.com/mentorledger/mentorledger/events"
)

// programme is the shape of one demo programme.
type programme struct {
	id, name                string
	orgs                    []string
	domains                 map[string]string // reserved example email domain per organisation
	partnership             bool
	models                  []string
	coordinator             string
	prefix                  string // of its participants' and relationships' ids
	months                  int    // length of a relationship
	mentorLoad              int    // relationships a mentor holds at once
	registeredAt            time.Time
	startsOn                events.Date
	endsOn                  events.Date
	mentorTrainingMandatory bool
	themes                  []theme
	venues                  map[string][]string
	rationales              []string
	waves                   []wave
	intakes                 []intake
	// adjust marks the designed people once the waves are drawn.
	adjust func(*generator)
	// notTold are not selected and not told; untrained are mentors who
	// never complete mentor training.
	notTold, untrained map[string]bool
	// design records the programme's design (steps 1–8).
	design func(*generator)
	// feedback are the feedback sessions and focus groups it holds.
	feedback []feedbackSession
	// closeOn closes the programme (zero: it stays open).
	closeOn events.Date
}

// organisations of the peer programme.
var organisations = []string{"Lochside Health Board", "Eastbank Council"}

// peerProgramme is the peer mentoring programme across two partner
// organisations: two years of quarterly intakes in all four models.
func peerProgramme(id string) *programme {
	p := &programme{
		id: id, name: "Lochside and Eastbank Peer Mentoring Programme 2025-26",
		orgs:        organisations,
		domains:     map[string]string{"Lochside Health Board": "lochside-health.example", "Eastbank Council": "eastbank-council.example"},
		partnership: true,
		models:      []string{events.ModelOneToOne, events.ModelGroup, events.ModelTwoByTwo, events.ModelTeam},
		coordinator: "coordinator-01", months: 6, mentorLoad: 2,
		registeredAt: registeredAt,
		startsOn:     events.NewDate(Start), endsOn: events.MustDate("2026-12-31"),
		mentorTrainingMandatory: true,
		themes:                  themes, venues: venues, rationales: rationales,
		waves: []wave{
			{events.RoleMentor, 50, events.MustDate("2024-12-02"), 11},
			{events.RoleMentee, 62, events.MustDate("2024-12-02"), 11},
			{events.RoleMentee, 40, events.MustDate("2025-03-03"), 14},
			{events.RoleMentor, 6, events.MustDate("2025-06-02"), 14},
			{events.RoleMentee, 36, events.MustDate("2025-06-02"), 14},
			{events.RoleMentee, 32, events.MustDate("2025-09-01"), 14},
			{events.RoleMentor, 6, events.MustDate("2025-12-01"), 11},
			{events.RoleMentee, 32, events.MustDate("2025-12-01"), 14},
			{events.RoleMentee, 30, events.MustDate("2026-03-02"), 14},
			{events.RoleMentee, 30, events.MustDate("2026-05-25"), 14},
		},
		notTold: map[string]bool{"mentee-64": true},
		feedback: []feedbackSession{
			{"feedback-2025-07", events.FeedbackSession, "2025-07-21", 18},
			{"focus-group-2026-01", events.FocusGroup, "2026-01-26", 8},
			{"feedback-2026-12", events.FeedbackSession, "2026-12-07", 24},
		},
	}
	const pairs = 31
	groups := []int{2, 3, 4}
	p.intakes = []intake{
		{events.NewDate(Start), intakeSpecs(pairs, groups, 2, 2, []flags{
			{lineManager: true, mentorIDs: []string{"mentor-03"}, menteeIDs: []string{"mentee-05"}},
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
			{noEndingPrep: true},
			{openIssue: true},
		})},
		{events.MustDate("2025-04-07"), intakeSpecs(pairs, groups, 2, 2, []flags{
			{endAfter: 3, endReason: events.EndPersonalCircumstances, withdraw: true},
			{cancelAt: 2},
		})},
		{events.MustDate("2025-07-07"), intakeSpecs(pairs, groups, 2, 2, []flags{
			{endAfter: 3, endReason: events.EndMovedRole, endedByMentee: true},
			{planAt: 3},
			{lateNoticeAt: 2, lateLogAt: 4},
			{mentorLogs: true},
			{noReview: true},
		})},
		{events.MustDate("2025-10-06"), intakeSpecs(pairs, groups, 2, 2, nil)},
		{events.MustDate("2026-01-12"), intakeSpecs(pairs, groups, 2, 2, []flags{
			{endAfter: 4, endReason: events.EndWorkload},
			{gapBefore: 2},
			{endAfter: 2, endReason: events.EndNotWorking, rematch: true},
		})},
		{events.MustDate("2026-04-13"), intakeSpecs(pairs, groups, 2, 2, []flags{{noEndingPrep: true}})},
		{events.MustDate("2026-06-29"), intakeSpecs(pairs, groups, 2, 2, nil)},
	}
	p.adjust = func(g *generator) {
		// Pitfall 8: one mentee's line manager is a mentor (matched in
		// intake 1).
		g.person("mentee-05").lineManagerRef, g.person("mentee-05").org = "mentor-03", g.person("mentor-03").org
		for _, id := range []string{"mentor-03", "mentee-05"} {
			g.person(id).reserved = true
		}
		// Recruited, not selected.
		for _, id := range []string{"mentor-50", "mentee-61", "mentee-62", "mentee-64", "mentee-140"} {
			g.person(id).notSelected = true
		}
	}
	p.design = peerDesign
	return p
}

// Organisations of the refugee education scheme: a local authority's
// education service and three of its schools.
var schemeOrgs = []string{"Westmuir Council Education Services", "Westmuir Academy", "St Brendan's Primary School", "Kirkton Primary School"}

// refugeeScheme is a small scheme for staff supporting refugee children in
// education: one-to-one and group mentoring over a school year, mentors
// assessed against the EMCC levels, closed when its funding ends.
func refugeeScheme(id string) *programme {
	p := &programme{
		id: id, name: "Westmuir Mentoring for Staff Supporting Refugee Children in Education",
		orgs: schemeOrgs,
		domains: map[string]string{
			schemeOrgs[0]: "westmuir-council.example", schemeOrgs[1]: "westmuir-academy.example",
			schemeOrgs[2]: "stbrendans-primary.example", schemeOrgs[3]: "kirkton-primary.example",
		},
		partnership: true,
		models:      []string{events.ModelOneToOne, events.ModelGroup},
		coordinator: "rs-coordinator", prefix: "rs-", months: 6, mentorLoad: 2,
		registeredAt: time.Date(2025, 5, 12, 10, 0, 0, 0, time.UTC),
		startsOn:     events.MustDate("2025-09-08"), endsOn: events.MustDate("2026-07-31"),
		themes: schemeThemes, venues: schemeVenues, rationales: schemeRationales,
		waves: []wave{
			{events.RoleMentor, 10, events.MustDate("2025-06-02"), 10},
			{events.RoleMentee, 26, events.MustDate("2025-06-02"), 14},
		},
		notTold:   map[string]bool{},
		untrained: map[string]bool{"rs-mentor-09": true},
		closeOn:   events.MustDate("2026-09-30"),
		feedback: []feedbackSession{
			{"rs-focus-group-2026-03", events.FocusGroup, "2026-03-23", 6},
			{"rs-feedback-2026-07", events.FeedbackSession, "2026-07-06", 12},
		},
	}
	p.intakes = []intake{
		{events.MustDate("2025-09-08"), intakeSpecs(8, []int{3, 4}, 0, 0, []flags{
			{inexperienced: true, mentorIDs: []string{"rs-mentor-09"}, menteeIDs: []string{"rs-mentee-26"}},
			{roleConfusion: true},
			{irregular: true, cancelAt: 3},
			{noAgendas: true},
			{endAfter: 2, endReason: events.EndNotWorking, rematch: true},
		})},
		{events.MustDate("2026-01-12"), intakeSpecs(6, []int{2}, 0, 0, []flags{{openIssue: true}})},
	}
	p.adjust = func(g *generator) {
		// Pitfall 7: the head teacher of Westmuir Academy, an effective
		// manager, mentors without mentor training.
		m := g.person("rs-mentor-09")
		m.org, m.reserved = schemeOrgs[1], true
		e := g.person("rs-mentee-26")
		e.org, e.reserved = schemeOrgs[2], true
		g.person("rs-mentor-10").notSelected = true
		g.person("rs-mentee-25").notSelected = true
	}
	p.design = schemeDesign
	return p
}
