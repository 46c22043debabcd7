package reports

import (
	"testing"
	"time"
)

// TestDayMatchesFormat checks the table of day names against time.Format
// across its edges and beyond, for UTC and other locations and times of day.
func TestDayMatchesFormat(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		paris = time.FixedZone("UTC+1", 3600)
	}
	start := time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC)
	for d := 0; d < 120*366; d += 7 {
		for _, tm := range []time.Time{
			start.AddDate(0, 0, d),
			start.AddDate(0, 0, d).Add(23*time.Hour + 59*time.Minute),
			start.AddDate(0, 0, d).In(paris),
			start.AddDate(0, 0, d).Add(-time.Nanosecond),
		} {
			if got, want := day(tm), tm.Format(time.DateOnly); got != want {
				t.Fatalf("day(%v) = %s, want %s", tm, got, want)
			}
		}
	}
}
