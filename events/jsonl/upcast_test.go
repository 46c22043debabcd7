package jsonl_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/events/jsonl"
	"github.com/mentorledger/mentorledger/events/sqlite"
)

// contactV1Line is a line of an export made before relationship.contact_made
// had version 2.
const contactV1Line = `{"id":"00000000-0000-4000-8000-000000000001","type":"relationship.contact_made","schema_version":1,"stream":"relationship-rel-1","recorded_at":"2025-05-06T10:00:00Z","actor":"m1","payload":{"relationship_id":"rel-1","contact_on":"2025-05-06","by":"m1","by_role":"mentor","method":"email"}}`

// TestAVersion1LineIsImportedAsIsAndReadAsVersion2: the import checks the
// line against the schema of the version it states and stores it in that
// version; readers decode it as version 2; the stored bytes, the hash and
// the export never change.
func TestAVersion1LineIsImportedAsIsAndReadAsVersion2(t *testing.T) {
	ctx := context.Background()
	reqs, err := jsonl.Parse(lines(contactV1Line), jsonl.Options{Actor: "import"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := reqs[0].Events[0].SchemaVersion, 1; got != want {
		t.Fatalf("parsed schema_version=%d, want %d", got, want)
	}
	s, err := sqlite.Open(filepath.Join(t.TempDir(), "ledger.db"), sqlite.WithIdleDigest(0))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.AppendBatch(ctx, reqs); err != nil {
		t.Fatal(err)
	}
	envs, err := s.ReadStream(ctx, "relationship-rel-1", 0)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(envs), 1; got != want {
		t.Fatalf("events=%d, want %d", got, want)
	}
	stored := envs[0]
	payload, hash := bytes.Clone(stored.Payload), stored.Hash
	if got, want := stored.SchemaVersion, 1; got != want {
		t.Fatalf("stored schema_version=%d, want %d", got, want)
	}

	p, err := events.Decode(&stored)
	if err != nil {
		t.Fatal(err)
	}
	c, ok := p.(events.ContactMade)
	if !ok {
		t.Fatalf("decoded %T, want events.ContactMade", p)
	}
	if c.By != "m1" || c.Method != events.MethodEmail || c.Minutes != 0 {
		t.Fatalf("decoded %+v", c)
	}
	if stored.SchemaVersion != 1 || !bytes.Equal(stored.Payload, payload) || stored.Hash != hash {
		t.Fatal("decoding changed the envelope")
	}

	again, err := s.ReadStream(ctx, "relationship-rel-1", 0)
	if err != nil {
		t.Fatal(err)
	}
	if again[0].SchemaVersion != 1 || !bytes.Equal(again[0].Payload, payload) || again[0].Hash != hash {
		t.Fatalf("stored event changed: v%d %s %s", again[0].SchemaVersion, again[0].Payload, again[0].Hash)
	}
	if got, want := events.ComputeHash(&again[0]), hash; got != want {
		t.Fatalf("recomputed hash %s, want %s", got, want)
	}
	if _, err := events.Verify(ctx, s, events.VerifyOptions{GapFree: true}); err != nil {
		t.Fatalf("verify: %v", err)
	}

	// An export writes the event as stored: still version 1.
	var out bytes.Buffer
	w := jsonl.NewWriter(&out)
	if err := w.Write(&again[0]); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `"schema_version":1`) {
		t.Fatalf("export: %s", out.String())
	}
}

func TestAVersion1LineMayNotCarryAVersion2Field(t *testing.T) {
	line := strings.Replace(contactV1Line, `"method":"email"`, `"method":"email","minutes":20`, 1)
	_, err := jsonl.Parse(lines(line), jsonl.Options{})
	if err == nil || !strings.Contains(err.Error(), "relationship.contact_made.minutes") {
		t.Fatalf("err=%v, want the v1 schema to reject minutes", err)
	}
	v2 := strings.Replace(line, `"schema_version":1`, `"schema_version":2`, 1)
	if _, err := jsonl.Parse(lines(v2), jsonl.Options{}); err != nil {
		t.Fatalf("v2 line rejected: %v", err)
	}
}
