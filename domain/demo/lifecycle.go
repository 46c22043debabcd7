package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/domain/app"
	"github.com/mentorledger/mentorledger/events"
)

// addFunc plans one command of a relationship.
type addFunc func(at time.Time, kind, what string, do func(context.Context, *app.Service) error)

// lifecycle plans what a relationship records beside its meetings: the
// phases of resource 17, goals and milestones, OSKAR scaling (resource 16)
// and GROW commitment (resource 12), reviews, issues, preparing for the
// end and, after it, closure (checklist 7).
type lifecycle struct {
	g        *generator
	r        *rel
	ms       []*meeting
	planAt   int
	reviewAt map[int]bool
	mentee   string
	phase    int // index of the phase entered last
	phaseOn  events.Date
	// meetings at which each phase is entered (0: not at a meeting)
	directionAt, progressionAt, windingAt, prepareAt int
	milestones                                       []events.GoalMilestone
	decided                                          map[string]bool // milestone achieved or missed
	shortDue                                         events.Date
	shortDone                                        bool
	scale                                            int
	issue                                            string // open issue id
	issueAt                                          int    // meeting at which it is resolved (0: never)
	issues                                           int
}

var phaseOrder = []string{events.PhaseBuildingRapport, events.PhaseSettingDirection, events.PhaseProgression, events.PhaseWindingUp, events.PhaseMovingOn}

func (g *generator) lifecycle(r *rel, ms []*meeting, planAt int, reviewAt map[int]bool) *lifecycle {
	lc := &lifecycle{g: g, r: r, ms: ms, planAt: planAt, reviewAt: reviewAt, mentee: r.mentees[0], phase: -1, decided: map[string]bool{}}
	n := len(ms)
	planned := r.f.endAfter == 0
	lc.directionAt = max(planAt, 1)
	if planAt == 0 {
		lc.directionAt = 0 // pitfall 1: no direction was ever set
	}
	if planned {
		lc.windingAt = max(n-1, 1)
		if !r.f.noEndingPrep && !r.f.noAgreement {
			lc.prepareAt = lc.windingAt
		} else if r.f.noEndingPrep {
			g.flag(MessNoClosurePreparation, r.id)
		}
	}
	if p := lc.directionAt + 2; lc.directionAt > 0 && p <= n && (lc.windingAt == 0 || p <= lc.windingAt) {
		lc.progressionAt = p
	}
	lc.scale = g.between(2, 4)
	return lc
}

func (lc *lifecycle) enterPhase(add addFunc, phase string, on events.Date, at time.Time) {
	i := indexOf(phaseOrder, phase)
	if i <= lc.phase || on.Before(lc.phaseOn) {
		return
	}
	lc.phase, lc.phaseOn = i, on
	c := domain.EnterPhase{RelationshipID: lc.r.id, Phase: phase, EnteredOn: on}
	actor := lc.g.p.coordinator
	add(at, events.PhaseEntered{}.EventType(), "enter "+phase, func(ctx context.Context, s *app.Service) error {
		_, err := s.EnterPhase(ctx, actor, c)
		return err
	})
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}

