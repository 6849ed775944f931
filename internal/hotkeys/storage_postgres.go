package hotkeys

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/marketpulse/api/gen/pgdb"
	"github.com/marketpulse/api/internal/pgstore"
)

// Postgres is the hot-key storage of a PostgreSQL database: a flush is one
// statement over arrays (up to the recorder's maxKeys keys, one round
// trip), and instances flushing the same keys add up their counts.
//
// The flush runs READ COMMITTED, not InTx's SERIALIZABLE: the upsert adds
// to the latest committed count of each row it locks, so no hit is lost,
// and it locks the keys in key order, so flushes do not deadlock. Under
// SERIALIZABLE a flush that waited on another instance's failed to
// serialize (40001) and instances flushing at once used up InTx's
// attempts: the flush failed and its hits were dropped.
func Postgres(d *pgstore.DB) Storage { return pgStorage{d: d} }

type pgStorage struct{ d *pgstore.DB }

var _ Storage = pgStorage{}

func (s pgStorage) RecordHits(ctx context.Context, hits []Hits, at time.Time) error {
	arg := pgdb.RecordCacheHitsParams{
		Keys: make([]string, len(hits)), Namespaces: make([]string, len(hits)),
		TtlSeconds: make([]int64, len(hits)), Hits: make([]int64, len(hits)), HitAt: at,
	}
	for i, h := range hits {
		arg.Keys[i], arg.Namespaces[i], arg.TtlSeconds[i], arg.Hits[i] = h.Key, h.Namespace, h.TTLSeconds, h.Count
	}
	return s.d.InTxOptions(ctx, pgx.TxOptions{IsoLevel: pgx.ReadCommitted}, func(tx pgx.Tx) error {
		return pgstore.Translate(pgdb.New(tx).RecordCacheHits(ctx, arg), "cache metadata")
	})
}

func (s pgStorage) Hottest(ctx context.Context, namespace string, top int) ([]string, error) {
	rows, err := pgdb.New(s.d.Pool).ListHotCacheKeys(ctx, pgdb.ListHotCacheKeysParams{Namespace: namespace, MaxRows: int64(top)})
	if err != nil {
		return nil, pgstore.Translate(err, "cache metadata")
	}
	keys := make([]string, len(rows))
	for i, r := range rows {
		keys[i] = r.Key
	}
	return keys, nil
}
