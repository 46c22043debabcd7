package main

import (
	"context"
	"fmt"

	"github.com/mentorledger/mentorledger/domain/demo"
	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/projections"
	"github.com/mentorledger/mentorledger/reports"
)

func cmdDemo(ctx context.Context, e *env, args []string) error {
	fs, data := newFlags("demo", "usage: mentorledger demo [--data DIR] [--format text|json|csv|html]", e.stderr)
	format := fs.String("format", "text", "format of the checklist 6 report printed at the end: text, json, csv or html")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := reports.CheckFormat(*format); err != nil {
		return err
	}
	s, err := openStore(*data, "", true, true)
	if err != nil {
		return err
	}
	defer s.Close()
	head, err := s.ledger.Head(ctx)
	if err != nil {
		return err
	}
	if head == 0 {
		if head, err = buildDemo(ctx, e, s); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(e.stderr, "demo: %s already holds a ledger (last position %d); reporting on it\n", s.dir, head)
		if _, err := s.catchUp(ctx); err != nil {
			return err
		}
	}
	// Judge timing as of the demo's last recorded event, not today's date:
	// the demo's history ends where its simulated clock stopped.
	rep, err := reports.BuildChecklist6(ctx, s.views, reports.AsOf{Position: head}, e.now())
	if err != nil {
		return err
	}
	return reports.RenderChecklist6(e.stdout, *format, rep)
}

// buildDemo records the demo programmes in an empty ledger through the
// command handlers, the views following live through the Watermill router,
// and returns the ledger's head.
func buildDemo(ctx context.Context, e *env, s *store) (events.Position, error) {
	live, err := projections.StartLive(ctx, s.ledger, s.views, nil)
	if err != nil {
		return 0, err
	}
	defer live.Close()
	keys, err := s.openKeys()
	if err != nil {
		return 0, err
	}
	opt := demo.Options{Keys: keys}
	svc, clock := demo.NewService(s.ledger, opt)
	sum, err := demo.Generate(ctx, svc, clock, opt)
	if err != nil {
		return 0, err
	}
	head, err := s.ledger.Head(ctx)
	if err != nil {
		return 0, err
	}
	if err := live.WaitFor(ctx, head); err != nil {
		return 0, err
	}
	if err := live.Close(); err != nil {
		return 0, err
	}
	fmt.Fprintf(e.stderr, "demo: recorded %d programmes in %s: %d participants, %d relationships, %d meetings logged, %d events\n",
		sum.Programmes, s.dir, sum.Participants, sum.Relationships, sum.Meetings, sum.Events)
	for _, p := range sum.ByProgramme {
		fmt.Fprintf(e.stderr, "demo: programme %s (%s): %d participants, %d relationships, %d meetings logged, %d events\n",
			p.ProgrammeID, p.Name, p.Participants, p.Relationships, p.Meetings, p.Events)
	}
	return head, nil
}
