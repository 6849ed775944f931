package migrate

import (
	"context"
	"fmt"

	"ariga.io/atlas/sql/migrate"
)

// Hash rewrites the atlas.sum of dir from its files, in the format of
// `atlas migrate hash`.
func Hash(dir migrate.Dir) error {
	sum, err := dir.Checksum()
	if err != nil {
		return fmt.Errorf("migrate hash: %w", err)
	}
	if err := migrate.WriteSumFile(dir, sum); err != nil {
		return fmt.Errorf("migrate hash: %w", err)
	}
	return nil
}

// Validate checks that dir matches its atlas.sum (ErrChecksum) and that its
// files, in order, replay cleanly on an empty in-memory database.
func Validate(ctx context.Context, dir migrate.Dir) error {
	if err := validate(dir); err != nil {
		return fmt.Errorf("migrate validate: %w", err)
	}
	files, err := dir.Files()
	if err != nil {
		return fmt.Errorf("migrate validate: %w", err)
	}
	db, drv, err := replay(ctx, dir, nil)
	if err != nil {
		return fmt.Errorf("migrate validate: %w", err)
	}
	defer db.Close()
	ex, err := migrate.NewExecutor(drv, dir, migrate.NopRevisionReadWriter{})
	if err != nil {
		return fmt.Errorf("migrate validate: %w", err)
	}
	for _, f := range files {
		if err := ex.ExecuteFiles(ctx, []migrate.File{f}); err != nil {
			return fmt.Errorf("migrate validate: %s: %w", f.Name(), err)
		}
	}
	if _, err := inspectState(ctx, drv); err != nil {
		return fmt.Errorf("migrate validate: %w", err)
	}
	return nil
}
