package domain

import (
	"github.com/mentorledger/mentorledger/events"
)

// Good practice checklist 2, financial and resource planning: a budget,
// sources of funding, funding secured and day-to-day spending. Amounts are
// positive whole pence; every period ends after it starts.

// SetBudget is the command that records the programme's budget for a
// period.
type SetBudget events.BudgetSet

// SetBudget records a budget ("Create a budget"). A later budget for the
// same period revises it; the reports compare spending with the latest.
func (p *Programme) SetBudget(c SetBudget) error {
	e := events.BudgetSet(c)
	if err := p.checkOpen(&e, e.ProgrammeID, "set_on", e.SetOn); err != nil {
		return err
	}
	if err := checkMoney(e, e.AmountPence, e.Currency); err != nil {
		return err
	}
	if err := checkPeriod(e, e.PeriodStartsOn, e.PeriodEndsOn); err != nil {
		return err
	}
	p.record(e)
	return nil
}

// IdentifyFundingSource is the command that adds a source to the list of
// actual and potential sources of funding.
type IdentifyFundingSource events.FundingSourceIdentified

// IdentifyFundingSource records a source of funding. Identifying a known
// source again records its new status (a potential source becoming actual).
func (p *Programme) IdentifyFundingSource(c IdentifyFundingSource) error {
	e := events.FundingSourceIdentified(c)
	if err := p.checkOpen(&e, e.ProgrammeID, "identified_on", e.IdentifiedOn); err != nil {
		return err
	}
	if err := checkID(e, "source_id", e.SourceID); err != nil {
		return err
	}
	if err := checkName(e, "funder", e.Funder); err != nil {
		return err
	}
	if err := checkOneOf(e, "funder_kind", e.FunderKind, funderKinds); err != nil {
		return err
	}
	if err := checkOneOf(e, "status", e.Status, fundingStatuses); err != nil {
		return err
	}
	p.record(e)
	return nil
}

// SecureFunding is the command that records funding agreed for a period.
type SecureFunding events.FundingSecured

// SecureFunding records funding secured from a funder for a period
// (checklist 2: "Determine funder and funding life cycles"). A source id,
// when given, names a source already identified.
func (p *Programme) SecureFunding(c SecureFunding) error {
	e := events.FundingSecured(c)
	if err := p.checkOpen(&e, e.ProgrammeID, "secured_on", e.SecuredOn); err != nil {
		return err
	}
	if e.SourceID != "" && !p.fundingSources[e.SourceID] {
		return invalid(e, "source_id", "%s has not been identified: record programme.funding_source_identified first", e.SourceID)
	}
	if err := checkName(e, "funder", e.Funder); err != nil {
		return err
	}
	if err := checkMoney(e, e.AmountPence, e.Currency); err != nil {
		return err
	}
	if err := checkPeriod(e, e.PeriodStartsOn, e.PeriodEndsOn); err != nil {
		return err
	}
	p.record(e)
	return nil
}

// RecordExpenditure is the command that records money spent.
type RecordExpenditure events.ExpenditureRecorded

// RecordExpenditure records one item of spending, once.
func (p *Programme) RecordExpenditure(c RecordExpenditure) error {
	e := events.ExpenditureRecorded(c)
	if err := p.checkOpen(&e, e.ProgrammeID, "spent_on", e.SpentOn); err != nil {
		return err
	}
	if err := checkID(e, "expenditure_id", e.ExpenditureID); err != nil {
		return err
	}
	if p.expenditures[e.ExpenditureID] {
		return conflict(e, "expenditure %s is already recorded", e.ExpenditureID)
	}
	if err := checkMoney(e, e.AmountPence, e.Currency); err != nil {
		return err
	}
	if err := checkOneOf(e, "category", e.Category, spendCategories); err != nil {
		return err
	}
	p.record(e)
	return nil
}
