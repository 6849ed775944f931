package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"go.uber.org/fx"

	"github.com/marketpulse/api/internal/config"
)

// Serve runs the API until ctx is cancelled (SIGINT/SIGTERM), then drains
// in-flight requests and closes Valkey and SQLite through the fx lifecycle,
// whose stop timeout covers the drain and the closing (stopBudget). A drain
// cut short by HTTP_SHUTDOWN_TIMEOUT does not fail the stop.
func Serve(ctx context.Context, cfg config.Config, log *slog.Logger, stdout io.Writer) error {
	a := fx.New(Options(cfg, log, stdout))
	if err := a.Err(); err != nil {
		return fmt.Errorf("start: %w", err)
	}
	startCtx, cancel := context.WithTimeout(ctx, a.StartTimeout())
	defer cancel()
	if err := a.Start(startCtx); err != nil {
		return fmt.Errorf("start: %w", err)
	}
	exit := 0
	select {
	case <-ctx.Done():
		log.Info("shutting down", "reason", context.Cause(ctx))
	case sig := <-a.Wait(): // fx also listens for SIGINT/SIGTERM
		log.Info("shutting down", "reason", sig.Signal.String())
		exit = sig.ExitCode
	}
	stopCtx, cancelStop := context.WithTimeout(context.Background(), a.StopTimeout())
	defer cancelStop()
	if err := a.Stop(stopCtx); err != nil {
		return fmt.Errorf("stop: %w", err)
	}
	log.Info("stopped cleanly")
	if exit != 0 {
		return fmt.Errorf("server stopped with exit code %d", exit)
	}
	return nil
}
