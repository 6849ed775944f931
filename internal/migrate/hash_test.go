package migrate_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	atlas "ariga.io/atlas/sql/migrate"

	"github.com/marketpulse/api/internal/migrate"
)

func TestHashThenValidate(t *testing.T) {
	t.Parallel()
	path := t.TempDir()
	writeFiles(t, path, map[string]string{
		"1_a.sql": "CREATE TABLE a (id INTEGER NOT NULL PRIMARY KEY);\n",
		"2_b.sql": newsFTS2,
	})
	ctx := context.Background()
	if err := migrate.Validate(ctx, mustLocalDir(t, path)); !errors.Is(err, migrate.ErrChecksum) {
		t.Fatalf("Validate without atlas.sum = %v, want ErrChecksum", err)
	}
	if err := migrate.Hash(mustLocalDir(t, path)); err != nil {
		t.Fatal(err)
	}
	if err := migrate.Validate(ctx, mustLocalDir(t, path)); err != nil {
		t.Fatalf("Validate after Hash: %v", err)
	}
	// The format is the atlas CLI's: a directory hash, then one line per file.
	sum := strings.Split(strings.TrimSpace(mustReadFile(t, filepath.Join(path, atlas.HashFileName))), "\n")
	if len(sum) != 3 || !strings.HasPrefix(sum[0], "h1:") || !strings.HasPrefix(sum[1], "1_a.sql h1:") || !strings.HasPrefix(sum[2], "2_b.sql h1:") {
		t.Errorf("atlas.sum = %q", sum)
	}
	if err := atlas.Validate(mustLocalDir(t, path)); err != nil {
		t.Errorf("atlas rejects the sum: %v", err)
	}

	writeFiles(t, path, map[string]string{"1_a.sql": "CREATE TABLE a (id INTEGER NOT NULL PRIMARY KEY, x TEXT);\n"})
	if err := migrate.Validate(ctx, mustLocalDir(t, path)); !errors.Is(err, migrate.ErrChecksum) {
		t.Errorf("Validate after an edit = %v, want ErrChecksum", err)
	}
}

// newsFTS2 is an FTS5 table with a trigger whose BEGIN ... END body must
// replay as one statement.
const newsFTS2 = `CREATE TABLE b (id INTEGER NOT NULL PRIMARY KEY, body TEXT NOT NULL);
CREATE VIRTUAL TABLE b_fts USING fts5(body, content='b', content_rowid='id');
CREATE TRIGGER b_fts_insert AFTER INSERT ON b BEGIN
  INSERT INTO b_fts (rowid, body) VALUES (new.id, new.body);
END;
`

func TestValidateCatchesBrokenFile(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		files map[string]string
		want  string // in the error; "" for valid
	}{
		{"valid (control)", map[string]string{"1_a.sql": "CREATE TABLE a (id INTEGER);\n", "2_b.sql": newsFTS2}, ""},
		{"syntax error", map[string]string{"1_a.sql": "CREATE TABLE a (id INTEGER);\n", "2_b.sql": "CREATE TABEL b (id INTEGER);\n"}, "2_b.sql"},
		{"missing table", map[string]string{"1_a.sql": "CREATE INDEX a_idx ON a (id);\n"}, "no such table"},
		{"duplicate table", map[string]string{"1_a.sql": "CREATE TABLE a (id INTEGER);\n", "2_b.sql": "CREATE TABLE a (id INTEGER);\n"}, "already exists"},
		{"unknown module", map[string]string{"1_a.sql": "CREATE VIRTUAL TABLE a USING nosuchmodule(x);\n"}, "nosuchmodule"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := t.TempDir()
			writeFiles(t, path, tt.files)
			if err := migrate.Hash(mustLocalDir(t, path)); err != nil {
				t.Fatal(err)
			}
			err := migrate.Validate(context.Background(), mustLocalDir(t, path))
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("Validate: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("Validate = %v, want an error mentioning %q", err, tt.want)
			case tt.want != "" && errors.Is(err, migrate.ErrChecksum):
				t.Errorf("Validate = %v: a checksum error, want a replay error", err)
			}
		})
	}
}

func TestValidateCommitted(t *testing.T) {
	t.Parallel()
	if err := migrate.Validate(context.Background(), mustLocalDir(t, mustCommittedDir(t))); err != nil {
		t.Error(err)
	}
}
