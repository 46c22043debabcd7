package main

import (
	"context"
	"strconv"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/reports"
)

func cmdReport(ctx context.Context, e *env, args []string) error {
	fs, data := newFlags("report", "usage: mentorledger report NAME [--data DIR] [--as-of 2025-06-30|--as-of-position N] [--format json|csv|html|text]\nreports: checklist-6", e.stderr)
	asOf := fs.String("as-of", "", "report as the ledger stood at the end of this date (YYYY-MM-DD) or at this RFC 3339 time")
	asOfPos := fs.String("as-of-position", "", "report as the ledger stood at this position")
	format := fs.String("format", "json", "output format: json, csv, html or text")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return &exitError{code: 2, msg: "mentorledger report: name one report"}
	}
	name := fs.Arg(0)
	if name != "checklist-6" {
		return events.Errorf(events.EINVALID, "report: unknown report %q (known: checklist-6)", name)
	}
	if err := reports.CheckFormat(*format); err != nil {
		return err
	}
	var at reports.AsOf
	if *asOf != "" && *asOfPos != "" {
		return events.Errorf(events.EINVALID, "as-of: give --as-of or --as-of-position, not both")
	}
	if *asOf != "" {
		t, err := reports.ParseAsOfTime(*asOf)
		if err != nil {
			return err
		}
		at.Time = t
	}
	if *asOfPos != "" {
		n, err := strconv.ParseUint(*asOfPos, 10, 64)
		if err != nil || n == 0 {
			return events.Errorf(events.EINVALID, "as-of-position: must be a ledger position ≥ 1, got %q", *asOfPos)
		}
		at.Position = events.Position(n)
	}
	s, err := openStore(*data, false, true)
	if err != nil {
		return err
	}
	defer s.Close()
	if _, err := s.catchUp(ctx); err != nil {
		return err
	}
	rep, err := reports.BuildChecklist6(ctx, s.views, at, e.now())
	if err != nil {
		return err
	}
	return reports.RenderChecklist6(e.stdout, *format, rep)
}
