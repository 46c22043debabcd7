package projections_test

import (
	"context"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/projections"
	"github.com/mentorledger/mentorledger/schemas"
)

// notProjected are the event types no view holds yet, each with the reason.
var notProjected = map[string]string{
	"ledger.digest": "the ledger's own integrity record: verify reads it from the ledger",
}

// schemaExample returns the first example payload of a type's current schema.
func schemaExample(tb testing.TB, t events.TypeInfo) json.RawMessage {
	tb.Helper()
	b, err := schemas.FS.ReadFile(fmt.Sprintf("events/%s.v%d.json", t.Name, t.SchemaVersion))
	if err != nil {
		tb.Fatal(err)
	}
	var s struct {
		Examples []json.RawMessage `json:"examples"`
	}
	if err := json.Unmarshal(b, &s); err != nil || len(s.Examples) == 0 {
		tb.Fatalf("%s: no example in its schema (%v)", t.Name, err)
	}
	return s.Examples[0]
}

func TestEveryEventTypeReachesAView(t *testing.T) {
	for _, typ := range events.Types() {
		env := events.Envelope{ID: "e1", Type: typ.Name, SchemaVersion: typ.SchemaVersion, Payload: schemaExample(t, typ)}
		p, err := events.Decode(&env)
		if err != nil {
			t.Fatalf("%s: %v", typ.Name, err)
		}
		rows := 0
		for _, proj := range projections.All {
			if proj.Name == projections.Ledger.Name {
				continue
			}
			proj.Rows(&env, p, projections.NewEmit(func(string, []driver.Value) { rows++ }))
		}
		_, excused := notProjected[typ.Name]
		switch {
		case rows == 0 && !excused:
			t.Errorf("%s reaches no view: project it or say why in notProjected", typ.Name)
		case rows > 0 && excused:
			t.Errorf("%s is projected: take it out of notProjected", typ.Name)
		}
	}
}

func TestLifecycleFactsLandWithTheirDateKeyAndNumber(t *testing.T) {
	ctx := context.Background()
	st := newLedger(t)
	v := newViews(t)
	for _, p := range []events.Payload{
		events.GoalSet{RelationshipID: "r1", GoalID: "g1", Kind: events.GoalLongTerm, Description: "lead a team", SetOn: events.MustDate("2025-02-01"), DueOn: events.MustDate("2025-12-01")},
		events.ProgressScaled{RelationshipID: "r1", GoalID: "g1", ScaledOn: events.MustDate("2025-03-01"), Scale: 4},
		events.ProgressScaled{RelationshipID: "r1", GoalID: "g1", ScaledOn: events.MustDate("2025-06-01"), Scale: 7},
		events.PhaseEntered{RelationshipID: "r1", Phase: events.PhaseProgression, EnteredOn: events.MustDate("2025-04-01")},
	} {
		ne, err := events.Encode(p)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.Append(ctx, "relationship-r1", events.Any, ne); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := v.CatchUp(ctx, st, projections.CatchUpOptions{}); err != nil {
		t.Fatal(err)
	}
	var first, last int
	err := v.DB().QueryRow(`SELECT arg_min(value, on_date), arg_max(value, on_date) FROM relationship_facts
		WHERE fact = 'relationship.progress_scaled' AND subject = 'g1' AND rel_key = ?`, projections.Key("r1")).Scan(&first, &last)
	if err != nil {
		t.Fatal(err)
	}
	if first != 4 || last != 7 {
		t.Fatalf("OSKAR scale first=%d last=%d, want 4 and 7", first, last)
	}
	var phase string
	if err := v.DB().QueryRow(`SELECT detail FROM relationship_facts WHERE fact = 'relationship.phase_entered'`).Scan(&phase); err != nil {
		t.Fatal(err)
	}
	if phase != events.PhaseProgression {
		t.Fatalf("phase=%q", phase)
	}
}
