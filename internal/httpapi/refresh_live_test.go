package httpapi_test

import (
	"context"
	"testing"
	"time"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apitest"
	"github.com/marketpulse/api/internal/config"
)

// TestWatchedQuotesMove: with the refresher on and no provider key, a
// symbol on a dashboard's widget gets quotes from the simulated provider,
// written through the market's ingestion and readable over the API, and
// they keep moving.
func TestWatchedQuotesMove(t *testing.T) {
	s := apitest.Start(t, func(c *config.Config) {
		c.Refresh.Enabled = true
		c.Refresh.Interval = 100 * time.Millisecond
		c.Refresh.Crypto = time.Second
	})
	a := apitest.NewUser(t, s, "live@example.com")
	dash := mustCreateDashboard(t, a.Client, "live").Response.ID
	mustCreateWidget(t, a.Client, dash, pos(0, 0, 2, 2), watchlist("BTC-USD"))

	first := waitQuote(t, a.Client, "BTC-USD", func(q oas.Quote) bool { return q.Provider == "simulated" })
	if first.Price <= 0 || first.Stale {
		t.Fatalf("refreshed quote %+v", first)
	}
	waitQuote(t, a.Client, "BTC-USD", func(q oas.Quote) bool { return q.AsOf.After(first.AsOf) })

	ps, err := s.Admin.GetProviders(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if ps.Status != oas.ProvidersStateStatusUp || len(ps.Providers) != 1 || ps.Providers[0].Name != "simulated" ||
		ps.Providers[0].Status != oas.ProviderStateStatusUp || ps.Providers[0].Calls == 0 || !ps.Providers[0].LastSuccessAt.Set {
		t.Fatalf("providers: %+v", ps)
	}
	if _, err := a.Client.GetProviders(context.Background()); err == nil {
		t.Fatal("a user read the providers' state")
	}
	h, err := s.Client.GetHealth(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ok, isOK := h.(*oas.GetHealthOK)
	if !isOK || ok.Checks.Providers.Value.Status != oas.ProvidersStateStatusUp {
		t.Fatalf("health: %+v", h)
	}
}

// TestProvidersWithTheRefresherOff: the admin view says disabled and
// health has no providers part.
func TestProvidersWithTheRefresherOff(t *testing.T) {
	s := apitest.Start(t)
	ps, err := s.Admin.GetProviders(context.Background())
	if err != nil || ps.Status != oas.ProvidersStateStatusDisabled || len(ps.Providers) != 0 {
		t.Fatalf("providers: %+v %v", ps, err)
	}
	h, err := s.Client.GetHealth(context.Background())
	if ok, isOK := h.(*oas.GetHealthOK); err != nil || !isOK || ok.Checks.Providers.Set {
		t.Fatalf("health: %+v %v", h, err)
	}
}

// waitQuote reads sym until it has a quote for which ok holds, for at most 30 s.
func waitQuote(t *testing.T, c *oas.Client, sym string, ok func(oas.Quote) bool) oas.Quote {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		q, _, err := apitest.Body[oas.Quote](c.GetQuote(ctx, oas.GetQuoteParams{Symbol: oas.Symbol(sym)}))
		if err == nil && ok(*q) {
			return *q
		}
		select {
		case <-ctx.Done():
			t.Fatalf("quote of %s never met the condition", sym)
		case <-tick.C:
		}
	}
}

// TestStaleReadFetchesOnDemand: a read of an unwatched symbol whose quote
// is stale answers at once with stale set and starts one fetch; the next
// reads see the provider's quote.
func TestStaleReadFetchesOnDemand(t *testing.T) {
	s := apitest.Start(t, func(c *config.Config) {
		c.Refresh.Enabled = true
		c.Refresh.Interval = time.Hour // no cycle: only the on-demand fetch can bring a quote
	})
	ctx := context.Background()
	old := time.Now().Add(-time.Hour).UTC().Truncate(time.Second)
	_, err := s.Admin.IngestQuotes(ctx, &oas.QuoteBatch{Quotes: []oas.QuoteInput{{Symbol: "ETH-USD", Price: 3000, AsOf: old, Provider: "admin"}}})
	if err != nil {
		t.Fatal(err)
	}
	a := apitest.NewUser(t, s, "stale@example.com")
	q, _, _ := getQuote(t, a.Client, "ETH-USD", "")
	if !q.Stale || q.Provider != "admin" {
		t.Fatalf("first read: %+v, want the stored stale quote", q.Quote)
	}
	got := waitQuote(t, a.Client, "ETH-USD", func(q oas.Quote) bool { return q.Provider == "simulated" })
	if got.Stale || !got.AsOf.After(old) {
		t.Fatalf("on-demand quote %+v", got)
	}
}
