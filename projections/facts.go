package projections

import (
	"database/sql/driver"

	"github.com/mentorledger/mentorledger/events"
)

// Facts holds the dated facts of programme design (steps 1–8, checklists
// 1–3) and evaluation (step 7: instruments, surveys, outcomes, feedback
// sessions), of participants' selection, training, withdrawal and erasure,
// and of each relationship's goals, scales, phases, reviews, issues and
// closure: one row per fact with its date, key, enumeration and number; and
// survey answers, one row per answer. Meeting logs and matches have their
// own tables; nothing here holds free text.
var Facts = Projection{
	Name:   "facts",
	Tables: []string{"programme_facts", "programme_fact_items", "participant_facts", "relationship_facts", "survey_answers"},
	Rows: func(e *events.Envelope, p events.Payload, emit *Emit) {
		if a, ok := p.(events.SurveyAnswered); ok {
			for _, q := range a.Answers {
				var v driver.Value
				if q.Value != nil {
					v = int32(*q.Value)
				}
				emit.Row("survey_answers", a.SurveyID, a.InstrumentID, date(a.AnsweredOn), a.Partial, q.QuestionID, nullString(q.Choice), v)
			}
		} else if f, ok := programmeFact(p); ok {
			emit.Row("programme_facts", f.id, e.Type, date(f.on), nullString(f.subject), nullString(f.detail), num(f.value), date(f.until))
			for _, it := range programmeFactItems(p) {
				emit.Row("programme_fact_items", f.id, e.Type, date(f.on), it.field, nullString(it.item), num(it.value))
			}
		} else if f, ok := participantFact(p); ok {
			emit.Row("participant_facts", f.id, e.Type, date(f.on), nullString(f.subject), nullString(f.detail), num(f.value))
		} else if f, ok := relationshipFact(p); ok {
			emit.Row("relationship_facts", Key(f.id), f.id, e.Type, date(f.on), nullString(f.subject), nullString(f.detail), num(f.value), date(f.until),
				newToken(TagFact).str(e.Type).date(f.on).str(f.subject).str(f.detail).num(f.value).date(f.until).done(e))
		}
	},
}

// fact is what the facts tables keep of one event.
type fact struct {
	id              string // programme, participant or relationship
	on, until       events.Date
	subject, detail string
	value           *int64
}

func n(v int64) *int64 { return &v }

