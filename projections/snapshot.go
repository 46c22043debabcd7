package projections

import (
	"context"
	"fmt"
	"strings"
)

// Snapshot renders every view table, rows in a stable order, as text: two
// databases hold the same views exactly when their snapshots are equal.
// It reads every row, so it is for tests and diagnosis, not for reports.
func (v *Views) Snapshot(ctx context.Context) (string, error) {
	var b strings.Builder
	for _, p := range v.projections {
		for _, table := range p.Tables {
			if err := v.snapshotTable(ctx, &b, table); err != nil {
				return "", fmt.Errorf("snapshot %s: %w", table, err)
			}
		}
	}
	return b.String(), nil
}

func (v *Views) snapshotTable(ctx context.Context, b *strings.Builder, table string) error {
	rows, err := v.db.QueryContext(ctx, "SELECT * FROM "+table+" ORDER BY ALL")
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	fmt.Fprintf(b, "== %s (%s)\n", table, strings.Join(cols, ", "))
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		fmt.Fprintln(b, vals...)
	}
	return rows.Err()
}
