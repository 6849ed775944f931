package migrate_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	atlas "ariga.io/atlas/sql/migrate"
	"github.com/google/go-cmp/cmp"

	"github.com/marketpulse/api/internal/migrate"
)

func TestUpAppliesEmbeddedMigrations(t *testing.T) {
	t.Parallel()
	db := mustOpenDB(t)
	m := migrate.New(db, mustEmbedded(t), nil)

	applied := mustUp(t, m, 0)
	if want := embeddedNames(t); !cmp.Equal(applied, want) {
		t.Fatalf("applied = %v, want %v", applied, want)
	}

	indexes := mustQueryStrings(t, db,
		"SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'assets' ORDER BY name")
	wantIndexes := []string{
		"assets_exchange_name_idx", "assets_exchange_symbol_idx", "assets_name_idx", "assets_symbol_key",
		"assets_type_name_idx", "assets_type_symbol_idx",
	}
	if diff := cmp.Diff(wantIndexes, indexes); diff != "" {
		t.Errorf("assets indexes (-want +got):\n%s", diff)
	}
	// atlas drops COLLATE on index columns unless our driver restores it.
	for idx, want := range map[string][]string{
		"assets_name_idx":          {"name NOCASE", "id BINARY"},
		"assets_type_name_idx":     {"type BINARY", "name NOCASE", "id BINARY"},
		"assets_exchange_name_idx": {"exchange BINARY", "name NOCASE", "id BINARY"},
	} {
		colls := mustQueryStrings(t, db,
			"SELECT name || ' ' || coll FROM pragma_index_xinfo('"+idx+"') WHERE key = 1 ORDER BY seqno")
		if diff := cmp.Diff(want, colls); diff != "" {
			t.Errorf("%s columns (-want +got):\n%s", idx, diff)
		}
	}
	// id must be the rowid alias: no separate primary key index.
	pk := mustQueryStrings(t, db, "SELECT name FROM pragma_index_list('assets') WHERE origin = 'pk'")
	if len(pk) != 0 {
		t.Errorf("assets has a primary key index %v: id is not INTEGER PRIMARY KEY", pk)
	}

	tests := []struct {
		name    string
		give    string
		wantErr string
	}{
		{"valid", "INSERT INTO assets (symbol, name, type) VALUES ('AAPL', 'Apple', 'stock')", ""},
		{"lowercase symbol", "INSERT INTO assets (symbol, name, type) VALUES ('aapl', 'Apple', 'stock')", "assets_symbol_format"},
		{"bad type", "INSERT INTO assets (symbol, name, type) VALUES ('X', 'X', 'bond')", "assets_type_enum"},
		{"duplicate symbol", "INSERT INTO assets (symbol, name, type) VALUES ('AAPL', 'Again', 'stock')", "UNIQUE"},
		{"null id becomes a rowid", "INSERT INTO assets (id, symbol, name, type) VALUES (NULL, 'MSFT', 'Microsoft', 'stock')", ""},
	}
	for _, tt := range tests {
		_, err := db.Exec(tt.give)
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("%s: error %v, want it to mention %q", tt.name, err, tt.wantErr)
		}
	}

	var fk bool
	if err := db.QueryRow("PRAGMA foreign_keys").Scan(&fk); err != nil || !fk {
		t.Errorf("foreign_keys after Up = %v, %v; want on", fk, err)
	}
}

func TestUpSecondRunIsNoop(t *testing.T) {
	t.Parallel()
	db := mustOpenDB(t)
	m := migrate.New(db, mustEmbedded(t), nil)
	mustUp(t, m, 0)
	before := snapshot(t, db)

	if applied := mustUp(t, m, 0); len(applied) != 0 {
		t.Errorf("second Up applied %v", applied)
	}
	if diff := cmp.Diff(before, snapshot(t, db)); diff != "" {
		t.Errorf("second Up changed the database (-before +after):\n%s", diff)
	}
}

