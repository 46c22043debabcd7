package domain_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/events"
)

func TestRelationshipEndsPlannedOrPremature(t *testing.T) {
	for _, c := range []events.RelationshipEnded{
		{RelationshipID: "rel-1", EndedOn: d("2025-07-10"), Reason: events.EndCompleted, Planned: true},
		{RelationshipID: "rel-1", EndedOn: d("2025-03-01"), Reason: events.EndNotWorking},
	} {
		r := given(matched(), logged("mtg-1", d("2025-01-20")))
		err := r.End(domain.EndRelationship(c))
		then(t, err, r.Changes(), c)
	}
}

func TestRelationshipEndsOnce(t *testing.T) {
	r := given(matched(), ended())
	err := r.End(domain.EndRelationship(ended()))
	thenError(t, err, r.Changes(), events.ECONFLICT, "relationship.ended: relationship rel-1 already ended on 2025-03-01")
}

func TestEndingHasAKnownReasonCategory(t *testing.T) {
	c := ended()
	c.Reason = "mentor was useless"
	r := given(matched())
	err := r.End(domain.EndRelationship(c))
	thenError(t, err, r.Changes(), events.EINVALID, `relationship.ended.reason: must be one of completed, goals_achieved, moved_role, workload, personal_circumstances, relationship_not_working, left_organisation, other, got "mentor was useless"`)
}

func TestEndingIsOnOrAfterEverythingRecorded(t *testing.T) {
	r := given(matched(), logged("mtg-1", d("2025-03-05")))
	err := r.End(domain.EndRelationship(ended()))
	thenError(t, err, r.Changes(), events.EINVALID, "relationship.ended.ended_on: must be on or after the last date recorded in relationship rel-1, 2025-03-05, got 2025-03-01")
}

// Either party or the co-ordinator may end a relationship, and nothing
// records blame (etiquette 7; resource 5, clause 9): neither the command nor
// the event has a field that says who ended it or who was at fault.
func TestEndingRecordsNoBlame(t *testing.T) {
	for _, typ := range []reflect.Type{reflect.TypeFor[events.RelationshipEnded](), reflect.TypeFor[domain.EndRelationship]()} {
		for f := range typ.Fields() {
			name := strings.ToLower(f.Name)
			for _, word := range []string{"blame", "fault", "by", "who", "party", "initiat"} {
				if strings.Contains(name, word) {
					t.Errorf("%s has field %s: an ending records no blame", typ, f.Name)
				}
			}
		}
	}
}
