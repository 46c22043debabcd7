package esdb

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"github.com/google/uuid"
	"github.com/mentorledger/mentorledger/events"
)

// scanPage is how many $all events the scan reads at once.
const scanPage = 4096

// ledgerScan follows the ledger through $all, from its start, keeping what
// no EventStoreDB index answers: where each event id is recorded, the
// position of the ledger's last event, and the running digest. It reads on
// demand: catchUp reads whatever was recorded since the last call.
type ledgerScan struct {
	s *Store

	mu    sync.Mutex
	begun bool
	at    esdb.Position // the last $all event read, of any stream
	last  events.Position
	ids   map[uuid.UUID]idLoc
	names map[string]string // one copy of each stream name
	dg    digestState
}

func newLedgerScan(s *Store) *ledgerScan {
	return &ledgerScan{s: s, ids: map[uuid.UUID]idLoc{}, names: map[string]string{}, dg: newDigestState()}
}

// catchUp reads $all from where the scan stopped to its end.
func (sc *ledgerScan) catchUp(ctx context.Context) error {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	return sc.catchUpLocked(ctx)
}

func (sc *ledgerScan) catchUpLocked(ctx context.Context) error {
	for {
		var from esdb.AllPosition = esdb.Start{}
		if sc.begun {
			from = sc.at
		}
		var recs []esdb.RecordedEvent
		err := sc.s.retrying(ctx, "read $all", func() error {
			var err error
			recs, err = sc.s.c.readAll(ctx, from, scanPage, esdb.Forwards)
			return err
		})
		if err != nil {
			return fmt.Errorf("read the ledger from $all: %w", err)
		}
		for i := range recs {
			r := &recs[i]
			if sc.begun && !before(sc.at, r.Position) {
				continue // the event the read started from
			}
			sc.at, sc.begun = r.Position, true
			if strings.HasPrefix(r.StreamID, sc.s.prefix) {
				sc.add(decode(r, sc.s.prefix))
			}
		}
		if len(recs) < scanPage {
			return nil
		}
	}
}

func (sc *ledgerScan) add(r recorded) {
	name, ok := sc.names[r.env.Stream]
	if !ok {
		name = r.env.Stream
		sc.names[name] = name
	}
	sc.ids[r.eid] = idLoc{stream: name, version: r.env.Version, pos: r.env.Position, k: r.k, n: r.n}
	sc.last = max(sc.last, r.env.Position)
	sc.dg.add(&r.env, name)
}

// lookup catches up, then runs fn with a lookup of recorded ids.
func (sc *ledgerScan) lookup(ctx context.Context, fn func(func(uuid.UUID) (idLoc, bool)) error) error {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if err := sc.catchUpLocked(ctx); err != nil {
		return err
	}
	return fn(func(id uuid.UUID) (idLoc, bool) {
		l, ok := sc.ids[id]
		return l, ok
	})
}

// head catches up and returns the position of the ledger's last event.
func (sc *ledgerScan) head(ctx context.Context) (events.Position, error) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if err := sc.catchUpLocked(ctx); err != nil {
		return 0, err
	}
	return sc.last, nil
}