func TestUpRecordsRevisions(t *testing.T) {
	t.Parallel()
	db := mustOpenDB(t)
	const v = "20260101000000"
	dir := mustDir(t, map[string]string{
		v + "_init.sql": "CREATE TABLE a (id INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL);\n" +
			"CREATE INDEX a_name_idx ON a (name);\nCREATE TABLE b (id INTEGER NOT NULL PRIMARY KEY);\n",
	})
	m := migrate.New(db, dir, nil)
	start := time.Now().Add(-time.Second)
	mustUp(t, m, 0)

	sum, err := dir.Checksum()
	if err != nil {
		t.Fatal(err)
	}
	wantHash, err := sum.SumByName(v + "_init.sql")
	if err != nil {
		t.Fatal(err)
	}
	var (
		version, desc, hash, operator, executedAt string
		typ, applied, total                       int
		execTime                                  int64
		errText, errStmt, partial                 *string
	)
	// executed_at || '' reads the stored text, not the driver's time.Time.
	err = db.QueryRow(`SELECT version, description, type, applied, total, executed_at || '',
		execution_time, error, error_stmt, hash, partial_hashes, operator_version
		FROM atlas_schema_revisions`).Scan(&version, &desc, &typ, &applied, &total, &executedAt,
		&execTime, &errText, &errStmt, &hash, &partial, &operator)
	if err != nil {
		t.Fatal(err)
	}
	got := []any{version, desc, atlas.RevisionType(typ), applied == total && total > 0, hash, errText, errStmt, partial}
	want := []any{v, "init", atlas.RevisionTypeExecute, true, wantHash, (*string)(nil), (*string)(nil), (*string)(nil)}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("revision row (-want +got):\n%s", diff)
	}
	if total != 3 {
		t.Errorf("total = %d, want 3 statements", total)
	}
	if !strings.HasPrefix(operator, "marketpulse") {
		t.Errorf("operator_version = %q", operator)
	}
	at, err := time.Parse("2006-01-02 15:04:05.999999999-07:00", executedAt)
	if err != nil || at.Before(start) || at.After(time.Now()) {
		t.Errorf("executed_at = %q (%v), want a time during the test", executedAt, err)
	}
}

func TestUpAppliesN(t *testing.T) {
	t.Parallel()
	db := mustOpenDB(t)
	m := migrate.New(db, mustDir(t, map[string]string{
		"1_first.sql":  "CREATE TABLE first (id INTEGER NOT NULL PRIMARY KEY);\n",
		"2_second.sql": "CREATE TABLE second (id INTEGER NOT NULL PRIMARY KEY);\n",
		"3_third.sql":  "CREATE TABLE third (id INTEGER NOT NULL PRIMARY KEY);\n",
	}), nil)

	tests := []struct {
		give int
		want []string
	}{
		{1, []string{"1_first.sql"}},
		{1, []string{"2_second.sql"}},
		{5, []string{"3_third.sql"}},
		{0, nil},
	}
	for _, tt := range tests {
		if got := mustUp(t, m, tt.give); !cmp.Equal(tt.want, got) {
			t.Errorf("Up(%d) = %v, want %v", tt.give, got, tt.want)
		}
	}
}

func TestUpRejectsChecksumMismatch(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		tamper func(fstest.MapFS, string)
	}{
		{"untouched copy (control)", nil},
		{"edited file", func(fsys fstest.MapFS, init string) {
			fsys[init].Data = append(fsys[init].Data, "CREATE TABLE sneaky (id INTEGER NOT NULL PRIMARY KEY);\n"...)
		}},
		{"added file", func(fsys fstest.MapFS, _ string) {
			fsys["29990101000000_extra.sql"] = &fstest.MapFile{Data: []byte("CREATE TABLE extra (id INTEGER);\n")}
		}},
		{"removed file", func(fsys fstest.MapFS, init string) { delete(fsys, init) }},
		{"missing atlas.sum", func(fsys fstest.MapFS, _ string) { delete(fsys, atlas.HashFileName) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fsys := mustMigrationsFS(t)
			if tt.tamper != nil {
				tt.tamper(fsys, initVersion(t)+"_init.sql")
			}

			tampered, err := migrate.FromFS(fsys)
			if err != nil {
				t.Fatal(err)
			}
			db := mustOpenDB(t)
			applied, err := migrate.New(db, tampered, nil).Up(context.Background(), 0)
			if tt.tamper == nil {
				if err != nil || len(applied) != len(embeddedNames(t)) {
					t.Fatalf("Up on the untouched copy = %v, %v", applied, err)
				}
				return
			}
			if !errors.Is(err, migrate.ErrChecksum) {
				t.Fatalf("Up error = %v, want ErrChecksum", err)
			}
			if len(applied) != 0 {
				t.Errorf("applied %v", applied)
			}
			if tables := mustQueryStrings(t, db, "SELECT name FROM sqlite_master"); len(tables) != 0 {
				t.Errorf("database changed: %v", tables)
			}
		})
	}
}

