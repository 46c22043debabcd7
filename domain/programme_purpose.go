package domain

import (
	"slices"

	"github.com/mentorledger/mentorledger/events"
)

// StatePurpose is the command that records what the programme is designed
// to achieve (step 1).
type StatePurpose events.PurposeStated

// StatePurpose records the programme's purpose, aims and expected outcomes
// and outputs (checklist 1: "There is agreement on the programme goals and
// expected outcomes and outputs"). A later statement replaces an earlier
// one: the guidance asks for the programme to be reviewed regularly.
func (p *Programme) StatePurpose(c StatePurpose) error {
	e := events.PurposeStated(c)
	if err := p.checkOpen(&e, e.ProgrammeID, "stated_on", e.StatedOn); err != nil {
		return err
	}
	if err := checkText(e, "purpose", e.Purpose, maxText); err != nil {
		return err
	}
	for _, l := range []struct {
		field string
		list  []string
	}{{"aims", e.Aims}, {"expected_outcomes", e.ExpectedOutcomes}, {"expected_outputs", e.ExpectedOutputs}} {
		if err := checkList(e, l.field, l.list); err != nil {
			return err
		}
	}
	e.Aims, e.ExpectedOutcomes, e.ExpectedOutputs = slices.Clone(e.Aims), slices.Clone(e.ExpectedOutcomes), slices.Clone(e.ExpectedOutputs)
	p.record(e)
	return nil
}
