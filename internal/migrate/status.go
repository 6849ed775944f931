package migrate

import (
	"context"
	"fmt"
	"strings"

	"ariga.io/atlas/sql/migrate"
)

// Status describes where a database stands relative to the directory.
type Status struct {
	// Current is the version of the last fully applied migration, "" if none.
	Current string
	// Applied lists the revisions recorded in the database, oldest first.
	Applied []*migrate.Revision
	// Pending lists the versions in the directory not yet applied.
	Pending []string
	// Unknown lists applied versions that the directory does not hold.
	Unknown []string
}

// Status reads the revisions table and compares it with the directory.
func (m *Migrator) Status(ctx context.Context) (Status, error) {
	revs, err := readRevisions(ctx, m.db)
	if err != nil {
		return Status{}, fmt.Errorf("migration status: %w", err)
	}
	files, err := m.dir.Files()
	if err != nil {
		return Status{}, fmt.Errorf("migration status: list files: %w", err)
	}
	return newStatus(revs, files), nil
}

func newStatus(revs []*migrate.Revision, files []migrate.File) Status {
	st := Status{Applied: revs}
	known := make(map[string]bool, len(files))
	for _, f := range files {
		known[f.Version()] = true
	}
	done := make(map[string]bool, len(revs))
	var baseline string
	for _, r := range revs {
		if !known[r.Version] {
			st.Unknown = append(st.Unknown, r.Version)
		}
		switch {
		case r.Type.Has(migrate.RevisionTypeBaseline):
			baseline = r.Version
		case r.Applied == r.Total && r.Error == "":
		default:
			continue
		}
		done[r.Version] = true
		st.Current = r.Version
	}
	for _, f := range files {
		if v := f.Version(); !done[v] && v > baseline {
			st.Pending = append(st.Pending, v)
		}
	}
	return st
}

// Verify checks, without changing anything, that the directory matches
// atlas.sum and the database is exactly at the directory's last version.
func (m *Migrator) Verify(ctx context.Context) error {
	if err := validate(m.dir); err != nil {
		return fmt.Errorf("verify migrations: %w", err)
	}
	st, err := m.Status(ctx)
	if err != nil {
		return fmt.Errorf("verify migrations: %w", err)
	}
	if err := st.check(); err != nil {
		return fmt.Errorf("verify migrations: %w", err)
	}
	return nil
}

func (st Status) check() error {
	if len(st.Unknown) > 0 {
		return fmt.Errorf("%w: %s", ErrUnknownRevision, strings.Join(st.Unknown, ", "))
	}
	if len(st.Pending) > 0 {
		return fmt.Errorf("%w: %s", ErrPending, strings.Join(st.Pending, ", "))
	}
	return nil
}
