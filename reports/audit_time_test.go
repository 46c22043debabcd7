package reports

import (
	"testing"
	"time"

	"github.com/mentorledger/mentorledger/events"
)

func TestFormatTimeIsEventsFormatTime(t *testing.T) {
	for _, at := range []time.Time{
		time.Date(2026, 11, 23, 5, 49, 11, 238274000, time.UTC),
		time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC),
		time.Date(2024, 2, 29, 23, 0, 0, 5, time.FixedZone("x", 3600)),
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Unix(0, 0),
	} {
		if got, want := formatTime(at), events.FormatTime(at); got != want {
			t.Errorf("formatTime(%v)=%s, want %s", at, got, want)
		}
	}
}
