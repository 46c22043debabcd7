package schemas

import (
	"fmt"
	"testing"
	"time"
)

// TestIsDateAgreesWithTimeParse: the fast path's date check accepts
// exactly what events.ParseDate (time.Parse with time.DateOnly) accepts.
func TestIsDateAgreesWithTimeParse(t *testing.T) {
	for _, year := range []int{0, 1, 4, 100, 400, 1900, 2000, 2023, 2024, 2100, 9999} {
		for month := range 100 {
			for day := range 100 {
				s := fmt.Sprintf("%04d-%02d-%02d", year, month, day)
				_, err := time.Parse(time.DateOnly, s)
				if got, want := isDate([]byte(s)), err == nil; got != want {
					t.Fatalf("isDate(%s)=%t, time.Parse error %v", s, got, err)
				}
			}
		}
	}
	for _, s := range []string{"", "2025-1-01", "2025-01-1", "+025-01-01", "2025/01/01", "2025-01-01 ", "２０２５-01-01", "20250-1-01"} {
		_, err := time.Parse(time.DateOnly, s)
		if got, want := isDate([]byte(s)), err == nil; got != want {
			t.Errorf("isDate(%q)=%t, time.Parse error %v", s, got, err)
		}
	}
}