func TestUpFailingMigrationRollsBack(t *testing.T) {
	t.Parallel()
	const bad = "29990101000000_bad.sql"
	badSQL := "CREATE TABLE half (id INTEGER NOT NULL PRIMARY KEY);\nINSERT INTO assets (symbol, name, type) VALUES ('OK', 'Ok', 'stock');\nINSERT INTO no_such_table VALUES (1);\n"
	tests := []struct {
		name  string
		files map[string]string
		first int // files applied before the failing Up; -1: all committed ones
	}{
		{"after the committed migrations", map[string]string{bad: badSQL}, -1},
		{"first file", map[string]string{"00000000000000_bad.sql": "CREATE TABLE half (id INTEGER);\nSELECT * FROM no_such_table;\n"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			files := tt.files
			if tt.first < 0 {
				tt.first = len(embeddedNames(t))
			}
			if tt.first > 0 {
				files = embeddedFiles(t)
				for k, v := range tt.files {
					files[k] = v
				}
			}
			db := mustOpenDB(t)
			m := migrate.New(db, mustDir(t, files), nil)
			if tt.first > 0 {
				mustUp(t, m, tt.first)
			}
			before := snapshot(t, db)

			applied, err := m.Up(context.Background(), 0)
			if err == nil {
				t.Fatal("Up succeeded, want an error")
			}
			for _, want := range []string{"_bad.sql", "no_such_table"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not mention %q", err, want)
				}
			}
			if len(applied) != 0 {
				t.Errorf("applied %v", applied)
			}
			if diff := cmp.Diff(before, snapshot(t, db)); diff != "" {
				t.Errorf("failed Up changed the database (-before +after):\n%s", diff)
			}
			var fk bool
			if err := db.QueryRow("PRAGMA foreign_keys").Scan(&fk); err != nil || !fk {
				t.Errorf("foreign_keys after failed Up = %v, %v; want on", fk, err)
			}
		})
	}
}

// A table rebuild (what atlas plans for most column changes) drops a table
// that other tables reference: that only works with foreign keys off, which
// must be done outside the transaction.
func TestUpForeignKeys(t *testing.T) {
	t.Parallel()
	const setup = `CREATE TABLE parent (id INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE child (id INTEGER NOT NULL PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent (id));
INSERT INTO parent VALUES (1, 'a');
INSERT INTO child VALUES (1, 1);
`
	const rebuild = `PRAGMA foreign_keys = off;
CREATE TABLE new_parent (id INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, note TEXT NOT NULL DEFAULT '');
INSERT INTO new_parent (id, name) SELECT id, name FROM parent;
DROP TABLE parent;
ALTER TABLE new_parent RENAME TO parent;
PRAGMA foreign_keys = on;
`
	tests := []struct {
		name    string
		give    string
		wantErr string
	}{
		{"rebuild of a referenced table", rebuild, ""},
		{"new violation", "INSERT INTO child VALUES (2, 99);\n", "foreign key mismatch"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			db := mustOpenDB(t)
			m := migrate.New(db, mustDir(t, map[string]string{
				"1_setup.sql":  setup,
				"2_change.sql": tt.give,
			}), nil)
			mustUp(t, m, 1)
			before := snapshot(t, db)

			_, err := m.Up(context.Background(), 0)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("Up: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("Up error = %v, want it to mention %q", err, tt.wantErr)
			case tt.wantErr != "":
				if diff := cmp.Diff(before, snapshot(t, db)); diff != "" {
					t.Errorf("rejected Up changed the database (-before +after):\n%s", diff)
				}
			default:
				cols := mustQueryStrings(t, db, "SELECT name FROM pragma_table_info('parent')")
				if diff := cmp.Diff([]string{"id", "name", "note"}, cols); diff != "" {
					t.Errorf("parent columns (-want +got):\n%s", diff)
				}
			}
			var fk bool
			if err := db.QueryRow("PRAGMA foreign_keys").Scan(&fk); err != nil || !fk {
				t.Errorf("foreign_keys after Up = %v, %v; want on", fk, err)
			}
			if v := mustQueryStrings(t, db, "SELECT \"table\" FROM pragma_foreign_key_check"); len(v) != 0 {
				t.Errorf("foreign key violations: %v", v)
			}
		})
	}

	// The premise: the same rebuild fails when foreign keys stay on.
	db := mustOpenDB(t)
	if _, err := db.Exec(setup); err != nil {
		t.Fatal(err)
	}
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec(rebuild); err == nil {
		t.Error("rebuild with foreign keys on succeeded; the test above proves nothing")
	}
}

func TestUpRejectsUnknownRevision(t *testing.T) {
	t.Parallel()
	db := mustOpenDB(t)
	files := embeddedFiles(t)
	files["29990101000000_newer.sql"] = "CREATE TABLE newer (id INTEGER NOT NULL PRIMARY KEY);\n"
	mustUp(t, migrate.New(db, mustDir(t, files), nil), 0)
	before := snapshot(t, db)

	// An older build, without the newer file, must not touch this database.
	old := migrate.New(db, mustEmbedded(t), nil)
	if _, err := old.Up(context.Background(), 0); !errors.Is(err, migrate.ErrUnknownRevision) {
		t.Errorf("Up error = %v, want ErrUnknownRevision", err)
	}
	if err := old.Verify(context.Background()); !errors.Is(err, migrate.ErrUnknownRevision) {
		t.Errorf("Verify error = %v, want ErrUnknownRevision", err)
	}
	if diff := cmp.Diff(before, snapshot(t, db)); diff != "" {
		t.Errorf("database changed (-before +after):\n%s", diff)
	}
}
