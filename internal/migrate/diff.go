package migrate

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"time"

	"ariga.io/atlas/sql/migrate"
	"ariga.io/atlas/sql/schema"
	"ariga.io/atlas/sql/sqlite"
	_ "modernc.org/sqlite" // registers the "sqlite" driver (pure Go)
)

// excluded keeps the history table and SQLite internals out of plans.
var excluded = []string{"*." + RevisionsTable, "*.sqlite_*"}

// Diff plans a migration named name that brings the state of the migration
// directory at dirPath to the desired state in desired (its *.sql files,
// applied in name order). It writes the new file and rewrites atlas.sum, and
// returns the file name, or "" when the directory already matches.
func Diff(ctx context.Context, name string, desired fs.FS, dirPath string) (string, error) {
	if name == "" {
		return "", errors.New("migrate diff: empty name")
	}
	dir, err := migrate.NewLocalDir(dirPath)
	if err != nil {
		return "", fmt.Errorf("migrate diff: %w", err)
	}
	want, err := desiredState(ctx, desired)
	if err != nil {
		return "", fmt.Errorf("migrate diff: %w", err)
	}
	dev, err := openMemory(ctx)
	if err != nil {
		return "", fmt.Errorf("migrate diff: dev database: %w", err)
	}
	defer dev.Close()
	drv, err := openDriver(dev)
	if err != nil {
		return "", fmt.Errorf("migrate diff: %w", err)
	}
	planner := migrate.NewPlanner(drv, dir,
		migrate.PlanWithExclude(excluded...), migrate.PlanWithIndent("  "))
	plan, err := planner.Plan(ctx, name, migrate.Realm(want))
	if errors.Is(err, migrate.ErrNoPlan) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("migrate diff: plan: %w", err)
	}
	files, err := dir.Files()
	if err != nil {
		return "", fmt.Errorf("migrate diff: %w", err)
	}
	plan.Version = nextVersion(time.Now(), files)
	// WritePlan writes the file, then dir.Checksum() + migrate.WriteSumFile.
	if err := planner.WritePlan(plan); err != nil {
		return "", fmt.Errorf("migrate diff: write: %w", err)
	}
	return plan.Version + "_" + plan.Name + ".sql", nil
}

// desiredState executes the *.sql files of desired on a fresh in-memory
// database and inspects the result.
func desiredState(ctx context.Context, desired fs.FS) (*schema.Realm, error) {
	names, err := fs.Glob(desired, "*.sql")
	if err != nil {
		return nil, fmt.Errorf("desired schema: %w", err)
	}
	if len(names) == 0 {
		return nil, errors.New("desired schema: no *.sql files")
	}
	db, err := openMemory(ctx)
	if err != nil {
		return nil, fmt.Errorf("desired schema: %w", err)
	}
	defer db.Close()
	drv, err := openDriver(db)
	if err != nil {
		return nil, fmt.Errorf("desired schema: %w", err)
	}
	for _, name := range names {
		b, err := fs.ReadFile(desired, name)
		if err != nil {
			return nil, fmt.Errorf("desired schema: %w", err)
		}
		stmts, err := migrate.FileStmts(drv, migrate.NewLocalFile(name, b))
		if err != nil {
			return nil, fmt.Errorf("desired schema %s: %w", name, err)
		}
		for _, stmt := range stmts {
			if _, err := db.ExecContext(ctx, stmt); err != nil {
				return nil, fmt.Errorf("desired schema %s: %q: %w", name, stmt, err)
			}
		}
	}
	realm, err := drv.InspectRealm(ctx, &schema.InspectRealmOption{Exclude: excluded})
	if err != nil {
		return nil, fmt.Errorf("desired schema: inspect: %w", err)
	}
	return realm, nil
}

// openDriver returns the atlas SQLite driver used for planning.
func openDriver(db *sql.DB) (migrate.Driver, error) {
	drv, err := sqlite.Open(db)
	if err != nil {
		return nil, err
	}
	return collationDriver{Driver: drv}, nil
}

// openMemory opens a private in-memory database. It must stay on one
// connection: each new connection would see an empty database.
func openMemory(ctx context.Context) (*sql.DB, error) {
	db, err := sql.Open("sqlite", "file::memory:?_pragma=foreign_keys(1)&_time_format=sqlite")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	if err := db.PingContext(ctx); err != nil {
		_ = db.Close()
		return nil, err
	}
	return db, nil
}

// nextVersion is the UTC timestamp atlas uses, moved past the last file's
// version when two plans fall in the same second.
func nextVersion(now time.Time, files []migrate.File) string {
	v := now.UTC().Format("20060102150405")
	if len(files) == 0 {
		return v
	}
	last, err := strconv.ParseUint(files[len(files)-1].Version(), 10, 64)
	if err != nil {
		return v
	}
	if n, _ := strconv.ParseUint(v, 10, 64); n > last {
		return v
	}
	return strconv.FormatUint(last+1, 10)
}
