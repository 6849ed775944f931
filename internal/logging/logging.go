// Package logging builds the service's structured logger.
package logging

import (
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"gopkg.in/natefinch/lumberjack.v2"

	"github.com/marketpulse/api/internal/config"
)

// New returns a slog logger writing to stderr, or to cfg.File with size- and
// age-based rotation. The returned closer closes the file (a no-op for stderr).
func New(cfg config.Log, stderr io.Writer) (*slog.Logger, io.Closer, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(cfg.Level)); err != nil {
		return nil, nil, err
	}
	out, closer := stderr, io.Closer(nopCloser{})
	if cfg.File != "" {
		if err := os.MkdirAll(filepath.Dir(cfg.File), 0o750); err != nil {
			return nil, nil, err
		}
		lj := &lumberjack.Logger{
			Filename:   cfg.File,
			MaxSize:    cfg.MaxSizeMB,
			MaxBackups: cfg.MaxBackups,
			MaxAge:     cfg.MaxAgeDays,
			Compress:   true,
		}
		out, closer = lj, lj
	}
	h := newHandler(out, &slog.HandlerOptions{Level: level}, cfg.Format != "text")
	return slog.New(h), closer, nil
}

type nopCloser struct{}

func (nopCloser) Close() error { return nil }
