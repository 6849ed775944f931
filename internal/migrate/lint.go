package migrate

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"

	"ariga.io/atlas/sql/migrate"
	"ariga.io/atlas/sql/schema"
	"ariga.io/atlas/sql/sqlcheck"
	"ariga.io/atlas/sql/sqlclient"
	"ariga.io/atlas/sql/sqlite"
	_ "ariga.io/atlas/sql/sqlite/sqlitecheck" // registers the SQLite analyzers
)

// LintOptions selects the migration files Lint analyzes.
type LintOptions struct {
	// Base lints the files with a version after Base, which must be a
	// version of the directory.
	Base string
	// All lints every file. Without Base or All, Lint lints the last file.
	All bool
}

// A Finding is one diagnostic of an atlas analyzer: a destructive change
// (DS1xx), a data-dependent one (MF1xx, LT101), a dropped constraint
// (CD101) or a backward-incompatible one (BC1xx); or of this package:
// a dropped virtual table that held rows (VT101).
type Finding struct {
	File      string
	Line, Col int // of the statement, 1-based
	Code      string
	Text      string
}

func (f Finding) String() string {
	return fmt.Sprintf("%s:%d:%d: %s: %s", f.File, f.Line, f.Col, f.Code, f.Text)
}

// Lint runs the atlas SQLite analyzers (the checks of `atlas migrate lint`)
// over the selected files of dir and returns what they found. The files
// before the first selected one are replayed on an in-memory database; each
// selected file is then executed statement by statement to learn the
// changes each statement makes.
func Lint(ctx context.Context, dir migrate.Dir, opts LintOptions) ([]Finding, error) {
	if err := validate(dir); err != nil {
		return nil, fmt.Errorf("migrate lint: %w", err)
	}
	files, err := dir.Files()
	if err != nil {
		return nil, fmt.Errorf("migrate lint: %w", err)
	}
	first, err := lintStart(files, opts)
	if err != nil {
		return nil, fmt.Errorf("migrate lint: %w", err)
	}
	analyzers, err := sqlcheck.AnalyzerFor(sqlite.DriverName, nil)
	if err != nil || len(analyzers) == 0 {
		return nil, errors.Join(errors.New("migrate lint: no SQLite analyzers"), err)
	}
	db, drv, err := replay(ctx, dir, files[:first])
	if err != nil {
		return nil, fmt.Errorf("migrate lint: %w", err)
	}
	defer db.Close()
	dev := &sqlclient.Client{Name: sqlite.DriverName, DB: db, Driver: drv}
	var findings []Finding
	for _, f := range files[first:] {
		lf, vd, err := loadFile(ctx, drv, f)
		if err != nil {
			return nil, fmt.Errorf("migrate lint: %s: %w", f.Name(), err)
		}
		found, err := analyze(ctx, analyzers, dev, lf)
		if err != nil {
			return nil, fmt.Errorf("migrate lint: %s: %w", f.Name(), err)
		}
		findings = append(append(findings, found...), vd.findings(f.Name(), f.Bytes())...)
	}
	return findings, nil
}

// lintStart returns the index of the first file to lint.
func lintStart(files []migrate.File, opts LintOptions) (int, error) {
	switch {
	case opts.All:
		return 0, nil
	case opts.Base != "":
		i := slices.IndexFunc(files, func(f migrate.File) bool { return f.Version() == opts.Base })
		if i < 0 {
			return 0, fmt.Errorf("base version %s is not in the directory", opts.Base)
		}
		return i + 1, nil
	default:
		return max(len(files)-1, 0), nil
	}
}

// loadFile executes f on the dev database one statement at a time and
// records the schema changes of each, as the atlas CLI's dev loader does.
// Virtual tables, views and triggers are invisible to atlas (see
// atlasDriver); the virtual tables f drops for good are followed apart.
func loadFile(ctx context.Context, drv migrate.Driver, f migrate.File) (*sqlcheck.File, *virtualDrops, error) {
	stmts, err := migrate.FileStmtDecls(drv, f)
	if err != nil {
		return nil, nil, err
	}
	vd, err := newVirtualDrops(ctx, drv)
	if err != nil {
		return nil, nil, err
	}
	inspect := func() (*schema.Realm, error) {
		return drv.InspectRealm(ctx, &schema.InspectRealmOption{Exclude: excluded})
	}
	from, err := inspect()
	if err != nil {
		return nil, nil, err
	}
	lf := &sqlcheck.File{File: f, From: from, To: from}
	for _, s := range stmts {
		if _, err := drv.ExecContext(ctx, s.Text); err != nil {
			return nil, nil, fmt.Errorf("line %d: %w", line(f.Bytes(), s.Pos), err)
		}
		change := &sqlcheck.Change{Stmt: s}
		lf.Changes = append(lf.Changes, change)
		if !isDDL(s.Text) {
			continue // INSERT, PRAGMA ...: keep the slot, skip the inspection
		}
		next, err := inspect()
		if err != nil {
			return nil, nil, err
		}
		if change.Changes, err = drv.RealmDiff(lf.To, next); err != nil {
			return nil, nil, err
		}
		lf.To = next
		if err := vd.after(ctx, drv, s.Pos); err != nil {
			return nil, nil, err
		}
	}
	if lf.Sum, err = drv.RealmDiff(from, lf.To); err != nil {
		return nil, nil, err
	}
	return lf, vd, nil
}

// isDDL reports whether a statement can change the schema.
func isDDL(stmt string) bool {
	ids := identifiers(stmt)
	return len(ids) > 0 && slices.Contains([]string{"create", "drop", "alter"}, ids[0])
}

// analyze runs each analyzer on its own: an analyzer that finds something
// it considers an error returns an error after reporting, which would stop
// atlas's Analyzers chain.
func analyze(ctx context.Context, analyzers []sqlcheck.Analyzer, dev *sqlclient.Client, lf *sqlcheck.File) ([]Finding, error) {
	var reports []sqlcheck.Report
	pass := &sqlcheck.Pass{File: lf, Dev: dev, Reporter: sqlcheck.ReportWriterFunc(func(r sqlcheck.Report) {
		reports = append(reports, r)
	})}
	for _, a := range analyzers {
		n := len(reports)
		if err := a.Analyze(ctx, pass); err != nil && len(reports) == n {
			return nil, err
		}
	}
	var findings []Finding
	for _, r := range reports {
		for _, d := range r.Diagnostics {
			l, c := position(lf.Bytes(), d.Pos)
			findings = append(findings, Finding{File: lf.Name(), Line: l, Col: c, Code: d.Code, Text: d.Text})
		}
	}
	return findings, nil
}

// position converts a byte offset in b to a 1-based line and column.
func position(b []byte, pos int) (line, col int) {
	pos = min(max(pos, 0), len(b))
	start := bytes.LastIndexByte(b[:pos], '\n') + 1
	return bytes.Count(b[:pos], []byte("\n")) + 1, pos - start + 1
}

func line(b []byte, pos int) int {
	l, _ := position(b, pos)
	return l
}
