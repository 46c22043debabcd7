package sqlite

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
)

func TestExpInsert(t *testing.T) {
	if os.Getenv("EXP") == "" {
		t.Skip()
	}
	n := 1_000_000
	for _, c := range []struct {
		name  string
		cache int
		page  int
		v4    bool
		noidx bool
		extra string
	}{
		{"base64M", 64 << 10, 4096, false, false, ""},
		{"cache1G", 1 << 20, 4096, false, false, ""},
		{"cache1G-p16k", 1 << 20, 16384, false, false, ""},
		{"cache1G-v4", 1 << 20, 4096, true, false, ""},
		{"cache64M-v4", 64 << 10, 4096, true, false, ""},
		{"cache1G-noidx", 1 << 20, 4096, false, true, ""},
		{"cache1G-noidx-v4", 1 << 20, 4096, true, true, ""},
		{"cache64M-noidx-v4", 64 << 10, 4096, true, true, ""},
		{"cache1G-lockexcl", 1 << 20, 4096, false, false, "locking_mode = EXCLUSIVE"},
	} {
		if f := os.Getenv("EXPONLY"); f != "" && !strings.Contains(c.name, f) {
			continue
		}
		dir := t.TempDir()
		drv, _ := sqlDriver(DriverCgo)
		pr := []string{fmt.Sprintf("page_size = %d", c.page), "journal_mode = WAL", "synchronous = FULL", fmt.Sprintf("cache_size = -%d", c.cache)}
		if c.extra != "" {
			pr = append(pr, c.extra)
		}
		db, err := openDB(drv, filepath.Join(dir, "x.db"), pr...)
		if err != nil {
			t.Fatal(err)
		}
		db.SetMaxOpenConns(1)
		conn, _ := db.Conn(context.Background())
		if err := migrate(context.Background(), conn); err != nil {
			t.Fatal(err)
		}
		if c.noidx {
			conn.ExecContext(context.Background(), `DROP TABLE events`)
			conn.ExecContext(context.Background(), `CREATE TABLE events (position INTEGER PRIMARY KEY, id TEXT NOT NULL, stream TEXT NOT NULL, version INTEGER NOT NULL, type TEXT NOT NULL, schema_version INTEGER NOT NULL, recorded_at TEXT NOT NULL, actor TEXT NOT NULL, correlation_id TEXT NOT NULL, causation_id TEXT NOT NULL, payload BLOB NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)`)
		}
		values := "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
		st, err := conn.PrepareContext(context.Background(), `INSERT INTO events (`+columns+`) VALUES `+strings.Repeat(values+", ", 31)+values)
		if err != nil {
			t.Fatal(err)
		}
		ids := make([]string, n)
		for i := range ids {
			if c.v4 {
				ids[i] = uuid.Must(uuid.NewRandomFromReader(rand.Reader)).String()
			} else {
				ids[i] = uuid.Must(uuid.NewV7()).String()
			}
		}
		payload := []byte(`{"relationship_id":"0190f3c4-8a8e-7c3a-9a53-2f7d61b4c1aa","met_on":"2025-03-14","minutes":60,"method":"in_person","topics":["goals","progress"]}`)
		hash := strings.Repeat("ab", 32)
		at := time.Now().UTC().Format("2006-01-02T15:04:05.000000000Z")
		start := time.Now()
		conn.ExecContext(context.Background(), "BEGIN IMMEDIATE")
		args := make([]any, 0, 13*32)
		var stepT time.Duration
		for i := 0; i < n; i += 32 {
			args = args[:0]
			for k := i; k < i+32; k++ {
				args = append(args, int64(k+1), ids[k], fmt.Sprintf("import-%d", k/100), int64(k%100+1), "relationship.meeting_logged", int64(1), at, "bench", "", "", payload, hash, hash)
			}
			s0 := time.Now()
			if _, err := st.Exec(args...); err != nil {
				t.Fatal(err)
			}
			stepT += time.Since(s0)
		}
		var idxT time.Duration
		if c.noidx && os.Getenv("EXP_REINDEX") != "" {
			i0 := time.Now()
			if _, err := conn.ExecContext(context.Background(), "CREATE UNIQUE INDEX ei ON events(id)"); err != nil {
				t.Fatal(err)
			}
			if _, err := conn.ExecContext(context.Background(), "CREATE UNIQUE INDEX es ON events(stream, version)"); err != nil {
				t.Fatal(err)
			}
			idxT = time.Since(i0)
		}
		c0 := time.Now()
		if _, err := conn.ExecContext(context.Background(), "COMMIT"); err != nil {
			t.Fatal(err)
		}
		el := time.Since(start)
		fi, _ := os.Stat(filepath.Join(dir, "x.db-wal"))
		var walSize int64
		if fi != nil {
			walSize = fi.Size()
		}
		t.Logf("%-18s %7.0f rows/s  exec %v index %v commit %v  wal %d MB", c.name, float64(n)/el.Seconds(), stepT.Round(time.Millisecond), idxT.Round(time.Millisecond), time.Since(c0).Round(time.Millisecond), walSize>>20)
		st.Close()
		conn.Close()
		db.Close()
		_ = sql.ErrNoRows
	}
}
