// Package demo generates realistic demonstration programmes through the
// application layer: a peer mentoring programme across two partner
// organisations, over two years from 6 January 2025, in all four models,
// and a small scheme for staff supporting refugee children in education (a
// local authority and three schools). Each records its design before it
// launches, its participants' selection, training and development, its
// relationships from match to closure with goals, scaling and reviews, and
// its evaluation — with everything the guidance asks for, the ordinary mess
// of real programmes (postponements, a long meeting, a missing agreement,
// late paperwork, early endings and rematches) and each of the nine
// pitfalls of resource 19 at least once. Every event goes through the same
// Service commands as real input, recorded at the simulated time it would
// have been recorded. The same seed gives the same ledger, event for event.
package demo

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"time"

	"github.com/mentorledger/mentorledger/domain/app"
	"github.com/mentorledger/mentorledger/events"
)

// Defaults of Options.
const (
	DefaultSeed        uint64 = 20250106
	DefaultProgrammeID        = "prog-peer-2025"
	// DefaultSchemeID is the refugee education mentoring scheme's id.
	DefaultSchemeID = "prog-refugee-ed-2025"
)

// Kinds of mess the demo puts in on purpose; Summary.Mess lists the
// relationships that show each.
const (
	MessPostponed           = "postponed_with_notice"     // postponed at least 24 hours ahead
	MessLateNotice          = "postponed_at_late_notice"  // postponed less than 24 hours ahead
	MessOverTwoHours        = "meeting_over_two_hours"    // a meeting longer than the agreed maximum
	MessNoAgreement         = "no_agreement"              // never signed an agreement
	MessLateAgreement       = "agreement_signed_late"     // signed after the first meeting
	MessOpenWorkplace       = "meeting_in_open_workplace" // no privacy (checklist 6)
	MessGap                 = "gap_over_a_month"          // designed gap of six weeks or more
	MessLateLog             = "log_recorded_weeks_late"   // meeting log recorded three weeks or more after
	MessPrematureEnd        = "premature_end"             // ended before the agreed end date
	MessRematch             = "rematch"                   // matched again after a premature end
	MessPlannedEnd          = "planned_end"               // ended at the agreed end date
	MessNoActionPlan        = "no_action_plan"            // never agreed an action plan
	MessLateActionPlan      = "action_plan_late"          // action plan after the first meeting
	MessUnscheduledMeeting  = "unscheduled_meeting"       // logged without being scheduled first
	MessNoAgenda            = "meeting_without_agenda"    // scheduled with no agenda (pitfall 4)
	MessMentorIsLineManager = "mentor_is_line_manager"    // pitfall 8
	MessMentorLogsAll       = "mentor_completes_all_logs" // the mentee never took over the log
	MessNoReview            = "action_plan_never_reviewed"
	MessFewContacts         = "few_contacts_between_meetings"
	MessCancelledMeeting    = "meeting_cancelled"                // a scheduled meeting cancelled
	MessIssueLeftOpen       = "issue_left_open"                  // an issue still open at the ending
	MessTrainingNeedUnmet   = "training_need_never_met"          // a participant's need, never met (keyed by participant)
	MessNotSelected         = "not_selected"                     // recruited, not selected (keyed by participant)
	MessNotInformed         = "not_selected_not_told"            // not selected and not yet told (keyed by participant)
	MessWithdrew            = "participant_withdrew"             // keyed by participant
	MessUnansweredSurvey    = "survey_unanswered"                // a survey nobody answered (keyed by survey)
	MessLateEvaluationPlan  = "evaluation_strategy_after_launch" // keyed by programme (checklist 1)

	// The nine pitfalls of resource 19 ("Pitfalls and barriers which can
	// cause programmes to fail"), one kind each; Pitfalls lists them in
	// order. Pitfall 4 is MessNoAgenda, pitfall 8 MessMentorIsLineManager
	// and pitfall 9 MessNoReview.
	MessNoPurpose            = "no_purpose_or_goals"             // pitfall 1: no action plan and no goal ever set
	MessNoEndPoint           = "no_end_point"                    // pitfall 2: no agreed end date and no ending discussed
	MessIrregularMeetings    = "irregular_meetings"              // pitfall 3: meetings postponed or cancelled again and again
	MessNoClosurePreparation = "no_closure_preparation"          // pitfall 5: reached its end without preparing for it
	MessRoleConfusion        = "role_confusion"                  // pitfall 6: the mentor slid into counselling
	MessInexperiencedMentor  = "manager_without_mentor_training" // pitfall 7: a senior manager mentoring untrained
)

// Pitfalls are the Mess kinds of resource 19's pitfalls 1 to 9, in order.
var Pitfalls = [9]string{
	MessNoPurpose, MessNoEndPoint, MessIrregularMeetings, MessNoAgenda, MessNoClosurePreparation,
	MessRoleConfusion, MessInexperiencedMentor, MessMentorIsLineManager, MessNoReview,
}

