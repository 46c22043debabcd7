package domain

import (
	"slices"

	"github.com/mentorledger/mentorledger/events"
)

// ReviewProgramme is the command that records a review of the programme.
type ReviewProgramme events.ProgrammeReviewed

// ReviewProgramme records a review and the changes it agreed (step 1: "You
// should review the programme regularly"). How regular is regular the
// guidance leaves open; the reports show the gaps.
func (p *Programme) ReviewProgramme(c ReviewProgramme) error {
	e := events.ProgrammeReviewed(c)
	if err := p.checkOpen(&e, e.ProgrammeID, "reviewed_on", e.ReviewedOn); err != nil {
		return err
	}
	if err := checkOneOf(e, "kind", e.Kind, reviewKinds); err != nil {
		return err
	}
	if e.ChangesAgreed != nil {
		if err := checkList(e, "changes_agreed", e.ChangesAgreed); err != nil {
			return err
		}
	}
	e.ChangesAgreed = slices.Clone(e.ChangesAgreed)
	p.record(e)
	return nil
}

// ReviseDocument is the command that records a change to a programme
// document or tool.
type ReviseDocument events.DocumentRevised

// ReviseDocument records a new revision of a document (checklist 4:
// "Changes made (and tracked) to project documents and tools"). Revision
// numbers increase per document reference, so the audit can list each
// document's changes in order with none missing from the sequence it shows.
func (p *Programme) ReviseDocument(c ReviseDocument) error {
	e := events.DocumentRevised(c)
	if err := p.checkOpen(&e, e.ProgrammeID, "revised_on", e.RevisedOn); err != nil {
		return err
	}
	if err := checkOneOf(e, "document_kind", e.DocumentKind, documentKinds); err != nil {
		return err
	}
	if err := checkRef(e, "document_ref", e.DocumentRef); err != nil {
		return err
	}
	if err := checkRange(e, "revision", e.Revision, 1, maxRevision); err != nil {
		return err
	}
	if last, ok := p.revisions[e.DocumentRef]; ok && e.Revision <= last {
		return invalid(e, "revision", "must be greater than %d, the last revision of %s, got %d", last, e.DocumentRef, e.Revision)
	}
	if err := checkText(e, "summary", e.Summary, maxText); err != nil {
		return err
	}
	p.record(e)
	return nil
}
