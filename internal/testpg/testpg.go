// Package testpg gives tests a real, throwaway PostgreSQL: one cluster per
// test binary, started on first use (initdb into a directory under
// os.TempDir(), a free loopback port, settings that trade durability for
// speed), and one fresh database per test.
//
// A package that uses it runs its tests through Main, which stops the cluster
// and removes its directory once they end:
//
//	func TestMain(m *testing.M) { testpg.Main(m) }
//
//	func TestX(t *testing.T) {
//		dsn := testpg.New(t) // postgres://postgres@127.0.0.1:port/db?sslmode=disable
//		...
//	}
//
// NewFrom gives a copy of a template database instead, filled once per
// test binary (by the migrations, say): a copy costs about as much as an
// empty database, 0.1–0.2 s on a busy 2-core machine, however long the
// setup took.
//
// Main, rather than reference-counted cleanups, because tests that run one
// after the other would otherwise stop and restart the cluster between them.
// Should the test binary die instead (a panic, a -timeout, SIGKILL), the
// kernel kills the postmaster with it (Pdeathsig on Linux); its directory,
// left behind, is removed by the next test binary that starts a cluster
// (on Linux, where /proc tells that its owner is gone).
//
// As root the server runs as the user nobody, since initdb and postgres
// refuse root. Without the PostgreSQL binaries (see binDir) tests skip, or
// fail when CI=true.
package testpg

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// ddlTimeout bounds CREATE and DROP DATABASE.
const ddlTimeout = 30 * time.Second

// shared is the test binary's cluster. It is process state by nature: every
// test of the binary shares the one server, and Main stops it.
var shared struct {
	mu      sync.Mutex
	inMain  bool
	started bool // startCluster ran: c or err is its result
	c       *cluster
	err     error
	dbs     atomic.Int64 // databases created, which also numbers their names
}

// Main runs the tests of m, then stops the cluster if any of them started
// it. Call it from TestMain; when TestMain returns, the test binary exits
// with the result of m.Run.
func Main(m *testing.M) {
	shared.mu.Lock()
	shared.inMain = true
	shared.mu.Unlock()

	m.Run()

	shared.mu.Lock()
	defer shared.mu.Unlock()
	shared.inMain = false
	if shared.c == nil {
		return
	}
	if testing.Verbose() {
		fmt.Fprintf(os.Stderr, "testpg: cluster started in %v, %d databases\n",
			shared.c.elapsed.Round(time.Millisecond), shared.dbs.Load())
	}
	if err := shared.c.stop(); err != nil {
		fmt.Fprintf(os.Stderr, "testpg: stop: %v\n", err)
	}
	shared.c = nil
}

// New creates an empty database for the test, dropped when it ends (with
// FORCE, so connections still open do not keep it), and returns its URL.
// The user is a superuser without a password.
func New(tb testing.TB) string {
	tb.Helper()
	return create(tb, get(tb), "")
}

// NewFrom is New for a database that starts as a copy of the template
// named key, which setup fills (migrates, seeds) through the URL it is
// given the first time a test of the binary asks for key. Copying is much
// cheaper than running the migrations for every test. setup must close
// its connections before it returns; a failed setup fails every test that
// asks for key.
func NewFrom(tb testing.TB, key string, setup func(ctx context.Context, dsn string) error) string {
	tb.Helper()
	c := get(tb)
	t := c.template(key)
	t.once.Do(func() { t.err = c.prepare(t.name, setup) })
	if t.err != nil {
		tb.Fatalf("testpg: template %q: %v", key, t.err)
	}
	return create(tb, c, t.name)
}

func create(tb testing.TB, c *cluster, template string) string {
	tb.Helper()
	name := dbName(tb.Name(), shared.dbs.Add(1))
	ident := pgx.Identifier{name}.Sanitize()
	sql := "CREATE DATABASE " + ident
	if template != "" {
		sql += " TEMPLATE " + pgx.Identifier{template}.Sanitize()
	}

	ctx, cancel := context.WithTimeout(context.Background(), ddlTimeout)
	defer cancel()
	if _, err := c.admin.Exec(ctx, sql); err != nil {
		tb.Fatalf("testpg: create database %s: %v", name, err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), ddlTimeout)
		defer cancel()
		if _, err := c.admin.Exec(ctx, "DROP DATABASE "+ident+" WITH (FORCE)"); err != nil {
			tb.Errorf("testpg: drop database %s: %v", name, err)
		}
	})
	return c.dsn(name)
}

// get returns the running cluster, starting it on first use, or ends the
// test: skipped without PostgreSQL (failed in CI), failed on any other
// error, which later tests then see at once rather than after another try.
func get(tb testing.TB) *cluster {
	tb.Helper()
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if !shared.inMain {
		tb.Fatalf("testpg: the package's tests must run through testpg.Main: add func TestMain(m *testing.M) { testpg.Main(m) }")
	}
	if !shared.started {
		shared.started = true
		shared.c, shared.err = startCluster()
	}
	switch {
	case errors.Is(shared.err, errNoPostgres):
		missing(tb, shared.err)
	case shared.err != nil:
		tb.Fatalf("testpg: start PostgreSQL: %v", shared.err)
	}
	return shared.c
}

// dbName is a database name unique in the cluster that says which test made
// it, within PostgreSQL's 63 bytes.
func dbName(test string, n int64) string {
	return identifier(fmt.Sprintf("t%d_", n), test)
}

// identifier is prefix and then text in lower case, anything but letters and
// digits turned into _, cut at 63 bytes.
func identifier(prefix, text string) string {
	var b strings.Builder
	b.WriteString(prefix)
	for _, r := range strings.ToLower(text) {
		if b.Len() == 63 {
			break
		}
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}
