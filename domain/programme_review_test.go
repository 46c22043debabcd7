package domain_test

import (
	"testing"

	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/events"
)

func TestDocumentRevisionNumbersIncreasePerDocument(t *testing.T) {
	p := programme(registered(), documentRevised("meeting-log", 1), documentRevised("meeting-log", 2), documentRevised("agreement", 5))
	for _, rev := range []int{2, 1} {
		err := p.ReviseDocument(domain.ReviseDocument(documentRevised("meeting-log", rev)))
		thenError(t, err, p.Changes(), events.EINVALID, "programme.document_revised.revision: must be greater than 2, the last revision of meeting-log")
	}
	// Another document keeps its own numbers.
	err := p.ReviseDocument(domain.ReviseDocument(documentRevised("action-plan", 1)))
	then(t, err, p.Changes(), documentRevised("action-plan", 1))
	p = programme(registered(), documentRevised("meeting-log", 2))
	err = p.ReviseDocument(domain.ReviseDocument(documentRevised("meeting-log", 4)))
	then(t, err, p.Changes(), documentRevised("meeting-log", 4))
}

func TestDocumentRevisionSaysWhatChanged(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*events.DocumentRevised)
		msg  string
	}{
		{"no summary", func(c *events.DocumentRevised) { c.Summary = "" }, "programme.document_revised.summary: required"},
		{"revision zero", func(c *events.DocumentRevised) { c.Revision = 0 }, "programme.document_revised.revision: must be 1..10000, got 0"},
		{"unknown kind", func(c *events.DocumentRevised) { c.DocumentKind = "poster" }, `programme.document_revised.document_kind: must be one of procedure_manual`},
		{"no reference", func(c *events.DocumentRevised) { c.DocumentRef = "" }, "programme.document_revised.document_ref: required"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := documentRevised("meeting-log", 1)
			tc.edit(&c)
			p := programme()
			err := p.ReviseDocument(domain.ReviseDocument(c))
			thenError(t, err, p.Changes(), events.EINVALID, tc.msg)
		})
	}
}

func TestProgrammeReviewIsOfAKnownKind(t *testing.T) {
	p := programme()
	err := p.ReviewProgramme(domain.ReviewProgramme{ProgrammeID: progID, ReviewedOn: d("2025-06-30"), Kind: "casual"})
	thenError(t, err, p.Changes(), events.EINVALID, `programme.reviewed.kind: must be one of steering_group, annual, mid_term, end_of_pilot, final, ad_hoc, got "casual"`)
	err = p.ReviewProgramme(domain.ReviewProgramme{ProgrammeID: progID, ReviewedOn: d("2025-06-30"), Kind: events.ReviewSteeringGroup})
	then(t, err, p.Changes(), events.ProgrammeReviewed{ProgrammeID: progID, ReviewedOn: d("2025-06-30"), Kind: events.ReviewSteeringGroup})
}
