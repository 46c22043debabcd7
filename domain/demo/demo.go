// Package demo generates a realistic demonstration programme through the
// application layer: one peer mentoring programme across two partner
// organisations, over eighteen months from 6 January 2025, with everything
// the guidance asks for and the ordinary mess of real programmes
// (postponements, a long meeting, a missing agreement, late paperwork, an
// early ending and a rematch). Every event goes through the same Service
// commands as real input, recorded at the simulated time it would have been
// recorded. The same seed gives the same ledger, event for event.
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
)

// Options tunes the demo.
type Options struct {
	// Seed of every random choice; 0 means DefaultSeed.
	Seed uint64
	// ProgrammeID of the programme; "" means DefaultProgrammeID.
	ProgrammeID string
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
	return o
}

// Summary counts what Generate recorded.
type Summary struct {
	ProgrammeID   string
	Programmes    int
	Participants  int
	Relationships int
	Meetings      int // meetings logged
	Events        int // events appended
	// Mess maps each Mess* kind to the relationships that show it.
	Mess map[string][]string
}

// Start is the first day of the demo programme's relationships.
var Start = time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC)

// registeredAt is when the demo programme is registered: the first event.
var registeredAt = time.Date(2024, 11, 4, 10, 0, 0, 0, time.UTC)

// NewService returns a Service on store whose clock and ids are the demo's,
// and the clock: pass both to Generate.
func NewService(store events.Store, opt Options) (*app.Service, *Clock) {
	opt = opt.withDefaults()
	clock := NewClock(registeredAt.Add(-time.Hour))
	return &app.Service{Store: store, Now: clock.Now, NewID: IDs(opt.Seed), Keys: opt.Keys}, clock
}

// Generate records the demo programme through svc, moving clock to the time
// each event is recorded; svc.Now must read clock (NewService wires both).
// It returns what it recorded.
func Generate(ctx context.Context, svc *app.Service, clock *Clock, opt Options) (Summary, error) {
	opt = opt.withDefaults()
	if svc == nil || svc.Store == nil || svc.Now == nil || clock == nil {
		return Summary{}, errors.New("demo: need a Service with a Store and the demo clock as Now")
	}
	g := &generator{
		opt:  opt,
		rng:  rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x5eed)),
		mess: map[string]map[string]bool{},
	}
	g.plan()
	sort.SliceStable(g.steps, func(i, j int) bool { return g.steps[i].at.Before(g.steps[j].at) })

	sum := Summary{ProgrammeID: opt.ProgrammeID, Programmes: 1, Participants: len(g.people)}
	for _, st := range g.steps {
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
		sum.Events++
		switch st.kind {
		case events.Matched{}.EventType():
			sum.Relationships++
		case events.MeetingLogged{}.EventType():
			sum.Meetings++
		}
	}
	sum.Mess = map[string][]string{}
	for kind, rels := range g.mess {
		for id := range rels {
			sum.Mess[kind] = append(sum.Mess[kind], id)
		}
		slices.Sort(sum.Mess[kind])
	}
	return sum, nil
}

// step is one command, recorded at a simulated time.
type step struct {
	at   time.Time
	kind string // event type it records
	what string // for error messages
	do   func(context.Context, *app.Service) error
}
