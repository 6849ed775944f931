package migrate_test

import (
	"context"
	"slices"
	"testing"

	"github.com/marketpulse/api/internal/migrate"
)

func TestPostgresUpFromEmpty(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := mustPG(t)
	m := migrate.NewPostgres(d, mustEmbeddedPG(t), nil)

	st, err := m.Status(ctx)
	if err != nil || st.Current != "" || !slices.Equal(st.Pending, pgVersions(t)) {
		t.Fatalf("status of an empty database = %+v, %v", st, err)
	}
	applied, err := m.Up(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(applied) != len(pgVersions(t)) {
		t.Errorf("applied %v, want every file", applied)
	}
	st, err = m.Status(ctx)
	versions := pgVersions(t)
	if err != nil || st.Current != versions[len(versions)-1] || len(st.Pending) != 0 || len(st.Applied) != len(versions) {
		t.Fatalf("status after up = %+v, %v", st, err)
	}
	if err := m.Verify(ctx); err != nil {
		t.Errorf("Verify after up: %v", err)
	}
	diffs, err := m.Drift(ctx, mustDesiredPG(t))
	if err != nil || len(diffs) != 0 {
		t.Errorf("drift after up = %q, %v", diffs, err)
	}
}
