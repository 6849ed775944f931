package quota

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/internal/store"
)

// SQLite is the quota storage of a SQLite database: reads on the read
// pool, writes on its single writer.
func SQLite(d *store.DB) Storage { return sqliteStorage{d: d} }

type sqliteStorage struct{ d *store.DB }

// sqliteTx is one write transaction's queries.
type sqliteTx struct{ q *db.Queries }

var (
	_ Storage = sqliteStorage{}
	_ Tx      = sqliteTx{}
)

func (s sqliteStorage) InTx(ctx context.Context, fn func(tx Tx) error) error {
	return s.d.InTx(ctx, func(q *db.Queries) error { return fn(sqliteTx{q}) })
}

func (s sqliteStorage) Spent(ctx context.Context, provider, span string, start int64) (int64, error) {
	return sqliteSpent(ctx, s.d.Read, provider, span, start)
}

func sqliteSpent(ctx context.Context, q *db.Queries, provider, span string, start int64) (int64, error) {
	r, err := q.GetProviderQuota(ctx, db.GetProviderQuotaParams{Provider: provider, Span: span})
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return 0, nil
	case err != nil:
		return 0, store.Translate(err, "provider quota")
	case r.WindowStart != start:
		return 0, nil
	}
	return r.Used, nil
}

func (s sqliteStorage) RaiseSpent(ctx context.Context, provider, span string, start, used int64) error {
	return s.d.InTx(ctx, func(q *db.Queries) error {
		err := q.SetProviderQuota(ctx, db.SetProviderQuotaParams{Provider: provider, Span: span, WindowStart: start, Used: used})
		return store.Translate(err, "provider quota")
	})
}

func (s sqliteStorage) Pause(ctx context.Context, provider string, until time.Time, reason string) error {
	return s.d.InTx(ctx, func(q *db.Queries) error {
		err := q.PauseProvider(ctx, db.PauseProviderParams{Provider: provider, UntilMs: until.UnixMilli(), Reason: reason})
		return store.Translate(err, "provider pause")
	})
}

func (t sqliteTx) Paused(ctx context.Context, provider string) (Pause, error) {
	p, err := t.q.GetProviderPause(ctx, provider)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return Pause{}, nil
	case err != nil:
		return Pause{}, store.Translate(err, "provider pause")
	}
	return Pause{Until: time.UnixMilli(p.UntilMs), Reason: p.Reason}, nil
}

func (t sqliteTx) Take(ctx context.Context, provider, span string, start, limit int64) (int64, bool, error) {
	used, err := t.q.TakeProviderQuota(ctx, db.TakeProviderQuotaParams{
		Provider: provider, Span: span, WindowStart: start, MaxUsed: maxUsed(limit),
	})
	switch {
	case errors.Is(err, sql.ErrNoRows): // spent: say how much
		used, err = sqliteSpent(ctx, t.q, provider, span, start)
		return used, false, err
	case err != nil:
		return 0, false, store.Translate(err, "provider quota")
	}
	return used, true, nil
}
