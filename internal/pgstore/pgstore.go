// Package pgstore opens the PostgreSQL engine (pgx v5, one pool per
// instance) and owns its transactions, its advisory locks and the
// translation of its errors, as internal/store does for SQLite.
package pgstore

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgconn/ctxwatch"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Defaults of the zero Options fields that pgx would otherwise leave open.
const (
	defaultConnectTimeout = 5 * time.Second
	defaultTxAttempts     = 5
	defaultLockCheck      = time.Second
	// cancelGrace is how long a statement whose context ended may take to
	// stop after the cancel request before its connection is closed.
	cancelGrace = time.Second
)

// Options tune the pool and the sessions it opens. A field that is set wins
// over the URL's parameter of the same meaning (pool_max_conns,
// pool_min_conns, statement_timeout, application_name, connect_timeout); a
// zero field keeps the URL's, else the default given.
type Options struct {
	MaxConns int32 // most open connections (pgx: max(4, NumCPU)); WithAdvisoryLock holds one more
	MinConns int32 // connections kept open while idle (pgx: 0)
	// StatementTimeout is the server's limit on one statement (none).
	StatementTimeout time.Duration
	ApplicationName  string        // shown in pg_stat_activity and the server's logs
	ConnectTimeout   time.Duration // to open one connection (5s)
	// TxAttempts is how often InTx runs a transaction that fails to
	// serialize or deadlocks before it gives up (5).
	TxAttempts int
	// LockCheck is how often WithAdvisoryLock checks that the session
	// holding the lock is alive (1s).
	LockCheck time.Duration
}

// DB is a pool of connections to one PostgreSQL database. Pool serves the
// generated queries (a *pgxpool.Pool and a pgx.Tx both satisfy their DBTX).
type DB struct {
	Pool *pgxpool.Pool

	url       string // redacted, for errors and logs
	attempts  int
	lockCheck time.Duration
}

// Open parses a postgres:// URL (or keyword/value string), applies opts and
// connects once, so a wrong URL, password or unreachable server fails the
// start. No error or log line carries the password.
func Open(ctx context.Context, dsn string, opts Options) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil { // pgconn's parse errors redact the password themselves
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	if opts.MaxConns > 0 {
		cfg.MaxConns = opts.MaxConns
	}
	if opts.MinConns > 0 {
		cfg.MinConns = min(opts.MinConns, cfg.MaxConns)
	}
	rt := cfg.ConnConfig.RuntimeParams
	if opts.StatementTimeout > 0 {
		rt["statement_timeout"] = strconv.FormatInt(opts.StatementTimeout.Milliseconds(), 10)
	}
	if opts.ApplicationName != "" {
		rt["application_name"] = opts.ApplicationName
	}
	switch {
	case opts.ConnectTimeout > 0:
		cfg.ConnConfig.ConnectTimeout = opts.ConnectTimeout
	case cfg.ConnConfig.ConnectTimeout == 0:
		cfg.ConnConfig.ConnectTimeout = defaultConnectTimeout
	}
	// A context that ends cancels the statement on the server too, so a
	// client that went away, or a lock wait given up, leaves no backend
	// working or waiting (pgx's default only closes the connection).
	cfg.ConnConfig.BuildContextWatcherHandler = func(pc *pgconn.PgConn) ctxwatch.Handler {
		return &pgconn.CancelRequestContextWatcherHandler{Conn: pc, DeadlineDelay: cancelGrace}
	}
	d := &DB{url: Redacted(dsn), attempts: opts.TxAttempts, lockCheck: opts.LockCheck}
	if d.attempts <= 0 {
		d.attempts = defaultTxAttempts
	}
	if d.lockCheck <= 0 {
		d.lockCheck = defaultLockCheck
	}
	if d.Pool, err = pgxpool.NewWithConfig(ctx, cfg); err != nil {
		return nil, fmt.Errorf("open postgres %s: %w", d.url, err)
	}
	if err := d.Pool.Ping(ctx); err != nil {
		d.Pool.Close()
		return nil, fmt.Errorf("open postgres %s: %w", d.url, err)
	}
	return d, nil
}

// Ping checks that a connection can be had and answers: the health check.
func (d *DB) Ping(ctx context.Context) error {
	return Transient(withContext(ctx, d.Pool.Ping(ctx)))
}

// Close waits for the connections in use to come back and closes them all.
func (d *DB) Close() {
	d.Pool.Close()
}

// URL is the database's URL without its password, for logs.
func (d *DB) URL() string { return d.url }

// kvPassword finds a password in a keyword/value connection string or a
// query string: single-quoted (backslash escapes allowed) or up to a space
// or an ampersand.
var kvPassword = regexp.MustCompile(`(?i)(password\s*=\s*)('(?:[^'\\]|\\.|'')*'|[^\s&]*)`)

// Redacted returns a connection string fit for logs: the password of a URL's
// user info and any password parameter become xxxxx. A string that does not
// parse as a URL loses its whole user info.
func Redacted(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && u.Scheme != "" {
		if q := u.Query(); q.Has("password") {
			q.Set("password", "xxxxx")
			u.RawQuery = q.Encode()
		}
		return u.Redacted()
	}
	if i, j := strings.Index(dsn, "://"), strings.LastIndex(dsn, "@"); i >= 0 && j > i {
		dsn = dsn[:i+3] + "xxxxx" + dsn[j:]
	}
	return kvPassword.ReplaceAllString(dsn, "${1}xxxxx")
}
