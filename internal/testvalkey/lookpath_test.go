package testvalkey

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// recordingTB records how lookPath ends the test instead of ending the real one.
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

func TestLookPathWithoutValkey(t *testing.T) { // not parallel: changes the environment
	tests := []struct {
		ci          string
		wantSkipped string
		wantFailed  string
	}{
		{"", "valkey-server not installed: run scripts/install-valkey.sh", ""},
		{"false", "valkey-server not installed: run scripts/install-valkey.sh", ""},
		{"true", "", "scripts/install-valkey.sh"},
	}
	for _, tt := range tests {
		t.Run("CI="+tt.ci, func(t *testing.T) {
			t.Setenv("PATH", t.TempDir())
			t.Setenv("CI", tt.ci)
			rec := &recordingTB{TB: t}
			done := make(chan struct{})
			go func() {
				defer close(done)
				lookPath(rec)
			}()
			<-done
			if rec.skipped != tt.wantSkipped {
				t.Errorf("skipped with %q, want %q", rec.skipped, tt.wantSkipped)
			}
			if !strings.Contains(rec.failed, tt.wantFailed) || (tt.wantFailed == "") != (rec.failed == "") {
				t.Errorf("failed with %q, want it to contain %q", rec.failed, tt.wantFailed)
			}
		})
	}
}
