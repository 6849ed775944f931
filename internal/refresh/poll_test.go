package refresh_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/marketpulse/api/internal/cache"
	"github.com/marketpulse/api/internal/market"
	"github.com/marketpulse/api/internal/news"
	"github.com/marketpulse/api/internal/provider"
	"github.com/marketpulse/api/internal/provider/fakeprovider"
	"github.com/marketpulse/api/internal/provider/feed"
	"github.com/marketpulse/api/internal/provider/finnhub"
	"github.com/marketpulse/api/internal/refresh"
	"github.com/marketpulse/api/internal/store"
)

// domains are the market and news services on one fresh SQLite file.
type domains struct {
	db     *store.DB
	market *market.Service
	news   *news.Service
}

func newDomains(t *testing.T, symbols ...string) domains {
	t.Helper()
	d := openDB(t, filepath.Join(t.TempDir(), "mp.db"))
	c, err := cache.New(cache.Config{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	m := market.New(market.Deps{Storage: market.SQLite(d), Cache: c, AssetTTL: time.Minute, QuoteTTL: time.Minute, BarTTL: time.Minute})
	for _, s := range symbols {
		if _, err := m.CreateAsset(context.Background(), market.NewAsset{Symbol: s, Name: s, Type: "stock"}); err != nil {
			t.Fatal(err)
		}
	}
	return domains{db: d, market: m, news: news.New(news.Deps{Storage: news.SQLite(d)})}
}

// candles is a Finnhub /stock/candle answer with one bar at each ts.
func candles(ts ...time.Time) []byte {
	var b struct {
		C, H, L, O, V []float64
		T             []int64
		S             string
	}
	b.S = "ok"
	for i, t := range ts {
		p := 100 + float64(i)
		b.O, b.H, b.L, b.C = append(b.O, p), append(b.H, p+2), append(b.L, p-1), append(b.C, p+1)
		b.V, b.T = append(b.V, 1000), append(b.T, t.Unix())
	}
	out, _ := json.Marshal(map[string]any{"c": b.C, "h": b.H, "l": b.L, "o": b.O, "v": b.V, "t": b.T, "s": b.S})
	return out
}

func finnhubOn(fp *fakeprovider.Server, c *clock) provider.Provider {
	return finnhub.New(provider.Config{BaseURL: fp.URL(), APIKey: "test-key-123", HTTP: fp.Client(), Timeout: time.Second, Now: c.Now})
}

func history(t *testing.T, m *market.Service, symbol string, iv market.Interval, from, to time.Time) []market.Bar {
	t.Helper()
	h, _, err := m.History(context.Background(), market.HistoryQuery{Symbol: symbol, Interval: iv, From: &from, To: &to})
	if err != nil {
		t.Fatal(err)
	}
	return h.History.Bars
}

var thursdayClosed = time.Date(2026, 12, 3, 21, 30, 0, 0, time.UTC) // 16:30 New York

func TestDailyBarsBackfillOnceThenOncePerSession(t *testing.T) {
	c := &clock{t: thursdayClosed}
	dm := newDomains(t, "AAPL")
	fp := fakeprovider.Start(t)
	days := []time.Time{time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)}
	fp.Serve("/stock/candle?symbol=AAPL&resolution=D", "application/json", candles(days...))
	r := refresh.New(refresh.Options{
		BarChains: map[string][]provider.Provider{"stock": {finnhubOn(fp, c)}}, IngestBars: dm.market, LastBar: dm.market.LastBar,
		Watched: watched(refresh.Watch{Symbol: "AAPL", Type: "stock", Demand: true}), Ingest: &sink{}, Now: c.Now,
	})
	ctx := context.Background()
	for range 3 {
		if err := r.Cycle(ctx); err != nil {
			t.Fatal(err)
		}
		c.Add(time.Second)
	}
	if n := fp.Requests("/stock/candle"); n != 1 {
		t.Fatalf("%d candle requests in three cycles after the close, want 1 (the backfill)", n)
	}
	q := fp.Queries()[0]
	if want := time.Date(2025, 12, 4, 0, 0, 0, 0, time.UTC).Unix(); q.Get("from") != strconv.FormatInt(want, 10) {
		t.Fatalf("backfill from %s, want %d (365 days before Friday)", q.Get("from"), want)
	}
	got := history(t, dm.market, "AAPL", market.Interval1d, days[0], days[2].Add(24*time.Hour))
	if len(got) != 3 || !got[2].Ts.Equal(days[2]) || got[2].Close != 103 {
		t.Fatalf("history after the backfill: %+v", got)
	}
	c.Add(24 * time.Hour) // Friday after the close
	_ = r.Cycle(ctx)
	_ = r.Cycle(ctx)
	if n := fp.Requests("/stock/candle"); n != 2 {
		t.Fatalf("%d candle requests after Friday's close, want 2", n)
	}
	if from := fp.Queries()[1].Get("from"); from != strconv.FormatInt(days[2].Add(24*time.Hour).Unix(), 10) {
		t.Fatalf("Friday's poll from %s, want the day after the newest stored bar", from)
	}
}

func TestBackfillResumesFromTheNewestStoredBar(t *testing.T) {
	c := &clock{t: thursdayClosed}
	dm := newDomains(t, "AAPL")
	dec1 := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	if _, err := dm.market.IngestBars(context.Background(), "AAPL", market.Interval1d,
		[]market.Bar{{Ts: dec1, Open: 1, High: 2, Low: 1, Close: 2, Volume: 1}}); err != nil {
		t.Fatal(err)
	}
	fp := fakeprovider.Start(t)
	fp.Serve("/stock/candle", "application/json", candles(dec1.Add(24*time.Hour)))
	r := refresh.New(refresh.Options{
		BarChains: map[string][]provider.Provider{"stock": {finnhubOn(fp, c)}}, IngestBars: dm.market, LastBar: dm.market.LastBar,
		Watched: watched(refresh.Watch{Symbol: "AAPL", Type: "stock"}), Ingest: &sink{}, Now: c.Now,
	})
	_ = r.Cycle(context.Background())
	if n := fp.Total(); n != 1 || fp.Queries()[0].Get("from") != strconv.FormatInt(dec1.Add(24*time.Hour).Unix(), 10) {
		t.Fatalf("%d requests, first %v; want one from the day after Dec 1", n, fp.Queries())
	}
	if got := history(t, dm.market, "AAPL", market.Interval1d, dec1, dec1.Add(72*time.Hour)); len(got) != 2 {
		t.Fatalf("history: %+v, want the stored bar and the new one", got)
	}
}

func TestIntradayBarsAsEachCompletes(t *testing.T) {
	c := &clock{t: time.Date(2026, 12, 3, 16, 10, 0, 0, time.UTC)} // 11:10 New York
	dm := newDomains(t, "AAPL")
	fp := fakeprovider.Start(t)
	h15, h16 := time.Date(2026, 12, 3, 15, 0, 0, 0, time.UTC), time.Date(2026, 12, 3, 16, 0, 0, 0, time.UTC)
	fp.Serve("/stock/candle?resolution=60", "application/json", candles(h15, h16))
	fp.Serve("/stock/candle?resolution=D", "application/json", candles())
	r := refresh.New(refresh.Options{
		BarChains: map[string][]provider.Provider{"stock": {finnhubOn(fp, c)}}, IngestBars: dm.market, LastBar: dm.market.LastBar,
		Intraday: market.Interval1h, Watched: watched(refresh.Watch{Symbol: "AAPL", Type: "stock"}), Ingest: &sink{}, Now: c.Now,
	})
	ctx := context.Background()
	_ = r.Cycle(ctx)
	_ = r.Cycle(ctx)
	if n := countRes(fp, "60"); n != 1 {
		t.Fatalf("%d hourly requests, want 1", n)
	}
	if got := history(t, dm.market, "AAPL", market.Interval1h, h15, h16.Add(time.Hour)); len(got) != 1 || !got[0].Ts.Equal(h15) {
		t.Fatalf("hourly history %+v, want the 15:00 bar only (16:00 is not complete)", got)
	}
	c.Add(50 * time.Minute) // 17:00 UTC completes the 16:00 bar
	_ = r.Cycle(ctx)
	if n := countRes(fp, "60"); n != 2 {
		t.Fatalf("%d hourly requests after the next bar completed, want 2", n)
	}
	if from := fp.Queries()[len(fp.Queries())-1].Get("from"); from != strconv.FormatInt(h16.Unix(), 10) {
		t.Fatalf("second hourly poll from %s, want 16:00", from)
	}
	if got := history(t, dm.market, "AAPL", market.Interval1h, h15, h16.Add(time.Hour)); len(got) != 2 {
		t.Fatalf("hourly history %+v, want two bars", got)
	}
}

func countRes(fp *fakeprovider.Server, res string) int {
	n := 0
	for _, q := range fp.Queries() {
		if q.Get("resolution") == res {
			n++
		}
	}
	return n
}

func TestNewsPolledDeduplicatedAndLinked(t *testing.T) {
	c := &clock{t: thursdayOpen}
	dm := newDomains(t, "AAPL", "MSFT")
	fp := fakeprovider.Start(t)
	at := c.Now().Add(-time.Hour).Unix()
	fp.Serve("/company-news?symbol=AAPL", "application/json", fmt.Appendf(nil,
		`[{"datetime":%d,"headline":"Apple and Microsoft team up","source":"Reuters","summary":"s","url":"https://example.com/team-up"}]`, at))
	fp.Serve("/company-news?symbol=MSFT", "application/json", fmt.Appendf(nil,
		`[{"datetime":%d,"headline":"Apple and Microsoft team up","source":"Reuters","summary":"s","url":"https://example.com/team-up"},`+
			`{"datetime":%d,"headline":"Bad \u0007 title","source":"X","summary":"","url":"https://example.com/bad"}]`, at, at))
	fp.Serve("/rss", "application/rss+xml", fmt.Appendf(nil, `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>`+
		`<item><title>MSFT beats</title><link>https://example.com/msft-beats</link><pubDate>%s</pubDate></item>`+
		`<item><title>MSFT and AAPL team up</title><link>https://example.com/team-up</link><pubDate>%s</pubDate></item>`+
		`</channel></rss>`, c.Now().Add(-time.Minute).Format(time.RFC1123Z), c.Now().Add(-time.Hour).Format(time.RFC1123Z)))
	fh := finnhubOn(fp, c)
	rss := feed.New(provider.Config{HTTP: fp.Client(), Timeout: time.Second}, []feed.Feed{{URL: fp.URL() + "/rss"}})
	r := refresh.New(refresh.Options{
		NewsChains: map[string][]provider.Provider{"stock": {fh}}, Feed: rss, IngestNews: dm.news, NewsEvery: 5 * time.Minute,
		Watched: watched(refresh.Watch{Symbol: "AAPL", Type: "stock"}, refresh.Watch{Symbol: "MSFT", Type: "stock"}),
		Ingest:  &sink{}, Now: c.Now,
	})
	ctx := context.Background()
	_ = r.Cycle(ctx)
	_ = r.Cycle(ctx)
	if n, f := fp.Requests("/company-news"), fp.Requests("/rss"); n != 2 || f != 1 {
		t.Fatalf("%d company-news and %d feed requests in two cycles, want 2 and 1", n, f)
	}
	checkNews(t, dm.news, "AAPL", []string{"https://example.com/team-up"})
	checkNews(t, dm.news, "MSFT", []string{"https://example.com/msft-beats"})
	checkNews(t, dm.news, "", []string{"https://example.com/msft-beats", "https://example.com/team-up"}) // once, the bad title left out
	c.Add(5 * time.Minute)
	_ = r.Cycle(ctx)
	if n, f := fp.Requests("/company-news"), fp.Requests("/rss"); n != 4 || f != 2 {
		t.Fatalf("after NewsEvery: %d company-news and %d feed requests, want 4 and 2", n, f)
	}
	checkNews(t, dm.news, "AAPL", []string{"https://example.com/team-up"})
}

// checkNews asserts the URLs of the articles linked to symbol (every
// article: ""), newest first.
func checkNews(t *testing.T, s *news.Service, symbol string, want []string) {
	t.Helper()
	f := news.Filter{}
	if symbol != "" {
		f.Symbols = []string{symbol}
	}
	page, _, err := s.List(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range page.Items {
		got = append(got, a.URL)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("news of %s: %v, want %v", symbol, got, want)
	}
}

func TestSlowPollsPerMinuteAreBounded(t *testing.T) {
	c := &clock{t: thursdayClosed}
	syms := []string{"A1", "A2", "A3", "A4", "A5"}
	dm := newDomains(t, syms...)
	fp := fakeprovider.Start(t)
	fp.Serve("/stock/candle", "application/json", candles(time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)))
	var ws []refresh.Watch
	for _, s := range syms {
		ws = append(ws, refresh.Watch{Symbol: s, Type: "stock"})
	}
	r := refresh.New(refresh.Options{
		BarChains: map[string][]provider.Provider{"stock": {finnhubOn(fp, c)}}, IngestBars: dm.market, LastBar: dm.market.LastBar,
		SlowPerMinute: 2, Watched: watched(ws...), Ingest: &sink{}, Now: c.Now,
	})
	ctx := context.Background()
	for range 10 {
		_ = r.Cycle(ctx)
		c.Add(time.Second)
	}
	if n := fp.Total(); n != 2 {
		t.Fatalf("%d requests in a minute, want 2 (SlowPerMinute)", n)
	}
	c.Add(time.Minute)
	for range 3 {
		_ = r.Cycle(ctx)
	}
	if n := fp.Total(); n != 4 {
		t.Fatalf("%d requests after the next minute, want 4", n)
	}
}
