package store_test

import (
	"slices"
	"testing"
	"time"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/internal/apperr"
)

func bar(asset int64, interval string, ts time.Time, close float64) db.UpsertBarParams {
	return db.UpsertBarParams{AssetID: asset, Interval: interval, Ts: ts, Open: close, High: close + 1, Low: close - 1, Close: close, Volume: 10}
}

func TestUpsertBarIsIdempotent(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	ctx := t.Context()
	a := mustAsset(t, d.Write, "AAPL", "Apple")
	ts := at(t, "2026-03-02 14:30:00")
	tests := []struct {
		name string
		give db.UpsertBarParams
		want int64
	}{
		{"new", bar(a.ID, "1m", ts, 100), 1},
		{"resent", bar(a.ID, "1m", ts, 100), 0},
		{"resent in another zone", bar(a.ID, "1m", ts.In(time.FixedZone("", 2*3600)), 100), 0},
		{"corrected", bar(a.ID, "1m", ts, 101), 1},
		{"other interval", bar(a.ID, "5m", ts, 101), 1},
	}
	for _, tt := range tests {
		if n := must(d.Write.UpsertBar(ctx, tt.give))(t); n != tt.want {
			t.Errorf("%s: %d rows, want %d", tt.name, n, tt.want)
		}
	}
	if n := count(t, d, "price_bars", "1"); n != 2 {
		t.Errorf("%d bars stored, want 2", n)
	}
	got := must(d.Read.ListBars(ctx, db.ListBarsParams{AssetID: a.ID, Interval: "1m", Since: ts, Until: ts.Add(time.Minute), MaxRows: 10}))(t)
	if len(got) != 1 || got[0].Close != 101 || !got[0].Ts.Equal(ts) {
		t.Errorf("stored bar = %+v", got)
	}
}

func TestListBars(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	ctx := t.Context()
	a, b := mustAsset(t, d.Write, "AAPL", "Apple"), mustAsset(t, d.Write, "MSFT", "Microsoft")
	t0 := at(t, "2026-03-02 14:00:00")
	east, west := time.FixedZone("", 5*3600+1800), time.FixedZone("", -7*3600)
	err := d.InTx(ctx, func(q *db.Queries) error {
		for i := range 60 {
			for _, p := range []db.UpsertBarParams{
				bar(a.ID, "1m", t0.Add(time.Duration(i)*time.Minute), float64(i+1)),
				bar(b.ID, "1m", t0.Add(time.Duration(i)*time.Minute), 1000),
				bar(a.ID, "5m", t0.Add(time.Duration(i)*time.Minute), 1000),
			} {
				if _, err := q.UpsertBar(ctx, p); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	closes := func(bars []db.PriceBar) []float64 {
		var out []float64
		for _, b := range bars {
			out = append(out, b.Close)
		}
		return out
	}
	tests := []struct {
		name string
		give db.ListBarsParams
		want []float64
	}{
		{"since inclusive, until exclusive", db.ListBarsParams{Since: t0.Add(10 * time.Minute), Until: t0.Add(13 * time.Minute), MaxRows: 10}, []float64{11, 12, 13}},
		{"limited", db.ListBarsParams{Since: t0, Until: t0.Add(time.Hour), MaxRows: 2}, []float64{1, 2}},
		{"sub-second bounds", db.ListBarsParams{Since: t0.Add(time.Minute - time.Millisecond), Until: t0.Add(2*time.Minute + time.Millisecond), MaxRows: 10}, []float64{2, 3}},
		{"empty range", db.ListBarsParams{Since: t0.Add(2 * time.Hour), Until: t0.Add(3 * time.Hour), MaxRows: 10}, nil},
		{"bounds in other zones", db.ListBarsParams{Since: t0.Add(10 * time.Minute).In(east), Until: t0.Add(13 * time.Minute).In(west), MaxRows: 10}, []float64{11, 12, 13}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.give.AssetID, tt.give.Interval = a.ID, "1m"
			if got := closes(must(d.Read.ListBars(ctx, tt.give))(t)); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}

	recent := must(d.Read.ListRecentBars(ctx, db.ListRecentBarsParams{AssetID: a.ID, Interval: "1m", Until: t0.Add(30 * time.Minute).In(east), MaxRows: 3}))(t)
	if got := closes(recent); !slices.Equal(got, []float64{30, 29, 28}) {
		t.Errorf("ListRecentBars = %v, want 30 29 28", got)
	}

	n := must(d.Write.DeleteBarsBefore(ctx, db.DeleteBarsBeforeParams{AssetID: a.ID, Interval: "1m", Before: t0.Add(50 * time.Minute).In(west)}))(t)
	if n != 50 || count(t, d, "price_bars", "1") != 130 {
		t.Errorf("DeleteBarsBefore removed %d, left %d; want 50 and 130", n, count(t, d, "price_bars", "1"))
	}
}

func TestBarConstraints(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	ctx := t.Context()
	a := mustAsset(t, d.Write, "AAPL", "Apple")
	ts := at(t, "2026-03-02 14:30:00")
	tests := []struct {
		name string
		give func(p *db.UpsertBarParams)
		code string
	}{
		{"unknown interval", func(p *db.UpsertBarParams) { p.Interval = "1w" }, "invalid"},
		{"low above open", func(p *db.UpsertBarParams) { p.Low = p.Open + 0.5 }, "invalid"},
		{"low above close", func(p *db.UpsertBarParams) { p.Close, p.Low = 10, 10.5 }, "invalid"},
		{"high below open", func(p *db.UpsertBarParams) { p.High = p.Open - 0.5 }, "invalid"},
		{"high below close", func(p *db.UpsertBarParams) { p.Close = p.High + 1 }, "invalid"},
		{"negative low", func(p *db.UpsertBarParams) { p.Open, p.Close, p.Low = 0, 0, -1 }, "invalid"},
		{"negative volume", func(p *db.UpsertBarParams) { p.Volume = -1 }, "invalid"},
		{"no timestamp", func(p *db.UpsertBarParams) { p.Ts = nil }, "invalid"},
		{"unknown asset", func(p *db.UpsertBarParams) { p.AssetID = a.ID + 1 }, "invalid_reference"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := bar(a.ID, "1m", ts, 10)
			tt.give(&p)
			_, err := d.Write.UpsertBar(ctx, p)
			wantErr(t, err, apperr.Invalid, tt.code)
		})
	}
	t.Run("duplicate key", func(t *testing.T) {
		must(d.Write.UpsertBar(ctx, bar(a.ID, "1d", ts, 10)))(t)
		_, err := d.Writer.ExecContext(ctx, `INSERT INTO price_bars (asset_id, interval, ts, open, high, low, close)
			SELECT asset_id, interval, ts, open, high, low, close FROM price_bars WHERE interval = '1d'`)
		wantErr(t, err, apperr.Conflict, "conflict")
	})
}
