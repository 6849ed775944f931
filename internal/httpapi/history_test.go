package httpapi_test

import (
	"context"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apitest"
)

const day = 24 * time.Hour

// dailyBars returns n valid daily bars ending the day before end.
func dailyBars(end time.Time, n int) []oas.PriceBar {
	bars := make([]oas.PriceBar, n)
	for i := range bars {
		p := float64(100 + i)
		bars[i] = oas.PriceBar{Ts: end.Add(-time.Duration(n-i) * day), Open: p, High: p + 2, Low: p - 1, Close: p + 1, Volume: oas.NewOptInt64(int64(i))}
	}
	return bars
}

func mustIngestBars(tb testing.TB, s *apitest.Server, sym string, interval oas.BarInterval, bars ...oas.PriceBar) *oas.IngestResult {
	tb.Helper()
	res, err := s.Admin.IngestBars(context.Background(), &oas.BarBatch{Interval: interval, Bars: bars}, oas.IngestBarsParams{Symbol: oas.Symbol(sym)})
	if err != nil {
		tb.Fatalf("IngestBars(%s): %v", sym, err)
	}
	return res
}

func getHistory(tb testing.TB, s *apitest.Server, p oas.GetHistoryParams) (*oas.PriceHistory, http.Header) {
	tb.Helper()
	h, hdr, err := apitest.Body[oas.PriceHistory](s.Client.GetHistory(context.Background(), p))
	if err != nil {
		tb.Fatalf("GetHistory(%+v): %v", p, err)
	}
	return h, hdr
}

// Without parameters: daily bars, to = the next UTC midnight, from = 500
// days before; bars oldest first; the same request is answered with the
// same bytes from the cache.
func TestHistoryDefaults(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	mustSeedAssets(t, s, "HDA")
	today := time.Now().UTC().Truncate(day)
	wantResult(t, mustIngestBars(t, s, "HDA", oas.BarInterval1d, dailyBars(today.Add(day), 600)...), 600, 600, 0)

	h, hdr := getHistory(t, s, oas.GetHistoryParams{Symbol: "HDA"})
	if today = time.Now().UTC().Truncate(day); !h.To.Equal(today.Add(day)) { // a run across midnight reads the new day
		t.Fatalf("to = %v, want %v", h.To, today.Add(day))
	}
	if h.Interval != oas.BarInterval1d || !h.From.Equal(h.To.Add(-500*day)) || h.Symbol != "HDA" {
		t.Errorf("history = %s %s [%v, %v)", h.Symbol, h.Interval, h.From, h.To)
	}
	if len(h.Bars) != 500 || !h.Bars[0].Ts.Equal(h.From) || !h.Bars[499].Ts.Equal(today) {
		t.Fatalf("%d bars from %v to %v, want 500 from %v to %v", len(h.Bars), h.Bars[0].Ts, h.Bars[len(h.Bars)-1].Ts, h.From, today)
	}
	if !slices.IsSortedFunc(h.Bars, func(a, b oas.PriceBar) int { return a.Ts.Compare(b.Ts) }) {
		t.Error("bars are not oldest first")
	}
	if want := "public, max-age=" + itoa(int(s.Config.Cache.HistoryTTL/time.Second)); hdr.Get("Cache-Control") != want {
		t.Errorf("Cache-Control = %q, want %q", hdr.Get("Cache-Control"), want)
	}
	tag := hdr.Get("ETag")
	if _, hdr2 := getHistory(t, s, oas.GetHistoryParams{Symbol: "HDA", Interval: oas.NewOptBarInterval(oas.BarInterval1d)}); hdr2.Get("ETag") != tag {
		t.Errorf("ETag %s then %s for the same range", tag, hdr2.Get("ETag"))
	}
	if _, err := apitest.NotModified(s.Client.GetHistory(context.Background(), oas.GetHistoryParams{Symbol: "HDA", IfNoneMatch: oas.NewOptString(tag)})); err != nil {
		t.Errorf("conditional GET: %v", err)
	}

	// An explicit range, half-open; another interval has no bars.
	from := today.Add(-10 * day)
	h, _ = getHistory(t, s, oas.GetHistoryParams{Symbol: "HDA", From: oas.NewOptDateTime(from), To: oas.NewOptDateTime(today)})
	if len(h.Bars) != 10 || !h.Bars[0].Ts.Equal(from) || !h.Bars[9].Ts.Equal(today.Add(-day)) {
		t.Errorf("[from, to): %d bars", len(h.Bars))
	}
	h, _ = getHistory(t, s, oas.GetHistoryParams{Symbol: "HDA", Interval: oas.NewOptBarInterval(oas.BarInterval1h)})
	if len(h.Bars) != 0 || !h.From.Equal(h.To.Add(-500*time.Hour)) || h.To.Minute() != 0 || h.To.Before(time.Now()) {
		t.Errorf("hourly default: %d bars in [%v, %v)", len(h.Bars), h.From, h.To)
	}
}

