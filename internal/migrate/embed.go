package migrate

import (
	"fmt"
	"io/fs"

	"ariga.io/atlas/sql/migrate"

	"github.com/marketpulse/api/schema"
)

// Embedded returns the migration directory compiled into the binary.
func Embedded() (migrate.Dir, error) {
	sub, err := fs.Sub(schema.Migrations, "migrations")
	if err != nil {
		return nil, fmt.Errorf("embedded migrations: %w", err)
	}
	return FromFS(sub)
}

// FromFS copies the regular files at the root of fsys (*.sql and atlas.sum)
// into an in-memory migration directory.
func FromFS(fsys fs.FS) (migrate.Dir, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	dir := &migrate.MemDir{}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		b, err := fs.ReadFile(fsys, e.Name())
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", e.Name(), err)
		}
		if err := dir.WriteFile(e.Name(), b); err != nil {
			return nil, fmt.Errorf("copy migration %s: %w", e.Name(), err)
		}
	}
	return dir, nil
}

// EmbeddedPostgres returns the PostgreSQL migration directory compiled into
// the binary (schema/postgres/migrations).
func EmbeddedPostgres() (migrate.Dir, error) {
	sub, err := fs.Sub(schema.PostgresMigrations, "postgres/migrations")
	if err != nil {
		return nil, fmt.Errorf("embedded postgres migrations: %w", err)
	}
	return FromFS(sub)
}

// PostgresDesired returns the PostgreSQL desired state compiled into the
// binary: schema/postgres/*.sql, which applies in name order.
func PostgresDesired() (fs.FS, error) {
	sub, err := fs.Sub(schema.PostgresDesired, "postgres")
	if err != nil {
		return nil, fmt.Errorf("embedded postgres schema: %w", err)
	}
	return sub, nil
}
