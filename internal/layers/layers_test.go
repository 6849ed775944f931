package layers_test

import (
	"encoding/json"
	"errors"
	"go/parser"
	"go/token"
	"io"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const mod = "github.com/marketpulse/api/"

// pkg is what `go list -json` says of one package.
type pkg struct {
	ImportPath string
	Imports    []string // direct, of the non-test files
	Deps       []string // transitive
}

func list(t *testing.T) map[string]pkg {
	t.Helper()
	out, err := exec.Command("go", "list", "-json=ImportPath,Imports,Deps", mod+"...").Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("go list: %v\n%s", err, ee.Stderr)
		}
		t.Fatalf("go list: %v", err)
	}
	pkgs := map[string]pkg{}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p pkg
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("decode go list: %v", err)
		}
		pkgs[strings.TrimPrefix(p.ImportPath, mod)] = p
	}
	if len(pkgs) < 10 {
		t.Fatalf("go list found only %d packages", len(pkgs))
	}
	return pkgs
}

// The domain packages. Assets, quotes and history (market) and accounts
// (account) still live in httpapi; see notSQLFree.
var domains = []string{"internal/news", "internal/boards"}

// notSQLFree are the httpapi files that still hold the rules of the market
// and account domains, with their SQL, until those move out as news and
// boards did. The list may only shrink: every other httpapi file converts
// only.
var notSQLFree = []string{
	"admin.go", "assets.go", "assets_admin.go", "auth.go", "handler.go", "history.go",
	"history_ingest.go", "quote_ingest.go", "quote_reader.go", "system.go", "tokens.go",
	"userconv.go", "users.go",
}

func TestHTTPAPIConvertsOnly(t *testing.T) {
	files, err := filepath.Glob("../httpapi/*.go")
	if err != nil || len(files) < 10 {
		t.Fatalf("httpapi files: %v (%d found)", err, len(files))
	}
	forbid := []string{"database/sql", mod + "gen/db", mod + "internal/store", "modernc.org/sqlite"}
	fset := token.NewFileSet()
	for _, f := range files {
		name := filepath.Base(f)
		if strings.HasSuffix(name, "_test.go") || slices.Contains(notSQLFree, name) {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range af.Imports {
			if path := strings.Trim(imp.Path.Value, `"`); slices.Contains(forbid, path) {
				t.Errorf("httpapi/%s imports %s: convert, and leave SQL to the domain", name, path)
			}
		}
	}
}

func TestLayers(t *testing.T) {
	pkgs := list(t)
	for _, d := range domains {
		if _, ok := pkgs[d]; !ok {
			t.Errorf("domain package %s is missing", d)
		}
	}
	tests := []struct {
		name    string
		give    func(path string) bool // the packages the rule is about
		forbid  []string
		transit bool // forbidden among all dependencies, not only direct imports
	}{
		{
			name: "no wire types or HTTP layer below httpapi",
			give: func(p string) bool {
				return slices.Contains(domains, p) || p == "internal/store" || p == "internal/cache" ||
					p == "internal/cursor" || p == "internal/representation" || p == "internal/apperr"
			},
			forbid:  []string{mod + "gen/oas", mod + "internal/httpapi", mod + "internal/httpmw", "net/http"},
			transit: true,
		},
		{
			name:   "fx only in internal/app",
			give:   func(p string) bool { return p != "internal/app" },
			forbid: []string{"go.uber.org/fx"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checked := 0
			for path, p := range pkgs {
				if !tt.give(path) {
					continue
				}
				checked++
				imports := p.Imports
				if tt.transit {
					imports = p.Deps
				}
				for _, f := range tt.forbid {
					if slices.Contains(imports, f) {
						t.Errorf("%s imports %s", path, f)
					}
				}
			}
			if checked == 0 {
				t.Error("the rule matched no package")
			}
		})
	}
}
