// Package keystore holds the per-person keys that seal personal details
// outside the ledger (DESIGN.md, "Integrity and privacy"). Each person gets
// one random 256-bit key; details are sealed with AES-256-GCM, bound to the
// person and the key id, so a sealed value cannot be opened as someone
// else's. Destroy deletes the key and leaves a tombstone: from then on Open
// and Seal return events.ErrErased, and the key's bytes are gone from the
// database file and its write-ahead log (crypto-shredding).
//
// The store is a small SQLite file beside the ledger (keys.db): a separate
// file, so that the ledger can be copied, exported and backed up without the
// keys, and so that destroying a key never touches the hash-chained ledger.
// SQLite rather than a file format of our own because it already gives
// durable commits (WAL, synchronous=FULL), safe access from several
// processes (the CLI beside a running server) and, with secure_delete, a
// way to overwrite deleted content in place; the price is that the WAL must
// be checkpointed and truncated after a deletion, which Destroy does.
package keystore

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"time"

	_ "github.com/mattn/go-sqlite3" // registers "sqlite3"

	"github.com/mentorledger/mentorledger/events"
)

// ErrErased is returned by Open, Seal and KeyFor once the person's key was
// destroyed. It is events.ErrErased, so callers that know only the event
// contracts can recognise it.
var ErrErased = events.ErrErased

// KeySize is the size of a key in bytes (AES-256).
const KeySize = 32

// aadDomain separates this use of AES-GCM from any other.
const aadDomain = "mentorledger/keystore/v1"

// Store is a key store in one SQLite file. It is safe for concurrent use.
type Store struct {
	db   *sql.DB
	path string
	rand io.Reader
	now  func() time.Time
}

// Option configures Open.
type Option func(*Store)

// WithRand sets the source of keys, key ids and nonces (default
// crypto/rand). Only tests and reproducible demonstrations should set it:
// anyone who can replay the source can rebuild every key.
func WithRand(r io.Reader) Option { return func(s *Store) { s.rand = r } }

// WithClock sets the clock that stamps key creation and destruction.
func WithClock(now func() time.Time) Option { return func(s *Store) { s.now = now } }

const schema = `
CREATE TABLE IF NOT EXISTS keys (
	person     TEXT PRIMARY KEY,
	key_id     TEXT NOT NULL UNIQUE,
	key        BLOB NOT NULL CHECK (length(key) = 32),
	created_at TEXT NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS destroyed (
	person       TEXT PRIMARY KEY,
	key_id       TEXT,
	destroyed_at TEXT NOT NULL
) STRICT;`

// Open opens the key store at path, creating it (readable by the owner
// only) if needed.
func Open(path string, opts ...Option) (*Store, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open key store %s: %w", path, err)
	}
	// Create the file with owner-only permissions before SQLite does; its
	// -wal and -shm files take the same permissions.
	f, err := os.OpenFile(abs, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open key store %s: %w", path, err)
	}
	f.Close()
	s := &Store{path: abs, rand: rand.Reader, now: time.Now}
	for _, o := range opts {
		o(s)
	}
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "FULL")   // fsync at every commit: a key handed out is on disk
	q.Set("_secure_delete", "true") // overwrite deleted content with zeros
	q.Set("_busy_timeout", "5000")
	q.Set("_txlock", "immediate")
	dsn := (&url.URL{Scheme: "file", Path: abs, RawQuery: q.Encode()}).String()
	db, err := sql.Open("sqlite3", dsn)
	if err != nil {
		return nil, fmt.Errorf("open key store %s: %w", path, err)
	}
	// One connection: the pragmas hold on it, and VACUUM and the
	// checkpoint in Destroy see no reader of this process in the way.
	db.SetMaxOpenConns(1)
	s.db = db
	if err := s.init(); err != nil {
		db.Close()
		return nil, fmt.Errorf("open key store %s: %w", path, err)
	}
	return s, nil
}

