package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/mentorledger/mentorledger/cmd/mentorledger/access"
	"github.com/mentorledger/mentorledger/events"
)

// feedHeartbeat keeps idle connections (and proxies) from timing out.
const feedHeartbeat = 15 * time.Second

// feed answers GET /api/feed with server-sent events: every new ledger
// event the caller may see, as it is recorded. Each message's id is the
// event's position, so a client that reconnects with Last-Event-ID misses
// nothing. The feed ends when the client goes or the server shuts down.
func (s *Server) feed(w http.ResponseWriter, r *http.Request) {
	p := principalOf(r.Context())
	if !access.ReadsLedger(p) {
		forbidden(w, r, "follow the ledger")
		return
	}
	ctx := r.Context()
	after, err := s.feedStart(r)
	if err != nil {
		fail(w, r, err)
		return
	}
	sub, err := s.cfg.Ledger.Subscribe(ctx, after)
	if err != nil {
		fail(w, r, err)
		return
	}
	defer sub.Close()
	rc := http.NewResponseController(w)
	_ = rc.SetWriteDeadline(time.Time{}) // a feed outlives the write timeout
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	fmt.Fprintf(w, ": mentorledger feed after position %d\n\n", after)
	if err := rc.Flush(); err != nil {
		return
	}
	s.metrics.feeds.Inc()
	defer s.metrics.feeds.Dec()
	tick := time.NewTicker(feedHeartbeat)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.feeds.Done():
			fmt.Fprint(w, "event: shutdown\ndata: {}\n\n")
			_ = rc.Flush()
			return
		case <-tick.C:
			fmt.Fprint(w, ": heartbeat\n\n")
		case e, ok := <-sub.Events():
			if !ok {
				if err := sub.Err(); err != nil {
					s.log.Error("feed", "err", err)
				}
				return
			}
			seen, err := s.visible(ctx, p, []events.Envelope{e})
			if err != nil {
				s.log.Error("feed", "err", err)
				return
			}
			for _, v := range seen {
				b, err := json.Marshal(v)
				if err != nil {
					return
				}
				// Unnamed messages, so an EventSource's onmessage gets
				// every one; the event's type is in its data.
				fmt.Fprintf(w, "id: %d\ndata: %s\n\n", v.Position, b)
			}
			if len(sub.Events()) > 0 {
				continue // flush once the burst is written
			}
		}
		if err := rc.Flush(); err != nil {
			return
		}
	}
}

// feedStart is where a feed starts: after Last-Event-ID, ?after=, or the
// head.
func (s *Server) feedStart(r *http.Request) (events.Position, error) {
	if id := r.Header.Get("Last-Event-ID"); id != "" {
		n, err := strconv.ParseUint(id, 10, 64)
		if err != nil {
			return 0, events.Errorf(events.EINVALID, "Last-Event-ID: must be a ledger position, got %q", id)
		}
		return events.Position(n), nil
	}
	if r.URL.Query().Has("after") {
		n, err := queryUint(r, "after", 0)
		return events.Position(n), err
	}
	return s.cfg.Ledger.Head(r.Context())
}
