package domain

import "github.com/mentorledger/mentorledger/events"

// ReviewRelationship is the command that records a review of the
// relationship.
type ReviewRelationship events.RelationshipReviewed

// Review records a review of a known kind (etiquette 9: "review the
// progress of the relationship on a regular basis").
func (r *Relationship) Review(c ReviewRelationship) error {
	e := events.RelationshipReviewed(c)
	if err := r.active(&e, e.RelationshipID, "reviewed_on", e.ReviewedOn); err != nil {
		return err
	}
	if err := checkOneOf(e, "kind", e.Kind, relationshipReviewKinds); err != nil {
		return err
	}
	r.record(e)
	return nil
}
