package quota

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/marketpulse/api/gen/pgdb"
	"github.com/marketpulse/api/internal/pgstore"
)

// Postgres is the quota storage of a PostgreSQL database, which several
// instances may share: the spend of a window is taken by one conditional
// upsert that locks the window's row, so together they never exceed a
// budget even without Valkey. An admission's two takes lock the minute's
// row, then the day's, in every transaction: no deadlock between them.
func Postgres(d *pgstore.DB) Storage { return pgStorage{d: d} }

type pgStorage struct{ d *pgstore.DB }

// pgTx is one write transaction's queries.
type pgTx struct{ q *pgdb.Queries }

var (
	_ Storage = pgStorage{}
	_ Tx      = pgTx{}
)

// admitTx is READ COMMITTED, not InTx's SERIALIZABLE: what an admission
// decides on, Take checks and locks in one statement against the latest
// committed spend, so nothing is left for serializability to guard, and
// under SERIALIZABLE every admission that waited on another's row lock
// failed to serialize (40001): instances spending at once used up InTx's
// attempts and Admit failed with database_busy.
var admitTx = pgx.TxOptions{IsoLevel: pgx.ReadCommitted}

func (s pgStorage) InTx(ctx context.Context, fn func(tx Tx) error) error {
	return s.d.InTxOptions(ctx, admitTx, func(tx pgx.Tx) error { return fn(pgTx{pgdb.New(tx)}) })
}

func (s pgStorage) Spent(ctx context.Context, provider, span string, start int64) (int64, error) {
	return pgSpent(ctx, pgdb.New(s.d.Pool), provider, span, start)
}

func pgSpent(ctx context.Context, q *pgdb.Queries, provider, span string, start int64) (int64, error) {
	r, err := q.GetProviderQuota(ctx, pgdb.GetProviderQuotaParams{Provider: provider, Span: span})
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return 0, nil
	case err != nil:
		return 0, pgstore.Translate(err, "provider quota")
	case r.WindowStart != start:
		return 0, nil
	}
	return r.Used, nil
}

func (s pgStorage) RaiseSpent(ctx context.Context, provider, span string, start, used int64) error {
	return s.d.InTx(ctx, func(tx pgx.Tx) error {
		err := pgdb.New(tx).SetProviderQuota(ctx, pgdb.SetProviderQuotaParams{Provider: provider, Span: span, WindowStart: start, Used: used})
		return pgstore.Translate(err, "provider quota")
	})
}

func (s pgStorage) Pause(ctx context.Context, provider string, until time.Time, reason string) error {
	return s.d.InTx(ctx, func(tx pgx.Tx) error {
		err := pgdb.New(tx).PauseProvider(ctx, pgdb.PauseProviderParams{Provider: provider, UntilMs: until.UnixMilli(), Reason: reason})
		return pgstore.Translate(err, "provider pause")
	})
}

func (t pgTx) Paused(ctx context.Context, provider string) (Pause, error) {
	p, err := t.q.GetProviderPause(ctx, provider)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return Pause{}, nil
	case err != nil:
		return Pause{}, pgstore.Translate(err, "provider pause")
	}
	return Pause{Until: time.UnixMilli(p.UntilMs), Reason: p.Reason}, nil
}

func (t pgTx) Take(ctx context.Context, provider, span string, start, limit int64) (int64, bool, error) {
	used, err := t.q.TakeProviderQuota(ctx, pgdb.TakeProviderQuotaParams{
		Provider: provider, Span: span, WindowStart: start, MaxUsed: maxUsed(limit),
	})
	switch {
	case errors.Is(err, pgx.ErrNoRows): // spent: say how much
		used, err = pgSpent(ctx, t.q, provider, span, start)
		return used, false, err
	case err != nil:
		return 0, false, pgstore.Translate(err, "provider quota")
	}
	return used, true, nil
}
