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
	// Changed lists applied versions whose recorded hash differs from this
	// build's file. atlas.sum chains each file's hash onto the previous
	// ones, so every version after a changed one is listed too.
	Changed []string
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
	sums, err := m.dir.Checksum()
	if err != nil {
		return Status{}, fmt.Errorf("migration status: hash files: %w", err)
	}
	return newStatus(revs, files, sums), nil
}

// newStatus compares the revisions with files, whose hashes (as atlas.sum
// records them and the executor stores them in each revision) are sums.
func newStatus(revs []*migrate.Revision, files []migrate.File, sums migrate.HashFile) Status {
	st := Status{Applied: revs}
	known := make(map[string]migrate.File, len(files))
	for _, f := range files {
		known[f.Version()] = f
	}
	done := make(map[string]bool, len(revs))
	var baseline string
	for _, r := range revs {
		f, ok := known[r.Version]
		if !ok {
			st.Unknown = append(st.Unknown, r.Version)
		} else if changed(r, f, sums) {
			st.Changed = append(st.Changed, r.Version)
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

// changed reports whether the revision r was recorded from a file other
// than f. Baselines record no file, and files that atlas.sum ignores have no
// hash to compare.
func changed(r *migrate.Revision, f migrate.File, sums migrate.HashFile) bool {
	if r.Type.Has(migrate.RevisionTypeBaseline) || r.Hash == "" {
		return false
	}
	sum, err := sums.SumByName(f.Name())
	return err == nil && sum != r.Hash
}

// Validate checks the applied migrations against the directory, as every
// start and `migrate status` do: none may be unknown to it (ErrUnknownRevision)
// and each must have been applied from the same file (ErrHistoryChanged, naming
// the first changed version). Pending migrations are no error here.
func (st Status) Validate() error {
	if len(st.Changed) > 0 {
		v := st.Changed[0]
		var later string
		if n := len(st.Changed) - 1; n > 0 {
			later = fmt.Sprintf("; the recorded hashes of %d later versions chain on it", n)
		}
		return fmt.Errorf("migration %s %w (its recorded hash differs)%s", v, ErrHistoryChanged, later)
	}
	if len(st.Unknown) > 0 {
		return fmt.Errorf("%w: %s", ErrUnknownRevision, strings.Join(st.Unknown, ", "))
	}
	return nil
}

func (st Status) check() error {
	if err := st.Validate(); err != nil {
		return err
	}
	if len(st.Pending) > 0 {
		return fmt.Errorf("%w: %s", ErrPending, strings.Join(st.Pending, ", "))
	}
	return nil
}