func programmeFact(p events.Payload) (fact, bool) {
	switch p := p.(type) {
	case events.PurposeStated:
		return fact{id: p.ProgrammeID, on: p.StatedOn, value: n(int64(len(p.ExpectedOutcomes)))}, true
	case events.SeniorLeadAssigned:
		return fact{id: p.ProgrammeID, on: p.AssignedOn, subject: p.LeadID}, true
	case events.SteeringGroupFormed:
		return fact{id: p.ProgrammeID, on: p.FormedOn, value: n(int64(len(p.Members)))}, true
	case events.CoordinatorAppointed:
		return fact{id: p.ProgrammeID, on: p.AppointedOn, subject: p.CoordinatorID, detail: p.Appointment, value: n(int64(p.HoursPerWeek))}, true
	case events.AdministrationArranged:
		return fact{id: p.ProgrammeID, on: p.ArrangedOn, detail: p.RecordsStorage, value: n(int64(p.HoursPerWeek))}, true
	case events.PolicyAdopted:
		return fact{id: p.ProgrammeID, on: p.AdoptedOn, subject: p.Policy, detail: p.DocumentRef, until: p.ReviewOn}, true
	case events.EtiquetteAdopted:
		return fact{id: p.ProgrammeID, on: p.AdoptedOn, detail: p.DocumentRef, value: n(int64(len(p.Principles)))}, true
	case events.CommunicationStrategyAdopted:
		return fact{id: p.ProgrammeID, on: p.AdoptedOn, detail: p.DocumentRef}, true
	case events.MarketingStrategyAdopted:
		return fact{id: p.ProgrammeID, on: p.AdoptedOn, detail: p.DocumentRef}, true
	case events.SelectionCriteriaSet:
		return fact{id: p.ProgrammeID, on: p.SetOn, subject: p.Role, value: n(int64(len(p.Criteria)))}, true
	case events.MentorTrainingDefined:
		return fact{id: p.ProgrammeID, on: p.DefinedOn, detail: mandatory(p.Mandatory)}, true
	case events.MenteeInductionDefined:
		return fact{id: p.ProgrammeID, on: p.DefinedOn, detail: mandatory(p.Mandatory)}, true
	case events.MatchingStrategyDefined:
		return fact{id: p.ProgrammeID, on: p.DefinedOn, value: n(int64(len(p.Criteria)))}, true
	case events.EvaluationStrategyDefined:
		return fact{id: p.ProgrammeID, on: p.DefinedOn, value: n(int64(len(p.Measures)))}, true
	case events.RecognitionArranged:
		return fact{id: p.ProgrammeID, on: p.ArrangedOn, value: n(int64(len(p.Mechanisms)))}, true
	case events.ExpensesPolicyDecided:
		return fact{id: p.ProgrammeID, on: p.DecidedOn, detail: p.DocumentRef}, true
	case events.BudgetSet:
		return fact{id: p.ProgrammeID, on: p.PeriodStartsOn, detail: p.Currency, value: n(p.AmountPence), until: p.PeriodEndsOn}, true
	case events.FundingSourceIdentified:
		return fact{id: p.ProgrammeID, on: p.IdentifiedOn, subject: p.SourceID, detail: p.Status}, true
	case events.FundingSecured:
		return fact{id: p.ProgrammeID, on: p.PeriodStartsOn, subject: p.SourceID, detail: p.Currency, value: n(p.AmountPence), until: p.PeriodEndsOn}, true
	case events.ExpenditureRecorded:
		return fact{id: p.ProgrammeID, on: p.SpentOn, subject: p.ExpenditureID, detail: p.Category, value: n(p.AmountPence)}, true
	case events.ProgrammeLaunched:
		return fact{id: p.ProgrammeID, on: p.LaunchedOn}, true
	case events.StakeholdersBriefed:
		return fact{id: p.ProgrammeID, on: p.BriefedOn, detail: p.Method, value: n(int64(len(p.Audiences)))}, true
	case events.ProgrammeReviewed:
		return fact{id: p.ProgrammeID, on: p.ReviewedOn, detail: p.Kind, value: n(int64(len(p.ChangesAgreed)))}, true
	case events.DocumentRevised:
		return fact{id: p.ProgrammeID, on: p.RevisedOn, subject: p.DocumentRef, detail: p.DocumentKind, value: n(int64(p.Revision))}, true
	case events.ProgrammeClosed:
		return fact{id: p.ProgrammeID, on: p.ClosedOn, detail: p.Reason}, true
	case events.InstrumentDefined:
		return fact{id: p.ProgrammeID, on: p.DefinedOn, subject: p.InstrumentID, value: n(int64(len(p.Questions)))}, true
	case events.SurveyIssued:
		return fact{id: p.ProgrammeID, on: p.IssuedOn, subject: p.SurveyID, detail: p.InstrumentID, until: p.DueOn}, true
	case events.OutcomeRecorded:
		return fact{id: p.ProgrammeID, on: p.AchievedOn, subject: p.OutcomeID, detail: p.Kind}, true
	case events.FeedbackSessionHeld:
		return fact{id: p.ProgrammeID, on: p.HeldOn, subject: p.SessionID, detail: p.Kind, value: n(int64(p.Participants))}, true
	case events.WarningThresholdsSet:
		return fact{id: p.ProgrammeID, on: p.SetOn}, true
	}
	return fact{}, false
}

// factItem is one entry of a programme fact's list field, or one of its
// numbers that the fact's own value does not hold.
type factItem struct {
	field, item string
	value       *int64
}

func listItems(field string, list []string) []factItem {
	out := make([]factItem, len(list))
	for i, v := range list {
		out[i] = factItem{field: field, item: v}
	}
	return out
}

// programmeFactItems returns the list fields of a programme fact that the
// checklists judge on: who a strategy or briefing addresses, what an
// evaluation measures and how, how recognition is given, how much a
// purpose states, whether rematching is offered and the early-warning
// thresholds. Free text stays out:
// a list of free text is kept as its length.
func programmeFactItems(p events.Payload) []factItem {
	switch p := p.(type) {
	case events.PurposeStated:
		return []factItem{{field: "aims", value: n(int64(len(p.Aims)))},
			{field: "expected_outcomes", value: n(int64(len(p.ExpectedOutcomes)))},
			{field: "expected_outputs", value: n(int64(len(p.ExpectedOutputs)))}}
	case events.CommunicationStrategyAdopted:
		return listItems("audiences", p.Audiences)
	case events.MarketingStrategyAdopted:
		return listItems("audiences", p.Audiences)
	case events.StakeholdersBriefed:
		return listItems("audiences", p.Audiences)
	case events.MatchingStrategyDefined:
		return []factItem{{field: "rematching_offered", value: n(boolInt(p.RematchingOffered))}}
	case events.EvaluationStrategyDefined:
		out := append(append(listItems("measures", p.Measures), listItems("methods", p.Methods)...), listItems("audiences", p.Audiences)...)
		if p.QuestionnaireEveryDays > 0 {
			out = append(out, factItem{field: "questionnaire_every_days", value: n(int64(p.QuestionnaireEveryDays))})
		}
		return out
	case events.RecognitionArranged:
		return listItems("mechanisms", p.Mechanisms)
	case events.SurveyIssued:
		return []factItem{{field: "audience", item: p.Audience}}
	case events.WarningThresholdsSet:
		// A threshold an event leaves out (0) takes the guidance's
		// default; the pitfalls report knows the defaults.
		var out []factItem
		for _, t := range []struct {
			field string
			v     int
		}{{"purpose_days", p.PurposeDays}, {"end_point_days", p.EndPointDays}, {"postponements", p.Postponements},
			{"gap_days", p.GapDays}, {"closure_days", p.ClosureDays}, {"review_every_days", p.ReviewEveryDays}} {
			if t.v != 0 {
				out = append(out, factItem{field: t.field, value: n(int64(t.v))})
			}
		}
		return out
	case events.SteeringGroupFormed:
		out := make([]factItem, len(p.Members))
		for i, m := range p.Members {
			out[i] = factItem{field: "members", item: m.Role}
		}
		return out
	}
	return nil
}

