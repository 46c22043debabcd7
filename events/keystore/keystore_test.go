package keystore_test

import (
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mentorledger/mentorledger/events"
	"github.com/mentorledger/mentorledger/events/keystore"
)

// recordingRand hands out ChaCha8 bytes and remembers each read, so the
// test knows the keys' bytes.
type recordingRand struct {
	src *rand.ChaCha8
	out [][]byte
}

func (r *recordingRand) Read(p []byte) (int, error) {
	n, err := r.src.Read(p)
	r.out = append(r.out, bytes.Clone(p))
	return n, err
}

func open(tb testing.TB, path string, opts ...keystore.Option) *keystore.Store {
	tb.Helper()
	s, err := keystore.Open(path, opts...)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

func TestSealThenOpenGivesThePlaintextBack(t *testing.T) {
	ctx := context.Background()
	s := open(t, filepath.Join(t.TempDir(), "keys.db"))
	sealed, err := s.Seal(ctx, "mentee-01", []byte(`{"name":"Ada Lovelace"}`))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(sealed.Ciphertext+sealed.Nonce+sealed.KeyID, "Ada") {
		t.Fatalf("sealed value shows the plaintext: %+v", sealed)
	}
	id, err := s.KeyFor(ctx, "mentee-01")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := sealed.KeyID, id; got != want {
		t.Fatalf("key id=%s, want %s", got, want)
	}
	got, err := s.Open(ctx, "mentee-01", sealed)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"name":"Ada Lovelace"}`; string(got) != want {
		t.Fatalf("opened %q, want %q", got, want)
	}
	again, err := s.Seal(ctx, "mentee-01", []byte(`{"name":"Ada Lovelace"}`))
	if err != nil {
		t.Fatal(err)
	}
	if again.KeyID != sealed.KeyID || again.Nonce == sealed.Nonce {
		t.Fatalf("second seal: same key %t, fresh nonce %t", again.KeyID == sealed.KeyID, again.Nonce != sealed.Nonce)
	}
}

func TestKeysSurviveReopening(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "keys.db")
	s, err := keystore.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := s.Seal(ctx, "m1", []byte("details"))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := st.Mode().Perm(); perm&0o077 != 0 {
		t.Errorf("keys.db mode %v, want readable by the owner only", perm)
	}
	got, err := open(t, path).Open(ctx, "m1", sealed)
	if err != nil || string(got) != "details" {
		t.Fatalf("after reopening: %q, %v", got, err)
	}
}

func TestSealedValueOpensOnlyForItsPersonUnaltered(t *testing.T) {
	ctx := context.Background()
	s := open(t, filepath.Join(t.TempDir(), "keys.db"))
	sealed, err := s.Seal(ctx, "m1", []byte("details of m1"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Seal(ctx, "m2", []byte("details of m2")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Open(ctx, "m2", sealed); err == nil {
		t.Error("m1's details opened as m2's")
	}
	altered := sealed
	b := []byte(altered.Ciphertext)
	b[0] ^= 'A' ^ 'B'
	if b[0] == sealed.Ciphertext[0] {
		b[0] = 'Q'
	}
	altered.Ciphertext = string(b)
	if _, err := s.Open(ctx, "m1", altered); err == nil || errors.Is(err, keystore.ErrErased) {
		t.Errorf("altered ciphertext: err=%v, want an authentication error", err)
	}
	if _, err := s.Open(ctx, "nobody", sealed); err == nil || errors.Is(err, keystore.ErrErased) {
		t.Errorf("unknown person: err=%v, want an error other than erased", err)
	}
}

func TestDestroyErasesAndIsFinal(t *testing.T) {
	ctx := context.Background()
	s := open(t, filepath.Join(t.TempDir(), "keys.db"))
	sealed, err := s.Seal(ctx, "m1", []byte("details"))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Destroy(ctx, "m1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Open(ctx, "m1", sealed); !errors.Is(err, keystore.ErrErased) || !errors.Is(err, events.ErrErased) {
		t.Errorf("open after destroy: err=%v, want ErrErased", err)
	}
	if _, err := s.KeyFor(ctx, "m1"); !errors.Is(err, keystore.ErrErased) {
		t.Errorf("key for an erased person: err=%v, want ErrErased (no new key)", err)
	}
	if _, err := s.Seal(ctx, "m1", []byte("new details")); !errors.Is(err, keystore.ErrErased) {
		t.Errorf("seal for an erased person: err=%v, want ErrErased", err)
	}
	if err := s.Destroy(ctx, "m1"); err != nil {
		t.Errorf("destroying again (a retry): %v", err)
	}
}

// TestDestroyRemovesTheKeyBytesFromEveryFile looks for the raw key bytes
// in the database file, its WAL and its shared-memory index, both while the
// store is open and after it is closed.
func TestDestroyRemovesTheKeyBytesFromEveryFile(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	r := &recordingRand{src: rand.NewChaCha8([32]byte{1, 2, 3})}
	s, err := keystore.Open(filepath.Join(dir, "keys.db"), keystore.WithRand(r))
	if err != nil {
		t.Fatal(err)
	}
	people := []string{"m1", "m2", "m3", "e1", "e2"}
	for _, p := range people {
		if _, err := s.Seal(ctx, p, []byte("details of "+p)); err != nil {
			t.Fatal(err)
		}
	}
	// Per person: key id (16 bytes), key (32 bytes), nonce (12 bytes).
	keyOf := func(i int) []byte { return r.out[i*3+1] }
	if got := keyOf(1); len(got) != keystore.KeySize {
		t.Fatalf("recorded key is %d bytes", len(got))
	}
	if !inFiles(t, dir, keyOf(1)) {
		t.Fatal("the key of m2 is not in the files before Destroy: the scan finds nothing")
	}
	if err := s.Destroy(ctx, "m2"); err != nil {
		t.Fatal(err)
	}
	if inFiles(t, dir, keyOf(1)) {
		t.Error("the key of m2 is still in the files after Destroy (store open)")
	}
	for i, p := range people {
		if p != "m2" && !inFiles(t, dir, keyOf(i)) {
			t.Errorf("the key of %s was lost", p)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if inFiles(t, dir, keyOf(1)) {
		t.Error("the key of m2 is in the files after closing")
	}
}

// inFiles reports whether b occurs in any file of dir.
func inFiles(tb testing.TB, dir string, b []byte) bool {
	tb.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		tb.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			tb.Fatal(err)
		}
		if bytes.Contains(data, b) {
			tb.Logf("found in %s", e.Name())
			return true
		}
	}
	return false
}
