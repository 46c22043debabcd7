package main

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// lateBadLine writes the demo's export, with new ids, and a meeting log
// near its end made invalid: the import has appended most of the file,
// where no reader sees it, by the time it meets the bad line.
func lateBadLine(t *testing.T, c *cli) (file string, bad int) {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(c.mustRun("export")), "\n")
	for i, l := range lines {
		lines[i] = strings.Replace(l, `"id":"`, `"id":"late-`, 1)
	}
	bad = -1
	for i := len(lines) - 50; i >= 0; i-- {
		if strings.Contains(lines[i], `"relationship.meeting_logged"`) {
			bad = i
			break
		}
	}
	if bad < len(lines)/2 {
		t.Fatalf("no meeting log in the second half of the demo export (%d lines)", len(lines))
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(lines[bad]), &m); err != nil {
		t.Fatal(err)
	}
	m["payload"].(map[string]any)["minutes"] = 0
	b, _ := json.Marshal(m)
	lines[bad] = string(b)
	file = filepath.Join(t.TempDir(), "late.jsonl")
	if err := os.WriteFile(file, []byte(strings.Join(lines, "\n")+"\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	return file, bad + 1
}

// One bad line late in a file rejects it whole and leaves the ledger
// exactly as it was — an empty one (where the import writes a new file)
// as well as one with events (where it writes in a transaction).
func TestImportBadLineLateInTheFileLeavesTheLedgerAsItWas(t *testing.T) {
	demo := demoCopy(t)
	file, bad := lateBadLine(t, demo)
	want := "line " + strconv.Itoa(bad) + ": relationship.meeting_logged.minutes: must be 1..480, got 0"

	t.Run("ledger with events", func(t *testing.T) {
		c := demoCopy(t)
		before := c.mustRun("verify")
		exported := c.mustRun("export")
		_, errs, code := c.run("import", file)
		if code != 1 || !strings.Contains(errs, want) || !strings.Contains(errs, "rejected, nothing appended") {
			t.Fatalf("exit %d, stderr %q; want 1 and %q", code, errs, want)
		}
		if after := c.mustRun("verify"); after != before {
			t.Fatalf("the rejected import changed the ledger:\n%s\n%s", before, after)
		}
		if again := c.mustRun("export"); again != exported {
			t.Fatal("the rejected import changed the exported events")
		}
	})
	t.Run("empty ledger", func(t *testing.T) {
		c := newCLI(t) // the import creates the ledger, then finds the bad line
		_, errs, code := c.run("import", file)
		if code != 1 || !strings.Contains(errs, want) {
			t.Fatalf("exit %d, stderr %q; want 1 and %q", code, errs, want)
		}
		if out := c.mustRun("export"); out != "" {
			t.Fatalf("the rejected import left events: %.200s", out)
		}
		if _, err := os.Stat(filepath.Join(c.dir, LedgerFile+".bulk")); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("the import's new file is left behind: %v", err)
		}
		// Without the bad line, the same file imports whole.
		lines := strings.Split(strings.TrimSpace(readFile(t, file)), "\n")
		lines = append(lines[:bad-1], lines[bad:]...)
		if err := os.WriteFile(file, []byte(strings.Join(lines, "\n")+"\n"), 0o640); err != nil {
			t.Fatal(err)
		}
		out := c.mustRun("import", file)
		if !strings.HasPrefix(out, "imported "+strconv.Itoa(len(lines))+" events") {
			t.Fatalf("import said %q, want %d events", out, len(lines))
		}
		if v := c.mustRun("verify"); !strings.HasPrefix(v, "ok: ") {
			t.Fatalf("verify: %s", v)
		}
	})
}

func readFile(tb testing.TB, name string) string {
	tb.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}
