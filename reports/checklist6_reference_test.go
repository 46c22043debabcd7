package reports

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
)

// The reference path of checklist 6: the SQL the report ran before it read
// tokens (testdata/checklist6_reference.sql, which derives every meeting's
// flags in SQL), kept to check that the two agree everywhere.

var checklist6Reference = sync.OnceValues(func() (string, error) {
	b, err := os.ReadFile("testdata/checklist6_reference.sql")
	return string(b), err
})

func loadChecklist6Reference(ctx context.Context, db *sql.DB, f filter, _ string) ([]*c6row, error) {
	q, err := checklist6Reference()
	if err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, q, f.args()...)
	if err != nil {
		return nil, fmt.Errorf("checklist-6 reference: %w", err)
	}
	defer rows.Close()
	var out []*c6row
	for rows.Next() {
		r := &c6row{}
		var meetingTokens, postponeTokens, reviewEvs sql.NullString
		err := rows.Scan(&r.programme, &r.relationship, &r.model, &r.matchedOn, &r.endedOn, &r.untilOn,
			&r.freq, &r.maxmin, &r.contactDays, &r.docDays,
			&r.matchEv, &r.planEv, &r.agrEv, &r.signedOn, &r.endEv,
			&r.firstOn, &r.lastOn, &meetingTokens, &postponeTokens,
			&r.planOn, &r.actionPlanEv, &r.reviews, &reviewEvs)
		if err != nil {
			return nil, err
		}
		r.reviewEvs = ids(reviewEvs)
		var ms []c6meeting
		for _, tok := range strings.Fields(meetingTokens.String) {
			parts := strings.Split(tok, "|")
			if len(parts) != 5 {
				return nil, fmt.Errorf("malformed meeting token %q", tok)
			}
			n, err1 := strconv.Atoi(parts[0])
			flags, err2 := strconv.Atoi(parts[2])
			if err1 != nil || err2 != nil {
				return nil, fmt.Errorf("malformed meeting token %q", tok)
			}
			ms = append(ms, c6meeting{n: n, event: parts[1], flags: flags, contact: parts[3], sched: parts[4]})
		}
		r.setMeetings(ms)
		if err := r.setPostponements(strings.Fields(postponeTokens.String)); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
