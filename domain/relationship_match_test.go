package domain_test

import (
	"testing"

	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/events"
)

func matching() domain.Matching {
	return domain.Matching{Programme: programme(), Participants: people()}
}

func match(model string, mentors, mentees []string) events.Matched {
	c := matched()
	c.Model, c.MentorIDs, c.MenteeIDs = model, mentors, mentees
	return c
}

func TestMatchRecordsANewRelationship(t *testing.T) {
	for _, c := range []events.Matched{
		matched(),
		match(events.ModelGroup, []string{"m1"}, []string{"e1", "e2", "e3", "e4"}),
		match(events.ModelTwoByTwo, []string{"m1", "m2"}, []string{"e1", "e2"}),
		match(events.ModelTeam, []string{"m1", "m2"}, []string{"e1", "e2", "e3", "e4", "e5"}),
	} {
		t.Run(c.Model, func(t *testing.T) {
			r := given()
			err := r.Match(domain.Match(c), matching())
			then(t, err, r.Changes(), c)
		})
	}
}

func TestRelationshipIsMatchedOnce(t *testing.T) {
	r := given(matched())
	err := r.Match(domain.Match(matched()), matching())
	thenError(t, err, r.Changes(), events.ECONFLICT, "relationship.matched: relationship rel-1 already exists")
}

func TestMatchUsesAModelOfTheProgramme(t *testing.T) {
	reg := registered()
	reg.Models = []string{events.ModelOneToOne}
	in := matching()
	in.Programme = programme(reg)
	r := given()
	err := r.Match(domain.Match(match(events.ModelTwoByTwo, []string{"m1", "m2"}, []string{"e1", "e2"})), in)
	thenError(t, err, r.Changes(), events.EINVALID, "relationship.matched.model: programme prog-1 uses one_to_one, not two_by_two")

	r = given()
	err = r.Match(domain.Match(match("triad", []string{"m1"}, []string{"e1"})), matching())
	thenError(t, err, r.Changes(), events.EINVALID, `relationship.matched.model: must be one of one_to_one, group, two_by_two, team, got "triad"`)
}

func TestMatchNeedsAnExistingProgramme(t *testing.T) {
	in := matching()
	in.Programme = domain.LoadProgramme(nil)
	r := given()
	err := r.Match(domain.Match(matched()), in)
	thenError(t, err, r.Changes(), events.ENOTFOUND, "programme prog-1: not found")
}

// modelCase is one composition that breaks a model's numbers.
type modelCase struct {
	name             string
	mentors, mentees []string
	msg              string
}

func testModel(t *testing.T, model string, cases []modelCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := given()
			err := r.Match(domain.Match(match(model, tc.mentors, tc.mentees)), matching())
			thenError(t, err, r.Changes(), events.EINVALID, tc.msg)
		})
	}
}

func TestOneToOneIsOneMentorAndOneMentee(t *testing.T) {
	testModel(t, events.ModelOneToOne, []modelCase{
		{"two mentors", []string{"m1", "m2"}, []string{"e1"}, "relationship.matched.mentor_ids: one-to-one has one mentor and one mentee, got 2 mentors"},
		{"no mentor", nil, []string{"e1"}, "relationship.matched.mentor_ids: one-to-one has one mentor and one mentee, got 0 mentors"},
		{"two mentees", []string{"m1"}, []string{"e1", "e2"}, "relationship.matched.mentee_ids: one-to-one has one mentor and one mentee, got 2 mentees"},
	})
}

func TestGroupHasOneMentorAndAtMostFourMentees(t *testing.T) {
	testModel(t, events.ModelGroup, []modelCase{
		{"five mentees", []string{"m1"}, []string{"e1", "e2", "e3", "e4", "e5"}, "relationship.matched.mentee_ids: a group has one mentor and at most four mentees, got 5"},
		{"no mentee", []string{"m1"}, nil, "relationship.matched.mentee_ids: a group has one mentor and at most four mentees, got 0"},
		{"two mentors", []string{"m1", "m2"}, []string{"e1", "e2"}, "relationship.matched.mentor_ids: a group has one mentor and one to four mentees, got 2 mentors"},
	})
}

func TestTwoByTwoIsTwoMentorsAndTwoMentees(t *testing.T) {
	testModel(t, events.ModelTwoByTwo, []modelCase{
		{"one mentor", []string{"m1"}, []string{"e1", "e2"}, "relationship.matched.mentor_ids: two-by-two has two mentors and two mentees, got 1 mentors"},
		{"three mentees", []string{"m1", "m2"}, []string{"e1", "e2", "e3"}, "relationship.matched.mentee_ids: two-by-two has two mentors and two mentees, got 3 mentees"},
	})
}

// The guidance: "one or two experienced mentors from outwith the team
// working with a group of mentees in the same work team".
func TestTeamHasOneOrTwoMentorsAndAGroupOfMenteesOfOneWorkTeam(t *testing.T) {
	testModel(t, events.ModelTeam, []modelCase{
		{"three mentors", []string{"m1", "m2", "m3"}, []string{"e1", "e2"}, "relationship.matched.mentor_ids: a team has one or two mentors from outwith the team, got 3"},
		{"one mentee", []string{"m1"}, []string{"e1"}, "relationship.matched.mentee_ids: a team has a group of mentees from the same work team, at least two, got 1"},
	})
	in := matching()
	in.Participants["e9"] = domain.LoadParticipant([]events.Payload{participant("e9", events.RoleMentee, "Org A")})
	r := given()
	err := r.Match(domain.Match(match(events.ModelTeam, []string{"m1"}, []string{"e1", "e9"})), in)
	thenError(t, err, r.Changes(), events.EINVALID, "relationship.matched.mentee_ids: a team's mentees are in the same work team, got organisations Org A, Org B")
}

