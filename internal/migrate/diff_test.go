package migrate_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	atlas "ariga.io/atlas/sql/migrate"
	"github.com/google/go-cmp/cmp"

	"github.com/marketpulse/api/internal/migrate"
	"github.com/marketpulse/api/schema"
)

// mustCommittedDir copies schema/migrations into a temporary directory.
func mustCommittedDir(tb testing.TB) string {
	tb.Helper()
	dir := tb.TempDir()
	for name, f := range mustMigrationsFS(tb) {
		if err := os.WriteFile(filepath.Join(dir, name), f.Data, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

func listDir(tb testing.TB, dir string) map[string]string {
	tb.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		tb.Fatal(err)
	}
	out := make(map[string]string, len(entries))
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			tb.Fatal(err)
		}
		out[e.Name()] = string(b)
	}
	return out
}

// desiredWith returns schema/*.sql with assets.sql edited by replacing old.
func desiredWith(tb testing.TB, old, new string) fstest.MapFS {
	tb.Helper()
	out := fstest.MapFS{}
	err := fs.WalkDir(schema.Desired, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(schema.Desired, path)
		if err != nil {
			return err
		}
		out[path] = &fstest.MapFile{Data: b}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	src := string(out["assets.sql"].Data)
	if !strings.Contains(src, old) {
		tb.Fatalf("schema/assets.sql no longer contains %q", old)
	}
	out["assets.sql"].Data = []byte(strings.Replace(src, old, new, 1))
	return out
}

// TestDiffCommittedIsNoop proves the committed migrations match schema/*.sql.
func TestDiffCommittedIsNoop(t *testing.T) {
	t.Parallel()
	dir := mustCommittedDir(t)
	before := listDir(t, dir)

	name, err := migrate.Diff(context.Background(), "drift", schema.Desired, dir)
	if err != nil {
		t.Fatal(err)
	}
	if name != "" {
		t.Errorf("Diff planned %s:\n%s\nschema/*.sql and schema/migrations disagree", name, listDir(t, dir)[name])
	}
	if diff := cmp.Diff(before, listDir(t, dir)); diff != "" {
		t.Errorf("Diff changed the directory (-before +after):\n%s", diff)
	}
}

func TestDiffPlansChanges(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		old, new  string
		wantSQL   string // must appear in the planned file
		wantQuery string // run after applying; must return wantRows
		wantRows  []string
	}{
		{
			name:      "add column",
			old:       "  sector     TEXT    NOT NULL DEFAULT '',\n",
			new:       "  sector     TEXT    NOT NULL DEFAULT '',\n  isin       TEXT    NOT NULL DEFAULT '',\n",
			wantSQL:   "`isin`",
			wantQuery: "SELECT name FROM pragma_table_info('assets') WHERE name IN ('sector', 'isin') ORDER BY cid",
			wantRows:  []string{"sector", "isin"},
		},
		{
			name:      "drop index collation",
			old:       "(name COLLATE NOCASE, id)",
			new:       "(name, id)",
			wantSQL:   "`assets_name_idx`",
			wantQuery: "SELECT name || ' ' || coll FROM pragma_index_xinfo('assets_name_idx') WHERE key = 1",
			wantRows:  []string{"name BINARY", "id BINARY"},
		},
		{
			name:      "new index",
			old:       "CREATE INDEX assets_type_symbol_idx",
			new:       "CREATE INDEX assets_sector_idx ON assets (sector COLLATE NOCASE DESC);\nCREATE INDEX assets_type_symbol_idx",
			wantSQL:   "`assets_sector_idx`",
			wantQuery: "SELECT name || ' ' || coll || ' ' || desc FROM pragma_index_xinfo('assets_sector_idx') WHERE key = 1",
			wantRows:  []string{"sector NOCASE 1"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			dir := mustCommittedDir(t)
			desired := desiredWith(t, tt.old, tt.new)

			// A database on the committed version, with a row to carry over.
			db := mustOpenDB(t)
			mustUp(t, migrate.New(db, mustEmbedded(t), nil), 0)
			if _, err := db.Exec("INSERT INTO assets (symbol, name, type) VALUES ('AAPL', 'Apple', 'stock')"); err != nil {
				t.Fatal(err)
			}

			name, err := migrate.Diff(ctx, "change", desired, dir)
			if err != nil {
				t.Fatal(err)
			}
			if !regexp.MustCompile(`^\d{14}_change\.sql$`).MatchString(name) {
				t.Fatalf("Diff = %q, want VERSION_change.sql", name)
			}
			files := listDir(t, dir)
			t.Logf("%s:\n%s", name, files[name])
			if !strings.Contains(files[name], tt.wantSQL) {
				t.Errorf("%s does not mention %s:\n%s", name, tt.wantSQL, files[name])
			}
			local, err := atlas.NewLocalDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			if err := atlas.Validate(local); err != nil {
				t.Errorf("atlas.sum after Diff: %v", err)
			}
			sqlFiles, err := local.Files()
			if err != nil {
				t.Fatal(err)
			}
			if last := sqlFiles[len(sqlFiles)-1].Name(); last != name {
				t.Errorf("new file %s does not sort last (%s does)", name, last)
			}

			again, err := migrate.Diff(ctx, "again", desired, dir)
			if err != nil || again != "" {
				t.Errorf("second Diff = %q, %v; want a no-op", again, err)
			}

			next, err := migrate.FromFS(os.DirFS(dir))
			if err != nil {
				t.Fatal(err)
			}
			m := migrate.New(db, next, nil)
			if applied := mustUp(t, m, 0); !cmp.Equal(applied, []string{name}) {
				t.Errorf("Up applied %v, want [%s]", applied, name)
			}
			if err := m.Verify(ctx); err != nil {
				t.Errorf("Verify after Up: %v", err)
			}
			if diff := cmp.Diff(tt.wantRows, mustQueryStrings(t, db, tt.wantQuery)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.wantQuery, diff)
			}
			if rows := mustQueryStrings(t, db, "SELECT symbol FROM assets"); !cmp.Equal(rows, []string{"AAPL"}) {
				t.Errorf("assets rows after the change = %v", rows)
			}
		})
	}
}
