package store_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/internal/apperr"
)

func hits(key, ns string, n int64, at time.Time) db.RecordCacheHitsParams {
	return db.RecordCacheHitsParams{Key: key, Namespace: ns, TtlSeconds: 60, Hits: n, HitAt: at}
}

func TestRecordCacheHits(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	ctx := t.Context()
	t0 := at(t, "2026-03-02 14:00:00")
	// A flush is one transaction; flushes may arrive out of order.
	flushes := [][]db.RecordCacheHitsParams{
		{hits("quote:AAPL", "quote", 3, t0.Add(time.Minute)), hits("quote:MSFT", "quote", 1, t0)},
		{hits("quote:AAPL", "quote", 4, t0)}, // older flush: adds hits, keeps last_hit_at
		{hits("quote:AAPL", "quote", 0, t0.Add(2*time.Minute).In(time.FixedZone("", 3600)))},
	}
	for _, batch := range flushes {
		err := d.InTx(ctx, func(q *db.Queries) error {
			for _, p := range batch {
				if err := q.RecordCacheHits(ctx, p); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	m := must(d.Read.GetCacheMetadata(ctx, "quote:AAPL"))(t)
	if m.HitCount != 7 || !m.LastHitAt.Valid || !m.LastHitAt.Time.Equal(t0.Add(2*time.Minute)) || m.Namespace != "quote" {
		t.Errorf("quote:AAPL = %+v, want 7 hits, last at %v", m, t0.Add(2*time.Minute))
	}

	// Registering keeps the hits; refreshing records the time.
	r := must(d.Write.UpsertCacheMetadata(ctx, db.UpsertCacheMetadataParams{Key: "quote:AAPL", Namespace: "quote", TtlSeconds: 30, Warm: 1}))(t)
	if r.HitCount != 7 || r.TtlSeconds != 30 || r.Warm != 1 {
		t.Errorf("UpsertCacheMetadata = %+v", r)
	}
	n := must(d.Write.MarkCacheRefreshed(ctx, db.MarkCacheRefreshedParams{Key: "quote:AAPL", RefreshedAt: t0}))(t)
	if m := must(d.Read.GetCacheMetadata(ctx, "quote:AAPL"))(t); n != 1 || !m.LastRefreshedAt.Time.Equal(t0) {
		t.Errorf("MarkCacheRefreshed: %d rows, %+v", n, m)
	}
	if n := must(d.Write.DeleteCacheMetadata(ctx, "quote:MSFT"))(t); n != 1 {
		t.Errorf("DeleteCacheMetadata rows = %d", n)
	}
	_, err := d.Read.GetCacheMetadata(ctx, "quote:MSFT")
	wantErr(t, err, apperr.NotFound, "not_found")
}

func TestHotAndWarmCacheKeys(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	ctx := t.Context()
	err := d.InTx(ctx, func(q *db.Queries) error {
		for i := range 10 {
			for _, ns := range []string{"quote", "news"} {
				if err := q.RecordCacheHits(ctx, hits(fmt.Sprintf("%s:%d", ns, i), ns, int64(i*10), time.Now())); err != nil {
					return err
				}
			}
		}
		for _, k := range []string{"quote:2", "quote:5", "news:9"} {
			if _, err := q.UpsertCacheMetadata(ctx, db.UpsertCacheMetadataParams{Key: k, Namespace: strings.Split(k, ":")[0], TtlSeconds: 60, Warm: 1}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	keys := func(ms []db.CacheMetadata) []string {
		var out []string
		for _, m := range ms {
			out = append(out, m.Key)
		}
		return out
	}
	hot := must(d.Read.ListHotCacheKeys(ctx, db.ListHotCacheKeysParams{Namespace: "quote", MaxRows: 3}))(t)
	if got := keys(hot); !slices.Equal(got, []string{"quote:9", "quote:8", "quote:7"}) {
		t.Errorf("ListHotCacheKeys = %v", got)
	}
	warm := must(d.Read.ListWarmCacheKeys(ctx, db.ListWarmCacheKeysParams{Namespace: "quote", MaxRows: 10}))(t)
	if got := keys(warm); !slices.Equal(got, []string{"quote:5", "quote:2"}) {
		t.Errorf("ListWarmCacheKeys = %v", got)
	}
}

func TestCacheMetadataConstraints(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	ctx := t.Context()
	tests := []struct {
		name string
		give func(p *db.UpsertCacheMetadataParams)
	}{
		{"empty key", func(p *db.UpsertCacheMetadataParams) { p.Key = "" }},
		{"key too long", func(p *db.UpsertCacheMetadataParams) { p.Key = strings.Repeat("k", 513) }},
		{"empty namespace", func(p *db.UpsertCacheMetadataParams) { p.Namespace = "" }},
		{"namespace too long", func(p *db.UpsertCacheMetadataParams) { p.Namespace = strings.Repeat("n", 65) }},
		{"zero ttl", func(p *db.UpsertCacheMetadataParams) { p.TtlSeconds = 0 }},
		{"warm not boolean", func(p *db.UpsertCacheMetadataParams) { p.Warm = 2 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := db.UpsertCacheMetadataParams{Key: "k", Namespace: "ns", TtlSeconds: 60}
			tt.give(&p)
			_, err := d.Write.UpsertCacheMetadata(ctx, p)
			wantErr(t, err, apperr.Invalid, "invalid")
		})
	}
	t.Run("negative hit count", func(t *testing.T) {
		wantErr(t, d.Write.RecordCacheHits(ctx, hits("k", "ns", -1, time.Now())), apperr.Invalid, "invalid")
	})
	t.Run("duplicate key", func(t *testing.T) {
		noErr(t, d.Write.RecordCacheHits(ctx, hits("dup", "ns", 1, time.Now())))
		_, err := d.Writer.ExecContext(ctx, `INSERT INTO cache_metadata (key, namespace, ttl_seconds) VALUES ('dup', 'ns', 1)`)
		wantErr(t, err, apperr.Conflict, "conflict")
	})
}
