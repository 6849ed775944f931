package app_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"go.uber.org/fx"

	"github.com/marketpulse/api/internal/app"
	"github.com/marketpulse/api/internal/config"
)

func TestOptionsFormAValidGraph(t *testing.T) {
	t.Parallel()
	cfg, err := config.Load(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if err := fx.ValidateApp(app.Options(cfg, log, io.Discard)); err != nil {
		t.Fatalf("fx graph: %v", err)
	}
}

func TestOptionsMissingDependencyIsCaught(t *testing.T) {
	t.Parallel()
	// Proves the validation above can fail: an Invoke that needs something
	// nobody provides must be reported.
	type missing struct{}
	cfg, err := config.Load(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if err := fx.ValidateApp(app.Options(cfg, log, io.Discard), fx.Invoke(func(*missing) {})); err == nil {
		t.Fatal("ValidateApp accepted a graph with a missing dependency")
	}
}

// TestStopTimeoutCoversALongDrain: fx's stop timeout follows
// HTTP_SHUTDOWN_TIMEOUT (it once stayed at fx's 15 s, so a drain of 15 s
// or more left no time to close the cache and the database).
func TestStopTimeoutCoversALongDrain(t *testing.T) {
	t.Parallel()
	env := map[string]string{"HTTP_ADDR": "127.0.0.1:0", "HTTP_SHUTDOWN_TIMEOUT": "25s", "CACHE_WARM_TOP": "0",
		"DATABASE_PATH": filepath.Join(t.TempDir(), "mp.db")}
	cfg, err := config.Load(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	a := fx.New(app.Options(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), io.Discard))
	if err := a.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := a.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := a.StopTimeout(); got < 25*time.Second+10*time.Second {
		t.Errorf("stop timeout %s with a 25 s drain, want the drain plus at least 10 s to close", got)
	}
}
