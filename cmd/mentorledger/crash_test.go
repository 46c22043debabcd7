package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/events/sqlite"
	"github.com/mentorledger/mentorledger/projections"
)

// crashChildEnv makes the test binary act as a writer process that the
// crash test kills.
const crashChildEnv = "MENTORLEDGER_CRASH_CHILD_DATA"

func TestMain(m *testing.M) {
	if dir := os.Getenv(crashChildEnv); dir != "" {
		if err := crashChild(dir); err != nil {
			fmt.Fprintln(os.Stderr, "crash child:", err)
			os.Exit(3)
		}
		os.Exit(0)
	}
	var err error
	if testRoot, err = os.MkdirTemp("", "mentorledger-cmd-test-"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(testRoot)
	os.Exit(code)
}

// testRoot holds what the tests of this package share (the demo ledger).
var testRoot string

// crashChild appends from 64 writers, with live projections running, and
// prints the id of every acknowledged event until it is killed.
func crashChild(dir string) error {
	ctx := context.Background()
	st, err := sqlite.Open(filepath.Join(dir, LedgerFile))
	if err != nil {
		return err
	}
	v, err := projections.Open(filepath.Join(dir, ViewsFile))
	if err != nil {
		return err
	}
	if _, err := projections.StartLive(ctx, st, v, nil); err != nil {
		return err
	}
	var mu sync.Mutex
	out := bufio.NewWriter(os.Stdout)
	var wg sync.WaitGroup
	for w := 0; w < 64; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			stream := fmt.Sprintf("relationship-crash-%02d", w)
			for i := 0; ; i++ {
				ev, err := events.Encode(events.ContactMade{RelationshipID: fmt.Sprintf("crash-%02d", w),
					ContactOn: events.MustDate("2025-03-01"), By: "p-1", ByRole: events.RoleMentor, Method: "email"})
				if err != nil {
					panic(err)
				}
				ev.ID = fmt.Sprintf("crash-%02d-%07d", w, i)
				ev.Actor = "crash-test"
				if _, err := st.Append(ctx, stream, events.Exact(int64(i)), ev); err != nil {
					fmt.Fprintln(os.Stderr, "append:", err)
					os.Exit(4)
				}
				mu.Lock()
				fmt.Fprintln(out, "ack", ev.ID)
				out.Flush()
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return nil
}

func TestKillDuringAppendsLosesNoAcknowledgedEvent(t *testing.T) {
	dir := t.TempDir()
	want := 3000
	if testing.Short() {
		want = 500
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+dir)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	acked := map[string]bool{}
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		if id, ok := strings.CutPrefix(sc.Text(), "ack "); ok {
			acked[id] = true
		}
		if len(acked) >= want {
			break
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	for sc.Scan() { // acks printed before the kill landed count too
		if id, ok := strings.CutPrefix(sc.Text(), "ack "); ok {
			acked[id] = true
		}
	}
	_ = cmd.Wait()
	if len(acked) < want {
		t.Fatalf("child acknowledged only %d events before it stopped: %s", len(acked), stderr.String())
	}

	ctx := context.Background()
	st, err := sqlite.Open(filepath.Join(dir, LedgerFile))
	if err != nil {
		t.Fatalf("reopen after kill: %v", err)
	}
	defer st.Close()
	present := map[string]bool{}
	var after events.Position
	for {
		page, err := st.ReadAll(ctx, after, 5000)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range page {
			present[e.ID] = true
		}
		if len(page) < 5000 {
			break
		}
		after = page[len(page)-1].Position
	}
	for id := range acked {
		if !present[id] {
			t.Fatalf("acknowledged event %s is missing after the kill", id)
		}
	}
	if _, err := events.Verify(ctx, st, events.VerifyOptions{GapFree: true}); err != nil {
		t.Fatalf("verify after kill: %v", err)
	}

	live, err := projections.Open(filepath.Join(dir, ViewsFile))
	if err != nil {
		t.Fatalf("reopen views after kill: %v", err)
	}
	defer live.Close()
	if _, err := live.CatchUp(ctx, st, projections.CatchUpOptions{}); err != nil {
		t.Fatal(err)
	}
	clean, err := projections.Open(filepath.Join(t.TempDir(), ViewsFile))
	if err != nil {
		t.Fatal(err)
	}
	defer clean.Close()
	if _, err := clean.Rebuild(ctx, st, projections.CatchUpOptions{}); err != nil {
		t.Fatal(err)
	}
	got, err := live.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantViews, err := clean.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got != wantViews {
		t.Fatal("views caught up after the kill differ from a clean rebuild")
	}
	t.Logf("%d acknowledged before the kill, %d events in the ledger", len(acked), len(present))
}
