package domain

import (
	"slices"
	"strings"

	"github.com/mentorledger/mentorledger/events"
)

// Match is the command that records mentors and mentees matched into a new
// relationship (step 5), or rematched after an ending (RematchOf).
type Match events.Matched

// Matching is what a match is checked against, loaded by the caller: the
// programme, every participant the command names (keyed by id; one missing
// is not found) and, for a rematch, the relationship that ended.
type Matching struct {
	Programme    *Programme
	Participants map[string]*Participant
	Previous     *Relationship
}

// Match records a new relationship. The programme uses the model, the
// numbers of mentors and mentees fit it, every mentor is registered as a
// mentor and every mentee as a mentee of the same programme, nobody is on
// both sides, nobody has withdrawn or was not selected, every mentor has
// completed mentor training and every mentee the induction by matched_on
// where the programme made them mandatory, the co-ordinator gave a
// rationale and a rematch follows an ended relationship of the same
// programme and keeps one of its parties.
func (r *Relationship) Match(c Match, in Matching) error {
	e := events.Matched(c)
	if r.matched {
		return conflict(e, "relationship %s already exists", r.id)
	}
	if err := checkID(e, "relationship_id", e.RelationshipID); err != nil {
		return err
	}
	prog := in.Programme
	if prog == nil || !prog.Registered() {
		return notFound("programme %s: not found", e.ProgrammeID)
	}
	if e.ProgrammeID != prog.ID() {
		return invalid(e, "programme_id", "must be %s, got %q", prog.ID(), e.ProgrammeID)
	}
	if err := checkOneOf(e, "model", e.Model, models); err != nil {
		return err
	}
	if !prog.AllowsModel(e.Model) {
		return invalid(e, "model", "programme %s uses %s, not %s", prog.ID(), strings.Join(prog.models, ", "), e.Model)
	}
	if err := checkModel(e); err != nil {
		return err
	}
	if dup := duplicate(e.MentorIDs); dup != "" {
		return invalid(e, "mentor_ids", "%s is named twice", dup)
	}
	if dup := duplicate(e.MenteeIDs); dup != "" {
		return invalid(e, "mentee_ids", "%s is named twice", dup)
	}
	for _, id := range e.MentorIDs {
		if slices.Contains(e.MenteeIDs, id) {
			return invalid(e, "mentee_ids", "%s is also a mentor: nobody is on both sides", id)
		}
	}
	if err := checkDate(e, "matched_on", e.MatchedOn); err != nil {
		return err
	}
	orgs := map[string]bool{}
	for _, side := range []struct {
		field, role string
		ids         []string
	}{{"mentor_ids", events.RoleMentor, e.MentorIDs}, {"mentee_ids", events.RoleMentee, e.MenteeIDs}} {
		for _, id := range side.ids {
			p := in.Participants[id]
			if p == nil || !p.Registered() {
				return notFound("participant %s: not found", id)
			}
			if p.ProgrammeID() != e.ProgrammeID {
				return invalid(e, side.field, "%s belongs to programme %s, not %s", id, p.ProgrammeID(), e.ProgrammeID)
			}
			if p.Role() != side.role {
				return invalid(e, side.field, "%s is registered as a %s, not a %s", id, p.Role(), side.role)
			}
			if e.MatchedOn.Before(p.registeredOn) {
				return invalid(e, "matched_on", "must be on or after %s's registered_on %s, got %s", id, p.registeredOn, e.MatchedOn)
			}
			if err := checkReady(e, side.field, side.role, p, prog); err != nil {
				return err
			}
			if side.role == events.RoleMentee {
				orgs[p.Organisation()] = true
			}
		}
	}
	if e.Model == events.ModelTeam && len(orgs) > 1 {
		list := make([]string, 0, len(orgs))
		for o := range orgs {
			list = append(list, o)
		}
		slices.Sort(list)
		return invalid(e, "mentee_ids", "a team's mentees are in the same work team, got organisations %s", strings.Join(list, ", "))
	}
	if strings.TrimSpace(e.Rationale) == "" {
		return invalid(e, "rationale", "required: the co-ordinator records why these people were matched")
	}
	if err := checkLen(e, "rationale", e.Rationale, maxText); err != nil {
		return err
	}
	if e.RematchOf != "" {
		if err := checkRematch(e, in.Previous); err != nil {
			return err
		}
	}
	e.MentorIDs, e.MenteeIDs = slices.Clone(e.MentorIDs), slices.Clone(e.MenteeIDs)
	r.record(e)
	return nil
}

