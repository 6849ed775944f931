package store_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestQuerySources checks queries/*.sql and queries/postgres/*.sql for what
// `sqlc vet` cannot see: sqlc expands * into column lists before vet rules
// run, so the no-SELECT-* rule there only catches stars sqlc cannot
// expand. It also rejects non-ASCII text, which shifts sqlc's parameter
// rewriting (it mixes byte and rune offsets) and yields "edited query
// syntax is invalid". Both engines must name the same queries.
func TestQuerySources(t *testing.T) {
	t.Parallel()
	sqlite := querySources(t, filepath.Join("..", "..", "queries"))
	postgres := querySources(t, filepath.Join("..", "..", "queries", "postgres"))
	for name, file := range sqlite {
		if _, ok := postgres[name]; !ok {
			t.Errorf("query %s of %s has no PostgreSQL version in queries/postgres", name, file)
		}
	}
	for name, file := range postgres {
		if _, ok := sqlite[name]; !ok {
			t.Errorf("query %s of postgres/%s has no SQLite version in queries", name, file)
		}
	}
}

// querySources checks the query files of dir and returns their query
// names, each with its file.
func querySources(t *testing.T, dir string) map[string]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.sql"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no query files in %s: %v", dir, err)
	}
	header := regexp.MustCompile(`(?m)^-- name: (\w+) :(\w+)\s*$`)
	star := regexp.MustCompile(`(?i)\b(select|returning)\s+(distinct\s+)?(\w+\.)?\*|,\s*(\w+\.)?\*`)
	limit := regexp.MustCompile(`(?i)\blimit\b`)
	names := map[string]string{}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range string(src) {
			if r > 0x7f {
				t.Errorf("%s: non-ASCII %q at byte %d", filepath.Base(f), r, i)
				break
			}
		}
		heads := header.FindAllStringSubmatchIndex(string(src), -1)
		for i, h := range heads {
			end := len(src)
			if i+1 < len(heads) {
				end = heads[i+1][0]
			}
			name, cmd := string(src[h[2]:h[3]]), string(src[h[4]:h[5]])
			if prev, dup := names[name]; dup {
				t.Errorf("%s: query %s also in %s", filepath.Base(f), name, prev)
			}
			names[name] = filepath.Base(f)
			body := stripComments(string(src[h[1]:end]))
			if star.MatchString(body) {
				t.Errorf("%s: %s selects *", filepath.Base(f), name)
			}
			if cmd == "many" && !limit.MatchString(body) {
				t.Errorf("%s: %s is :many without LIMIT", filepath.Base(f), name)
			}
		}
	}
	if len(names) < 60 {
		t.Errorf("%s: found %d queries; the header pattern no longer matches", dir, len(names))
	}
	return names
}

func stripComments(sql string) string {
	var b strings.Builder
	for line := range strings.Lines(sql) {
		if code, _, _ := strings.Cut(line, "--"); strings.TrimSpace(code) != "" {
			b.WriteString(code)
			b.WriteByte('\n')
		}
	}
	return b.String()
}
