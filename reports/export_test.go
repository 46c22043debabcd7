package reports

import (
	"context"
	"time"
)

// BuildChecklist6Reference builds checklist 6 the way it was built before
// it read tokens: every meeting's flags derived in SQL.
func BuildChecklist6Reference(ctx context.Context, src Source, asOf AsOf, now time.Time, programmes ...string) (*Checklist6, error) {
	return buildChecklist6(ctx, src, asOf, now, programmes, loadChecklist6Reference)
}

// BuildChecklist7Reference builds checklist 7 from every fact of every
// relationship as a row, as it was built before it read tokens.
func BuildChecklist7Reference(ctx context.Context, src Source, programme string, asOf AsOf, now time.Time) (*Checklist7, error) {
	return buildChecklist7(ctx, src, programme, asOf, now, loadChecklist7Reference)
}
