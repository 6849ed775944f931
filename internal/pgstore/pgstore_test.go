package pgstore_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/pgstore"
	"github.com/marketpulse/api/internal/testpg"
)

func TestMain(m *testing.M) { testpg.Main(m) }

func mustOpen(tb testing.TB, dsn string, opts pgstore.Options) *pgstore.DB {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	d, err := pgstore.Open(ctx, dsn, opts)
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	tb.Cleanup(d.Close)
	return d
}

func mustExec(tb testing.TB, d *pgstore.DB, sql string, args ...any) {
	tb.Helper()
	if _, err := d.Pool.Exec(context.Background(), sql, args...); err != nil {
		tb.Fatalf("%s: %v", sql, err)
	}
}

func TestOpenAppliesOptions(t *testing.T) {
	t.Parallel()
	d := mustOpen(t, testpg.New(t), pgstore.Options{
		MaxConns: 3, MinConns: 1, StatementTimeout: 250 * time.Millisecond, ApplicationName: "pgstore-test",
	})
	ctx := context.Background()
	if err := d.Ping(ctx); err != nil {
		t.Fatalf("Ping: %v", err)
	}
	if cfg := d.Pool.Config(); cfg.MaxConns != 3 || cfg.MinConns != 1 {
		t.Errorf("pool bounds = %d..%d, want 1..3", cfg.MinConns, cfg.MaxConns)
	}
	var timeout, app string
	if err := d.Pool.QueryRow(ctx, "SELECT current_setting('statement_timeout'), current_setting('application_name')").Scan(&timeout, &app); err != nil {
		t.Fatalf("settings: %v", err)
	}
	if timeout != "250ms" || app != "pgstore-test" {
		t.Errorf("statement_timeout = %q, application_name = %q; want 250ms, pgstore-test", timeout, app)
	}

	began := time.Now()
	_, err := d.Pool.Exec(ctx, "SELECT pg_sleep(10)")
	if took := time.Since(began); took > 5*time.Second {
		t.Errorf("a 10 s statement took %v under a 250 ms statement_timeout", took)
	}
	err = pgstore.Transient(err)
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Kind != apperr.Unavailable || ae.Code != "query_timeout" {
		t.Errorf("Transient(statement timeout) = %v, want 503 query_timeout", err)
	}
}

func TestOpenFailsWithoutLeakingThePassword(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := l.Addr().String()
	l.Close() // nothing listens there now (another process could take it: the test would still pass)

	tests := []struct {
		name string
		give string
		want string // part of the error
	}{
		{"unreachable", "postgres://app:hunter2@" + closed + "/db?sslmode=disable&connect_timeout=2", closed},
		{"bad port", "postgres://app:hunter2@127.0.0.1:notaport/db", "open postgres"},
		{"unknown parameter value", "postgres://app:hunter2@127.0.0.1/db?sslmode=sometimes", "sslmode"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			d, err := pgstore.Open(ctx, tt.give, pgstore.Options{})
			if err == nil {
				d.Close()
				t.Fatal("Open succeeded")
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Errorf("error leaks the password: %v", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
		})
	}
}

func TestRedacted(t *testing.T) {
	t.Parallel()
	tests := []struct {
		give string
		want string
	}{
		{"postgres://app:hunter2@db.internal:5432/mp?sslmode=require", "postgres://app:xxxxx@db.internal:5432/mp?sslmode=require"},
		{"postgresql://app@db/mp", "postgresql://app@db/mp"},
		{"postgres://db/mp?user=app&password=hunter2", "postgres://db/mp?password=xxxxx&user=app"},
		{"postgres://app:hun@ter2@db/mp", "postgres://app:xxxxx@db/mp"}, // an unescaped @ in the password
		{"postgres://app:hunter2@db:port/mp?password=hunter2", "postgres://xxxxx@db:port/mp?password=xxxxx"},
		{"host=db user=app password=hunter2 dbname=mp", "host=db user=app password=xxxxx dbname=mp"},
		{"host=db password='hunter 2' dbname=mp", "host=db password=xxxxx dbname=mp"},
		{"host=db PASSWORD = hunter2", "host=db PASSWORD = xxxxx"},
	}
	for _, tt := range tests {
		got := pgstore.Redacted(tt.give)
		if got != tt.want {
			t.Errorf("Redacted(%q) = %q, want %q", tt.give, got, tt.want)
		}
		if strings.Contains(got, "hunter") || strings.Contains(got, "ter2") {
			t.Errorf("Redacted(%q) = %q keeps the password", tt.give, got)
		}
	}
}

func TestURLIsRedacted(t *testing.T) {
	t.Parallel()
	dsn := testpg.New(t)
	// The test cluster trusts every login, so any password gets in.
	withPassword := strings.Replace(dsn, "postgres://postgres@", "postgres://postgres:hunter2@", 1)
	d := mustOpen(t, withPassword, pgstore.Options{})
	if strings.Contains(d.URL(), "hunter2") || !strings.Contains(d.URL(), "postgres:xxxxx@") {
		t.Errorf("URL() = %q, want the password redacted", d.URL())
	}
}

func TestLockKey(t *testing.T) {
	t.Parallel()
	a, b := pgstore.LockKey("session-sweep"), pgstore.LockKey("provider-refresh")
	if a == b || a != pgstore.LockKey("session-sweep") {
		t.Errorf("LockKey: %d, %d: want stable and distinct", a, b)
	}
	if got := fmt.Sprint(pgstore.LockKey("")); got != "-3750763034362895579" { // FNV-1a offset basis
		t.Errorf("LockKey(\"\") = %s", got)
	}
}
