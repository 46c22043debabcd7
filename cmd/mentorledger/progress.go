package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"
)

// progress reports a long job: a redrawn bar with rate and ETA on a
// terminal, plain lines (about every 10%) otherwise.
type progress struct {
	w        io.Writer
	tty      bool
	label    string
	total    int64
	start    time.Time
	now      func() time.Time
	lastLine int64 // tenths of total already printed as lines
}

func newProgress(w io.Writer, label string, total int64, now func() time.Time) *progress {
	tty := false
	if f, ok := w.(*os.File); ok {
		tty = term.IsTerminal(int(f.Fd()))
	}
	return &progress{w: w, tty: tty, label: label, total: total, start: now(), now: now}
}

func (p *progress) rate(done int64) float64 {
	secs := p.now().Sub(p.start).Seconds()
	if secs <= 0 {
		return 0
	}
	return float64(done) / secs
}

// update reports done of total.
func (p *progress) update(done int64) {
	rate := p.rate(done)
	if p.tty {
		const width = 30
		frac := 1.0
		if p.total > 0 {
			frac = min(float64(done)/float64(p.total), 1)
		}
		fill := int(frac * width)
		eta := "?"
		if rate > 0 {
			eta = time.Duration(float64(p.total-done) / rate * float64(time.Second)).Round(time.Second).String()
		}
		fmt.Fprintf(p.w, "\r%s [%s%s] %3.0f%% %d/%d events %.0f events/s ETA %s ",
			p.label, strings.Repeat("#", fill), strings.Repeat(".", width-fill), frac*100, done, p.total, rate, eta)
		return
	}
	tenth := int64(10)
	if p.total > 0 {
		tenth = done * 10 / p.total
	}
	if tenth > p.lastLine || done == p.total {
		p.lastLine = tenth
		fmt.Fprintf(p.w, "%s: %d/%d events (%d%%), %.0f events/s\n", p.label, done, p.total, pct(done, p.total), rate)
	}
}

// done finishes the report.
func (p *progress) done(done int64) {
	if p.tty {
		p.update(done)
		fmt.Fprintln(p.w)
	}
	fmt.Fprintf(p.w, "%s: done, %d events in %s (%.0f events/s)\n", p.label, done, p.now().Sub(p.start).Round(time.Millisecond), p.rate(done))
}

func pct(a, b int64) int64 {
	if b == 0 {
		return 100
	}
	return a * 100 / b
}