// Options tunes the demo.
type Options struct {
	// Seed of every random choice; 0 means DefaultSeed.
	Seed uint64
	// ProgrammeID of the peer programme; "" means DefaultProgrammeID.
	ProgrammeID string
	// SchemeID of the refugee education scheme; "" means DefaultSchemeID.
	SchemeID string
	// Keys seals each participant's made-up name, email and phone. Nil
	// records participants without personal details. The ledger is the
	// same event for event across runs only if the key store's randomness
	// is too (keystore.WithRand); a real key store gives fresh keys and
	// nonces, so participant.registered payloads then differ.
	Keys app.Keys
}

func (o Options) withDefaults() Options {
	if o.Seed == 0 {
		o.Seed = DefaultSeed
	}
	if o.ProgrammeID == "" {
		o.ProgrammeID = DefaultProgrammeID
	}
	if o.SchemeID == "" {
		o.SchemeID = DefaultSchemeID
	}
	return o
}

// Summary counts what Generate recorded, in all and per programme.
type Summary struct {
	ProgrammeID   string // the first programme's
	Programmes    int
	Participants  int
	Relationships int
	Meetings      int // meetings logged
	Events        int // events appended
	// ByProgramme counts each programme's own, in the order recorded.
	ByProgramme []ProgrammeSummary
	// Mess maps each Mess* kind to the relationships that show it (or
	// the participants, surveys or programmes, as the kind says).
	Mess map[string][]string
}

// ProgrammeSummary counts what Generate recorded for one programme.
type ProgrammeSummary struct {
	ProgrammeID   string
	Name          string
	Participants  int
	Relationships int
	Meetings      int
	Events        int // events of the programme's streams and its participants', relationships' and surveys'
}

// Start is the first day of the peer programme's relationships.
var Start = time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC)

// registeredAt is when the peer programme is registered: the first event.
var registeredAt = time.Date(2024, 11, 4, 10, 0, 0, 0, time.UTC)

// NewService returns a Service on store whose clock and ids are the demo's,
// and the clock: pass both to Generate.
func NewService(store events.Store, opt Options) (*app.Service, *Clock) {
	opt = opt.withDefaults()
	clock := NewClock(registeredAt.Add(-time.Hour))
	return &app.Service{Store: store, Now: clock.Now, NewID: IDs(opt.Seed), Keys: opt.Keys}, clock
}

// Generate records the demo programmes through svc, moving clock to the
// time each event is recorded; svc.Now must read clock (NewService wires
// both). It returns what it recorded.
func Generate(ctx context.Context, svc *app.Service, clock *Clock, opt Options) (Summary, error) {
	opt = opt.withDefaults()
	if svc == nil || svc.Store == nil || svc.Now == nil || clock == nil {
		return Summary{}, errors.New("demo: need a Service with a Store and the demo clock as Now")
	}
	// One generator per programme, each with its own random stream; their
	// steps are merged in time order (a stable sort keeps the plan order
	// of steps recorded at the same moment).
	gens := []*generator{
		newGenerator(opt, peerProgramme(opt.ProgrammeID), 0),
		newGenerator(opt, refugeeScheme(opt.SchemeID), 1),
	}
	var steps []step
	sum := Summary{ProgrammeID: opt.ProgrammeID, Programmes: len(gens), Mess: map[string][]string{}}
	base := 0
	for _, g := range gens {
		g.base = base
		g.plan()
		base += len(g.people)
		steps = append(steps, g.steps...)
		sum.Participants += len(g.people)
		sum.ByProgramme = append(sum.ByProgramme, ProgrammeSummary{ProgrammeID: g.p.id, Name: g.p.name, Participants: len(g.people)})
	}
	sort.SliceStable(steps, func(i, j int) bool { return steps[i].at.Before(steps[j].at) })

	for _, st := range steps {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		clock.Set(st.at)
		if now := svc.Now(); !now.Equal(st.at) {
			return sum, fmt.Errorf("demo: the service's clock reads %s, want %s: use the clock from NewService and a fresh ledger", now, st.at)
		}
		if err := st.do(ctx, svc); err != nil {
			return sum, fmt.Errorf("demo: %s at %s: %w", st.what, st.at.Format(time.RFC3339), err)
		}
		ps := &sum.ByProgramme[st.prog]
		sum.Events++
		ps.Events++
		switch st.kind {
		case events.Matched{}.EventType():
			sum.Relationships++
			ps.Relationships++
		case events.MeetingLogged{}.EventType():
			sum.Meetings++
			ps.Meetings++
		}
	}
	for _, g := range gens {
		for kind, ids := range g.mess {
			for id := range ids {
				sum.Mess[kind] = append(sum.Mess[kind], id)
			}
		}
	}
	for kind := range sum.Mess {
		slices.Sort(sum.Mess[kind])
	}
	return sum, nil
}

func newGenerator(opt Options, p *programme, n int) *generator {
	seed := opt.Seed + uint64(n)*0x9e3779b97f4a7c15
	return &generator{
		opt:  opt,
		p:    p,
		n:    n,
		rng:  rand.New(rand.NewPCG(seed, seed^0x5eed)),
		mess: map[string]map[string]bool{},
	}
}

// step is one command, recorded at a simulated time.
type step struct {
	prog int // index of the programme's generator
	at   time.Time
	kind string // event type it records
	what string // for error messages
	do   func(context.Context, *app.Service) error
}
