package domain_test

import (
	"testing"

	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/events"
)

// mandatory returns a matching whose programme made mentor training and
// mentee induction mandatory as asked.
func mandatory(training, induction bool) domain.Matching {
	plan := planAdopted()
	plan.MentorTrainingMandatory, plan.MenteeInductionMandatory = training, induction
	return domain.Matching{Programme: programme(registered(), plan), Participants: people()}
}

func TestMentorIsMatchedOnlyAfterMandatoryTraining(t *testing.T) {
	in := mandatory(true, false)
	r := given()
	err := r.Match(domain.Match(matched()), in)
	thenError(t, err, r.Changes(), events.EINVALID, "relationship.matched.mentor_ids: mentor m1 has not completed the mandatory mentor training")

	in.Participants["m1"] = givenParticipant(mentor("m1"), trained("m1", d("2025-01-20")))
	r = given()
	err = r.Match(domain.Match(matched()), in)
	thenError(t, err, r.Changes(), events.EINVALID, "relationship.matched.mentor_ids: mentor m1 completed the mandatory mentor training on 2025-01-20, after matched_on 2025-01-10")

	in.Participants["m1"] = givenParticipant(mentor("m1"), trained("m1", d("2025-01-10")))
	r = given()
	err = r.Match(domain.Match(matched()), in)
	then(t, err, r.Changes(), matched())
}

func TestMenteeIsMatchedOnlyAfterMandatoryInduction(t *testing.T) {
	in := mandatory(false, true)
	r := given()
	err := r.Match(domain.Match(matched()), in)
	thenError(t, err, r.Changes(), events.EINVALID, "relationship.matched.mentee_ids: mentee e1 has not completed the mandatory mentee induction")

	in.Participants["e1"] = givenParticipant(mentee("e1"), inducted("e1", d("2025-01-06")))
	r = given()
	err = r.Match(domain.Match(matched()), in)
	then(t, err, r.Changes(), matched())
}

func TestTrainingAndInductionAreNotNeededWhereNotMandatory(t *testing.T) {
	r := given()
	err := r.Match(domain.Match(matched()), mandatory(false, false))
	then(t, err, r.Changes(), matched())
}

func TestWithdrawnParticipantIsNotMatched(t *testing.T) {
	in := matching()
	in.Participants["e1"] = givenParticipant(mentee("e1"), withdrew("e1", d("2025-01-08")))
	r := given()
	err := r.Match(domain.Match(matched()), in)
	thenError(t, err, r.Changes(), events.EINVALID, "relationship.matched.mentee_ids: mentee e1 withdrew on 2025-01-08 and cannot be matched")
}

func TestParticipantNotSelectedIsNotMatched(t *testing.T) {
	in := matching()
	in.Participants["m1"] = givenParticipant(mentor("m1"), events.NotSelected{ParticipantID: "m1", DecidedOn: d("2025-01-02"), Reason: events.NotSelectedCriteriaNotMet, Informed: true})
	r := given()
	err := r.Match(domain.Match(matched()), in)
	thenError(t, err, r.Changes(), events.EINVALID, "relationship.matched.mentor_ids: mentor m1 was not selected and cannot be matched")
}
