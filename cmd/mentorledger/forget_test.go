package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/mentorledger/mentorledger/reports"
)

// demoCopyWithKeys is demoCopy with the demo's key store copied too.
func demoCopyWithKeys(tb testing.TB) *cli {
	tb.Helper()
	c := demoCopy(tb)
	b, err := os.ReadFile(filepath.Join(demoDir, KeysFile))
	if err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(c.dir, KeysFile), b, 0o600); err != nil {
		tb.Fatal(err)
	}
	return c
}

// participants runs the participants verb and indexes its JSON by id.
func (c *cli) participants() map[string]participantRow {
	c.tb.Helper()
	var rows []participantRow
	if err := json.Unmarshal([]byte(c.mustRun("participants", "--format", "json")), &rows); err != nil {
		c.tb.Fatal(err)
	}
	out := map[string]participantRow{}
	for _, r := range rows {
		out[r.ParticipantID] = r
	}
	return out
}

var verifyLine = regexp.MustCompile(`^ok: (\d+) events, head [0-9a-f]{64}\n`)

// verifiedEvents runs verify and returns the number of events it checked.
func (c *cli) verifiedEvents() int {
	c.tb.Helper()
	out := c.mustRun("verify")
	m := verifyLine.FindStringSubmatch(out)
	if m == nil {
		c.tb.Fatalf("verify said %q", out)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// checklist6 returns the checklist 6 report's programmes (its items and
// relationships), without the basis that moves with the ledger's head.
func (c *cli) checklist6() any {
	c.tb.Helper()
	var rep struct {
		Programmes any `json:"programmes"`
	}
	if err := json.Unmarshal([]byte(c.mustRun("report", "checklist-6", "--format", "json")), &rep); err != nil {
		c.tb.Fatal(err)
	}
	return rep.Programmes
}

// dataFiles reads every file of the data directory: the ledger, the views,
// the key store and whatever write-ahead logs they have at the moment.
func dataFiles(tb testing.TB, dir string) map[string][]byte {
	tb.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		tb.Fatal(err)
	}
	out := map[string][]byte{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			tb.Fatal(err)
		}
		out[e.Name()] = b
	}
	return out
}

func TestForgetErasesAPersonEverywhereAndKeepsTheCounts(t *testing.T) {
	const person = "mentee-05"
	c := demoCopyWithKeys(t)
	before := c.participants()
	p, ok := before[person]
	if !ok || p.Erased || !strings.Contains(p.Name, " ") || !strings.Contains(p.Email, "@") || p.Phone == "" {
		t.Fatalf("%s before forget: %+v, want a name, an email and a phone", person, p)
	}
	if !strings.Contains(c.mustRun("participants"), p.Name) {
		t.Fatalf("the text listing does not show %s's name %q", person, p.Name)
	}
	secrets := []string{p.Name, p.Email, p.Phone}
	events := c.verifiedEvents()
	report := c.checklist6()

	out := c.mustRun("forget", person)
	if !regexp.MustCompile(`^forgot ` + person + `: key destroyed, participant\.personal_data_erased recorded at position \d+\n$`).MatchString(out) {
		t.Fatalf("forget said %q", out)
	}

	after := c.participants()
	if got := after[person]; !got.Erased || got.Name != "erased" || got.Email != "" || got.Phone != "" {
		t.Errorf("%s after forget: %+v, want erased", person, got)
	}
	if text := c.mustRun("participants"); !regexp.MustCompile(`(?m)^` + person + `\s+mentee\s+.*\serased$`).MatchString(text) {
		t.Errorf("the text listing does not show %s as erased:\n%s", person, text)
	}
	if got, want := len(after), len(before); got != want {
		t.Errorf("participants=%d after forget, want %d", got, want)
	}
	for id, r := range before {
		if id != person && after[id] != r {
			t.Errorf("%s changed: %+v, was %+v", id, after[id], r)
		}
	}

	// Everything a person could be found in afterwards: the export and
	// the report in every format (which also brings the views up to date),
	// then the raw files of the data directory.
	outputs := map[string]string{"export": c.mustRun("export")}
	for _, f := range reports.Formats {
		outputs["report checklist-6 --format "+f] = c.mustRun("report", "checklist-6", "--format", f)
	}
	outputs["participants"] = c.mustRun("participants")
	files := dataFiles(t, c.dir)
	for _, want := range []string{LedgerFile, ViewsFile, KeysFile} {
		if _, ok := files[want]; !ok {
			t.Fatalf("no %s in the data directory (have %v)", want, reflect.ValueOf(files).MapKeys())
		}
	}
	// The search must be able to find something: the participant's id is
	// in the ledger, the export and the views.
	for _, where := range []string{LedgerFile, ViewsFile} {
		if !bytes.Contains(files[where], []byte(person)) && !bytes.Contains(files[where+"-wal"], []byte(person)) && !bytes.Contains(files[where+".wal"], []byte(person)) {
			t.Errorf("%s: the participant id %s is not found: the search would find nothing", where, person)
		}
	}
	if !strings.Contains(outputs["export"], person) {
		t.Errorf("export: the participant id %s is not found", person)
	}
	for _, s := range secrets {
		for name, b := range files {
			if bytes.Contains(b, []byte(s)) {
				t.Errorf("%s holds %q after forget", name, s)
			}
		}
		for name, o := range outputs {
			if strings.Contains(o, s) {
				t.Errorf("%s prints %q after forget", name, s)
			}
		}
	}

	if got, want := c.verifiedEvents(), events+1; got != want {
		t.Errorf("verify checked %d events after forget, want %d", got, want)
	}
	if got := c.checklist6(); !reflect.DeepEqual(got, report) {
		t.Errorf("the checklist 6 report changed after forget")
	}

	// Forgetting twice is a conflict; an unknown person is not found.
	if _, errs, code := c.run("forget", person); code != 1 || !strings.Contains(errs, "already erased") {
		t.Errorf("second forget: exit %d, %q", code, errs)
	}
	if _, errs, code := c.run("forget", "nobody-01"); code != 1 || !strings.Contains(errs, "participant nobody-01: not found") {
		t.Errorf("forget of an unknown participant: exit %d, %q", code, errs)
	}
	if got, want := c.verifiedEvents(), events+1; got != want {
		t.Errorf("verify checked %d events after the refused forgets, want %d", got, want)
	}
}

func TestForgetAndParticipantsUsage(t *testing.T) {
	c := demoCopyWithKeys(t)
	if _, _, code := c.run("forget"); code != 2 {
		t.Errorf("forget without a person: exit %d, want 2", code)
	}
	if _, errs, code := c.run("participants", "--format", "csv"); code != 1 || !strings.Contains(errs, "format: must be one of text, json") {
		t.Errorf("participants --format csv: exit %d, %q", code, errs)
	}
}
