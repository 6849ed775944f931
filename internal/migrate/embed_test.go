package migrate_test

import (
	"io/fs"
	"regexp"
	"testing"
	"testing/fstest"

	atlas "ariga.io/atlas/sql/migrate"

	"github.com/marketpulse/api/internal/migrate"
	"github.com/marketpulse/api/schema"
)

func TestEmbedded(t *testing.T) {
	t.Parallel()
	dir := mustEmbedded(t)
	if err := atlas.Validate(dir); err != nil {
		t.Fatalf("embedded atlas.sum: %v", err)
	}
	files, err := dir.Files()
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 || !regexp.MustCompile(`^\d{14}_init\.sql$`).MatchString(files[0].Name()) {
		t.Errorf("first embedded migration is not VERSION_init.sql: %v", files)
	}
}

func TestFromFS(t *testing.T) {
	t.Parallel()
	dir, err := migrate.FromFS(fstest.MapFS{
		"1_a.sql":        {Data: []byte("CREATE TABLE a (id INTEGER);\n")},
		"atlas.sum":      {Data: []byte("sum")},
		"notes.txt":      {Data: []byte("not a migration")},
		"nested/2_b.sql": {Data: []byte("CREATE TABLE b (id INTEGER);\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	files, err := dir.Files()
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 || files[0].Name() != "1_a.sql" || string(files[0].Bytes()) != "CREATE TABLE a (id INTEGER);\n" {
		t.Errorf("files = %v, want only 1_a.sql", files)
	}
	if _, err := dir.Open("atlas.sum"); err != nil {
		t.Errorf("atlas.sum not copied: %v", err)
	}
}

// TestEmbeddedPostgres checks the PostgreSQL engine's migrations as
// TestEmbedded does the SQLite ones, and that atlas can split every file
// into statements (the functions' bodies are dollar-quoted).
func TestEmbeddedPostgres(t *testing.T) {
	t.Parallel()
	sub, err := fs.Sub(schema.PostgresMigrations, "postgres/migrations")
	if err != nil {
		t.Fatal(err)
	}
	dir, err := migrate.FromFS(sub)
	if err != nil {
		t.Fatal(err)
	}
	if err := atlas.Validate(dir); err != nil {
		t.Fatalf("embedded postgres atlas.sum: %v", err)
	}
	files, err := dir.Files()
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 || !regexp.MustCompile(`^\d{14}_init\.sql$`).MatchString(files[0].Name()) {
		t.Errorf("first postgres migration is not VERSION_init.sql: %v", files)
	}
	for _, f := range files {
		if _, err := f.Stmts(); err != nil {
			t.Errorf("%s: %v", f.Name(), err)
		}
	}
}
