package main

import (
	"strings"
	"testing"
	"time"
)

func TestProgressLinesGiveRateWhenNotATerminal(t *testing.T) {
	var b strings.Builder
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	p := newProgress(&b, "rebuild", 1000, func() time.Time { return now })
	now = now.Add(time.Second)
	p.update(500)
	p.update(510) // same tenth: no new line
	now = now.Add(time.Second)
	p.update(1000)
	p.done(1000)
	want := "rebuild: 500/1000 events (50%), 500 events/s\nrebuild: 1000/1000 events (100%), 500 events/s\nrebuild: done, 1000 events in 2s (500 events/s)\n"
	if got := b.String(); got != want {
		t.Fatalf("progress=%q\nwant     %q", got, want)
	}
}

func TestProgressBarEstimatesTimeLeft(t *testing.T) {
	var b strings.Builder
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	p := newProgress(&b, "rebuild", 1000, func() time.Time { return now })
	p.tty = true
	now = now.Add(10 * time.Second)
	p.update(250)
	if got := b.String(); !strings.Contains(got, " 25% 250/1000 events 25 events/s ETA 30s") {
		t.Fatalf("bar=%q", got)
	}
}
