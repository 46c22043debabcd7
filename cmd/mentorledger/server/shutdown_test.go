package server

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/mentorledger/mentorledger/cmd/mentorledger/access"
	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/events/sqlite"
	"github.com/mentorledger/mentorledger/projections"
)

// slowCommand is a command whose body is still being sent: it sends the
// headers with Expect: 100-continue and waits for the server's 100, which
// Go's server sends when the handler starts reading the body. The handler
// is then in flight.
type slowCommand struct {
	conn net.Conn
	br   *bufio.Reader
	body []byte
}

func (f *fixture) startSlowCommand(tb testing.TB, who string, body any) *slowCommand {
	tb.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		tb.Fatal(err)
	}
	conn, err := net.Dial("tcp", strings.TrimPrefix(f.base, "http://"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { conn.Close() })
	fmt.Fprintf(conn, "POST /api/commands/log-meeting HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\n"+
		"Content-Length: %d\r\nExpect: 100-continue\r\n\r\n", strings.TrimPrefix(f.base, "http://"), f.tok[who], len(b))
	br := bufio.NewReader(conn)
	status, err := br.ReadString('\n')
	if err != nil || !strings.HasPrefix(status, "HTTP/1.1 100") {
		tb.Fatalf("slow command: %q (%v), want 100 Continue", status, err)
	}
	if blank, err := br.ReadString('\n'); err != nil || blank != "\r\n" {
		tb.Fatalf("slow command: after 100 Continue %q (%v)", blank, err)
	}
	return &slowCommand{conn: conn, br: br, body: b}
}

// finish sends the rest of the body and reads the answer.
func (c *slowCommand) finish(tb testing.TB) (int, commandResult) {
	tb.Helper()
	if _, err := c.conn.Write(c.body); err != nil {
		tb.Fatalf("slow command: send body: %v", err)
	}
	resp, err := http.ReadResponse(c.br, nil)
	if err != nil {
		tb.Fatalf("slow command: %v", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var res commandResult
	if resp.StatusCode == http.StatusCreated {
		if err := json.Unmarshal(b, &res); err != nil {
			tb.Fatal(err)
		}
	}
	return resp.StatusCode, res
}

// TestShutdownFinishesInFlightRequestsAndLosesNothing: while clients
// record meetings, a command is half-sent and a live feed is open, Serve's
// context ends (as at SIGTERM). The half-sent command still completes
// with 201, the feed is told and ends, Serve returns nil, and once
// everything is closed in serve's order and the ledger reopened from its
// file, every event answered 201 is there with its hash — and nothing
// no one was told about; the views checkpointed what they applied.
func TestShutdownFinishesInFlightRequestsAndLosesNothing(t *testing.T) {
	const writers = 8
	f := newFixture(t, fixtureOptions{benchRelationships: writers})

	feed := f.openFeed(t, access.Coordinator, "/api/feed")
	feed.next(t) // the greeting: the feed's handler is running
	slow := f.startSlowCommand(t, access.Mentor, meetingBody(rel1, "mtg-slow", "m1"))

	// Writers record meetings until the server stops answering.
	var (
		mu       sync.Mutex
		accepted []events.Envelope
		enough   = make(chan struct{})
		once     sync.Once
		wg       sync.WaitGroup
	)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rel := f.benchRel[w]
			for i := 0; ; i++ {
				j, _ := json.Marshal(meetingBody(rel, fmt.Sprintf("mtg-%d", i), fmt.Sprintf("bm%02d", w)))
				resp, err := f.client.Do(f.request(t, context.Background(), "POST", "/api/commands/log-meeting", access.Coordinator, j))
				if err != nil {
					return // the server has gone
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusCreated {
					t.Errorf("writer %d: status %d: %s", w, resp.StatusCode, truncate(b))
					return
				}
				var res commandResult
				if err := json.Unmarshal(b, &res); err != nil {
					t.Errorf("writer %d: %v", w, err)
					return
				}
				mu.Lock()
				accepted = append(accepted, res.Events...)
				if len(accepted) >= 5*writers {
					once.Do(func() { close(enough) })
				}
				mu.Unlock()
			}
		}()
	}
	<-enough

	f.stop() // SIGTERM
	select {
	case <-f.srv.feeds.Done(): // shutdown has begun
	case err := <-f.served:
		f.stopped = true
		t.Fatalf("Serve returned (%v) with a command still being sent", err)
	}
	status, res := slow.finish(t)
	if status != http.StatusCreated || len(res.Events) != 1 {
		t.Fatalf("the command in flight at shutdown: status %d, %d events; want 201 and its event", status, len(res.Events))
	}
	mu.Lock()
	accepted = append(accepted, res.Events...)
	mu.Unlock()
	for {
		m := feed.next(t)
		if m.event == "shutdown" {
			break
		}
	}
	if _, err := feed.br.ReadString('\n'); err != io.EOF {
		t.Errorf("feed after its shutdown message: %v, want EOF", err)
	}
	if err := <-f.served; err != nil {
		t.Fatalf("Serve: %v", err)
	}
	f.stopped = true
	wg.Wait()
	head := f.head(t)
	f.close(t)

	// Reopen the ledger from its file.
	led, err := sqlite.Open(filepath.Join(f.dir, "ledger.db"), sqlite.WithIdleDigest(0))
	if err != nil {
		t.Fatal(err)
	}
	defer led.Close()
	ctx := context.Background()
	all, err := led.ReadAll(ctx, 0, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]events.Envelope{}
	writersEvents := 0
	for _, e := range all {
		byID[e.ID] = e
		if e.Actor == principals[access.Coordinator].Name || e.Actor == principals[access.Mentor].Name { // over HTTP
			writersEvents++
		}
	}
	for _, a := range accepted {
		e, ok := byID[a.ID]
		if !ok {
			t.Errorf("event %s (position %d) was answered 201 but is not in the reopened ledger", a.ID, a.Position)
			continue
		}
		if e.Hash != a.Hash || e.Position != a.Position {
			t.Errorf("event %s: reopened at %d with %s, answered at %d with %s", a.ID, e.Position, e.Hash, a.Position, a.Hash)
		}
	}
	if writersEvents != len(accepted) {
		t.Errorf("the ledger holds %d meetings logged over HTTP, callers were told of %d", writersEvents, len(accepted))
	}
	if _, err := events.Verify(ctx, led, events.VerifyOptions{GapFree: true}); err != nil {
		t.Errorf("verify the reopened ledger: %v", err)
	}
	if got, err := led.Head(ctx); err != nil || got < head {
		t.Errorf("reopened head %d (%v), want at least %d", got, err, head)
	}

	// The views kept what they applied: a checkpoint within the ledger,
	// and they catch up from it.
	views, err := projections.Open(filepath.Join(f.dir, "views.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer views.Close()
	cp, err := views.Checkpoint(ctx)
	if err != nil || cp == 0 || cp > head {
		t.Fatalf("views checkpoint %d (%v), want within 1..%d", cp, err, head)
	}
	if reached, err := views.CatchUp(ctx, led, projections.CatchUpOptions{}); err != nil || reached < head {
		t.Fatalf("views caught up to %d (%v), want %d", reached, err, head)
	}
}
