package migrate

import (
	"errors"
	"fmt"

	"ariga.io/atlas/sql/migrate"
)

var (
	// ErrChecksum means the migration files do not match atlas.sum: a file
	// was edited, added or removed without re-hashing the directory.
	ErrChecksum = errors.New("migration directory does not match atlas.sum")
	// ErrUnknownRevision means the database has applied a migration that the
	// directory does not hold (it was migrated by a newer build).
	ErrUnknownRevision = errors.New("database has migrations unknown to this build")
	// ErrHistoryChanged means an applied migration was recorded with a hash
	// other than this build's file of the same version: the database was
	// migrated by a build with a different migration (Flyway's
	// validateOnMigrate check).
	ErrHistoryChanged = errors.New("was applied from a different file than this build's")
	// ErrPending means migrations are waiting to be applied.
	ErrPending = errors.New("database has pending migrations")
	// ErrDrift means the database schema is not what its applied
	// migrations produce: it was changed by hand or by other means.
	ErrDrift = errors.New("database schema has drifted from its applied migrations")
)

// validate checks the directory against its atlas.sum.
func validate(dir migrate.Dir) error {
	if err := migrate.Validate(dir); err != nil {
		return fmt.Errorf("%w: %w", ErrChecksum, err)
	}
	return nil
}
