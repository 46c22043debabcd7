package sqlite_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/events/sqlite"
)

// The child of the crash tests: SQLITE_TEST_BULK_CHILD=PATH,EARLIER,CRASHAT
// opens the ledger at PATH, appends EARLIER events the ordinary way if it
// is empty, says "started", appends bulkEvents events in one bulk append,
// says "committed" and waits to be killed. With CRASHAT it exits at that
// step of replacing the file instead, as a crash would.
const (
	bulkChildEnv = "SQLITE_TEST_BULK_CHILD"
	bulkEvents   = 60_000
)

func TestMain(m *testing.M) {
	if spec := os.Getenv(bulkChildEnv); spec != "" {
		bulkChild(spec)
		return
	}
	os.Exit(m.Run())
}

func bulkChild(spec string) {
	fail := func(err error) {
		fmt.Fprintln(os.Stderr, "bulk child:", err)
		os.Exit(1)
	}
	parts := strings.Split(spec, ",")
	earlier, _ := strconv.Atoi(parts[1])
	if parts[2] != "" {
		sqlite.CrashAt(func(step string) {
			if step == parts[2] {
				os.Exit(3)
			}
		})
	}
	s, err := sqlite.Open(parts[0], sqlite.WithIdleDigest(0))
	if err != nil {
		fail(err)
	}
	ctx := context.Background()
	if earlier > 0 {
		if h, err := s.Head(ctx); err != nil {
			fail(err)
		} else if h == 0 {
			if _, err := s.AppendBatch(ctx, importBatch("e", earlier/10, 10)); err != nil {
				fail(err)
			}
		}
	}
	fmt.Println("started")
	b, err := s.BeginBulk(ctx)
	if err != nil {
		fail(err)
	}
	reqs := importBatch("bulk", bulkEvents/3, 3)
	for i := 0; i < len(reqs); i += 500 {
		if err := b.Add(reqs[i:min(i+500, len(reqs))]); err != nil {
			fail(err)
		}
	}
	if _, err := b.Commit(nil); err != nil {
		fail(err)
	}
	fmt.Println("committed")
	select {} // until killed
}

// startBulkChild runs the child and returns once it said "started", with
// a channel that is closed when it says "committed".
func startBulkChild(t *testing.T, path string, earlier int, crashAt string) (*exec.Cmd, <-chan struct{}) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%s,%d,%s", bulkChildEnv, path, earlier, crashAt))
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(out)
	if !lines.Scan() || lines.Text() != "started" {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		t.Fatalf("child: %q", lines.Text())
	}
	committed := make(chan struct{})
	go func() {
		if lines.Scan() && lines.Text() == "committed" {
			close(committed)
		}
	}()
	return cmd, committed
}

// afterCrash opens the ledger a killed child left and checks it holds the
// earlier events and either none or all of the bulk append, intact.
func afterCrash(t *testing.T, path string, earlier int, wantAll bool) (all bool) {
	t.Helper()
	s := open(t, path, sqlite.WithIdleDigest(0))
	defer closeStore(t, s)
	if _, err := os.Stat(path + ".bulk"); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the bulk's new file is left after reopening: %v", err)
	}
	res, err := events.Verify(context.Background(), s, events.VerifyOptions{GapFree: true})
	if err != nil {
		t.Fatalf("verify after the crash: %v", err)
	}
	n := len(userEvents(readAll(t, s)))
	switch {
	case n == earlier+bulkEvents:
		all = true
	case n != earlier:
		t.Fatalf("after the crash the ledger holds %d events, want %d or %d (%+v)", n, earlier, earlier+bulkEvents, res)
	case wantAll:
		t.Fatalf("the child committed, but the ledger holds %d events, not the bulk's", n)
	}
	return all
}

// A bulk append killed at any moment leaves the ledger as it was or with
// the whole append, never part of it, and never loses an acknowledged one.
func TestBulkSurvivesAKillAtAnyMoment(t *testing.T) {
	if testing.Short() {
		t.Skip("kills child processes; slow")
	}
	for _, earlier := range []int{0, 500} { // a new file, or a transaction
		t.Run(fmt.Sprintf("earlier=%d", earlier), func(t *testing.T) {
			// How long a whole run takes, to spread the kills over it.
			path := filepath.Join(t.TempDir(), "ledger.db")
			start := time.Now()
			cmd, committed := startBulkChild(t, path, earlier, "")
			<-committed
			whole := time.Since(start)
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			afterCrash(t, path, earlier, true)

			seen := map[bool]int{}
			const kills = 8
			for i := 0; i < kills; i++ {
				path := filepath.Join(t.TempDir(), "ledger.db")
				cmd, committed := startBulkChild(t, path, earlier, "")
				time.Sleep(whole * time.Duration(i) / (kills - 2)) // the last two after it would have committed
				_ = cmd.Process.Kill()                             // SIGKILL
				_ = cmd.Wait()
				acked := false
				select {
				case <-committed:
					acked = true
				default:
				}
				seen[afterCrash(t, path, earlier, acked)]++
			}
			t.Logf("whole run %v; after %d kills: %d with the bulk, %d without", whole, kills, seen[true], seen[false])
		})
	}
}

// A crash at each step of replacing an empty ledger's file leaves either
// the empty ledger (before the rename) or the whole append (after it).
func TestBulkCrashWhileReplacingTheFile(t *testing.T) {
	for _, tc := range []struct {
		step string
		all  bool
	}{{"written", false}, {"closed", false}, {"renamed", true}} {
		t.Run(tc.step, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "ledger.db")
			cmd, _ := startBulkChild(t, path, 0, tc.step)
			err := cmd.Wait()
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != 3 {
				t.Fatalf("child: %v, want it to stop at %s", err, tc.step)
			}
			if got := afterCrash(t, path, 0, tc.all); got != tc.all {
				t.Fatalf("after a crash at %s: whole append %v, want %v", tc.step, got, tc.all)
			}
		})
	}
}
