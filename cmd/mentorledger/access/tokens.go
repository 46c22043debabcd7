package access

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	_ "github.com/mattn/go-sqlite3" // the token store is a SQLite file beside the ledger
	"github.com/mentorledger/mentorledger/events"
)

// TokensFile is the token store in the data directory.
const TokensFile = "tokens.db"

// tokenPrefix marks a mentorledger token so that a leaked one is easy to
// recognise (secret scanners) and a mistyped header fails fast.
const tokenPrefix = "mlt_"

// ErrUnauthenticated is returned for a missing, unknown or revoked token.
var ErrUnauthenticated = errors.New("unauthenticated: missing, unknown or revoked token")

// Tokens is the token store: each token's SHA-256 and the principal it
// stands for. The token itself is shown once, at creation, and never kept.
type Tokens struct {
	db    *sql.DB
	mu    sync.RWMutex
	cache map[[32]byte]Principal
}

// OpenTokens opens (creating if needed) the token store at path.
func OpenTokens(path string) (*Tokens, error) {
	db, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=WAL&_synchronous=FULL&_busy_timeout=5000")
	if err != nil {
		return nil, fmt.Errorf("open tokens %s: %w", path, err)
	}
	_, err = db.Exec(`CREATE TABLE IF NOT EXISTS tokens (
		id          TEXT PRIMARY KEY,
		hash        BLOB NOT NULL UNIQUE,
		role        TEXT NOT NULL,
		programme   TEXT NOT NULL,
		participant TEXT NOT NULL,
		name        TEXT NOT NULL,
		created_at  TEXT NOT NULL,
		revoked_at  TEXT
	)`)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open tokens %s: %w", path, err)
	}
	return &Tokens{db: db, cache: map[[32]byte]Principal{}}, nil
}

// Close closes the store.
func (t *Tokens) Close() error { return t.db.Close() }

// Create makes a token for the principal and returns it; only its hash is
// stored. An empty name becomes "<role>-<token id>".
func (t *Tokens) Create(ctx context.Context, p Principal, now time.Time) (string, Principal, error) {
	role, err := ParseRole(p.Role)
	if err != nil {
		return "", p, err
	}
	p.Role = role
	var raw [24]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", p, fmt.Errorf("create token: %w", err)
	}
	p.TokenID = hex.EncodeToString(raw[:4])
	if p.Name == "" {
		p.Name = p.Role + "-" + p.TokenID
	}
	if err := p.check(); err != nil {
		return "", p, err
	}
	token := tokenPrefix + p.TokenID + "_" + base64.RawURLEncoding.EncodeToString(raw[4:])
	sum := sha256.Sum256([]byte(token))
	_, err = t.db.ExecContext(ctx, `INSERT INTO tokens (id, hash, role, programme, participant, name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		p.TokenID, sum[:], p.Role, p.Programme, p.Participant, p.Name, now.UTC().Format(time.RFC3339Nano))
	if err != nil {
		return "", p, fmt.Errorf("create token: %w", err)
	}
	return token, p, nil
}

// Authenticate returns the principal a token stands for.
func (t *Tokens) Authenticate(ctx context.Context, token string) (Principal, error) {
	if !strings.HasPrefix(token, tokenPrefix) || len(token) > 200 {
		return Principal{}, ErrUnauthenticated
	}
	sum := sha256.Sum256([]byte(token))
	t.mu.RLock()
	p, ok := t.cache[sum]
	t.mu.RUnlock()
	if ok {
		return p, nil
	}
	var hash []byte
	err := t.db.QueryRowContext(ctx, `SELECT id, hash, role, programme, participant, name FROM tokens WHERE hash = ? AND revoked_at IS NULL`, sum[:]).
		Scan(&p.TokenID, &hash, &p.Role, &p.Programme, &p.Participant, &p.Name)
	if errors.Is(err, sql.ErrNoRows) {
		return Principal{}, ErrUnauthenticated
	}
	if err != nil {
		return Principal{}, fmt.Errorf("authenticate: %w", err)
	}
	if subtle.ConstantTimeCompare(hash, sum[:]) != 1 {
		return Principal{}, ErrUnauthenticated
	}
	t.mu.Lock()
	t.cache[sum] = p
	t.mu.Unlock()
	return p, nil
}

// Revoke revokes a token by id; the server refuses it from then on.
func (t *Tokens) Revoke(ctx context.Context, id string, now time.Time) error {
	res, err := t.db.ExecContext(ctx, `UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`, now.UTC().Format(time.RFC3339Nano), id)
	if err != nil {
		return fmt.Errorf("revoke token %s: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return events.Errorf(events.ENOTFOUND, "token: no active token with id %q", id)
	}
	t.mu.Lock()
	t.cache = map[[32]byte]Principal{}
	t.mu.Unlock()
	return nil
}

// List returns every token's principal (never the token), oldest first.
func (t *Tokens) List(ctx context.Context) ([]Principal, []bool, error) {
	rows, err := t.db.QueryContext(ctx, `SELECT id, role, programme, participant, name, revoked_at IS NOT NULL FROM tokens ORDER BY created_at, id`)
	if err != nil {
		return nil, nil, fmt.Errorf("list tokens: %w", err)
	}
	defer rows.Close()
	var out []Principal
	var revoked []bool
	for rows.Next() {
		var p Principal
		var r bool
		if err := rows.Scan(&p.TokenID, &p.Role, &p.Programme, &p.Participant, &p.Name, &r); err != nil {
			return nil, nil, fmt.Errorf("list tokens: %w", err)
		}
		out = append(out, p)
		revoked = append(revoked, r)
	}
	return out, revoked, rows.Err()
}