// atMeeting plans what is recorded after meeting m, held on held and
// finished at end.
func (lc *lifecycle) atMeeting(add addFunc, m *meeting, held events.Date, end time.Time) {
	g, r, id, mentee := lc.g, lc.r, lc.r.id, lc.mentee
	at := func(min int) time.Time { return end.Add(time.Duration(min) * time.Minute) }
	do := func(min int, kind, what string, f func(context.Context, *app.Service) error) {
		add(at(min), kind, what, f)
	}
	if m.n == lc.directionAt {
		lc.enterPhase(add, events.PhaseSettingDirection, held, at(11))
	}
	if m.n == lc.planAt {
		// The action plan's goals, set as goals with their milestones
		// (pitfall 2: timescales; pitfall 4: goals at the beginning).
		t := r.theme
		for i, d := range t.milestones {
			due := held.AddDays(30 + 45*i)
			if due.After(r.endsOn) {
				due = r.endsOn
			}
			lc.milestones = append(lc.milestones, events.GoalMilestone{MilestoneID: fmt.Sprintf("g1-m%d", i+1), Description: d, DueOn: due})
		}
		long := domain.SetGoal{RelationshipID: id, GoalID: "g1", Kind: events.GoalLongTerm, Description: t.longTermGoal, SetOn: held, DueOn: r.endsOn,
			Milestones: append([]events.GoalMilestone(nil), lc.milestones...)}
		lc.shortDue = held.AddDays(56)
		short := domain.SetGoal{RelationshipID: id, GoalID: "g2", Kind: events.GoalShortTerm, Description: t.shortTermGoals[0], SetOn: held, DueOn: lc.shortDue}
		do(12, events.GoalSet{}.EventType(), "set goal g1", func(ctx context.Context, s *app.Service) error {
			_, err := s.SetGoal(ctx, mentee, long)
			return err
		})
		do(13, events.GoalSet{}.EventType(), "set goal g2", func(ctx context.Context, s *app.Service) error {
			_, err := s.SetGoal(ctx, mentee, short)
			return err
		})
		lc.rate(add, held, at(14))
	}
	if lc.planAt > 0 && m.n > lc.planAt {
		// Milestones due by about now: mostly achieved, some missed.
		for _, ms := range lc.milestones {
			if lc.decided[ms.MilestoneID] || ms.DueOn.After(held.AddDays(7)) {
				continue
			}
			switch {
			case g.chance(0.75):
				c := domain.AchieveMilestone{RelationshipID: id, MilestoneID: ms.MilestoneID, AchievedOn: held}
				do(15, events.MilestoneAchieved{}.EventType(), "achieve "+ms.MilestoneID, func(ctx context.Context, s *app.Service) error {
					_, err := s.AchieveMilestone(ctx, mentee, c)
					return err
				})
			case !held.Before(ms.DueOn):
				c := domain.MissMilestone{RelationshipID: id, MilestoneID: ms.MilestoneID, MissedOn: held}
				do(15, events.MilestoneMissed{}.EventType(), "miss "+ms.MilestoneID, func(ctx context.Context, s *app.Service) error {
					_, err := s.MissMilestone(ctx, mentee, c)
					return err
				})
			default:
				continue
			}
			lc.decided[ms.MilestoneID] = true
		}
		// The short-term goal: achieved, or restated with a new date.
		if !lc.shortDone && !held.Before(lc.shortDue) {
			if g.chance(0.6) {
				lc.shortDone = true
				c := domain.AchieveGoal{RelationshipID: id, GoalID: "g2", AchievedOn: held}
				do(16, events.GoalAchieved{}.EventType(), "achieve g2", func(ctx context.Context, s *app.Service) error {
					_, err := s.AchieveGoal(ctx, mentee, c)
					return err
				})
			} else {
				lc.shortDue = held.AddDays(42)
				c := domain.ReviseGoal{RelationshipID: id, GoalID: "g2", RevisedOn: held, Description: r.theme.shortTermGoals[1], DueOn: lc.shortDue}
				do(16, events.GoalRevised{}.EventType(), "revise g2", func(ctx context.Context, s *app.Service) error {
					_, err := s.ReviseGoal(ctx, mentee, c)
					return err
				})
			}
		}
		// OSKAR scaling at every other meeting and at the last.
		if (m.n-lc.planAt)%2 == 0 || m.last {
			lc.scale = min(10, lc.scale+g.between(0, 2))
			c := domain.ScaleProgress{RelationshipID: id, GoalID: "g1", ScaledOn: held, Scale: lc.scale}
			do(17, events.ProgressScaled{}.EventType(), "scale g1", func(ctx context.Context, s *app.Service) error {
				_, err := s.ScaleProgress(ctx, mentee, c)
				return err
			})
		}
	}
	if m.n == lc.progressionAt {
		lc.enterPhase(add, events.PhaseProgression, held, at(18))
	}
	if lc.reviewAt[m.n] && !r.f.noReview {
		kinds := []string{events.RelationshipReviewProgress, events.RelationshipReviewGoals, events.RelationshipReviewRelationship}
		kind := kinds[m.n%len(kinds)]
		if m.closing {
			kind = events.RelationshipReviewFinal
		}
		c := domain.ReviewRelationship{RelationshipID: id, ReviewedOn: held, Kind: kind}
		do(19, events.RelationshipReviewed{}.EventType(), "review "+kind, func(ctx context.Context, s *app.Service) error {
			_, err := s.ReviewRelationship(ctx, mentee, c)
			return err
		})
		if lc.planAt > 0 && m.n > lc.planAt {
			lc.rate(add, held, at(20))
		}
	}
	lc.issuesAt(add, m, held, at)
	if m.n == lc.windingAt {
		lc.enterPhase(add, events.PhaseWindingUp, held, at(22))
	}
	if m.n == lc.prepareAt {
		c := domain.PrepareEnding{RelationshipID: id, PreparedOn: held, EndsOn: r.endsOn, NextStepsIdentified: g.chance(0.85)}
		do(23, events.EndingPrepared{}.EventType(), "prepare ending", func(ctx context.Context, s *app.Service) error {
			_, err := s.PrepareEnding(ctx, mentee, c)
			return err
		})
	}
	if m.closing && r.f.endAfter == 0 {
		if lc.planAt > 0 && g.chance(0.55) {
			r.goalsMet = true
			c := domain.AchieveGoal{RelationshipID: id, GoalID: "g1", AchievedOn: held}
			do(24, events.GoalAchieved{}.EventType(), "achieve g1", func(ctx context.Context, s *app.Service) error {
				_, err := s.AchieveGoal(ctx, mentee, c)
				return err
			})
		}
		lc.enterPhase(add, events.PhaseMovingOn, held, at(24))
	}
}

