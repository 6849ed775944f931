package migrate

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"ariga.io/atlas/sql/migrate"
)

// Down reverts the last n applied migrations (1 when n <= 0, all of them
// when n exceeds their number) and returns the names of the reverted files,
// newest first.
//
// The target schema is what the directory produces up to the version
// before the first reverted one, replayed on an in-memory database. The
// changes from the live schema to it are planned like Diff plans them and
// applied in one transaction together with deleting the revisions, so a
// failing Down changes nothing. Rows are kept where the target schema
// allows: table rebuilds copy the columns both schemas have.
//
// Down refuses with ErrDrift when the live schema is not what its applied
// migrations produce: reverting would then lose or undo changes that no
// migration file describes.
func (m *Migrator) Down(ctx context.Context, n int) ([]string, error) {
	start := time.Now()
	if n <= 0 {
		n = 1
	}
	if err := validate(m.dir); err != nil {
		return nil, fmt.Errorf("migrate down: %w", err)
	}
	conn, err := m.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("migrate down: %w", err)
	}
	defer conn.Close()
	applied, err := m.appliedFiles(ctx, conn)
	if err != nil || len(applied) == 0 {
		return nil, err
	}
	keep := applied[:len(applied)-min(n, len(applied))]
	reverted := applied[len(keep):]
	target, want, err := replayStates(ctx, m.dir, keep, reverted)
	if err != nil {
		return nil, fmt.Errorf("migrate down: %w", err)
	}
	err = inTx(ctx, conn, func(tx *sql.Tx) error {
		return m.revert(ctx, tx, applied, reverted, want, target)
	})
	if err != nil {
		return nil, fmt.Errorf("migrate down: %w", err)
	}
	var names []string
	for _, f := range slices.Backward(reverted) {
		names = append(names, f.Name())
	}
	m.log.InfoContext(ctx, "migrations reverted", "files", names, "duration", time.Since(start))
	return names, nil
}

// revert runs inside the transaction: it checks that nothing changed since
// the replays, plans and applies live → target, deletes the revisions and
// checks that the schema arrived at target.
func (m *Migrator) revert(ctx context.Context, tx *sql.Tx, applied, reverted []migrate.File, want, target *state) error {
	revs, err := readRevisions(ctx, tx)
	if err != nil {
		return err
	}
	if len(revs) != len(applied) || revs[len(revs)-1].Version != applied[len(applied)-1].Version() {
		return errors.New("revisions changed while planning: try again")
	}
	drv, err := openDriver(tx)
	if err != nil {
		return err
	}
	live, err := inspectState(ctx, drv)
	if err != nil {
		return err
	}
	drift, err := differences(drv, live, want)
	if err != nil {
		return err
	}
	if len(drift) > 0 {
		return fmt.Errorf("%w: %s", ErrDrift, strings.Join(drift, "; "))
	}
	p, err := plan(ctx, drv, "down", live, target)
	if err != nil {
		return err
	}
	for _, c := range p.Changes {
		if c.Cmd == pragmaFKOff || c.Cmd == pragmaFKOn {
			continue // inTx does this outside the transaction
		}
		m.log.DebugContext(ctx, "migrate down", "stmt", c.Cmd)
		if _, err := tx.ExecContext(ctx, c.Cmd); err != nil {
			return fmt.Errorf("%q: %w", c.Cmd, err)
		}
	}
	for _, f := range reverted {
		if err := (&revisions{q: tx}).DeleteRevision(ctx, f.Version()); err != nil {
			return err
		}
	}
	got, err := inspectState(ctx, drv)
	if err != nil {
		return err
	}
	if diff, err := differences(drv, got, target); err != nil || len(diff) > 0 {
		return errors.Join(err, fmt.Errorf("the plan missed the target: %s", strings.Join(diff, "; ")))
	}
	return nil
}

// replayStates replays the kept files on an in-memory database to get the
// target state, then the reverted ones to get the state the live database
// should be in.
func replayStates(ctx context.Context, dir migrate.Dir, keep, reverted []migrate.File) (target, want *state, err error) {
	db, drv, err := replay(ctx, dir, keep)
	if err != nil {
		return nil, nil, err
	}
	defer db.Close()
	if target, err = inspectState(ctx, drv); err != nil {
		return nil, nil, err
	}
	ex, err := migrate.NewExecutor(drv, dir, migrate.NopRevisionReadWriter{})
	if err != nil {
		return nil, nil, err
	}
	if err := ex.ExecuteFiles(ctx, reverted); err != nil {
		return nil, nil, fmt.Errorf("replay: %w", err)
	}
	if want, err = inspectState(ctx, drv); err != nil {
		return nil, nil, err
	}
	return target, want, nil
}

// appliedFiles returns the files the database has applied. Down can only
// replay a history that is a prefix of the directory, fully applied.
func (m *Migrator) appliedFiles(ctx context.Context, q *sql.Conn) ([]migrate.File, error) {
	revs, err := readRevisions(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("migrate down: %w", err)
	}
	files, err := m.dir.Files()
	if err != nil {
		return nil, fmt.Errorf("migrate down: list files: %w", err)
	}
	sums, err := m.dir.Checksum()
	if err != nil {
		return nil, fmt.Errorf("migrate down: hash files: %w", err)
	}
	if err := newStatus(revs, files, sums).Validate(); err != nil {
		return nil, fmt.Errorf("migrate down: %w", err)
	}
	for i, r := range revs {
		switch {
		case r.Type.Has(migrate.RevisionTypeBaseline):
			return nil, fmt.Errorf("migrate down: %s is a baseline: there is nothing to replay", r.Version)
		case r.Applied != r.Total || r.Error != "":
			return nil, fmt.Errorf("migrate down: %s is partially applied", r.Version)
		case i >= len(files) || files[i].Version() != r.Version:
			return nil, fmt.Errorf("migrate down: applied migrations are not the first %d files of the directory", len(revs))
		}
	}
	return files[:len(revs)], nil
}
