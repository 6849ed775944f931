// Package app wires the service together with fx. It is the only package
// that knows fx; every constructor it calls also works without it.
package app

import (
	"io"
	"log/slog"
	"time"

	"go.uber.org/fx"
	"go.uber.org/fx/fxevent"

	"github.com/marketpulse/api/internal/buildinfo"
	"github.com/marketpulse/api/internal/cache"
	"github.com/marketpulse/api/internal/config"
	"github.com/marketpulse/api/internal/httpapi"
)

// Options returns the whole application graph for cfg. stdout receives the
// one human-facing line saying where the API listens.
func Options(cfg config.Config, log *slog.Logger, stdout io.Writer) fx.Option {
	return fx.Options(
		fx.StopTimeout(stopBudget(cfg.HTTP)),
		core(cfg, log),
		fx.Provide(newHTTPServer),
		fx.Invoke(func(s *Server) { s.announce(stdout) }),
		fx.Invoke(func(*Server) {}, closeStreamsFirst),
	)
}

// core is the service without its listener: everything from the database
// to the router, and the work done at start and in the background. Stack
// runs the same graph for tests and benchmarks.
func core(cfg config.Config, log *slog.Logger) fx.Option {
	return fx.Options(
		fx.WithLogger(func() fxevent.Logger {
			l := &fxevent.SlogLogger{Logger: log.With("component", "fx")}
			l.UseLogLevel(slog.LevelDebug)
			return l
		}),
		fx.Supply(cfg, log, buildinfo.Read(), Started(time.Now())),
		fx.Provide(
			newTelemetry,
			openEngine,
			newCache,
			newRateLimits,
			newHotkeys,
			newAccount,
			newBoards,
			newNews,
			newStaleRelay,
			newStreamHub,
			newChangeRelay,
			newStreamRelay,
			newStreamSent,
			newMarket,
			newQuotaStore,
			newRefresher,
			newHandler,
			newRouter,
		),
		fx.Invoke(checkAtStart),
		fx.Invoke(ensureAdmin), // before the listener's start hook
		fx.Invoke(warmAtStart),
		fx.Invoke(sweepSessions),
	)
}

// checkAtStart does once what must precede serving and belongs to no
// constructor: the process-wide ogen setting, and the check that every cache
// namespace the handler built is well formed.
func checkAtStart(c *cache.Cache, _ *httpapi.Handler) error {
	httpapi.DisableErrorTraces()
	return c.Check()
}

// Started is when the process started serving, reported by health and info.
type Started time.Time
