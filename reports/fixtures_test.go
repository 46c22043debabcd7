package reports_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/reports"
)

// Facts of a small programme, prog-1, registered on 2024-11-01, for the
// checklist tests. Each returns the payload its command records.

var d = events.MustDate

func registered(models ...string) events.ProgrammeRegistered {
	if len(models) == 0 {
		models = []string{events.ModelOneToOne}
	}
	return events.ProgrammeRegistered{ProgrammeID: prog, Name: "Peer mentoring", Organisations: []string{"Org A"}, Models: models, RegisteredOn: d("2024-11-01")}
}

func planOf(on string) events.PlanAdopted {
	return events.PlanAdopted{ProgrammeID: prog, AdoptedOn: d(on), StartsOn: d("2025-01-06"), EndsOn: d("2026-06-30"), RelationshipMonths: 12,
		MeetingFrequencyDays: 30, MinMeetingMinutes: 60, MaxMeetingMinutes: 120, ContactAfterMeetingDays: 14, DocumentsDueDays: 7}
}

func purposeOf(on string) events.PurposeStated {
	return events.PurposeStated{ProgrammeID: prog, StatedOn: d(on), Purpose: "Develop leaders", Aims: []string{"confidence"},
		ExpectedOutcomes: []string{"confident leaders"}, ExpectedOutputs: []string{"20 relationships"}}
}

func steeringGroup(on string) events.SteeringGroupFormed {
	return events.SteeringGroupFormed{ProgrammeID: prog, FormedOn: d(on), Members: []events.SteeringMember{{Role: events.SteeringSeniorLead, Organisation: "Org A"}}}
}

func briefing(on string, audiences ...string) events.StakeholdersBriefed {
	return events.StakeholdersBriefed{ProgrammeID: prog, BriefedOn: d(on), Audiences: audiences, Method: events.BriefingMeeting}
}

func communication(on string, audiences ...string) events.CommunicationStrategyAdopted {
	return events.CommunicationStrategyAdopted{ProgrammeID: prog, AdoptedOn: d(on), Audiences: audiences, DocumentRef: "COM-1"}
}

func administration(on string) events.AdministrationArranged {
	return events.AdministrationArranged{ProgrammeID: prog, ArrangedOn: d(on), HoursPerWeek: 5, RecordsStorage: events.RecordsElectronic}
}

func evaluationStrategy(on string, methods ...string) events.EvaluationStrategyDefined {
	return events.EvaluationStrategyDefined{ProgrammeID: prog, DefinedOn: d(on), Measures: []string{events.MeasureGoalsAchieved},
		Methods: methods, Audiences: []string{events.AudienceFunders}}
}

func policyOf(on, policy string) events.PolicyAdopted {
	return events.PolicyAdopted{ProgrammeID: prog, AdoptedOn: d(on), Policy: policy, DocumentRef: "POL-" + policy, ReviewOn: d("2026-11-01")}
}

func budget(on, from, to string) events.BudgetSet {
	return events.BudgetSet{ProgrammeID: prog, SetOn: d(on), AmountPence: 1_000_000, Currency: "GBP", PeriodStartsOn: d(from), PeriodEndsOn: d(to)}
}

func funding(on, source, from, to string) events.FundingSecured {
	return events.FundingSecured{ProgrammeID: prog, SecuredOn: d(on), SourceID: source, Funder: "Trust", AmountPence: 5_000_000, Currency: "GBP",
		PeriodStartsOn: d(from), PeriodEndsOn: d(to)}
}

func fundingSource(on, id, status string) events.FundingSourceIdentified {
	return events.FundingSourceIdentified{ProgrammeID: prog, IdentifiedOn: d(on), SourceID: id, Funder: "Trust " + id, FunderKind: events.FunderCharitableTrust, Status: status}
}

func spending(id, on string, pence int64) events.ExpenditureRecorded {
	return events.ExpenditureRecorded{ProgrammeID: prog, ExpenditureID: id, SpentOn: d(on), AmountPence: pence, Currency: "GBP", Category: events.SpendVenues}
}

func person(id, role string) events.ParticipantRegistered {
	return events.ParticipantRegistered{ParticipantID: id, ProgrammeID: prog, Role: role, Organisation: "Org A", RegisteredOn: d("2024-12-01")}
}

func match(rel, on string) events.Matched {
	return events.Matched{RelationshipID: rel, ProgrammeID: prog, Model: events.ModelOneToOne, MentorIDs: []string{"mentor-1"},
		MenteeIDs: []string{"mentee-1"}, Rationale: "shared practice", MatchedOn: d(on)}
}

// pair registers mentor-1 and mentee-1 and matches them as r1 on the day.
func pair(w *world, on string) string {
	w.rec("2024-12-01", person("mentor-1", events.RoleMentor))
	w.rec("2024-12-01", person("mentee-1", events.RoleMentee))
	return w.rec(on, match("r1", on))
}

func logged(rel, id, on string) events.MeetingLogged {
	return events.MeetingLogged{RelationshipID: rel, MeetingID: id, HeldOn: d(on), Location: "library", LocationKind: events.LocationNeutral,
		Minutes: 60, Method: events.MethodFaceToFace, Topics: []string{"caseload"},
		Actions: []events.Action{{Description: "read the policy", Owner: events.RoleMentee}}, CompletedBy: "mentor-1", CompletedByRole: events.RoleMentor}
}

func agreement(rel, on string) events.AgreementSigned {
	return events.AgreementSigned{RelationshipID: rel, SignedOn: d(on), EndsOn: d("2026-06-01"), MeetingFrequencyDays: 30, MinMeetingMinutes: 60,
		MaxMeetingMinutes: 120, ContactBetweenMeetings: "email", ConfidentialityAgreed: true, SignedBy: []string{"mentor-1", "mentee-1"}}
}

