package layers_test

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The imports that name a database engine. Inside a package with an engine
// seam only its storage_sqlite.go and storage_postgres.go may have them.
var engineImports = []string{
	"database/sql", mod + "gen/db", mod + "gen/pgdb", mod + "internal/store", mod + "internal/pgstore",
	"modernc.org/sqlite", "github.com/jackc/pgx/v5",
}

// The packages whose rules run on either engine through their Storage.
var seamed = append(slices.Clone(domains), "internal/quota", "internal/hotkeys")

func TestEngineOnlyInStorageFiles(t *testing.T) {
	for _, p := range seamed {
		t.Run(p, func(t *testing.T) {
			files, err := filepath.Glob(filepath.Join("..", "..", p, "*.go"))
			if err != nil || len(files) == 0 {
				t.Fatalf("no Go files in %s: %v", p, err)
			}
			impls := 0
			for _, f := range files {
				base := filepath.Base(f)
				if strings.HasSuffix(base, "_test.go") {
					continue
				}
				if base == "storage_sqlite.go" || base == "storage_postgres.go" {
					impls++
					continue
				}
				for _, imp := range importsOf(t, f) {
					if slices.ContainsFunc(engineImports, func(e string) bool { return imp == e || strings.HasPrefix(imp, e+"/") }) {
						t.Errorf("%s imports %s: only storage_sqlite.go and storage_postgres.go may know the engine", filepath.Join(p, base), imp)
					}
				}
			}
			if impls != 2 {
				t.Errorf("%s has %d of storage_sqlite.go and storage_postgres.go, want both", p, impls)
			}
		})
	}
}

func importsOf(t *testing.T, path string) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, 0, len(f.Imports))
	for _, s := range f.Imports {
		p, err := strconv.Unquote(s.Path.Value)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}
