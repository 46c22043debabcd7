package main

import (
	"context"
	"fmt"
	"path/filepath"
	"text/tabwriter"

	"github.com/mentorledger/mentorledger/cmd/mentorledger/access"
)

// cmdToken creates, lists and revokes the bearer tokens of the HTTP API.
func cmdToken(ctx context.Context, e *env, args []string) error {
	fs, data := newFlags("token", "usage: mentorledger token create --role ROLE [--programme ID] [--participant ID] [--name NAME] [--data DIR]\n       mentorledger token list [--data DIR]\n       mentorledger token revoke ID [--data DIR]\nroles: coordinator, mentor, mentee, steering-group, auditor, funder", e.stderr)
	role := fs.String("role", "", "create: the token's role")
	programme := fs.String("programme", "", "create: the programme the token is limited to (required for mentor, mentee and funder)")
	participant := fs.String("participant", "", "create: the mentor or mentee the token belongs to")
	name := fs.String("name", "", "create: who holds the token, recorded as the actor of their events (default ROLE-ID)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() < 1 {
		fs.Usage()
		return &exitError{code: 2, msg: "mentorledger token: say create, list or revoke"}
	}
	dir, err := dataDir(*data, true)
	if err != nil {
		return err
	}
	tokens, err := access.OpenTokens(filepath.Join(dir, access.TokensFile))
	if err != nil {
		return err
	}
	defer tokens.Close()
	switch fs.Arg(0) {
	case "create":
		tok, p, err := tokens.Create(ctx, access.Principal{Role: *role, Programme: *programme, Participant: *participant, Name: *name}, e.now())
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "token %s for %s (shown once; only its hash is kept)\n", p.TokenID, p)
		fmt.Fprintln(e.stdout, tok)
		return nil
	case "list":
		list, revoked, err := tokens.List(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tROLE\tPROGRAMME\tPARTICIPANT\tNAME\tSTATE")
		for i, p := range list {
			state := "active"
			if revoked[i] {
				state = "revoked"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", p.TokenID, p.Role, dash(p.Programme), dash(p.Participant), p.Name, state)
		}
		return tw.Flush()
	case "revoke":
		if fs.NArg() != 2 {
			return &exitError{code: 2, msg: "mentorledger token revoke: name the token id (see token list)"}
		}
		if err := tokens.Revoke(ctx, fs.Arg(1), e.now()); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "revoked %s\n", fs.Arg(1))
		return nil
	}
	return &exitError{code: 2, msg: fmt.Sprintf("mentorledger token: unknown action %q (create, list, revoke)", fs.Arg(0))}
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
