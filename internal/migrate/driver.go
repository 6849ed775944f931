package migrate

import (
	"context"
	"database/sql"
	"slices"

	"ariga.io/atlas/sql/migrate"
	"ariga.io/atlas/sql/schema"
	"ariga.io/atlas/sql/sqlite"
	_ "modernc.org/sqlite" // registers the "sqlite" driver (pure Go)
)

// atlasDriver is the atlas SQLite driver with two repairs every inspection
// in this package relies on:
//   - virtual tables and their shadow tables are left out: atlas OSS sees
//     them as plain tables and would plan CREATE TABLE news_fts_data (...).
//     They, views and triggers are managed by objectChanges instead.
//   - index collations are restored (see collate).
type atlasDriver struct {
	migrate.Driver
}

var _ migrate.StmtScanner = atlasDriver{}

// openDriver returns the atlas driver used for planning, replaying and
// inspecting on db (a *sql.DB, *sql.Conn or *sql.Tx).
func openDriver(db schema.ExecQuerier) (migrate.Driver, error) {
	drv, err := sqlite.Open(db)
	if err != nil {
		return nil, err
	}
	return atlasDriver{Driver: drv}, nil
}

// InspectRealm inspects the database without the tables atlas cannot
// manage and restores index collations.
func (d atlasDriver) InspectRealm(ctx context.Context, opts *schema.InspectRealmOption) (*schema.Realm, error) {
	r, err := d.Driver.InspectRealm(ctx, opts)
	if err != nil {
		return nil, err
	}
	skip, err := virtualTables(ctx, d)
	if err != nil {
		return nil, err
	}
	for _, s := range r.Schemas {
		s.Tables = slices.DeleteFunc(s.Tables, func(t *schema.Table) bool { return skip[t.Name] })
		for _, t := range s.Tables {
			for _, idx := range t.Indexes {
				if err := d.collate(ctx, t, idx); err != nil {
					return nil, err
				}
			}
		}
	}
	return r, nil
}

// ScanStmts keeps the SQLite statement scanner (BEGIN ... END blocks),
// which atlas finds by a type assertion that embedding would hide.
func (d atlasDriver) ScanStmts(input string) ([]*migrate.Stmt, error) {
	if s, ok := d.Driver.(migrate.StmtScanner); ok {
		return s.ScanStmts(input)
	}
	return migrate.Stmts(input)
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