func TestHistoryRejectsBadRanges(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	mustSeedAssets(t, s, "HRA")
	to := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		give     oas.GetHistoryParams
		status   int
		code     string
		pointers []string
	}{
		{"from equals to", oas.GetHistoryParams{Symbol: "HRA", From: oas.NewOptDateTime(to), To: oas.NewOptDateTime(to)},
			400, "invalid_range", []string{"/query/from"}},
		{"from after to", oas.GetHistoryParams{Symbol: "HRA", From: oas.NewOptDateTime(to.Add(time.Minute)), To: oas.NewOptDateTime(to)},
			400, "invalid_range", []string{"/query/from"}},
		{"5,001 days", oas.GetHistoryParams{Symbol: "HRA", From: oas.NewOptDateTime(to.Add(-5001 * day)), To: oas.NewOptDateTime(to)},
			400, "range_too_large", []string{"/query/from", "/query/to"}},
		{"5,001 minutes", oas.GetHistoryParams{Symbol: "HRA", Interval: oas.NewOptBarInterval(oas.BarInterval1m),
			From: oas.NewOptDateTime(to.Add(-5001 * time.Minute)), To: oas.NewOptDateTime(to)}, 400, "range_too_large", []string{"/query/from", "/query/to"}},
		{"far apart", oas.GetHistoryParams{Symbol: "HRA", From: oas.NewOptDateTime(time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)),
			To: oas.NewOptDateTime(time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC))}, 400, "range_too_large", []string{"/query/from", "/query/to"}},
		{"unknown symbol", oas.GetHistoryParams{Symbol: "NOPE"}, 404, "not_found", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Client.GetHistory(context.Background(), tt.give)
			if p := mustProblem(t, err, tt.status, tt.code); !slices.Equal(pointers(p), tt.pointers) {
				t.Errorf("pointers = %v, want %v", pointers(p), tt.pointers)
			}
		})
	}
	// 5,000 intervals exactly is allowed.
	if h, _ := getHistory(t, s, oas.GetHistoryParams{Symbol: "HRA", From: oas.NewOptDateTime(to.Add(-5000 * day)), To: oas.NewOptDateTime(to)}); len(h.Bars) != 0 {
		t.Errorf("%d bars", len(h.Bars))
	}
}

// Bars are idempotent by (asset, interval, ts): a resend changes nothing,
// a corrected bar replaces the stored one, and the cached history is
// dropped by every ingestion.
func TestHistoryIngestIsIdempotent(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	mustSeedAssets(t, s, "HIA")
	end := time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC)
	bars := make([]oas.PriceBar, 3)
	for i := range bars {
		bars[i] = oas.PriceBar{Ts: end.Add(time.Duration(i-3) * 5 * time.Minute), Open: 10, High: 12, Low: 9, Close: 11, Volume: oas.NewOptInt64(5)}
	}
	wantResult(t, mustIngestBars(t, s, "HIA", oas.BarInterval5m, bars...), 3, 3, 0)
	params := oas.GetHistoryParams{Symbol: "HIA", Interval: oas.NewOptBarInterval(oas.BarInterval5m), To: oas.NewOptDateTime(end)}
	before, hdr := getHistory(t, s, params)
	if len(before.Bars) != 3 || before.Bars[2].Close != 11 {
		t.Fatalf("bars = %+v", before.Bars)
	}

	wantResult(t, mustIngestBars(t, s, "HIA", oas.BarInterval5m, bars...), 3, 0, 3)
	if _, again := getHistory(t, s, params); again.Get("ETag") != hdr.Get("ETag") {
		t.Errorf("ETag changed after a resend that changed nothing: %s, %s", hdr.Get("ETag"), again.Get("ETag"))
	}

	bars[2].Close, bars[2].High = 12.5, 13
	wantResult(t, mustIngestBars(t, s, "HIA", oas.BarInterval5m, bars...), 3, 1, 2)
	after, hdr2 := getHistory(t, s, params)
	if len(after.Bars) != 3 || after.Bars[2].Close != 12.5 || after.Bars[2].High != 13 {
		t.Errorf("corrected bars = %+v", after.Bars)
	}
	if hdr2.Get("ETag") == hdr.Get("ETag") {
		t.Error("ETag unchanged after a correction")
	}
}