func TestMatchedPartiesAreRegisteredInTheirRoleInTheProgramme(t *testing.T) {
	in := matching()
	other := mentee("e8")
	other.ProgrammeID = "prog-2"
	in.Participants["e8"] = domain.LoadParticipant([]events.Payload{other})
	late := mentee("e7")
	late.RegisteredOn = d("2025-02-01")
	in.Participants["e7"] = domain.LoadParticipant([]events.Payload{late})
	for _, tc := range []struct {
		name             string
		mentors, mentees []string
		code, msg        string
	}{
		{"unknown mentor", []string{"m9"}, []string{"e1"}, events.ENOTFOUND, "participant m9: not found"},
		{"unknown mentee", []string{"m1"}, []string{"e9"}, events.ENOTFOUND, "participant e9: not found"},
		{"mentee as mentor", []string{"e2"}, []string{"e1"}, events.EINVALID, "relationship.matched.mentor_ids: e2 is registered as a mentee, not a mentor"},
		{"mentor as mentee", []string{"m1"}, []string{"m2"}, events.EINVALID, "relationship.matched.mentee_ids: m2 is registered as a mentor, not a mentee"},
		{"other programme", []string{"m1"}, []string{"e8"}, events.EINVALID, "relationship.matched.mentee_ids: e8 belongs to programme prog-2, not prog-1"},
		{"matched before registering", []string{"m1"}, []string{"e7"}, events.EINVALID, "relationship.matched.matched_on: must be on or after e7's registered_on 2025-02-01, got 2025-01-10"},
		{"named twice", []string{"m1"}, []string{"e1", "e1"}, events.EINVALID, "relationship.matched.mentee_ids: e1 is named twice"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			model := events.ModelOneToOne
			if len(tc.mentees) > 1 {
				model = events.ModelGroup
			}
			r := given()
			err := r.Match(domain.Match(match(model, tc.mentors, tc.mentees)), in)
			thenError(t, err, r.Changes(), tc.code, tc.msg)
		})
	}
}

func TestNobodyIsOnBothSides(t *testing.T) {
	r := given()
	err := r.Match(domain.Match(match(events.ModelTwoByTwo, []string{"m1", "m2"}, []string{"e1", "m2"})), matching())
	thenError(t, err, r.Changes(), events.EINVALID, "relationship.matched.mentee_ids: m2 is also a mentor: nobody is on both sides")
}

func TestMatchNeedsARationale(t *testing.T) {
	c := matched()
	c.Rationale = "  "
	r := given()
	err := r.Match(domain.Match(c), matching())
	thenError(t, err, r.Changes(), events.EINVALID, "relationship.matched.rationale: required")
}

func TestRematchFollowsAnEndedRelationshipOfTheProgrammeAndKeepsAParty(t *testing.T) {
	rematch := func(edit func(*events.Matched)) events.Matched {
		c := matched()
		c.RelationshipID, c.MentorIDs, c.RematchOf, c.MatchedOn = "rel-2", []string{"m2"}, "rel-1", d("2025-03-03")
		if edit != nil {
			edit(&c)
		}
		return c
	}
	t.Run("after an ending", func(t *testing.T) {
		in := matching()
		in.Previous = given(matched(), ended())
		r := given()
		err := r.Match(domain.Match(rematch(nil)), in)
		then(t, err, r.Changes(), rematch(nil))
	})
	otherProgramme := matched()
	otherProgramme.ProgrammeID = "prog-2"
	for _, tc := range []struct {
		name      string
		previous  *domain.Relationship
		edit      func(*events.Matched)
		code, msg string
	}{
		{"unknown", given(), nil, events.ENOTFOUND, "relationship rel-1: not found"},
		{"not ended", given(matched()), nil, events.EINVALID, "relationship.matched.rematch_of: rel-1 has not ended: a rematch follows an ending"},
		{"other programme", given(otherProgramme, ended()), nil, events.EINVALID, "relationship.matched.rematch_of: rel-1 belongs to programme prog-2, not prog-1"},
		{"before the ending", given(matched(), ended()), func(c *events.Matched) { c.MatchedOn = d("2025-02-20") }, events.EINVALID, "relationship.matched.matched_on: a rematch is on or after rel-1's ended_on 2025-03-01, got 2025-02-20"},
		{"nobody kept", given(matched(), ended()), func(c *events.Matched) { c.MenteeIDs = []string{"e2"} }, events.EINVALID, "relationship.matched.rematch_of: a rematch keeps at least one party of rel-1"},
		{"itself", given(matched(), ended()), func(c *events.Matched) { c.RematchOf = "rel-2" }, events.EINVALID, "relationship.matched.rematch_of: a relationship is not a rematch of itself"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := matching()
			in.Previous = tc.previous
			r := given()
			err := r.Match(domain.Match(rematch(tc.edit)), in)
			thenError(t, err, r.Changes(), tc.code, tc.msg)
		})
	}
}
