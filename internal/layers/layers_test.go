package layers_test

import (
	"encoding/json"
	"errors"
	"io"
	"os/exec"
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

// The domain packages: each owns its rules, transactions and cache policy.
var domains = []string{"internal/market", "internal/news", "internal/boards", "internal/account"}

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
				return slices.Contains(domains, p) || p == "internal/store" || p == "internal/pgstore" || p == "internal/cache" ||
					p == "internal/cursor" || p == "internal/representation" || p == "internal/apperr" ||
					p == "internal/ratelimit" || p == "internal/hotkeys" || p == "internal/display"
			},
			forbid:  []string{mod + "gen/oas", mod + "internal/httpapi", mod + "internal/httpmw", "net/http"},
			transit: true,
		},
		{
			name: "httpapi converts and leaves SQL to the domains",
			give: func(p string) bool { return p == "internal/httpapi" },
			forbid: []string{"database/sql", mod + "gen/db", mod + "internal/store", "modernc.org/sqlite",
				mod + "internal/pgstore", "github.com/jackc/pgx/v5"},
		},
		{
			name: "the page knows nothing of the API it is served beside",
			give: func(p string) bool { return p == "internal/webpage" || p == "web" },
			forbid: []string{mod + "gen/oas", mod + "internal/httpapi", mod + "gen/db", mod + "internal/store",
				mod + "internal/market", mod + "internal/news", mod + "internal/boards", mod + "internal/account"},
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
