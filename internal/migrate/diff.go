package migrate

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"time"

	"ariga.io/atlas/sql/migrate"
)

// Diff plans a migration named name that brings the state of the migration
// directory at dirPath to the desired state in desired (its *.sql files,
// applied in name order). It writes the new file and rewrites atlas.sum, and
// returns the file name, or "" when the directory already matches.
//
// Tables are planned by atlas. Virtual tables (FTS5), views and triggers,
// which atlas OSS cannot plan, are compared by their SQL text and dropped
// and created as needed, including around table rebuilds.
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
	files, err := dir.Files()
	if err != nil {
		return "", fmt.Errorf("migrate diff: %w", err)
	}
	dev, drv, err := replay(ctx, dir, files)
	if err != nil {
		return "", fmt.Errorf("migrate diff: %w", err)
	}
	defer dev.Close()
	current, err := inspectState(ctx, drv)
	if err != nil {
		return "", fmt.Errorf("migrate diff: %w", err)
	}
	p, err := plan(ctx, drv, name, current, want)
	if err != nil {
		return "", fmt.Errorf("migrate diff: %w", err)
	}
	if len(p.Changes) == 0 {
		return "", nil
	}
	p.Version = nextVersion(time.Now(), files)
	// WritePlan writes the file, then dir.Checksum() + migrate.WriteSumFile.
	if err := migrate.NewPlanner(drv, dir).WritePlan(p); err != nil {
		return "", fmt.Errorf("migrate diff: write: %w", err)
	}
	return p.Version + "_" + p.Name + ".sql", nil
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
