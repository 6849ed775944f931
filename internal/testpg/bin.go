package testpg

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
)

// debianBinGlob is where Debian's postgresql packages put the server
// binaries, one directory per major version, off PATH.
const debianBinGlob = "/usr/lib/postgresql/*/bin"

// errNoPostgres says neither PATH nor the Debian directories have initdb.
var errNoPostgres = errors.New("PostgreSQL not installed (no initdb on PATH or in " + debianBinGlob + "): run scripts/install-postgres.sh")

// binDir finds the directory holding initdb and postgres: initdb on PATH
// (through its symlinks, so postgres is its sibling), else the newest
// version of debianBinGlob.
func binDir(glob string) (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			p = real
		}
		if dir := filepath.Dir(p); hasServer(dir) {
			return dir, nil
		}
	}
	dirs, _ := filepath.Glob(glob) // the only error is a bad pattern
	dirs = slices.DeleteFunc(dirs, func(d string) bool { return !hasServer(d) })
	if len(dirs) == 0 {
		return "", errNoPostgres
	}
	slices.SortFunc(dirs, func(a, b string) int { return majorOf(a) - majorOf(b) })
	return dirs[len(dirs)-1], nil
}

func hasServer(dir string) bool {
	for _, name := range []string{"initdb", "postgres"} {
		if fi, err := os.Stat(filepath.Join(dir, name)); err != nil || fi.IsDir() || fi.Mode()&0o111 == 0 {
			return false
		}
	}
	return true
}

// majorOf reads the version of .../postgresql/<major>/bin (0 if it is not a number).
func majorOf(dir string) int {
	n, err := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
	if err != nil {
		return 0
	}
	return n
}

// missing ends the test for a missing PostgreSQL: skipped locally, failed in CI.
func missing(tb testing.TB, err error) {
	tb.Helper()
	if os.Getenv("CI") == "true" {
		tb.Fatalf("testpg: %v (CI=true, so this fails rather than skips)", err)
	}
	tb.Skip(fmt.Sprintf("testpg: %v", err))
}
