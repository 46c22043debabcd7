package main

import (
	"context"
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
	th := reports.DefaultThresholds
	fs.IntVar(&th.PurposeDays, "purpose-days", th.PurposeDays, "pitfalls: days after the match without an action plan or goal (pitfall 1)")
	fs.IntVar(&th.EndPointDays, "end-point-days", th.EndPointDays, "pitfalls: days after the match without an agreed end date (pitfall 2)")
	fs.IntVar(&th.Postponements, "postponements", th.Postponements, "pitfalls: postponements that count as irregular (pitfall 3)")
	fs.IntVar(&th.GapDays, "gap-days", th.GapDays, "pitfalls: days between meetings that count as irregular (pitfall 3)")
	fs.IntVar(&th.ClosureDays, "closure-days", th.ClosureDays, "pitfalls: days before the agreed end by which an ending is prepared (pitfall 5)")
	fs.IntVar(&th.ReviewEveryDays, "review-every-days", th.ReviewEveryDays, "pitfalls: longest time without a review (pitfall 9)")
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
	if err := reports.CheckThresholds(th); err != nil {
		return err
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