// rate records the mentee's GROW commitment to the way forward.
func (lc *lifecycle) rate(add addFunc, held events.Date, at time.Time) {
	rating := lc.g.between(5, 10)
	c := domain.RateCommitment{RelationshipID: lc.r.id, GoalID: "g1", RatedOn: held, Rating: rating}
	mentee := lc.mentee
	add(at, events.CommitmentRated{}.EventType(), "rate commitment", func(ctx context.Context, s *app.Service) error {
		_, err := s.RateCommitment(ctx, mentee, c)
		return err
	})
}

// issuesAt raises and resolves issues: now and then one about meetings,
// commitment or practicalities, resolved by the next meeting; a designed
// one left open; and the mentor sliding into counselling (pitfall 6).
func (lc *lifecycle) issuesAt(add addFunc, m *meeting, held events.Date, at func(int) time.Time) {
	g, r := lc.g, lc.r
	coordinator := g.p.coordinator
	if lc.issue != "" && m.n == lc.issueAt {
		c := domain.ResolveIssue{RelationshipID: r.id, IssueID: lc.issue, ResolvedOn: held}
		add(at(21), events.IssueResolved{}.EventType(), "resolve "+lc.issue, func(ctx context.Context, s *app.Service) error {
			_, err := s.ResolveIssue(ctx, coordinator, c)
			return err
		})
		lc.issue = ""
	}
	if lc.issue != "" || m.last || lc.issues > 0 || m.n < 2 {
		return
	}
	var category, by string
	switch {
	case r.f.roleConfusion && m.n == 2:
		category, by = events.IssueBoundaries, events.IssueByCoordinator
		g.flag(MessRoleConfusion, r.id)
		mentor := r.mentors[0]
		need := g.needID(mentor)
		g.trainingNeed(mentor, need, events.NeedRoleAndBoundaries, held.AddDays(1), held.AddDays(15))
	case r.f.openIssue && m.n == 2:
		category, by = events.IssueCommitment, events.RoleMentor
		g.flag(MessIssueLeftOpen, r.id)
	case r.f.irregular && m.n == 3:
		category, by = events.IssueMeetings, events.RoleMentee
	case g.chance(0.06):
		category = pick(g, []string{events.IssueMeetings, events.IssueCommitment, events.IssuePractical, events.IssueExpectations})
		by = pick(g, []string{events.RoleMentor, events.RoleMentee, events.IssueByCoordinator})
	default:
		return
	}
	lc.issues++
	lc.issue = fmt.Sprintf("issue-%d", lc.issues)
	lc.issueAt = m.n + 1
	if r.f.openIssue {
		lc.issueAt = 0
	}
	c := domain.RaiseIssue{RelationshipID: r.id, IssueID: lc.issue, RaisedOn: held, Category: category, RaisedByRole: by}
	add(at(21), events.IssueRaised{}.EventType(), "raise "+lc.issue, func(ctx context.Context, s *app.Service) error {
		_, err := s.RaiseIssue(ctx, coordinator, c)
		return err
	})
}

