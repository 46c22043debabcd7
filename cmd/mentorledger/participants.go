package main

import (
	"context"
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/mentorledger/mentorledger/domain/app"
	"github.com/mentorledger/mentorledger/events"
)

// participantRow is one participant as the participants verb prints it.
type participantRow struct {
	ParticipantID string `json:"participant_id"`
	ProgrammeID   string `json:"programme_id"`
	Role          string `json:"role"`
	Organisation  string `json:"organisation"`
	// Name is the decrypted name, "erased" once the person was forgotten,
	// or empty when none was recorded.
	Name   string `json:"name"`
	Email  string `json:"email,omitempty"`
	Phone  string `json:"phone,omitempty"`
	Erased bool   `json:"erased"`
}

// cmdParticipants lists the participants with their personal details
// opened from the key store, or "erased".
func cmdParticipants(ctx context.Context, e *env, args []string) error {
	fs, data := newFlags("participants", "usage: mentorledger participants [--data DIR] [--format text|json]", e.stderr)
	format := fs.String("format", "text", "output format: text or json")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *format != "text" && *format != "json" {
		return events.Errorf(events.EINVALID, "format: must be one of text, json, got %q", *format)
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
	people, err := svc.Participants(ctx)
	if err != nil {
		return err
	}
	rows := make([]participantRow, 0, len(people))
	for _, p := range people {
		r := participantRow{ParticipantID: p.ParticipantID, ProgrammeID: p.ProgrammeID, Role: p.Role, Organisation: p.Organisation,
			Name: p.Name, Email: p.Email, Phone: p.Phone, Erased: p.Erased}
		if p.Erased {
			r.Name = app.Erased
		}
		rows = append(rows, r)
	}
	if *format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rows)
	}
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tROLE\tORGANISATION\tNAME")
	for _, r := range rows {
		name := r.Name
		if name == "" {
			name = "-"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", r.ParticipantID, r.Role, r.Organisation, name)
	}
	return w.Flush()
}
