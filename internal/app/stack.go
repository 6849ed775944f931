package app

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"

	"go.uber.org/fx"

	"github.com/marketpulse/api/internal/cache"
	"github.com/marketpulse/api/internal/config"
	"github.com/marketpulse/api/internal/hotkeys"
	"github.com/marketpulse/api/internal/httpapi"
	"github.com/marketpulse/api/internal/store"
)

// Stack is the running service without its listener, built by the same
// graph as the server (core), so that tests and benchmarks cannot drift
// from production wiring.
type Stack struct {
	// Handler is the router: the middleware stack around the ogen server.
	Handler http.Handler
	API     *httpapi.Handler
	// DB is the SQLite database, nil on PostgreSQL (see Engine).
	DB     *store.DB
	Engine Engine
	Cache  *cache.Cache
	Hot    *hotkeys.Recorder

	app *fx.App
}

// StartStack builds the service for cfg and runs its start hooks (migrating
// the database, warming, background loops).
func StartStack(ctx context.Context, cfg config.Config, log *slog.Logger) (*Stack, error) {
	s := &Stack{}
	s.app = fx.New(core(cfg, log), fx.Invoke(closeStreamsFirst), fx.Populate(&s.Handler, &s.API, &s.Engine, &s.Cache, &s.Hot))
	if err := s.app.Err(); err != nil {
		return nil, fmt.Errorf("build stack: %w", err)
	}
	if err := s.app.Start(ctx); err != nil {
		return nil, fmt.Errorf("start stack: %w", err)
	}
	s.DB = s.Engine.SQLite
	return s, nil
}

// Stop runs the stop hooks: background loops, cache, database.
func (s *Stack) Stop(ctx context.Context) error {
	if err := s.app.Stop(ctx); err != nil {
		return fmt.Errorf("stop stack: %w", err)
	}
	return nil
}
