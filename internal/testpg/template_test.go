package testpg_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/marketpulse/api/internal/testpg"
)

func TestNewFromCopiesATemplatePreparedOnce(t *testing.T) {
	t.Parallel()
	var setups atomic.Int32
	setup := func(ctx context.Context, dsn string) error {
		setups.Add(1)
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			return err
		}
		// Left open on purpose: NewFrom must end it to copy the template.
		_, err = conn.Exec(ctx, "CREATE TABLE seeded (id int PRIMARY KEY); INSERT INTO seeded VALUES (1)")
		return err
	}
	key := fmt.Sprintf("seeded-%p", &setups) // its own under -count=N too
	ctx := context.Background()
	for _, name := range []string{"a", "b", "c"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			conn := mustConnect(t, testpg.NewFrom(t, key, setup))
			if _, err := conn.Exec(ctx, "INSERT INTO seeded VALUES (2)"); err != nil {
				t.Fatalf("insert into the copy: %v", err)
			}
			var n int
			if err := conn.QueryRow(ctx, "SELECT count(*) FROM seeded").Scan(&n); err != nil {
				t.Fatalf("count: %v", err)
			}
			if n != 2 {
				t.Errorf("%d rows, want the template's one and this test's own", n)
			}
		})
	}
	t.Cleanup(func() {
		if n := setups.Load(); n != 1 {
			t.Errorf("setup ran %d times, want once", n)
		}
	})
}