func (s *Store) init() error {
	ctx := context.Background()
	var mode string
	if err := s.db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return err
	}
	if mode != "wal" {
		return fmt.Errorf("journal mode is %q, not wal", mode)
	}
	var secure int
	if err := s.db.QueryRowContext(ctx, "PRAGMA secure_delete").Scan(&secure); err != nil {
		return err
	}
	if secure != 1 {
		return fmt.Errorf("secure_delete is %d, not 1", secure)
	}
	_, err := s.db.ExecContext(ctx, schema)
	return err
}

// Path is the key store's file.
func (s *Store) Path() string { return s.path }

// Close closes the store; SQLite checkpoints and removes the WAL when the
// last connection closes.
func (s *Store) Close() error { return s.db.Close() }

// key is one person's key.
type key struct {
	id  string
	key []byte
}

// KeyFor returns the id of the person's key, creating the key if the person
// has none. It returns ErrErased once the person's key was destroyed: an
// erased person gets no new key.
func (s *Store) KeyFor(ctx context.Context, person string) (string, error) {
	k, err := s.keyFor(ctx, person, true)
	if err != nil {
		return "", err
	}
	clear(k.key)
	return k.id, nil
}

func (s *Store) keyFor(ctx context.Context, person string, create bool) (key, error) {
	if person == "" {
		return key{}, errors.New("key store: person: required")
	}
	tx, err := s.db.BeginTx(ctx, nil) // immediate: no two writers create a key
	if err != nil {
		return key{}, fmt.Errorf("key store: %w", err)
	}
	defer tx.Rollback()
	var k key
	err = tx.QueryRowContext(ctx, "SELECT key_id, key FROM keys WHERE person = ?", person).Scan(&k.id, &k.key)
	switch {
	case err == nil:
		return k, nil
	case !errors.Is(err, sql.ErrNoRows):
		return key{}, fmt.Errorf("key store: read key of %s: %w", person, err)
	}
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM destroyed WHERE person = ?", person).Scan(&n); err != nil {
		return key{}, fmt.Errorf("key store: read key of %s: %w", person, err)
	}
	if n > 0 {
		return key{}, fmt.Errorf("key of %s: %w", person, ErrErased)
	}
	if !create {
		return key{}, fmt.Errorf("key store: no key for %s", person)
	}
	id := make([]byte, 16)
	k.key = make([]byte, KeySize)
	if _, err := io.ReadFull(s.rand, id); err != nil {
		return key{}, fmt.Errorf("key store: random: %w", err)
	}
	if _, err := io.ReadFull(s.rand, k.key); err != nil {
		return key{}, fmt.Errorf("key store: random: %w", err)
	}
	k.id = hex.EncodeToString(id)
	if _, err := tx.ExecContext(ctx, "INSERT INTO keys (person, key_id, key, created_at) VALUES (?, ?, ?, ?)",
		person, k.id, k.key, events.FormatTime(s.now())); err != nil {
		return key{}, fmt.Errorf("key store: create key of %s: %w", person, err)
	}
	if err := tx.Commit(); err != nil {
		return key{}, fmt.Errorf("key store: create key of %s: %w", person, err)
	}
	return k, nil
}

// aad binds a ciphertext to its person and key.
func aad(person, keyID string) []byte {
	return []byte(aadDomain + "\x00" + person + "\x00" + keyID)
}

func gcm(k []byte) (cipher.AEAD, error) {
	b, err := aes.NewCipher(k)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(b)
}

