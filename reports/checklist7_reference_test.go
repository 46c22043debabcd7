package reports

import (
	"context"
	"database/sql"
	"os"
	"sync"
	"time"
)

// The reference path of checklist 7: the query the report ran before it
// read tokens (testdata/checklist7_reference.sql, every fact of every
// relationship as a row), kept to check that the two agree everywhere.

var checklist7Reference = sync.OnceValues(func() (string, error) {
	b, err := os.ReadFile("testdata/checklist7_reference.sql")
	return string(b), err
})

func loadChecklist7Reference(ctx context.Context, db *sql.DB, f filter, programme string, ref time.Time, _ int,
	judge func(w int, id string, b *c7book) error) error {
	q, err := checklist7Reference()
	if err != nil {
		return err
	}
	books := map[string]book{}
	if err := loadBooks(ctx, db, "checklist-7 reference", q, bookArgs{f.pos, f.until, ref, programme}, books); err != nil {
		return err
	}
	var b c7book
	for _, id := range sortedKeys(books) {
		b.fromBook(books[id])
		if err := judge(0, id, &b); err != nil {
			return err
		}
	}
	return nil
}