// checkModel checks the numbers of mentors and mentees against the model
// (guidance, "Mentoring models").
func checkModel(e events.Matched) error {
	mentors, mentees := len(e.MentorIDs), len(e.MenteeIDs)
	switch e.Model {
	case events.ModelOneToOne:
		if mentors != 1 {
			return invalid(e, "mentor_ids", "one-to-one has one mentor and one mentee, got %d mentors", mentors)
		}
		if mentees != 1 {
			return invalid(e, "mentee_ids", "one-to-one has one mentor and one mentee, got %d mentees", mentees)
		}
	case events.ModelGroup:
		if mentors != 1 {
			return invalid(e, "mentor_ids", "a group has one mentor and one to four mentees, got %d mentors", mentors)
		}
		if mentees < 1 || mentees > 4 {
			return invalid(e, "mentee_ids", "a group has one mentor and at most four mentees, got %d", mentees)
		}
	case events.ModelTwoByTwo:
		if mentors != 2 {
			return invalid(e, "mentor_ids", "two-by-two has two mentors and two mentees, got %d mentors", mentors)
		}
		if mentees != 2 {
			return invalid(e, "mentee_ids", "two-by-two has two mentors and two mentees, got %d mentees", mentees)
		}
	case events.ModelTeam:
		if mentors < 1 || mentors > 2 {
			return invalid(e, "mentor_ids", "a team has one or two mentors from outwith the team, got %d", mentors)
		}
		if mentees < 2 {
			return invalid(e, "mentee_ids", "a team has a group of mentees from the same work team, at least two, got %d", mentees)
		}
	}
	return nil
}

// checkRematch checks a rematch against the relationship it follows: one of
// the same programme that has ended, sharing at least one party ("organise a
// rematch for either party").
func checkRematch(e events.Matched, prev *Relationship) error {
	if e.RematchOf == e.RelationshipID {
		return invalid(e, "rematch_of", "a relationship is not a rematch of itself")
	}
	if prev == nil || !prev.Matched() {
		return notFound("relationship %s: not found", e.RematchOf)
	}
	if prev.ProgrammeID() != e.ProgrammeID {
		return invalid(e, "rematch_of", "%s belongs to programme %s, not %s", prev.ID(), prev.ProgrammeID(), e.ProgrammeID)
	}
	if !prev.Ended() {
		return invalid(e, "rematch_of", "%s has not ended: a rematch follows an ending", prev.ID())
	}
	if e.MatchedOn.Before(prev.EndedOn()) {
		return invalid(e, "matched_on", "a rematch is on or after %s's ended_on %s, got %s", prev.ID(), prev.EndedOn(), e.MatchedOn)
	}
	for _, id := range append(slices.Clone(e.MentorIDs), e.MenteeIDs...) {
		if _, ok := prev.role[id]; ok {
			return nil
		}
	}
	return invalid(e, "rematch_of", "a rematch keeps at least one party of %s", prev.ID())
}

// checkReady checks that a participant may be matched on e.MatchedOn: they
// have not withdrawn (etiquette 2: participation is voluntary), were not
// declined at selection, and have completed what the programme made
// mandatory for their role (checklist 2: "mentor training is provided and
// is mandatory", "mentee induction is provided and mandatory"). Training
// or induction completed after matched_on does not count. Selection itself
// is not required: a programme may not record it.
func checkReady(e events.Matched, field, role string, p *Participant, prog *Programme) error {
	id := p.ID()
	if p.Withdrawn() {
		return invalid(e, field, "%s %s withdrew on %s and cannot be matched", role, id, p.WithdrewOn())
	}
	if p.NotSelected() {
		return invalid(e, field, "%s %s was not selected and cannot be matched", role, id)
	}
	mentorTraining, menteeInduction := mandatoryPreparation(prog)
	var (
		done events.Date
		ok   bool
		what string
	)
	switch {
	case role == events.RoleMentor && mentorTraining:
		done, ok = p.MentorTrainingCompleted()
		what = "mentor training"
	case role == events.RoleMentee && menteeInduction:
		done, ok = p.MenteeInductionCompleted()
		what = "mentee induction"
	default:
		return nil
	}
	if !ok {
		return invalid(e, field, "%s %s has not completed the mandatory %s", role, id, what)
	}
	if done.After(e.MatchedOn) {
		return invalid(e, field, "%s %s completed the mandatory %s on %s, after matched_on %s", role, id, what, done, e.MatchedOn)
	}
	return nil
}

// mandatoryPreparation reports whether the programme made mentor training
// and mentee induction mandatory.
func mandatoryPreparation(prog *Programme) (mentorTraining, menteeInduction bool) {
	return prog.MentorTrainingMandatory(), prog.MenteeInductionMandatory()
}
