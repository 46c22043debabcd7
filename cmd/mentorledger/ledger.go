package main

import (
	"context"
	"strings"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/events/esdb"
	"github.com/mentorledger/mentorledger/events/sqlite"
)

// LedgerEnv names the ledger a verb uses when its flag names none: a
// connection string such as esdb://localhost:2113?tls=false.
const LedgerEnv = "MENTORLEDGER_LEDGER"

// openLedgerURL opens the ledger a URL names: EventStoreDB for esdb:// and
// esdb+discover:// (the connection string as the client takes it, plus an
// optional ledgerPrefix parameter), or an embedded ledger file for
// sqlite:PATH.
func openLedgerURL(ctx context.Context, url string) (events.Store, error) {
	switch {
	case strings.HasPrefix(url, "esdb://"), strings.HasPrefix(url, "esdb+discover://"):
		return esdb.Open(ctx, url)
	case strings.HasPrefix(url, "sqlite:"):
		path := strings.TrimPrefix(url, "sqlite:")
		if path == "" {
			return nil, events.Errorf(events.EINVALID, "ledger sqlite: names no file")
		}
		return sqlite.Open(path)
	}
	scheme, _, _ := strings.Cut(url, ":")
	return nil, events.Errorf(events.EINVALID, "ledger: %q is not a ledger URL: want esdb://HOST:PORT…, esdb+discover://… or sqlite:PATH", scheme)
}
