package domain

import (
	"slices"

	"github.com/mentorledger/mentorledger/events"
)

// Step 4 (the procedure manual's policies, checklist 3) and step 5 (the
// etiquette of mentoring practice).

// AdoptPolicy is the command that records one of checklist 3's policies.
type AdoptPolicy events.PolicyAdopted

// AdoptPolicy records that one of the nine policies of checklist 3 applies
// to the programme, in which document, and when it is next reviewed (step
// 4: the document says "how often you will review it"). Adopting the same
// policy again records its newer adoption.
func (p *Programme) AdoptPolicy(c AdoptPolicy) error {
	e := events.PolicyAdopted(c)
	if err := p.checkOpen(&e, e.ProgrammeID, "adopted_on", e.AdoptedOn); err != nil {
		return err
	}
	if err := checkOneOf(e, "policy", e.Policy, policies); err != nil {
		return err
	}
	if err := checkRef(e, "document_ref", e.DocumentRef); err != nil {
		return err
	}
	if err := checkDate(e, "review_on", e.ReviewOn); err != nil {
		return err
	}
	if !e.ReviewOn.After(e.AdoptedOn) {
		return invalid(e, "review_on", "must be after adopted_on %s, got %s", e.AdoptedOn, e.ReviewOn)
	}
	p.record(e)
	return nil
}

// EtiquettePrinciples is how many principles step 5's guide to the etiquette
// of mentoring practice has.
const EtiquettePrinciples = 10

// AdoptEtiquette is the command that records the programme's guide to the
// etiquette of mentoring practice.
type AdoptEtiquette events.EtiquetteAdopted

// AdoptEtiquette records which of step 5's ten principles the programme
// adopted ("you can adapt and use it"), each once.
func (p *Programme) AdoptEtiquette(c AdoptEtiquette) error {
	e := events.EtiquetteAdopted(c)
	if err := p.checkOpen(&e, e.ProgrammeID, "adopted_on", e.AdoptedOn); err != nil {
		return err
	}
	if len(e.Principles) == 0 {
		return invalid(e, "principles", "at least 1 required, got 0")
	}
	seen := map[int]bool{}
	for _, n := range e.Principles {
		if err := checkRange(e, "principles", n, 1, EtiquettePrinciples); err != nil {
			return err
		}
		if seen[n] {
			return invalid(e, "principles", "%d is named twice", n)
		}
		seen[n] = true
	}
	if err := checkRef(e, "document_ref", e.DocumentRef); err != nil {
		return err
	}
	e.Principles = slices.Clone(e.Principles)
	p.record(e)
	return nil
}
