package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mentorledger/mentorledger/domain/app"
	"github.com/mentorledger/mentorledger/events/jsonl"
	"github.com/mentorledger/mentorledger/events/sqlite"
)

func TestImportBreakingADomainRuleIsRejectedWhole(t *testing.T) {
	c := demoCopy(t)
	before := c.mustRun("verify")
	export := strings.Split(strings.TrimSpace(c.mustRun("export")), "\n")
	pick := func(typ string) string {
		for _, l := range export {
			if strings.Contains(l, `"type":"`+typ+`"`) {
				return strings.Replace(l, `"id":"`, `"id":"x`, 1) // a new id, so it would append
			}
		}
		t.Fatalf("no %s in the demo export", typ)
		return ""
	}
	// A new programme, valid on its own, then a meeting logged in a
	// relationship that was never matched: the schema allows it, the
	// domain does not.
	lines := []string{
		strings.ReplaceAll(pick("programme.registered"), "prog-peer-2025", "prog-check"),
		strings.ReplaceAll(pick("programme.purpose_stated"), "prog-peer-2025", "prog-check"),
		strings.ReplaceAll(pick("relationship.meeting_logged"), "rel-002", "rel-none"),
	}
	file := filepath.Join(t.TempDir(), "rules.jsonl")
	if err := os.WriteFile(file, []byte(strings.Join(lines, "\n")+"\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	_, errs, code := c.run("import", file)
	if want := "line 3: relationship rel-none: not found"; code != 1 || !strings.Contains(errs, want) || !strings.Contains(errs, "rejected, nothing appended") {
		t.Fatalf("exit %d, stderr %q; want 1 and %q", code, errs, want)
	}
	if strings.Contains(errs, "line 1:") || strings.Contains(errs, "line 2:") {
		t.Fatalf("stderr %q names a good line", errs)
	}
	if after := c.mustRun("verify"); after != before {
		t.Fatalf("a rejected import changed the ledger:\n%s\n%s", before, after)
	}
	// A line the schema rejects after it: the file's own fault is named,
	// though the check judges the lines before it while they are read.
	bad := strings.Replace(strings.ReplaceAll(pick("relationship.meeting_logged"), "rel-002", "rel-none"), `"minutes":`, `"was":`, 1)
	if err := os.WriteFile(file, []byte(strings.Join(append(lines[:3:3], bad), "\n")+"\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	_, errs, code = c.run("import", file)
	if want := "line 4: relationship.meeting_logged.minutes: is required"; code != 1 || !strings.Contains(errs, want) || strings.Contains(errs, "line 3:") {
		t.Fatalf("exit %d, stderr %q; want 1 and only %q", code, errs, want)
	}
	if after := c.mustRun("verify"); after != before {
		t.Fatalf("a rejected import changed the ledger:\n%s\n%s", before, after)
	}
	// Without the bad line the file imports.
	if err := os.WriteFile(file, []byte(strings.Join(lines[:2], "\n")+"\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	if out := c.mustRun("import", file); !strings.HasPrefix(out, "imported 2 events") {
		t.Fatalf("import said %q", out)
	}
}

// BenchmarkCheckDemoExport measures the domain check of the demo's whole
// export against an empty ledger, as an import into a fresh one runs it.
func BenchmarkCheckDemoExport(b *testing.B) {
	export := demoCopy(b).mustRun("export")
	reqs, err := jsonl.Parse(strings.NewReader(export), jsonl.Options{Actor: "import"})
	if err != nil {
		b.Fatal(err)
	}
	led, err := sqlite.Open(filepath.Join(b.TempDir(), LedgerFile))
	if err != nil {
		b.Fatal(err)
	}
	defer led.Close()
	svc := &app.Service{Store: led}
	b.ResetTimer()
	for b.Loop() {
		if errs := svc.Check(context.Background(), reqs); len(errs) > 0 {
			b.Fatal(errs)
		}
	}
}
