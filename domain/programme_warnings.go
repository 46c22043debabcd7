package domain

import "github.com/mentorledger/mentorledger/events"

// SetWarningThresholds is the command that records how soon the programme
// wants each pitfall of resource 19 flagged.
type SetWarningThresholds events.WarningThresholdsSet

// SetWarningThresholds records the programme's early-warning thresholds. A
// threshold left 0 takes the guidance's default, and the event records the
// value it stands for: what was in force is read from the event alone,
// whatever the defaults become.
func (p *Programme) SetWarningThresholds(c SetWarningThresholds) error {
	e := events.WarningThresholdsSet(c)
	if err := p.checkOpen(&e, e.ProgrammeID, "set_on", e.SetOn); err != nil {
		return err
	}
	for _, f := range []struct {
		name string
		v    *int
		def  int
	}{
		{"purpose_days", &e.PurposeDays, events.DefaultPurposeDays},
		{"end_point_days", &e.EndPointDays, events.DefaultEndPointDays},
		{"postponements", &e.Postponements, events.DefaultPostponements},
		{"gap_days", &e.GapDays, events.DefaultGapDays},
		{"closure_days", &e.ClosureDays, events.DefaultClosureDays},
		{"review_every_days", &e.ReviewEveryDays, events.DefaultReviewEveryDays},
	} {
		if *f.v == 0 {
			*f.v = f.def
		}
		if *f.v < 1 || *f.v > events.MaxThresholdDays {
			return invalid(&e, f.name, "must be 1..%d, got %d", events.MaxThresholdDays, *f.v)
		}
	}
	p.record(e)
	return nil
}
