package domain_test

import (
	"testing"

	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/events"
)

func TestClosingTwiceIsAConflict(t *testing.T) {
	p := programme(registered(), planAdopted(), closed())
	c := closed()
	c.ClosedOn = d("2026-04-30")
	err := p.CloseProgramme(domain.CloseProgramme(c))
	thenError(t, err, p.Changes(), events.ECONFLICT, "programme.closed: programme prog-1 is already closed (on 2026-03-31)")
}

func TestProgrammeClosesForAKnownReasonNotBeforeItsLaunch(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*events.ProgrammeClosed)
		msg  string
	}{
		{"unknown reason", func(c *events.ProgrammeClosed) { c.Reason = "bored" }, `programme.closed.reason: must be one of completed, funding_ended, merged, replaced, organisational_change, other, got "bored"`},
		{"before launch", func(c *events.ProgrammeClosed) { c.ClosedOn = d("2025-01-05") }, "programme.closed.closed_on: must be on or after launched_on 2025-01-06, got 2025-01-05"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := closed()
			tc.edit(&c)
			p := programme(registered(), planAdopted(), purposeStated(), launched())
			err := p.CloseProgramme(domain.CloseProgramme(c))
			thenError(t, err, p.Changes(), events.EINVALID, tc.msg)
		})
	}
}

func TestClosedProgrammeSaysWhen(t *testing.T) {
	p := programme(registered(), closed())
	if on, ok := p.Closed(); !ok || on != d("2026-03-31") {
		t.Fatalf("Closed()=%s, %t, want 2026-03-31, true", on, ok)
	}
}
