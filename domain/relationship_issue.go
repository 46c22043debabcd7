package domain

import "github.com/mentorledger/mentorledger/events"

// RaiseIssue is the command that records an issue raised in a relationship.
type RaiseIssue events.IssueRaised

// ResolveIssue is the command that records a raised issue resolved.
type ResolveIssue events.IssueResolved

// RaiseIssue records a new issue of a known category, raised by a mentor, a
// mentee or the co-ordinator. It names a role, never a person to blame
// (etiquette 7).
func (r *Relationship) RaiseIssue(c RaiseIssue) error {
	e := events.IssueRaised(c)
	if err := r.active(&e, e.RelationshipID, "raised_on", e.RaisedOn); err != nil {
		return err
	}
	if err := checkID(e, "issue_id", e.IssueID); err != nil {
		return err
	}
	if i, ok := r.issues[e.IssueID]; ok {
		return conflict(e, "issue %s was already raised on %s", e.IssueID, i.raisedOn)
	}
	if err := checkOneOf(e, "category", e.Category, issueCategories); err != nil {
		return err
	}
	if err := checkOneOf(e, "raised_by_role", e.RaisedByRole, issueRaisers); err != nil {
		return err
	}
	r.record(e)
	return nil
}

// ResolveIssue records that a raised issue not yet resolved was resolved,
// on or after the day it was raised. An issue still open when the
// relationship ends stays open: the ending closes the relationship, not the
// issue, and the reports count it.
func (r *Relationship) ResolveIssue(c ResolveIssue) error {
	e := events.IssueResolved(c)
	if err := r.active(&e, e.RelationshipID, "resolved_on", e.ResolvedOn); err != nil {
		return err
	}
	if e.IssueID == "" {
		return invalid(e, "issue_id", "required")
	}
	i, ok := r.issues[e.IssueID]
	if !ok {
		return notFound("issue %s: not raised in relationship %s", e.IssueID, r.id)
	}
	if i.resolved {
		return conflict(e, "issue %s was already resolved on %s", e.IssueID, i.resolvedOn)
	}
	if e.ResolvedOn.Before(i.raisedOn) {
		return invalid(e, "resolved_on", "must be on or after the issue's raised_on %s, got %s", i.raisedOn, e.ResolvedOn)
	}
	r.record(e)
	return nil
}
