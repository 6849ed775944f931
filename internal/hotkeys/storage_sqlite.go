package hotkeys

import (
	"context"
	"time"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/internal/store"
)

// SQLite is the hot-key storage of a SQLite database: a flush is one
// statement per key in one transaction of the single writer.
func SQLite(d *store.DB) Storage { return sqliteStorage{d: d} }

type sqliteStorage struct{ d *store.DB }

var _ Storage = sqliteStorage{}

func (s sqliteStorage) RecordHits(ctx context.Context, hits []Hits, at time.Time) error {
	return s.d.InTx(ctx, func(q *db.Queries) error {
		for _, h := range hits {
			if err := q.RecordCacheHits(ctx, db.RecordCacheHitsParams{
				Key: h.Key, Namespace: h.Namespace, TtlSeconds: h.TTLSeconds, Hits: h.Count, HitAt: at,
			}); err != nil {
				return store.Translate(err, "cache metadata")
			}
		}
		return nil
	})
}

func (s sqliteStorage) Hottest(ctx context.Context, namespace string, top int) ([]string, error) {
	rows, err := s.d.Read.ListHotCacheKeys(ctx, db.ListHotCacheKeysParams{Namespace: namespace, MaxRows: int64(top)})
	if err != nil {
		return nil, store.Translate(err, "cache metadata")
	}
	keys := make([]string, len(rows))
	for i, r := range rows {
		keys[i] = r.Key
	}
	return keys, nil
}