// Seal encrypts plaintext with the person's key, creating the key if the
// person has none.
func (s *Store) Seal(ctx context.Context, person string, plaintext []byte) (events.Sealed, error) {
	k, err := s.keyFor(ctx, person, true)
	if err != nil {
		return events.Sealed{}, err
	}
	defer clear(k.key)
	a, err := gcm(k.key)
	if err != nil {
		return events.Sealed{}, fmt.Errorf("key store: %w", err)
	}
	nonce := make([]byte, a.NonceSize())
	if _, err := io.ReadFull(s.rand, nonce); err != nil {
		return events.Sealed{}, fmt.Errorf("key store: random: %w", err)
	}
	ct := a.Seal(nil, nonce, plaintext, aad(person, k.id))
	return events.Sealed{
		KeyID:      k.id,
		Nonce:      base64.StdEncoding.EncodeToString(nonce),
		Ciphertext: base64.StdEncoding.EncodeToString(ct),
	}, nil
}

// Open decrypts what Seal sealed for the person. It returns ErrErased once
// the person's key was destroyed, and an error when sealed was not sealed
// for this person with their current key or was altered.
func (s *Store) Open(ctx context.Context, person string, sealed events.Sealed) ([]byte, error) {
	k, err := s.keyFor(ctx, person, false)
	if err != nil {
		return nil, err
	}
	defer clear(k.key)
	if sealed.KeyID != k.id {
		return nil, fmt.Errorf("key store: sealed with key %s, but %s holds key %s", sealed.KeyID, person, k.id)
	}
	nonce, err := base64.StdEncoding.DecodeString(sealed.Nonce)
	if err != nil {
		return nil, fmt.Errorf("key store: nonce: %w", err)
	}
	ct, err := base64.StdEncoding.DecodeString(sealed.Ciphertext)
	if err != nil {
		return nil, fmt.Errorf("key store: ciphertext: %w", err)
	}
	a, err := gcm(k.key)
	if err != nil {
		return nil, fmt.Errorf("key store: %w", err)
	}
	if len(nonce) != a.NonceSize() {
		return nil, fmt.Errorf("key store: nonce: %d bytes, want %d", len(nonce), a.NonceSize())
	}
	pt, err := a.Open(nil, nonce, ct, aad(person, k.id))
	if err != nil {
		return nil, fmt.Errorf("key store: open details of %s: %w", person, err)
	}
	return pt, nil
}

// Destroy deletes the person's key and records a tombstone, then rewrites
// the file (VACUUM) and checkpoints and truncates the write-ahead log, so
// that the key's bytes are in neither file. Destroying a key that is
// already destroyed, or that never existed, only makes sure of the purge:
// it is safe to retry. It fails when another process holds the log open
// in a way that stops the truncation; the key is then deleted but may
// linger in the log until a retry succeeds.
func (s *Store) Destroy(ctx context.Context, person string) error {
	if person == "" {
		return errors.New("key store: person: required")
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("key store: %w", err)
	}
	defer tx.Rollback()
	var keyID sql.NullString
	err = tx.QueryRowContext(ctx, "SELECT key_id FROM keys WHERE person = ?", person).Scan(&keyID)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("key store: destroy key of %s: %w", person, err)
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM keys WHERE person = ?", person); err != nil {
		return fmt.Errorf("key store: destroy key of %s: %w", person, err)
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO destroyed (person, key_id, destroyed_at) VALUES (?, ?, ?) ON CONFLICT (person) DO NOTHING",
		person, keyID, events.FormatTime(s.now())); err != nil {
		return fmt.Errorf("key store: destroy key of %s: %w", person, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("key store: destroy key of %s: %w", person, err)
	}
	return s.purge(ctx)
}

// purge rewrites the database without free pages and empties the WAL.
func (s *Store) purge(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, "VACUUM"); err != nil {
		return fmt.Errorf("key store: vacuum: %w", err)
	}
	var busy, logFrames, checkpointed int
	if err := s.db.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &logFrames, &checkpointed); err != nil {
		return fmt.Errorf("key store: checkpoint: %w", err)
	}
	if busy != 0 {
		return errors.New("key store: checkpoint: the log is in use by another connection; the key is deleted but the log is not yet truncated: retry")
	}
	return nil
}
