package migrate

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"ariga.io/atlas/sql/migrate"
	"ariga.io/atlas/sql/schema"
)

// excluded keeps the history table and SQLite internals out of plans.
var excluded = []string{"*." + RevisionsTable, "*.sqlite_*"}

// state is a database schema: the tables atlas inspects, and the virtual
// tables, views and triggers this package manages itself.
type state struct {
	realm   *schema.Realm
	objects []object
}

func inspectState(ctx context.Context, drv migrate.Driver) (*state, error) {
	realm, err := drv.InspectRealm(ctx, &schema.InspectRealmOption{Exclude: excluded})
	if err != nil {
		return nil, fmt.Errorf("inspect: %w", err)
	}
	objs, err := readObjects(ctx, drv)
	if err != nil {
		return nil, err
	}
	return &state{realm: realm, objects: objs}, nil
}

// replay executes files of dir, in order, on a new in-memory database and
// returns it with its driver. The caller closes the database.
func replay(ctx context.Context, dir migrate.Dir, files []migrate.File) (*sql.DB, migrate.Driver, error) {
	db, err := openMemory(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("dev database: %w", err)
	}
	drv, err := openDriver(db)
	if err == nil && len(files) > 0 {
		var ex *migrate.Executor
		if ex, err = migrate.NewExecutor(drv, dir, migrate.NopRevisionReadWriter{}); err == nil {
			err = ex.ExecuteFiles(ctx, files)
		}
	}
	if err != nil {
		return nil, nil, errors.Join(fmt.Errorf("replay: %w", err), db.Close())
	}
	return db, drv, nil
}

// desiredState executes the *.sql files of desired, in name order, on a new
// in-memory database and inspects the result.
func desiredState(ctx context.Context, desired fs.FS) (*state, error) {
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
	st, err := inspectState(ctx, drv)
	if err != nil {
		return nil, fmt.Errorf("desired schema: %w", err)
	}
	return st, nil
}

// differences describes how the state got differs from want, one line per
// difference; none means they are the same schema.
func differences(drv migrate.Driver, got, want *state) ([]string, error) {
	changes, err := drv.RealmDiff(got.realm, want.realm)
	if err != nil {
		return nil, fmt.Errorf("compare schemas: %w", err)
	}
	var out []string
	for _, c := range changes {
		out = append(out, describe(c)...)
	}
	have := make(map[string]object, len(got.objects))
	for _, o := range got.objects {
		have[o.key()] = o
	}
	for _, o := range want.objects {
		switch g, ok := have[o.key()]; {
		case !ok:
			out = append(out, fmt.Sprintf("%s %q is missing", o.Kind, o.Name))
		case g.SQL != o.SQL:
			out = append(out, fmt.Sprintf("%s %q differs", o.Kind, o.Name))
		}
		delete(have, o.key())
	}
	for _, o := range got.objects {
		if _, ok := have[o.key()]; ok {
			out = append(out, fmt.Sprintf("unexpected %s %q", o.Kind, o.Name))
		}
	}
	return out, nil
}

// describe words an atlas change from got to want as a difference of got.
func describe(c schema.Change) []string {
	switch c := c.(type) {
	case *schema.AddTable:
		return []string{fmt.Sprintf("table %q is missing", c.T.Name)}
	case *schema.DropTable:
		return []string{fmt.Sprintf("unexpected table %q", c.T.Name)}
	case *schema.ModifyTable:
		var out []string
		for _, tc := range c.Changes {
			out = append(out, fmt.Sprintf("table %q: %s", c.T.Name, describeTableChange(tc)))
		}
		return out
	default:
		return []string{strings.TrimPrefix(fmt.Sprintf("%T", c), "*schema.")}
	}
}

func describeTableChange(c schema.Change) string {
	switch c := c.(type) {
	case *schema.AddColumn:
		return fmt.Sprintf("column %q is missing", c.C.Name)
	case *schema.DropColumn:
		return fmt.Sprintf("unexpected column %q", c.C.Name)
	case *schema.ModifyColumn:
		return fmt.Sprintf("column %q differs", c.From.Name)
	case *schema.AddIndex:
		return fmt.Sprintf("index %q is missing", c.I.Name)
	case *schema.DropIndex:
		return fmt.Sprintf("unexpected index %q", c.I.Name)
	case *schema.ModifyIndex:
		return fmt.Sprintf("index %q differs", c.From.Name)
	case *schema.AddForeignKey:
		return fmt.Sprintf("foreign key %q is missing", c.F.Symbol)
	case *schema.DropForeignKey:
		return fmt.Sprintf("unexpected foreign key %q", c.F.Symbol)
	case *schema.AddCheck:
		return fmt.Sprintf("check %q is missing", c.C.Name)
	case *schema.DropCheck:
		return fmt.Sprintf("unexpected check %q", c.C.Name)
	default:
		return strings.TrimPrefix(fmt.Sprintf("%T", c), "*schema.") + " differs"
	}
}
