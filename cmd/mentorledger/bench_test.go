package main

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/mentorledger/mentorledger/reports"
)

// bench times every report of the catalogue over a data directory: the
// build figures first, checklist 6 leading, then the JSON figures.
func TestBenchReportsTimesEveryReport(t *testing.T) {
	c := demoCopy(t)
	got, err := benchReports(context.Background(), c.dir, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"checklist-6"}
	for _, n := range reports.Names() {
		if n != "checklist-6" {
			names = append(names, n)
		}
	}
	var want []string
	for _, suffixes := range [][]string{{"_ms", "_asof_ms"}, {"_json_ms"}} {
		for _, n := range names {
			for _, s := range suffixes {
				want = append(want, "report_"+strings.ReplaceAll(n, "-", "")+s)
			}
		}
	}
	if len(got) != len(want) {
		t.Fatalf("%d figures, want %d", len(got), len(want))
	}
	for i, f := range got {
		if f.name != want[i] || !(f.ms > 0) {
			t.Fatalf("figure %d: %s %.3f ms, want %s and a time", i, f.name, f.ms, want[i])
		}
	}
}
