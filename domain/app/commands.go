package app

import (
	"context"
	"sort"

	"github.com/mentorledger/mentorledger/events"
)

// Command is one command of the domain as an outside caller (the HTTP API)
// sees it: its name, the event type it records and how to run it with
// that event's payload.
type Command struct {
	// Name is the command's Go name, such as "LogMeeting".
	Name string
	// EventType is the event the command records, such as
	// "relationship.meeting_logged"; the command's input is that event's
	// payload.
	EventType string
	run       func(ctx context.Context, s *Service, actor string, p events.Payload) (events.AppendResult, error)
}

// Run runs the command with the payload of the event it records.
func (c Command) Run(ctx context.Context, s *Service, actor string, p events.Payload) (events.AppendResult, error) {
	return c.run(ctx, s, actor, p)
}

// Commands lists every command, ordered by the event type it records.
// participant.registered's command here records no personal details: a
// caller with details in clear uses RegisterPerson.
func Commands() []Command {
	out := make([]Command, 0, len(commands))
	for t, c := range commands {
		out = append(out, Command{Name: c.name, EventType: t, run: c.run})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].EventType < out[j].EventType })
	return out
}
