package pgstore_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/pgstore"
)

// connectError is what pgx says when nothing listens at the address.
func connectError(t *testing.T) error {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, "postgres://app@"+addr+"/db?sslmode=disable")
	if err == nil {
		conn.Close(ctx)
		t.Skipf("something listens on %s", addr)
	}
	return err
}

func TestTranslate(t *testing.T) {
	t.Parallel()
	pg := func(code string) error { return fmt.Errorf("exec: %w", &pgconn.PgError{Code: code, Message: "m"}) }
	classified := apperr.New(apperr.PreconditionFailed, "version_mismatch", "stale")
	tests := []struct {
		name     string
		give     error
		wantKind apperr.Kind
		wantCode string // "" for an unclassified error
	}{
		{"no rows", pgx.ErrNoRows, apperr.NotFound, "not_found"},
		{"unique", pg("23505"), apperr.Conflict, "conflict"},
		{"foreign key", pg("23503"), apperr.Invalid, "invalid_reference"},
		{"check", pg("23514"), apperr.Invalid, "invalid"},
		{"not null", pg("23502"), apperr.Invalid, "invalid"},
		{"serialization, retries spent", pg("40001"), apperr.Unavailable, "database_busy"},
		{"deadlock", pg("40P01"), apperr.Unavailable, "database_busy"},
		{"lock timeout", pg("55P03"), apperr.Unavailable, "database_busy"},
		{"statement timeout", pg("57014"), apperr.Unavailable, "query_timeout"},
		{"deadline", fmt.Errorf("query: %w", context.DeadlineExceeded), apperr.Unavailable, "query_timeout"},
		{"disk full", pg("53100"), apperr.InsufficientStorage, "storage_full"},
		{"too many connections", pg("53300"), apperr.Unavailable, "database_unavailable"},
		{"shutting down", pg("57P01"), apperr.Unavailable, "database_unavailable"},
		{"unreachable", connectError(t), apperr.Unavailable, "database_unavailable"},
		{"cancelled: the client left", fmt.Errorf("%w: %w", pg("57014"), context.Canceled), apperr.Internal, ""},
		{"syntax error", pg("42601"), apperr.Internal, ""},
		{"already classified", classified, apperr.PreconditionFailed, "version_mismatch"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := pgstore.Translate(tt.give, "asset AAPL")
			var ae *apperr.Error
			code := ""
			if errors.As(got, &ae) {
				code = ae.Code
			}
			if apperr.KindOf(got) != tt.wantKind || code != tt.wantCode {
				t.Errorf("Translate = %v (kind %v, code %q), want kind %v, code %q", got, apperr.KindOf(got), code, tt.wantKind, tt.wantCode)
			}
			if !errors.Is(got, tt.give) {
				t.Errorf("Translate(%v) lost its cause", tt.give)
			}
			var retry *apperr.Retry
			if wantRetry := tt.wantKind == apperr.Unavailable; errors.As(got, &retry) != wantRetry {
				t.Errorf("Translate = %v: Retry-After given %v, want %v", got, !wantRetry, wantRetry)
			}
		})
	}
	if err := pgstore.Translate(nil, "x"); err != nil {
		t.Errorf("Translate(nil) = %v", err)
	}
}