// afterEnd records the closure a few days after the ending.
func (lc *lifecycle) afterEnd(add addFunc) {
	r, g := lc.r, lc.g
	if r.f.noAgreement && g.chance(0.5) {
		return // nobody closed it off either
	}
	day := r.endedOn.AddDays(g.between(2, 10))
	c := domain.CompleteClosure{RelationshipID: r.id, CompletedOn: day}
	coordinator := g.p.coordinator
	add(later(on(day, 15, g.between(0, 59)), r.endAt.Add(time.Hour)), events.ClosureCompleted{}.EventType(), "complete closure", func(ctx context.Context, s *app.Service) error {
		_, err := s.CompleteClosure(ctx, coordinator, c)
		return err
	})
}

// cancelled plans a first arrangement of meeting m that a party cancels
// two days ahead, and returns when m itself is then arranged.
func (g *generator) cancelled(add addFunc, r *rel, m *meeting, parties []string) time.Time {
	id := m.id + "x"
	when := m.original.AddDate(0, 0, -7)
	notice := on(date(when).AddDays(-2), 9, 15)
	by := pick(g, parties)
	sched := domain.ScheduleMeeting{RelationshipID: r.id, MeetingID: id, ScheduledFor: when, Agenda: []string{"review actions from last meeting", "progress against the action plan"}}
	add(m.schedAt, events.MeetingScheduled{}.EventType(), "schedule "+id, func(ctx context.Context, s *app.Service) error {
		_, err := s.ScheduleMeeting(ctx, r.mentors[0], sched)
		return err
	})
	c := domain.CancelMeeting{RelationshipID: r.id, MeetingID: id, NoticeGiven: notice, CancelledBy: by}
	add(notice, events.MeetingCancelled{}.EventType(), "cancel "+id, func(ctx context.Context, s *app.Service) error {
		_, err := s.CancelMeeting(ctx, by, c)
		return err
	})
	g.flag(MessCancelledMeeting, r.id)
	return later(m.schedAt, notice.Add(30*time.Minute))
}

// needID returns a new training need id for a participant.
func (g *generator) needID(pid string) string {
	g.needs[pid]++
	return fmt.Sprintf("need-%d", g.needs[pid])
}

// trainingNeed plans a training need identified on one day and met on
// another (zero: never met).
func (g *generator) trainingNeed(pid, need, area string, identified, met events.Date) {
	coordinator := g.p.coordinator
	c := domain.IdentifyTrainingNeed{ParticipantID: pid, NeedID: need, IdentifiedOn: identified, Area: area}
	g.add(on(identified, 12, 5), events.TrainingNeedIdentified{}.EventType(), pid+": identify "+need, func(ctx context.Context, s *app.Service) error {
		_, err := s.IdentifyTrainingNeed(ctx, coordinator, c)
		return err
	})
	if met.IsZero() {
		g.flag(MessTrainingNeedUnmet, pid)
		return
	}
	mc := domain.MeetTrainingNeed{ParticipantID: pid, NeedID: need, MetOn: met}
	g.add(on(met, 16, 40), events.TrainingNeedMet{}.EventType(), pid+": meet "+need, func(ctx context.Context, s *app.Service) error {
		_, err := s.MeetTrainingNeed(ctx, coordinator, mc)
		return err
	})
}

// withdraw plans a participant leaving the programme on day.
func (g *generator) withdraw(pid string, day events.Date) {
	p := g.person(pid)
	p.withdrawn = true
	coordinator := g.p.coordinator
	c := domain.Withdraw{ParticipantID: pid, WithdrewOn: day}
	g.add(on(day, 10, 0), events.ParticipantWithdrew{}.EventType(), pid+": withdraw", func(ctx context.Context, s *app.Service) error {
		_, err := s.Withdraw(ctx, coordinator, c)
		return err
	})
	g.flag(MessWithdrew, pid)
}
