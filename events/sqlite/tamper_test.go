package sqlite_test

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/mattn/go-sqlite3" // raw access to the file, as an intruder would have
	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/events/sqlite"
)

// tamperLedger builds a closed ledger of 30 events in streams a, b and c,
// taking turns (a1 b1 c1 a2 …), with a digest every 10 events.
func tamperLedger(t *testing.T) (path string, all []events.Envelope) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "ledger.db")
	s := open(t, path, sqlite.WithDigestEvery(10), sqlite.WithIdleDigest(0))
	for i := 0; i < 30; i++ {
		mustAppend(t, s, string(rune('a'+i%3)), event(i))
	}
	all = readAll(t, s)
	closeStore(t, s)
	return path, all
}

// find returns the position of a stream's version in a listing.
func find(t *testing.T, all []events.Envelope, stream string, version int64) events.Position {
	t.Helper()
	for _, e := range all {
		if e.Stream == stream && e.Version == version {
			return e.Position
		}
	}
	t.Fatalf("no %s version %d", stream, version)
	return 0
}

func rawExec(t *testing.T, path string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// verifyBroken reopens the ledger and wants Verify to name position want.
func verifyBroken(t *testing.T, path string, want events.Position, reason string) {
	t.Helper()
	s := open(t, path, sqlite.WithIdleDigest(0))
	defer closeStore(t, s)
	_, err := events.Verify(context.Background(), s, events.VerifyOptions{GapFree: true})
	var ce *events.ChainError
	if !errors.As(err, &ce) {
		t.Fatalf("verify: %v, want a chain error", err)
	}
	if ce.Position != want || !strings.Contains(ce.Reason, reason) {
		t.Fatalf("verify: %v; want position %d, reason mentioning %q", err, want, reason)
	}
}

func TestVerifyFindsTampering(t *testing.T) {
	t.Run("intact", func(t *testing.T) {
		path, _ := tamperLedger(t)
		s := open(t, path)
		defer closeStore(t, s)
		verify(t, s)
	})
	t.Run("a changed payload", func(t *testing.T) {
		path, all := tamperLedger(t)
		p := find(t, all, "b", 3)
		rawExec(t, path, fmt.Sprintf(`UPDATE events SET payload = '{"i":1000}' WHERE position = %d`, p))
		verifyBroken(t, path, p, "altered")
	})
	t.Run("a deleted row", func(t *testing.T) {
		path, all := tamperLedger(t)
		p := find(t, all, "a", 2)
		rawExec(t, path, fmt.Sprintf(`DELETE FROM events WHERE position = %d`, p))
		verifyBroken(t, path, p+1, fmt.Sprintf("positions %d..%d are missing", p, p))
	})
	t.Run("a deleted stream", func(t *testing.T) {
		path, all := tamperLedger(t)
		p := find(t, all, "b", 1)
		rawExec(t, path, `DELETE FROM events WHERE stream = 'b'`)
		verifyBroken(t, path, p+1, "missing")
	})
	t.Run("a deleted stream, positions renumbered to hide the gaps", func(t *testing.T) {
		path, all := tamperLedger(t)
		rawExec(t, path,
			`DELETE FROM events WHERE stream = 'b'`,
			`CREATE TEMP TABLE renumber AS SELECT position AS old, ROW_NUMBER() OVER (ORDER BY position) AS new FROM events`,
			`UPDATE events SET position = -(SELECT new FROM renumber WHERE old = position)`,
			`UPDATE events SET position = -position`,
		)
		// Every chain is intact; the first digest no longer matches.
		first := find(t, all, events.DigestStream, 1)
		bBefore := 0
		for _, e := range all {
			if e.Stream == "b" && e.Position < first {
				bBefore++
			}
		}
		verifyBroken(t, path, first-events.Position(bBefore), "do not match the digest")
	})
	t.Run("two rows of one stream swapped", func(t *testing.T) {
		path, all := tamperLedger(t)
		p, q := find(t, all, "c", 2), find(t, all, "c", 3)
		rawExec(t, path, swap(p, q)...)
		verifyBroken(t, path, p, "version 3 follows version 1")
	})
	t.Run("two rows of different streams swapped", func(t *testing.T) {
		path, all := tamperLedger(t)
		p, q := find(t, all, "b", 1), find(t, all, "c", 1) // neighbours: each chain stays in order
		if q != p+1 {
			t.Fatalf("b1 at %d, c1 at %d: want neighbours", p, q)
		}
		rawExec(t, path, swap(p, q)...)
		verifyBroken(t, path, find(t, all, events.DigestStream, 1), "do not match the digest")
	})
}

// swap exchanges two rows' contents by exchanging their positions.
func swap(p, q events.Position) []string {
	return []string{
		fmt.Sprintf(`UPDATE events SET position = -1 WHERE position = %d`, p),
		fmt.Sprintf(`UPDATE events SET position = %d WHERE position = %d`, p, q),
		fmt.Sprintf(`UPDATE events SET position = %d WHERE position = -1`, q),
	}
}

// TestOpenInUseByAnotherProcess holds a ledger open in a child process (this
// test binary again) and opens it here.
func TestOpenInUseByAnotherProcess(t *testing.T) {
	if path := os.Getenv("SQLITE_TEST_HOLD_LEDGER"); path != "" {
		holdLedger(path)
		return
	}
	path := filepath.Join(t.TempDir(), "ledger.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestOpenInUseByAnotherProcess$")
	cmd.Env = append(os.Environ(), "SQLITE_TEST_HOLD_LEDGER="+path)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || line != "holding\n" {
		stdin.Close()
		_ = cmd.Wait()
		t.Fatalf("child: %q, %v", line, err)
	}
	_, err = sqlite.Open(path)
	if !errors.Is(err, sqlite.ErrInUse) || err.Error() != "ledger "+path+" is in use by another process" {
		t.Errorf("open while another process holds it: %v", err)
	}
	stdin.Close() // the child closes the ledger and exits
	if err := cmd.Wait(); err != nil {
		t.Fatalf("child: %v", err)
	}
	s := open(t, path)
	defer closeStore(t, s)
	if got := len(readAll(t, s)); got != 2 { // the child's event and its final digest
		t.Fatalf("ledger holds %d events, want 2", got)
	}
}

// holdLedger is the child of TestOpenInUseByAnotherProcess: it opens the
// ledger, says so, and closes it when its input ends.
func holdLedger(path string) {
	s, err := sqlite.Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if _, err := s.Append(context.Background(), "child", events.NoStream, event(1)); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println("holding")
	_, _ = bufio.NewReader(os.Stdin).ReadString('\n')
	if err := s.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(0)
}
