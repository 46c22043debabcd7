package domain_test

import (
	"testing"

	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/events"
)

func TestFundingPeriodEndsAfterItStarts(t *testing.T) {
	c := fundingSecured()
	c.PeriodStartsOn, c.PeriodEndsOn = d("2025-04-01"), d("2025-03-01")
	p := programme(registered(), fundingSourceIdentified())
	err := p.SecureFunding(domain.SecureFunding(c))
	thenError(t, err, p.Changes(), events.EINVALID, "programme.funding_secured.period_ends_on: must be after period_starts_on 2025-04-01, got 2025-03-01")
}

func TestBudgetPeriodEndsAfterItStarts(t *testing.T) {
	c := budgetSet()
	c.PeriodEndsOn = c.PeriodStartsOn
	p := programme()
	err := p.SetBudget(domain.SetBudget(c))
	thenError(t, err, p.Changes(), events.EINVALID, "programme.budget_set.period_ends_on: must be after period_starts_on 2025-01-01, got 2025-01-01")
}

func TestAmountsArePositive(t *testing.T) {
	for _, amount := range []int64{0, -1} {
		b := budgetSet()
		b.AmountPence = amount
		p := programme()
		err := p.SetBudget(domain.SetBudget(b))
		thenError(t, err, p.Changes(), events.EINVALID, "programme.budget_set.amount_pence: must be positive")

		f := fundingSecured()
		f.AmountPence = amount
		p = programme(registered(), fundingSourceIdentified())
		err = p.SecureFunding(domain.SecureFunding(f))
		thenError(t, err, p.Changes(), events.EINVALID, "programme.funding_secured.amount_pence: must be positive")

		x := expenditureRecorded("exp-1")
		x.AmountPence = amount
		p = programme()
		err = p.RecordExpenditure(domain.RecordExpenditure(x))
		thenError(t, err, p.Changes(), events.EINVALID, "programme.expenditure_recorded.amount_pence: must be positive")
	}
}

func TestAmountsAreInAnISOCurrency(t *testing.T) {
	for _, cur := range []string{"", "gbp", "£", "GBPX"} {
		c := budgetSet()
		c.Currency = cur
		p := programme()
		err := p.SetBudget(domain.SetBudget(c))
		thenError(t, err, p.Changes(), events.EINVALID, "programme.budget_set.currency: must be a three-letter ISO 4217 code such as GBP")
	}
}

func TestExpenditureIsRecordedOnce(t *testing.T) {
	p := programme(registered(), expenditureRecorded("exp-1"))
	err := p.RecordExpenditure(domain.RecordExpenditure(expenditureRecorded("exp-1")))
	thenError(t, err, p.Changes(), events.ECONFLICT, "programme.expenditure_recorded: expenditure exp-1 is already recorded")
	err = p.RecordExpenditure(domain.RecordExpenditure(expenditureRecorded("exp-2")))
	then(t, err, p.Changes(), expenditureRecorded("exp-2"))
}

func TestSecuredFundingNamesAnIdentifiedSource(t *testing.T) {
	p := programme(registered())
	err := p.SecureFunding(domain.SecureFunding(fundingSecured()))
	thenError(t, err, p.Changes(), events.EINVALID, "programme.funding_secured.source_id: fund-1 has not been identified: record programme.funding_source_identified first")

	c := fundingSecured()
	c.SourceID = "" // a source need not have been listed first
	err = p.SecureFunding(domain.SecureFunding(c))
	then(t, err, p.Changes(), c)
}

func TestFundingSourceIsActualOrPotentialOfAKnownKind(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*events.FundingSourceIdentified)
		msg  string
	}{
		{"no funder", func(c *events.FundingSourceIdentified) { c.Funder = "" }, "programme.funding_source_identified.funder: required"},
		{"unknown kind", func(c *events.FundingSourceIdentified) { c.FunderKind = "benefactor" }, `programme.funding_source_identified.funder_kind: must be one of internal, partner_organisation, public_body, charitable_trust, lottery, corporate, other, got "benefactor"`},
		{"unknown status", func(c *events.FundingSourceIdentified) { c.Status = "hoped_for" }, `programme.funding_source_identified.status: must be one of actual, potential, got "hoped_for"`},
		{"bad id", func(c *events.FundingSourceIdentified) { c.SourceID = "fund 1" }, "programme.funding_source_identified.source_id: must be 1..64 letters"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := fundingSourceIdentified()
			tc.edit(&c)
			p := programme()
			err := p.IdentifyFundingSource(domain.IdentifyFundingSource(c))
			thenError(t, err, p.Changes(), events.EINVALID, tc.msg)
		})
	}
}

func TestExpenditureHasAKnownCategory(t *testing.T) {
	c := expenditureRecorded("exp-1")
	c.Category = "lunch"
	p := programme()
	err := p.RecordExpenditure(domain.RecordExpenditure(c))
	thenError(t, err, p.Changes(), events.EINVALID, `programme.expenditure_recorded.category: must be one of coordination`)
}
