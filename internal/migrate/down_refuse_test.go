package migrate_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/marketpulse/api/internal/migrate"
)

func TestDownRefusesDrift(t *testing.T) {
	t.Parallel()
	steps := fixtureSteps()[:3] // up to the FTS5 table, its triggers and view
	path, _ := mustFixtureDir(t, steps)
	tests := []struct {
		name  string
		drift string // SQL run on the migrated database
		want  string // the drift the error must name; "" for no drift
	}{
		{"no drift (control)", "", ""},
		{"rows are not drift", "INSERT INTO authors (id, name) VALUES (7, 'Bo');", ""},
		{"extra table", "CREATE TABLE scratch (id INTEGER);", `unexpected table "scratch"`},
		{"extra column", "ALTER TABLE news_articles ADD COLUMN note TEXT;", `unexpected column "note"`},
		{"dropped index", "DROP INDEX news_articles_author_idx;", `index "news_articles_author_idx" is missing`},
		{"dropped trigger", "DROP TRIGGER news_fts_update;", `trigger "news_fts_update" is missing`},
		{"changed view", "DROP VIEW news_with_authors; CREATE VIEW news_with_authors AS SELECT id, title FROM news_articles;",
			`view "news_with_authors" differs`},
		{"extra virtual table", "CREATE VIRTUAL TABLE scratch_fts USING fts5(body);", `unexpected virtual table "scratch_fts"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			db, m := mustSeededDB(t, mustLocalDir(t, path), steps)
			mustExec(t, db, tt.drift)
			before := snapshot(t, db)

			_, err := m.Down(context.Background(), 1)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Down without drift: %v", err)
				}
				return
			}
			if !errors.Is(err, migrate.ErrDrift) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Down error = %v, want ErrDrift naming %s", err, tt.want)
			}
			if diff := cmp.Diff(before, snapshot(t, db)); diff != "" {
				t.Errorf("refused Down changed the database (-before +after):\n%s", diff)
			}
			mustForeignKeysOK(t, db)
		})
	}
}

// A Down whose plan fails part-way leaves everything as it was: schema,
// rows, revisions and the foreign_keys pragma.
func TestDownFailureLeavesDatabaseUnchanged(t *testing.T) {
	t.Parallel()
	const parent = "CREATE TABLE parent (id INTEGER NOT NULL PRIMARY KEY);\n"
	tests := []struct {
		name    string
		v1, v2  string // v2 is reverted
		rows    string // inserted at v2, impossible at v1
		wantErr string
	}{
		{
			name:    "re-added NOT NULL column without default",
			v1:      "CREATE TABLE t (id INTEGER NOT NULL PRIMARY KEY, a TEXT NOT NULL);\n",
			v2:      "ALTER TABLE t DROP COLUMN a;\n",
			rows:    "INSERT INTO t (id) VALUES (1);",
			wantErr: "NOT NULL",
		},
		{
			name:    "re-added foreign key with dangling rows",
			v1:      parent + "CREATE TABLE child (id INTEGER NOT NULL PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent (id));\n",
			v2:      "CREATE TABLE new_child (id INTEGER NOT NULL PRIMARY KEY, parent_id INTEGER NOT NULL);\nINSERT INTO new_child SELECT * FROM child;\nDROP TABLE child;\nALTER TABLE new_child RENAME TO child;\n",
			rows:    "INSERT INTO child VALUES (1, 42);",
			wantErr: "foreign key",
		},
		{
			name:    "re-created unique index over duplicates",
			v1:      "CREATE TABLE t (id INTEGER NOT NULL PRIMARY KEY, email TEXT NOT NULL);\nCREATE UNIQUE INDEX t_email_key ON t (email);\n",
			v2:      "DROP INDEX t_email_key;\n",
			rows:    "INSERT INTO t VALUES (1, 'a@b'), (2, 'a@b');",
			wantErr: "UNIQUE",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			db := mustOpenDB(t)
			m := migrate.New(db, mustDir(t, map[string]string{"1_v1.sql": tt.v1, "2_v2.sql": tt.v2}), nil)
			mustUp(t, m, 0)
			mustExec(t, db, tt.rows)
			before := snapshot(t, db)

			_, err := m.Down(context.Background(), 1)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Down error = %v, want it to mention %q", err, tt.wantErr)
			}
			if diff := cmp.Diff(before, snapshot(t, db)); diff != "" {
				t.Errorf("failed Down changed the database (-before +after):\n%s", diff)
			}
			mustForeignKeysOK(t, db)
		})
	}
}
