package projections_test

import (
	"context"
	"testing"

	"github.com/mentorledger/mentorledger/projections"
)

// TestTokensAreTheirRows checks each table's token against the row's own
// columns, as schemas/views.sql documents the token of each table.
func TestTokensAreTheirRows(t *testing.T) {
	ctx := context.Background()
	st := newLedger(t)
	if _, err := st.AppendBatch(ctx, fixtureRequests(t, 6000)); err != nil {
		t.Fatal(err)
	}
	v := newViews(t)
	if _, err := v.CatchUp(ctx, st, projections.CatchUpOptions{}); err != nil {
		t.Fatal(err)
	}
	d := func(col string) string {
		return "coalesce(datediff('day', DATE '1970-01-01', " + col + ")::VARCHAR, '')"
	}
	us := func(col string) string { return "coalesce(epoch_us(" + col + ")::VARCHAR, '')" }
	s := func(col string) string { return "coalesce(" + col + "::VARCHAR, '')" }
	b := func(col string) string { return "(" + col + ")::INT::VARCHAR" }
	for table, fields := range map[string][]string{
		"relationships": {"'R'", d("matched_on"), s("programme_id"), s("model"), s("mentors"), s("mentees"), s("rematch_of")},
		"agreements": {"'A'", d("signed_on"), d("ends_on"), s("meeting_frequency_days"), s("max_meeting_minutes"), b("confidentiality_agreed"),
			s("signatures"), s("min_meeting_minutes"), b("contact_arranged")},
		"contacts":           {"'C'", d("contact_on"), s("by_role"), s("method")},
		"action_plans":       {"'L'", s("kind"), d("on_date"), b("adjusted"), s("milestones"), b("has_long_term_goal"), s("short_term_goals"), s("success_criteria"), s("review_dates")},
		"endings":            {"'E'", d("ended_on"), s("reason"), b("planned")},
		"meetings_scheduled": {"'S'", s("meeting_id"), us("scheduled_for"), b("has_agenda")},
		"meetings_postponed": {"'Q'", s("meeting_id"), us("notice_given"), us("new_time"), s("requested_by"), s("reason")},
		"meetings_logged": {"'M'", s("meeting_id"), d("held_on"), s("minutes"), s("method"), s("location_kind"), s("actions"), b("has_next_topic"),
			s("completed_by_role"), s("objectives_achieved"), s("challenges"), s("steps"), s("mentor_actions"), s("mentee_actions")},
		"relationship_facts": {"'F'", s("fact"), d("on_date"), s("subject"), s("detail"), s("value"), d("until_date")},
	} {
		expr := ""
		for i, f := range append(fields, d("CAST(recorded_at AS DATE)"), s("pos"), s("event_id")) {
			if i > 0 {
				expr += " || chr(31) || "
			}
			expr += f
		}
		var rows, bad int
		var example string
		err := v.DB().QueryRow(`SELECT count(*), count(*) FILTER (WHERE token <> `+expr+`),
			coalesce(any_value(token || '  <>  ' || `+expr+`) FILTER (WHERE token <> `+expr+`), '') FROM `+table).Scan(&rows, &bad, &example)
		if err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		if rows == 0 {
			t.Errorf("%s: no rows", table)
		}
		if bad > 0 {
			t.Errorf("%s: %d of %d tokens are not their rows, e.g. %q", table, bad, rows, example)
		}
	}
}
