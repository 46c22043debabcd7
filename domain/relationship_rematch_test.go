package domain_test

import (
	"testing"

	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/events"
)

// rel2 is a relationship matched after rel-1 ended, keeping mentee e1.
func rel2(edit func(*events.Matched)) *domain.Relationship {
	m := matched()
	m.RelationshipID, m.MentorIDs, m.MatchedOn, m.RematchOf = "rel-2", []string{"m2"}, d("2025-03-03"), "rel-1"
	if edit != nil {
		edit(&m)
	}
	return given(m)
}

func TestRematchLinksAnEndedRelationshipToAMatchedOneOfTheSameProgramme(t *testing.T) {
	link := events.RematchArranged{RelationshipID: "rel-1", NewRelationshipID: "rel-2", ArrangedOn: d("2025-03-03")}
	r := given(matched(), ended())
	err := r.ArrangeRematch(domain.ArrangeRematch(link), rel2(nil))
	then(t, err, r.Changes(), link)

	// A new relationship that does not name what it follows may be linked.
	r = given(matched(), ended())
	err = r.ArrangeRematch(domain.ArrangeRematch(link), rel2(func(m *events.Matched) { m.RematchOf = "" }))
	then(t, err, r.Changes(), link)

	for _, tc := range []struct {
		name      string
		history   []events.Payload
		next      *domain.Relationship
		edit      func(*events.RematchArranged)
		code, msg string
	}{
		{"not ended", []events.Payload{matched()}, rel2(nil), nil, events.ECONFLICT, "relationship.rematch_arranged: relationship rel-1 has not ended: a rematch follows the ending"},
		{"unknown", nil, rel2(nil), nil, events.ENOTFOUND, "relationship rel-1: not found"},
		{"new one not matched", []events.Payload{matched(), ended()}, given(), nil, events.ENOTFOUND, "relationship rel-2: not found"},
		{"itself", []events.Payload{matched(), ended()}, given(matched(), ended()), func(l *events.RematchArranged) { l.NewRelationshipID = "rel-1" },
			events.EINVALID, "relationship.rematch_arranged.new_relationship_id: a relationship is not its own rematch"},
		{"other programme", []events.Payload{matched(), ended()}, rel2(func(m *events.Matched) { m.ProgrammeID = "prog-2" }), nil,
			events.EINVALID, "relationship.rematch_arranged.new_relationship_id: rel-2 belongs to programme prog-2, not prog-1"},
		{"rematch of another", []events.Payload{matched(), ended()}, rel2(func(m *events.Matched) { m.RematchOf = "rel-7" }), nil,
			events.EINVALID, "relationship.rematch_arranged.new_relationship_id: rel-2 is a rematch of rel-7, not rel-1"},
		{"matched before the ending", []events.Payload{matched(), ended()}, rel2(func(m *events.Matched) { m.MatchedOn = d("2025-02-01") }), nil,
			events.EINVALID, "relationship.rematch_arranged.new_relationship_id: rel-2 was matched on 2025-02-01, before rel-1 ended on 2025-03-01"},
		{"nobody kept", []events.Payload{matched(), ended()}, rel2(func(m *events.Matched) { m.MenteeIDs = []string{"e2"} }), nil,
			events.EINVALID, "relationship.rematch_arranged.new_relationship_id: a rematch keeps at least one party of rel-1"},
		{"linked twice", []events.Payload{matched(), ended(), link}, rel2(nil), nil,
			events.ECONFLICT, "relationship.rematch_arranged: relationship rel-1 was already linked to rel-2 on 2025-03-03"},
		{"before the ending", []events.Payload{matched(), ended()}, rel2(nil), func(l *events.RematchArranged) { l.ArrangedOn = d("2025-02-28") },
			events.EINVALID, "relationship.rematch_arranged.arranged_on: must be on or after ended_on 2025-03-01, got 2025-02-28"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := link
			if tc.edit != nil {
				tc.edit(&c)
			}
			r := given(tc.history...)
			err := r.ArrangeRematch(domain.ArrangeRematch(c), tc.next)
			thenError(t, err, r.Changes(), tc.code, tc.msg)
		})
	}
}

func TestClosureIsCompletedOnceAfterTheEnding(t *testing.T) {
	done := events.ClosureCompleted{RelationshipID: "rel-1", CompletedOn: d("2025-03-05")}
	r := given(matched(), ended())
	err := r.CompleteClosure(domain.CompleteClosure(done))
	then(t, err, r.Changes(), done)

	r = given(matched())
	err = r.CompleteClosure(domain.CompleteClosure(done))
	thenError(t, err, r.Changes(), events.ECONFLICT, "relationship.closure_completed: relationship rel-1 has not ended: closure follows the ending")

	r = given(matched(), ended(), done)
	err = r.CompleteClosure(domain.CompleteClosure(done))
	thenError(t, err, r.Changes(), events.ECONFLICT, "relationship.closure_completed: relationship rel-1 closure was already completed on 2025-03-05")

	early := done
	early.CompletedOn = d("2025-02-28")
	r = given(matched(), ended())
	err = r.CompleteClosure(domain.CompleteClosure(early))
	thenError(t, err, r.Changes(), events.EINVALID, "relationship.closure_completed.completed_on: must be on or after ended_on 2025-03-01, got 2025-02-28")
}
