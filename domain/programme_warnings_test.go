package domain_test

import (
	"testing"

	"github.com/mentorledger/mentorledger/domain"
	"github.com/mentorledger/mentorledger/events"
)

func TestWarningThresholdsLeftOutTakeTheGuidancesDefaults(t *testing.T) {
	p := programme(registered())
	err := p.SetWarningThresholds(domain.SetWarningThresholds{ProgrammeID: progID, SetOn: d("2025-03-03"), GapDays: 21, ReviewEveryDays: 42})
	then(t, err, p.Changes(), events.WarningThresholdsSet{ProgrammeID: progID, SetOn: d("2025-03-03"),
		PurposeDays: 30, EndPointDays: 30, Postponements: 2, GapDays: 21, ClosureDays: 30, ReviewEveryDays: 42})
}

func TestWarningThresholdsAreWithinBounds(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*domain.SetWarningThresholds)
		msg  string
	}{
		{"negative gap", func(c *domain.SetWarningThresholds) { c.GapDays = -1 }, "programme.warning_thresholds_set.gap_days: must be 1..3660, got -1"},
		{"review beyond ten years", func(c *domain.SetWarningThresholds) { c.ReviewEveryDays = 3661 }, "programme.warning_thresholds_set.review_every_days: must be 1..3660, got 3661"},
		{"before the programme", func(c *domain.SetWarningThresholds) { c.SetOn = d("2024-10-31") }, "programme.warning_thresholds_set.set_on: must be on or after registered_on 2024-11-01, got 2024-10-31"},
		{"another programme", func(c *domain.SetWarningThresholds) { c.ProgrammeID = "prog-2" }, `programme.warning_thresholds_set.programme_id: must be prog-1, got "prog-2"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := domain.SetWarningThresholds{ProgrammeID: progID, SetOn: d("2025-03-03")}
			tc.edit(&c)
			p := programme(registered())
			err := p.SetWarningThresholds(c)
			thenError(t, err, p.Changes(), events.EINVALID, tc.msg)
		})
	}
}

func TestWarningThresholdsAreNotSetForAClosedProgramme(t *testing.T) {
	p := programme(registered(), events.ProgrammeClosed{ProgrammeID: progID, ClosedOn: d("2025-12-31"), Reason: "funding ended"})
	err := p.SetWarningThresholds(domain.SetWarningThresholds{ProgrammeID: progID, SetOn: d("2026-01-05")})
	thenError(t, err, p.Changes(), events.ECONFLICT, "programme prog-1 closed on 2025-12-31; nothing is recorded after")
}