func goal(rel, id, kind, on string, milestones ...string) events.GoalSet {
	g := events.GoalSet{RelationshipID: rel, GoalID: id, Kind: kind, Description: "chair a meeting", SetOn: d(on), DueOn: d("2026-01-01")}
	for _, m := range milestones {
		g.Milestones = append(g.Milestones, events.GoalMilestone{MilestoneID: m, Description: "step " + m, DueOn: d("2025-09-01")})
	}
	return g
}

func ended(rel, on, reason string, planned bool) events.RelationshipEnded {
	return events.RelationshipEnded{RelationshipID: rel, EndedOn: d(on), Reason: reason, Planned: planned}
}

// survey issues a survey: resource 6 to mentors, the programme's own
// instrument (instrumentOf) to anyone else.
func survey(id, on, audience string) events.SurveyIssued {
	instrument := events.InstrumentResource6
	if audience != events.AudienceMentor {
		instrument = "inst-1"
	}
	return events.SurveyIssued{SurveyID: id, ProgrammeID: prog, InstrumentID: instrument, Audience: audience, IssuedOn: d(on), DueOn: d(on).AddDays(30)}
}

// instrumentOf is the programme's own 1–5 instrument of one question.
func instrumentOf(on string) events.InstrumentDefined {
	return events.InstrumentDefined{InstrumentID: "inst-1", ProgrammeID: prog, DefinedOn: d(on),
		Questions: []events.Question{{QuestionID: "q1", Title: "How useful were the meetings?", Kind: events.AnswerScale}}, ScaleMin: 1, ScaleMax: 5}
}

// answered is a response to a resource 6 survey: the yes/no questions
// answered with choice, the text questions with a word.
func answered(surveyID, on, choice string) events.SurveyAnswered {
	a := events.SurveyAnswered{SurveyID: surveyID, InstrumentID: events.InstrumentResource6, AnsweredOn: d(on)}
	for _, q := range events.Resource6Questions() {
		if q.Kind == events.AnswerYesNo {
			a.Answers = append(a.Answers, events.Answer{QuestionID: q.QuestionID, Choice: choice})
		} else {
			a.Answers = append(a.Answers, events.Answer{QuestionID: q.QuestionID, Text: "fine"})
		}
	}
	return a
}

// checklistItem returns a programme's finding for an item, and whether the
// programme is in the report at all.
func checklistItem(tb testing.TB, rep *reports.Checklist, number int) (reports.ItemFinding, bool) {
	tb.Helper()
	for _, p := range rep.Programmes {
		if p.ProgrammeID != prog {
			continue
		}
		for _, it := range p.Items {
			if it.Number == number {
				return it, true
			}
		}
		tb.Fatalf("item %d not in %s", number, rep.Report)
	}
	return reports.ItemFinding{}, false
}

// flip is one item's test: given a ledger where the item is not met (or
// only partly), recording one more fact makes it met, with that fact's
// event among its evidence.
type flip struct {
	item   int
	today  string                     // reference date (default 2025-06-30)
	given  func(w *world)             // the ledger before
	before string                     // the item's status before ("" = the programme is not in the report)
	flip   func(w *world) (id string) // the evidencing fact
	// unrecorded marks an item no event of the ledger can evidence: it
	// stays not applicable after flip, and its rule says why.
	unrecorded bool
}

// runFlips runs the flip tests of a programme-level checklist.
func runFlips(t *testing.T, build func(w *world, today string) *reports.Checklist, items []reports.Item, flips []flip) {
	t.Helper()
	covered := map[int]bool{}
	for _, f := range flips {
		covered[f.item] = true
		t.Run(items[f.item-1].Key, func(t *testing.T) {
			today := f.today
			if today == "" {
				today = "2025-06-30"
			}
			w := newWorld(t)
			if f.given != nil {
				f.given(w)
			}
			got, in := checklistItem(t, build(w, today), f.item)
			if f.before == "" && in {
				t.Fatalf("before: programme already in the report: %+v", got)
			}
			if f.before != "" && got.Status != f.before {
				t.Fatalf("before: %+v, want status %s", got, f.before)
			}
			id := f.flip(w)
			got, in = checklistItem(t, build(w, today), f.item)
			if f.unrecorded {
				if got.Status != reports.NotApplicable || !strings.Contains(got.Rule, "records no") {
					t.Fatalf("after %s: %+v, want not applicable with a rule saying what the ledger does not record", id, got)
				}
				return
			}
			if !in || got.Status != reports.Met || !slices.Contains(got.Evidence, id) {
				t.Fatalf("after %s: %+v, want met with evidence %s", id, got, id)
			}
			if got.Rule == "" || got.Text == "" {
				t.Fatalf("item %d without its text or rule", f.item)
			}
		})
	}
	for _, it := range items {
		if !covered[it.Number] {
			t.Errorf("item %d (%s) has no flip test", it.Number, it.Key)
		}
	}
}

// programmeChecklist builds a programme-level checklist report on the
// world's views as of today.
func programmeChecklist(build func(ctx context.Context, src reports.Source, programme string, asOf reports.AsOf, now time.Time) (*reports.Checklist, error)) func(w *world, today string) *reports.Checklist {
	return func(w *world, today string) *reports.Checklist {
		w.tb.Helper()
		w.catchUp()
		rep, err := build(context.Background(), w.views, "", reports.AsOf{}, d(today).Time())
		if err != nil {
			w.tb.Fatal(err)
		}
		return rep
	}
}
