// Package store opens the SQLite database (one writer connection plus a read
// pool) and owns transactions and the translation of driver errors.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"go.opentelemetry.io/otel/metric"
	_ "modernc.org/sqlite" // registers the "sqlite" driver (pure Go)

	"github.com/marketpulse/api/gen/db"
)

// DB is the application's database: Writer is a single-connection pool, so
// SQLite never sees two writers; Reader is a pool of read-only connections.
type DB struct {
	Writer *sql.DB
	Reader *sql.DB
	// Read and Write are sqlc query sets bound to the two pools.
	Read  *db.Queries
	Write *db.Queries
	path  string
	obs   *observer
	// Prepared statements of the two pools (see stmtCache).
	rstmts, wstmts *stmtCache
	ckpt           *checkpointer
}

// Options tune the connection pools and their instrumentation.
type Options struct {
	BusyTimeout time.Duration // how long a connection waits for a lock
	ReadConns   int           // size of the read pool; 0 means GOMAXPROCS*2 (min 4)
	// Meter receives the per-query duration histogram (nil: not recorded).
	Meter metric.Meter
	// SlowQuery logs queries at least this slow at warn level (0: never).
	SlowQuery time.Duration
	Log       *slog.Logger
}

// Open opens (creating if needed) the database file at path.
func Open(ctx context.Context, path string, opts Options) (*DB, error) {
	if path == "" {
		return nil, errors.New("open database: empty path")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o750); err != nil {
		return nil, fmt.Errorf("open database: create directory: %w", err)
	}
	if err := makePrivate(abs, opts.Log); err != nil {
		return nil, fmt.Errorf("open database %s: %w", abs, err)
	}
	if opts.BusyTimeout <= 0 {
		opts.BusyTimeout = 5 * time.Second
	}
	if opts.ReadConns <= 0 {
		opts.ReadConns = max(4, runtime.GOMAXPROCS(0)*2)
	}
	obs, err := newObserver(opts.Meter, opts.SlowQuery, opts.Log)
	if err != nil {
		return nil, fmt.Errorf("open database: query metrics: %w", err)
	}

	// WAL mode is persistent and must be set before readers attach.
	writer, err := openWriter(ctx, abs, opts.BusyTimeout)
	if err != nil {
		return nil, err
	}
	reader, err := openReader(ctx, abs, opts.BusyTimeout, opts.ReadConns)
	if err != nil {
		_ = writer.Close()
		return nil, err
	}
	ckpt, err := startCheckpointer(abs, opts.BusyTimeout, checkpointEvery)
	if err != nil {
		_ = writer.Close()
		_ = reader.Close()
		return nil, fmt.Errorf("open database checkpointer: %w", err)
	}
	rstmts, wstmts := newStmtCache(reader), newStmtCache(writer)
	return &DB{
		Writer: writer,
		Reader: reader,
		Read:   db.New(observed{next: readPool{pooled{rstmts}}, obs: obs, pool: "reader"}),
		Write:  db.New(observed{next: pooled{wstmts}, obs: obs, pool: "writer"}),
		path:   abs,
		obs:    obs,
		rstmts: rstmts,
		wstmts: wstmts,
		ckpt:   ckpt,
	}, nil
}

// openWriter opens the single-connection writer pool of the file at abs and
// checks that it answers, which also puts the database in WAL mode.
func openWriter(ctx context.Context, abs string, busy time.Duration) (*sql.DB, error) {
	writer, err := sql.Open("sqlite", DSN(abs, busy, false))
	if err != nil {
		return nil, fmt.Errorf("open database writer: %w", err)
	}
	writer.SetMaxOpenConns(1)
	writer.SetMaxIdleConns(1)
	writer.SetConnMaxLifetime(0)
	writer.SetConnMaxIdleTime(0)
	if err := writer.PingContext(ctx); err != nil {
		_ = writer.Close()
		return nil, fmt.Errorf("open database %s: %w", abs, err)
	}
	return writer, nil
}

// openReader opens the read-only pool of conns connections to the file at
// abs and checks that it answers.
func openReader(ctx context.Context, abs string, busy time.Duration, conns int) (*sql.DB, error) {
	reader, err := sql.Open("sqlite", DSN(abs, busy, true))
	if err != nil {
		return nil, fmt.Errorf("open database reader: %w", err)
	}
	reader.SetMaxOpenConns(conns)
	reader.SetMaxIdleConns(conns)
	reader.SetConnMaxIdleTime(5 * time.Minute)
	if err := reader.PingContext(ctx); err != nil {
		_ = reader.Close()
		return nil, fmt.Errorf("open database reader %s: %w", abs, err)
	}
	return reader, nil
}

// mmapSize is how much of the database file each connection reads through
// a memory map rather than read(2) calls into its small page cache: at a
// million articles a search's bm25 looks up a document size per match, and
// those page reads were half of its time (see docs/scale.md). The map is
// address space backed by the OS page cache, not heap. It is SQLite's
// largest (SQLITE_MAX_MMAP_SIZE, just under 2 GiB); a larger file reads
// its remainder as before.
const mmapSize = 0x7fff0000

// DSN builds a modernc.org/sqlite data source name for the file at path.
// The path is URI-escaped, so '#', '?' and '%' in it are safe. temp_store
// keeps statement journals in memory: a multi-row upsert in a transaction
// otherwise spills its journal to a temporary file past 64 KiB.
func DSN(path string, busy time.Duration, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busy.Milliseconds()))
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "temp_store(MEMORY)")
	q.Add("_pragma", fmt.Sprintf("mmap_size(%d)", mmapSize))
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	} else {
		q.Add("_pragma", "journal_mode(WAL)")
		// See checkpointer: a fallback for when it falls behind.
		q.Add("_pragma", fmt.Sprintf("wal_autocheckpoint(%d)", walFallbackPages))
		q.Add("_pragma", fmt.Sprintf("journal_size_limit(%d)", walSizeLimit))
		q.Set("_txlock", "immediate")
	}
	q.Set("_time_format", "sqlite")
	q.Set("_texttotime", "1")
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// Path is the absolute path of the database file.
func (d *DB) Path() string { return d.path }

// Ping checks that a read connection answers a trivial query.
func (d *DB) Ping(ctx context.Context) error {
	var one int
	if err := d.Reader.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("ping database: %w", err)
	}
	return nil
}

// Close stops the checkpointer, optimizes the query planner statistics and
// closes both pools.
func (d *DB) Close() error {
	ckptErr := d.ckpt.stop()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_, _ = d.Writer.ExecContext(ctx, "PRAGMA optimize")
	return errors.Join(ckptErr, d.rstmts.close(), d.wstmts.close(), d.Reader.Close(), d.Writer.Close())
}
