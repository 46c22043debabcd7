package main

import (
	"context"
	"fmt"

	"github.com/mentorledger/mentorledger/domain/app"
	"github.com/mentorledger/mentorledger/events"
)

// cmdForget erases a participant's personal details: it destroys their key
// in the key store and records participant.personal_data_erased. The
// ledger keeps every event, so counts and verify are unchanged; the sealed
// details in it, in the views and in every export can no longer be read.
func cmdForget(ctx context.Context, e *env, args []string) error {
	fs, data := newFlags("forget", "usage: mentorledger forget [--data DIR] [--on YYYY-MM-DD] [--actor NAME] PERSON", e.stderr)
	on := fs.String("on", "", "date of the erasure (default today)")
	actor := fs.String("actor", "operator", "actor recorded for the erasure")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return &exitError{code: 2, msg: "mentorledger forget: name one participant"}
	}
	person := fs.Arg(0)
	day := events.NewDate(e.now())
	if *on != "" {
		d, err := events.ParseDate(*on)
		if err != nil {
			return events.Errorf(events.EINVALID, "on: %v", err)
		}
		day = d
	}
	s, err := openStore(*data, "", false, false)
	if err != nil {
		return err
	}
	defer s.Close()
	keys, err := s.openKeys()
	if err != nil {
		return err
	}
	svc := &app.Service{Store: s.ledger, Now: e.now, Keys: keys}
	res, err := svc.ForgetPerson(ctx, *actor, person, day)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "forgot %s: key destroyed, participant.personal_data_erased recorded at position %d\n", person, res.Last)
	return nil
}
