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
	"github.com/marketpulse/api/internal/config"
)

// Options returns the whole application graph for cfg. stdout receives the
// one human-facing line saying where the API listens.
func Options(cfg config.Config, log *slog.Logger, stdout io.Writer) fx.Option {
	return fx.Options(
		fx.WithLogger(func() fxevent.Logger {
			l := &fxevent.SlogLogger{Logger: log.With("component", "fx")}
			l.UseLogLevel(slog.LevelDebug)
			return l
		}),
		fx.Supply(cfg, log, buildinfo.Read(), Started(time.Now())),
		fx.Provide(
			newTelemetry,
			openDatabase,
			newCache,
			newHotkeys,
			newAccount,
			newHandler,
			newRouter,
			newHTTPServer,
		),
		fx.Invoke(ensureAdmin), // before the listener's start hook
		fx.Invoke(warmAtStart),
		fx.Invoke(sweepSessions),
		fx.Invoke(func(s *Server) { s.announce(stdout) }),
	)
}

// Started is when the process started serving, reported by health and info.
type Started time.Time
