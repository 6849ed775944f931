package testpg_test

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/marketpulse/api/internal/testpg"
)

func TestMain(m *testing.M) { testpg.Main(m) }

func mustConnect(tb testing.TB, dsn string) *pgx.Conn {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		tb.Fatalf("connect %s: %v", dsn, err)
	}
	tb.Cleanup(func() { _ = conn.Close(context.Background()) })
	return conn
}

func TestDatabasesAreFreshAndSeparate(t *testing.T) {
	t.Parallel()
	a, b := testpg.New(t), testpg.New(t)
	if a == b {
		t.Fatalf("two tests' databases share the URL %s", a)
	}
	ctx := context.Background()
	ca, cb := mustConnect(t, a), mustConnect(t, b)
	if _, err := ca.Exec(ctx, "CREATE TABLE only_in_a (id int)"); err != nil {
		t.Fatalf("create table: %v", err)
	}
	var pgErr *pgconn.PgError
	_, err := cb.Exec(ctx, "SELECT * FROM only_in_a")
	if !errors.As(err, &pgErr) || pgErr.Code != "42P01" { // undefined_table
		t.Errorf("the other database sees a's table: %v", err)
	}
}

func TestServerSettings(t *testing.T) {
	t.Parallel()
	conn := mustConnect(t, testpg.New(t))
	tests := []struct {
		give string
		want string
	}{
		{"listen_addresses", "127.0.0.1"},
		{"fsync", "off"},
		{"synchronous_commit", "off"},
		{"full_page_writes", "off"},
		{"max_connections", "100"},
		{"TimeZone", "UTC"},
		{"server_encoding", "UTF8"},
	}
	for _, tt := range tests {
		var got string
		if err := conn.QueryRow(context.Background(), "SELECT current_setting($1)", tt.give).Scan(&got); err != nil {
			t.Fatalf("current_setting(%s): %v", tt.give, err)
		}
		if got != tt.want {
			t.Errorf("%s = %q, want %q", tt.give, got, tt.want)
		}
	}
}

func TestDatabaseIsDroppedWhenTheTestEnds(t *testing.T) {
	t.Parallel()
	var name string
	t.Run("owner", func(t *testing.T) {
		conn := mustConnect(t, testpg.New(t))
		if err := conn.QueryRow(context.Background(), "SELECT current_database()").Scan(&name); err != nil {
			t.Fatalf("current_database: %v", err)
		}
		// Left open on purpose: the drop must not wait for it (its cleanup runs first anyway).
		_ = mustConnect(t, testpg.New(t))
	})
	conn := mustConnect(t, testpg.New(t))
	var n int
	if err := conn.QueryRow(context.Background(), "SELECT count(*) FROM pg_database WHERE datname = $1", name).Scan(&n); err != nil {
		t.Fatalf("count: %v", err)
	}
	if name == "" || n != 0 {
		t.Errorf("database %q still exists after its test (%d)", name, n)
	}
}

func TestDataDirectoryIsTheUnprivilegedUsers(t *testing.T) {
	t.Parallel()
	conn := mustConnect(t, testpg.New(t))
	var dir string
	if err := conn.QueryRow(context.Background(), "SELECT current_setting('data_directory')").Scan(&dir); err != nil {
		t.Fatalf("data_directory: %v", err)
	}
	fi, err := os.Stat(dir)
	if err != nil {
		t.Fatalf("stat %s: %v", dir, err)
	}
	if os.Geteuid() == 0 && ownerOf(fi) == 0 {
		t.Errorf("%s is root's: the server must not run as root", dir)
	}
}
