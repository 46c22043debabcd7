package reports

import (
	"bytes"
	"context"
	"encoding/json"
	"time"
)

// StdJSON renders a built report with encoding/json, as writeJSON did
// before it used goccy/go-json.
func StdJSON(r Rendered) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	err := enc.Encode(r.(interface{ value() any }).value())
	return b.Bytes(), err
}

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
