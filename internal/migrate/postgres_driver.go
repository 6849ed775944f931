package migrate

import (
	"context"
	"fmt"

	"ariga.io/atlas/sql/migrate"
	"ariga.io/atlas/sql/postgres"
	"ariga.io/atlas/sql/schema"
)

// pgDriver is atlas's PostgreSQL driver bound to the one schema this
// package migrates. atlas binds its driver to a schema only when it opens
// the URL itself; opened on a transaction it sees the whole database, and
// its first-run check would call any other schema (an extension's, a
// second application's) a dirty database.
type pgDriver struct {
	migrate.Driver
	schema string
}

var _ migrate.StmtScanner = pgDriver{}

// openPGDriver returns the atlas driver on q (a *sql.DB, *sql.Conn or
// *sql.Tx of pgx's database/sql driver) for the schema named schema.
func openPGDriver(q schema.ExecQuerier, name string) (pgDriver, error) {
	drv, err := postgres.Open(q)
	if err != nil {
		return pgDriver{}, err
	}
	return pgDriver{Driver: drv, schema: name}, nil
}

// ScanStmts keeps the PostgreSQL statement scanner (dollar-quoted function
// bodies), which atlas finds by a type assertion that embedding would hide.
func (d pgDriver) ScanStmts(input string) ([]*migrate.Stmt, error) {
	if s, ok := d.Driver.(migrate.StmtScanner); ok {
		return s.ScanStmts(input)
	}
	return migrate.Stmts(input)
}

// CheckClean reports a schema that holds tables other than the history
// table revT as not clean: the first Up refuses to migrate over them.
func (d pgDriver) CheckClean(ctx context.Context, revT *migrate.TableIdent) error {
	s, err := d.InspectSchema(ctx, d.schema, nil)
	if err != nil {
		return err
	}
	for _, t := range s.Tables {
		if revT == nil || t.Name != revT.Name {
			return &migrate.NotCleanError{
				State:  schema.NewRealm(s),
				Reason: fmt.Sprintf("found table %q in schema %q", t.Name, s.Name),
			}
		}
	}
	return nil
}
