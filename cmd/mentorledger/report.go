package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/reports"
)

func cmdReport(ctx context.Context, e *env, args []string) error {
	fs, data := newFlags("report", "usage: mentorledger report NAME [ID] [--data DIR] [--programme ID] [--from D --to D] [--as-of 2025-06-30|--as-of-position N] [--format json|csv|html|text]\nreports: "+strings.Join(reports.Names(), ", "), e.stderr)
	ledger := ledgerFlag(fs)
	programme := fs.String("programme", "", "only this programme (audit: its documents and policies)")
	fromDay := fs.String("from", "", "first day of the period (audit: events recorded from this day)")
	toDay := fs.String("to", "", "last day of the period")
	// Pitfall thresholds given here replace every programme's own (0: not
	// given; each programme's own, else the guidance's).
	var th reports.Thresholds
	thresholdFlags := reports.ThresholdFlags(&th)
	for _, f := range thresholdFlags {
		fs.IntVar(f.Into, f.Name, 0, fmt.Sprintf("pitfalls: %s, for every programme (default: the programme's own, else the guidance's %d)", f.Usage, f.Default))
	}
	asOf := fs.String("as-of", "", "report as the ledger stood at the end of this date (YYYY-MM-DD) or at this RFC 3339 time")
	asOfPos := fs.String("as-of-position", "", "report as the ledger stood at this position")
	format := fs.String("format", "json", "output format: json, csv, html or text")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() < 1 || fs.NArg() > 2 {
		fs.Usage()
		return &exitError{code: 2, msg: "mentorledger report: name one report (and, for a report about one thing, its id)"}
	}
	name := fs.Arg(0)
	def, err := reports.Lookup(name)
	if err != nil {
		return err
	}
	subject := fs.Arg(1)
	if fs.NArg() == 2 && !def.NeedsSubject {
		return events.Errorf(events.EINVALID, "report %s: takes no id, got %q", name, subject)
	}
	period, err := reports.ParsePeriod(*fromDay, *toDay)
	if err != nil {
		return err
	}
	if err := reports.CheckFormat(*format); err != nil {
		return err
	}
	at, err := reports.ParseAsOf(*asOf, *asOfPos)
	if err != nil {
		return err
	}
	if def.NeedsSubject && subject == "" {
		return events.Errorf(events.EINVALID, "report %s: name its id: mentorledger report %s ID", name, name)
	}
	var thErr error
	fs.Visit(func(set *flag.Flag) {
		for _, f := range thresholdFlags {
			if set.Name == f.Name && thErr == nil {
				thErr = reports.CheckThreshold(f.Name, *f.Into)
			}
		}
	})
	if thErr != nil {
		return thErr
	}
	s, err := openStore(*data, *ledger, false, true)
	if err != nil {
		return err
	}
	defer s.Close()
	if _, err := s.catchUp(ctx); err != nil {
		return err
	}
	req := reports.Request{Programme: *programme, Period: period, AsOf: at, Thresholds: th, Subject: subject, Now: e.now()}
	tuneGC()
	return reports.Run(ctx, reports.Inputs{Views: s.views, Ledger: s.ledger}, name, req, *format, e.stdout)
}
