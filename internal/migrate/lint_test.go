package migrate_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/marketpulse/api/internal/migrate"
)

const lintBase = `CREATE TABLE users (id INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, bio TEXT);
CREATE TABLE logs (id INTEGER NOT NULL PRIMARY KEY, line TEXT NOT NULL);
CREATE VIRTUAL TABLE notes USING fts5(body);
CREATE VIRTUAL TABLE logs_fts USING fts5(line, content='logs', content_rowid='id');
`

func TestLint(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		give string // the linted file, 2_change.sql
		want []string
	}{
		{"harmless CREATE INDEX", "-- index\nCREATE INDEX users_name_idx ON users (name);\n", nil},
		{"nullable column", "ALTER TABLE users ADD COLUMN email TEXT;\n", nil},
		{"FTS5 table and trigger", newsFTS2, nil},
		{"DROP TABLE", "-- logs are gone\nDROP TABLE logs;\n",
			[]string{`2_change.sql:2:1: DS102: Dropping table "logs"`}},
		{"DROP COLUMN", "ALTER TABLE users DROP COLUMN bio;\n",
			[]string{`2_change.sql:1:1: DS103: Dropping non-virtual column "bio"`}},
		{"DROP COLUMN as a rebuild (how Diff plans it)", "PRAGMA foreign_keys = off;\n" +
			"CREATE TABLE `new_users` (`id` integer NOT NULL, `name` text NOT NULL, PRIMARY KEY (`id`));\n" +
			"INSERT INTO `new_users` (`id`, `name`) SELECT `id`, `name` FROM `users`;\n" +
			"DROP TABLE `users`;\nALTER TABLE `new_users` RENAME TO `users`;\nPRAGMA foreign_keys = on;\n",
			[]string{`2_change.sql:2:1: DS103: Dropping non-virtual column "bio"`}},
		{"NOT NULL column without default (rebuild)",
			"CREATE TABLE `new_users` (`id` integer NOT NULL, `name` text NOT NULL, `bio` text NULL, `email` text NOT NULL, PRIMARY KEY (`id`));\n" +
				"INSERT INTO `new_users` (`id`, `name`, `bio`) SELECT `id`, `name`, `bio` FROM `users`;\n" +
				"DROP TABLE `users`;\nALTER TABLE `new_users` RENAME TO `users`;\n",
			[]string{`2_change.sql:1:1: MF103: Adding a non-nullable "text" column "email" will fail in case table "users" is not empty`}},
		{"unique index on an existing column", "CREATE UNIQUE INDEX users_name_key ON users (name);\n",
			[]string{`2_change.sql:1:1: MF101: Adding a unique index "users_name_key" on table "users" might fail in case column "name" contains duplicate entries`}},
		{"destructive and data-dependent in one file", "DROP TABLE logs;\nCREATE UNIQUE INDEX users_name_key ON users (name);\n",
			[]string{`2_change.sql:1:1: DS102: Dropping table "logs"`,
				`2_change.sql:2:1: MF101: Adding a unique index "users_name_key" on table "users" might fail in case column "name" contains duplicate entries`}},
		{"DROP of an FTS5 table holding its rows", "DROP TABLE notes;\n",
			[]string{`2_change.sql:1:1: VT101: Dropping virtual table "notes" and the rows only it holds`}},
		{"DROP of an external-content FTS5 index", "DROP TABLE logs_fts;\n", nil},
		{"FTS5 table re-created with its rows (how Diff plans it)", "ALTER TABLE notes RENAME TO old_notes;\n" +
			"CREATE VIRTUAL TABLE notes USING fts5(body, author);\nINSERT INTO notes (rowid, body) SELECT rowid, body FROM old_notes;\n" +
			"DROP TABLE old_notes;\n", nil},
		{"nullable column made NOT NULL", "CREATE TABLE `new_users` (`id` integer NOT NULL, `name` text NOT NULL, `bio` text NOT NULL, PRIMARY KEY (`id`));\n" +
			"INSERT INTO `new_users` (`id`, `name`, `bio`) SELECT `id`, `name`, `bio` FROM `users`;\n" +
			"DROP TABLE `users`;\nALTER TABLE `new_users` RENAME TO `users`;\n",
			[]string{`2_change.sql:1:1: LT101: Modifying nullable column "bio" to non-nullable without default value might fail in case it contains NULL values`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := mustDir(t, map[string]string{"1_init.sql": lintBase, "2_change.sql": tt.give})
			findings, err := migrate.Lint(context.Background(), dir, migrate.LintOptions{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range findings {
				got = append(got, f.String())
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLintSelectsFiles(t *testing.T) {
	t.Parallel()
	dir := mustDir(t, map[string]string{
		"1_init.sql":  lintBase,
		"2_drop.sql":  "DROP TABLE logs;\n",
		"3_index.sql": "CREATE INDEX users_name_idx ON users (name);\n",
	})
	tests := []struct {
		name    string
		give    migrate.LintOptions
		want    []string // files with findings
		wantErr string
	}{
		{"latest file by default", migrate.LintOptions{}, nil, ""},
		{"after a base", migrate.LintOptions{Base: "1"}, []string{"2_drop.sql"}, ""},
		{"after the latest", migrate.LintOptions{Base: "3"}, nil, ""},
		{"all", migrate.LintOptions{All: true}, []string{"2_drop.sql"}, ""},
		{"unknown base", migrate.LintOptions{Base: "9"}, nil, "base version 9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			findings, err := migrate.Lint(context.Background(), dir, tt.give)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("Lint error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range findings {
				got = append(got, f.File)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("files with findings (-want +got):\n%s", diff)
			}
		})
	}
}

// Lint reads the committed directory, FTS5 migration included; whether a
// committed change is acceptable is for its author, so findings are logged.
func TestLintCommitted(t *testing.T) {
	t.Parallel()
	findings, err := migrate.Lint(context.Background(), mustEmbedded(t), migrate.LintOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range findings {
		t.Logf("latest committed migration: %s", f)
	}
}
