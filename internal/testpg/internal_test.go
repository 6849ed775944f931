package testpg

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// recordingTB records how missing ends the test instead of ending the real one.
type recordingTB struct {
	testing.TB
	skipped, failed string
}

func (r *recordingTB) Helper() {}

func (r *recordingTB) Skip(args ...any) {
	r.skipped = fmt.Sprint(args...)
	runtime.Goexit()
}

func (r *recordingTB) Fatalf(format string, args ...any) {
	r.failed = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func TestMissingPostgres(t *testing.T) { // not parallel: changes the environment
	tests := []struct {
		ci          string
		wantSkipped bool
	}{
		{"", true},
		{"false", true},
		{"true", false},
	}
	for _, tt := range tests {
		t.Run("CI="+tt.ci, func(t *testing.T) {
			t.Setenv("PATH", t.TempDir())
			t.Setenv("CI", tt.ci)
			_, err := binDir(filepath.Join(t.TempDir(), "*", "bin"))
			if err != errNoPostgres {
				t.Fatalf("binDir with nothing installed = %v, want errNoPostgres", err)
			}
			rec := &recordingTB{TB: t}
			done := make(chan struct{})
			go func() {
				defer close(done)
				missing(rec, err)
			}()
			<-done
			got := rec.skipped
			if !tt.wantSkipped {
				got = rec.failed
			}
			if (rec.skipped != "") != tt.wantSkipped || (rec.failed != "") == tt.wantSkipped {
				t.Errorf("skipped %q, failed %q; want skipped: %v", rec.skipped, rec.failed, tt.wantSkipped)
			}
			if !strings.Contains(got, "scripts/install-postgres.sh") {
				t.Errorf("message %q does not say how to install PostgreSQL", got)
			}
		})
	}
}

func TestBinDirPrefersPathThenNewestVersion(t *testing.T) { // not parallel: changes the environment
	root := t.TempDir()
	fake := func(dir string, names ...string) string {
		t.Helper()
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, n := range names {
			if err := os.WriteFile(filepath.Join(dir, n), []byte("#!/bin/sh\n"), 0o755); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}
	glob := filepath.Join(root, "lib", "*", "bin")
	v9 := fake(filepath.Join(root, "lib", "9", "bin"), "initdb", "postgres")
	v15 := fake(filepath.Join(root, "lib", "15", "bin"), "initdb", "postgres")
	fake(filepath.Join(root, "lib", "17", "bin"), "initdb") // no server: not a candidate
	_ = v9

	onPath := fake(filepath.Join(root, "path"))
	t.Setenv("PATH", onPath)
	if got, err := binDir(glob); err != nil || got != v15 {
		t.Errorf("binDir without initdb on PATH = %q, %v; want %q (the newest complete version)", got, err, v15)
	}

	// initdb on PATH as a symlink, like /usr/local/bin/initdb: its target's directory.
	if err := os.Symlink(filepath.Join(v9, "initdb"), filepath.Join(onPath, "initdb")); err != nil {
		t.Fatal(err)
	}
	if got, err := binDir(glob); err != nil || got != v9 {
		t.Errorf("binDir with initdb on PATH = %q, %v; want %q", got, err, v9)
	}
}

func TestDBName(t *testing.T) {
	t.Parallel()
	tests := []struct {
		give string
		n    int64
		want string
	}{
		{"TestX", 1, "t1_testx"},
		{"TestX/sub case#01", 12, "t12_testx_sub_case_01"},
		{strings.Repeat("Ab", 100), 7, "t7_" + strings.Repeat("ab", 30)},
	}
	for _, tt := range tests {
		if got := dbName(tt.give, tt.n); got != tt.want || len(got) > 63 {
			t.Errorf("dbName(%q, %d) = %q (%d bytes), want %q", tt.give, tt.n, got, len(got), tt.want)
		}
	}
}

func TestNewFromFailedSetupFailsEveryTest(t *testing.T) {
	t.Parallel()
	runs := 0
	setup := func(context.Context, string) error { runs++; return errors.New("migration 3 failed") }
	key := fmt.Sprintf("broken-%p", &runs) // its own under -count=N too
	for range 2 {
		rec := &recordingTB{TB: t}
		done := make(chan struct{})
		go func() {
			defer close(done)
			NewFrom(rec, key, setup)
			t.Error("NewFrom returned after a failed setup")
		}()
		<-done
		if rec.skipped != "" {
			t.Skip(rec.skipped) // no PostgreSQL here
		}
		if !strings.Contains(rec.failed, "migration 3 failed") {
			t.Errorf("failed with %q, want setup's error", rec.failed)
		}
	}
	if runs != 1 {
		t.Errorf("setup ran %d times, want once", runs)
	}
}

func TestSweepStaleRemovesOnlyDirectoriesOfDeadBinaries(t *testing.T) {
	t.Parallel()
	if ownerStamp() == "" {
		t.Skip("no way to tell a dead test binary here")
	}
	root := t.TempDir()
	dirs := []struct {
		name, owner string // "" writes no owner file
		wantKept    bool
	}{
		{"testpg-alive", ownerStamp(), true},
		{"testpg-dead", "2147483646 12345", false},
		{"testpg-reused-pid", fmt.Sprintf("%d 1", os.Getpid()), false}, // our pid, another start time
		{"testpg-being-made", "", true},
		{"other-dead", "2147483646 12345", true},
	}
	for _, d := range dirs {
		if err := os.MkdirAll(filepath.Join(root, d.name, "data"), 0o700); err != nil {
			t.Fatal(err)
		}
		if d.owner != "" {
			if err := os.WriteFile(filepath.Join(root, d.name, ownerFile), []byte(d.owner), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	sweepStale(root)
	for _, d := range dirs {
		_, err := os.Stat(filepath.Join(root, d.name))
		if kept := err == nil; kept != d.wantKept {
			t.Errorf("%s kept: %v, want %v", d.name, kept, d.wantKept)
		}
	}
}