func participantFact(p events.Payload) (fact, bool) {
	switch p := p.(type) {
	case events.Selected:
		return fact{id: p.ParticipantID, on: p.SelectedOn}, true
	case events.NotSelected:
		return fact{id: p.ParticipantID, on: p.DecidedOn, detail: p.Reason, value: n(boolInt(p.Informed))}, true
	case events.MentorTrainingCompleted:
		return fact{id: p.ParticipantID, on: p.CompletedOn}, true
	case events.MenteeInductionCompleted:
		return fact{id: p.ParticipantID, on: p.CompletedOn}, true
	case events.MentorLevelAssessed:
		return fact{id: p.ParticipantID, on: p.AssessedOn, detail: p.Level}, true
	case events.SupervisionRecorded:
		return fact{id: p.ParticipantID, on: p.HeldOn, value: n(int64(p.Minutes))}, true
	case events.TrainingNeedIdentified:
		return fact{id: p.ParticipantID, on: p.IdentifiedOn, subject: p.NeedID, detail: p.Area}, true
	case events.TrainingNeedMet:
		return fact{id: p.ParticipantID, on: p.MetOn, subject: p.NeedID}, true
	case events.ParticipantWithdrew:
		return fact{id: p.ParticipantID, on: p.WithdrewOn}, true
	case events.PersonalDataErased:
		return fact{id: p.ParticipantID, on: p.ErasedOn}, true
	}
	return fact{}, false
}

func relationshipFact(p events.Payload) (fact, bool) {
	switch p := p.(type) {
	case events.MeetingCancelled:
		return fact{id: p.RelationshipID, on: events.NewDate(p.NoticeGiven), subject: p.MeetingID}, true
	case events.GoalSet:
		return fact{id: p.RelationshipID, on: p.SetOn, subject: p.GoalID, detail: p.Kind, value: n(int64(len(p.Milestones))), until: p.DueOn}, true
	case events.MilestoneAchieved:
		return fact{id: p.RelationshipID, on: p.AchievedOn, subject: p.MilestoneID}, true
	case events.MilestoneMissed:
		return fact{id: p.RelationshipID, on: p.MissedOn, subject: p.MilestoneID}, true
	case events.GoalAchieved:
		return fact{id: p.RelationshipID, on: p.AchievedOn, subject: p.GoalID}, true
	case events.GoalRevised:
		return fact{id: p.RelationshipID, on: p.RevisedOn, subject: p.GoalID, until: p.DueOn}, true
	case events.ProgressScaled:
		return fact{id: p.RelationshipID, on: p.ScaledOn, subject: p.GoalID, value: n(int64(p.Scale))}, true
	case events.CommitmentRated:
		return fact{id: p.RelationshipID, on: p.RatedOn, subject: p.GoalID, value: n(int64(p.Rating))}, true
	case events.RelationshipReviewed:
		return fact{id: p.RelationshipID, on: p.ReviewedOn, detail: p.Kind}, true
	case events.PhaseEntered:
		return fact{id: p.RelationshipID, on: p.EnteredOn, detail: p.Phase}, true
	case events.EndingPrepared:
		return fact{id: p.RelationshipID, on: p.PreparedOn, value: n(boolInt(p.NextStepsIdentified)), until: p.EndsOn}, true
	case events.IssueRaised:
		return fact{id: p.RelationshipID, on: p.RaisedOn, subject: p.IssueID, detail: p.Category}, true
	case events.IssueResolved:
		return fact{id: p.RelationshipID, on: p.ResolvedOn, subject: p.IssueID}, true
	case events.RematchArranged:
		return fact{id: p.RelationshipID, on: p.ArrangedOn, subject: p.NewRelationshipID}, true
	case events.ClosureCompleted:
		return fact{id: p.RelationshipID, on: p.CompletedOn}, true
	}
	return fact{}, false
}

func mandatory(b bool) string {
	if b {
		return "mandatory"
	}
	return "optional"
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func num(v *int64) driver.Value {
	if v == nil {
		return nil
	}
	return *v
}
