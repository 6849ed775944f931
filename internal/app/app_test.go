package app_test

import (
	"io"
	"log/slog"
	"testing"

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
