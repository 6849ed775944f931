package cache_test

import (
	"strconv"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/marketpulse/api/internal/cache"
	"github.com/marketpulse/api/internal/testvalkey"
)

// TestCloseLeavesNoGoroutines is not parallel: it compares goroutines before and after.
func TestCloseLeavesNoGoroutines(t *testing.T) {
	var hanging func() // set by the setup of "l2 hanging"
	tests := []struct {
		name  string
		setup func(t *testing.T) string // returns the Valkey URL
		state string                    // L2 state to reach before closing
	}{
		{"l2 disabled", func(*testing.T) string { return "" }, cache.StateDisabled},
		{"l2 up", func(t *testing.T) string { return testvalkey.Start(t).URL() }, cache.StateUp},
		{"l2 refusing", func(t *testing.T) string { return "valkey://" + testvalkey.ClosedAddr(t) }, cache.StateDown},
		{"l2 silent", func(t *testing.T) string { return "valkey://" + testvalkey.SilentAddr(t) }, cache.StateDown},
		{"l2 hanging", func(t *testing.T) string {
			srv := testvalkey.Start(t)
			t.Cleanup(srv.Resume) // runs before Kill: let the server die normally
			hanging = srv.Pause
			return srv.URL()
		}, cache.StateUp},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url := tt.setup(t)
			defer goleak.VerifyNone(t, goleak.IgnoreCurrent())

			c, err := cache.New(testConfig(url), testLogger(t))
			if err != nil {
				t.Fatalf("New: %v", err)
			}
			waitL2(t, c, tt.state)
			if hanging != nil {
				hanging() // the server stops answering once the cache is up, not at a time
				hanging = nil
			}
			ns := cache.NewNamespace[int](c, "n", time.Minute)
			o := &origin[int]{val: 1}
			for i := range 50 { // start L2 writes, still in flight at Close
				mustGet(t, ns, strconv.Itoa(i), o.load)
			}
			time.Sleep(150 * time.Millisecond)
			for i := range 50 {
				mustGet(t, ns, "late"+strconv.Itoa(i), o.load)
			}

			start := time.Now()
			c.Close()
			c.Close()
			if d := time.Since(start); d > 100*time.Millisecond {
				t.Errorf("Close took %v", d)
			}
			if _, tier := mustGet(t, ns, "after-close", o.load); tier != cache.TierOrigin {
				t.Errorf("Get after Close tier = %s, want origin", tier)
			}
		})
	}
}