// An inconsistent, misaligned or repeated bar rejects the whole batch with
// its location; nothing is stored.
func TestHistoryIngestRejectsBadBars(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	mustSeedAssets(t, s, "HBA")
	day0 := time.Date(2026, 2, 2, 0, 0, 0, 0, time.UTC)
	ok := func(ts time.Time) oas.PriceBar { return oas.PriceBar{Ts: ts, Open: 10, High: 12, Low: 9, Close: 11} }
	tests := []struct {
		name     string
		interval oas.BarInterval
		bars     []oas.PriceBar
		pointers []string
	}{
		{"low above open", oas.BarInterval1d, []oas.PriceBar{ok(day0), {Ts: day0.Add(day), Open: 10, High: 12, Low: 10.5, Close: 11}},
			[]string{"/body/bars/1/low"}},
		{"low above close", oas.BarInterval1d, []oas.PriceBar{{Ts: day0, Open: 10, High: 12, Low: 9, Close: 8}}, []string{"/body/bars/0/low"}},
		{"high below close", oas.BarInterval1d, []oas.PriceBar{{Ts: day0, Open: 10, High: 10.5, Low: 9, Close: 11}}, []string{"/body/bars/0/high"}},
		{"high below low", oas.BarInterval1d, []oas.PriceBar{{Ts: day0, Open: 10, High: 1, Low: 20, Close: 10}}, []string{"/body/bars/0/low", "/body/bars/0/high"}},
		{"not a UTC day", oas.BarInterval1d, []oas.PriceBar{ok(day0.In(time.FixedZone("CET", 3600)).Add(-time.Hour)), ok(day0.Add(day))},
			[]string{"/body/bars/0/ts"}},
		{"not a 5-minute mark", oas.BarInterval5m, []oas.PriceBar{ok(day0.Add(7 * time.Minute))}, []string{"/body/bars/0/ts"}},
		{"seconds in a minute bar", oas.BarInterval1m, []oas.PriceBar{ok(day0.Add(time.Second))}, []string{"/body/bars/0/ts"}},
		{"repeated ts", oas.BarInterval1h, []oas.PriceBar{ok(day0), ok(day0.Add(time.Hour)), ok(day0)}, []string{"/body/bars/2/ts"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Admin.IngestBars(context.Background(), &oas.BarBatch{Interval: tt.interval, Bars: tt.bars}, oas.IngestBarsParams{Symbol: "HBA"})
			if p := mustProblem(t, err, http.StatusUnprocessableEntity, "invalid_batch"); !slices.Equal(pointers(p), tt.pointers) {
				t.Errorf("pointers = %v, want %v", pointers(p), tt.pointers)
			}
		})
	}
	for _, iv := range []oas.BarInterval{oas.BarInterval1m, oas.BarInterval5m, oas.BarInterval1h, oas.BarInterval1d} {
		h, _ := getHistory(t, s, oas.GetHistoryParams{Symbol: "HBA", Interval: oas.NewOptBarInterval(iv),
			From: oas.NewOptDateTime(day0.Add(-day)), To: oas.NewOptDateTime(day0.Add(2 * day))})
		if len(h.Bars) != 0 {
			t.Errorf("%s: %d bars stored by rejected batches", iv, len(h.Bars))
		}
	}
	_, err := s.Admin.IngestBars(context.Background(), &oas.BarBatch{Interval: oas.BarInterval1d, Bars: []oas.PriceBar{ok(day0)}}, oas.IngestBarsParams{Symbol: "NOPE"})
	mustProblem(t, err, http.StatusNotFound, "not_found")
}
