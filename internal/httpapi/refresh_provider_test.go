package httpapi_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apitest"
	"github.com/marketpulse/api/internal/config"
	"github.com/marketpulse/api/internal/provider/fakeprovider"
)

// coingeckoPrice is CoinGecko's documented /simple/price answer (the shape
// of internal/provider/coingecko/testdata/simple_price.json) for bitcoin,
// observed at asOf. The fake serves one body, so its asOf must be newer
// than the quotes it is to replace (the demo's, the simulated provider's).
func coingeckoPrice(price float64, asOf time.Time) []byte {
	return fmt.Appendf(nil, `{"bitcoin":{"usd":%g,"usd_market_cap":1841552007133.44,"usd_24h_vol":41235566789.12,"usd_24h_change":2.5,"last_updated_at":%d}}`,
		price, asOf.Unix())
}

// liveCoinGecko starts a server whose refresher polls a fake CoinGecko for
// BTC-USD (on a widget) with chain as the crypto chain and the given day
// budget.
func liveCoinGecko(t *testing.T, chain []string, perDay int) (*apitest.Server, *oas.Client, *fakeprovider.Server) {
	t.Helper()
	fp := fakeprovider.Start(t)
	fp.Serve("/simple/price", "application/json", coingeckoPrice(91234.5, time.Now()))
	s := apitest.Start(t, func(c *config.Config) {
		c.Refresh.Enabled = true
		c.Refresh.Interval = 100 * time.Millisecond
		c.Refresh.Crypto = time.Second
		c.Providers.CoinGeckoKey = "CG-TEST-KEY-0123"
		c.Providers.CoinGeckoURL = fp.URL()
		c.Providers.CoinGeckoPerDay = perDay
		c.Providers.ChainCrypto = chain
		c.Providers.Timeout = 500 * time.Millisecond
		c.Refresh.Bars = "off" // the budgets below are the quotes'
	})
	a := apitest.NewUser(t, s, "provider@example.com")
	dash := mustCreateDashboard(t, a.Client, "live").Response.ID
	mustCreateWidget(t, a.Client, dash, pos(0, 0, 2, 2), watchlist("BTC-USD"))
	return s, a.Client, fp
}

// TestProviderKeyEnablesItsAdapterWithinBudget: a CoinGecko key puts the
// adapter first in the crypto chain; its quotes reach the API with their
// provenance, and once the day's budget is spent the provider is paused
// with not one request more than the budget reaching it.
func TestProviderKeyEnablesItsAdapterWithinBudget(t *testing.T) {
	s, c, fp := liveCoinGecko(t, []string{"coingecko"}, 3)
	q := waitQuote(t, c, "BTC-USD", func(q oas.Quote) bool { return q.Provider == "coingecko" })
	if q.Price != 91234.5 {
		t.Fatalf("quote %+v", q)
	}
	st := waitProvider(t, s, "coingecko", func(p oas.ProviderState) bool {
		return p.Status == oas.ProviderStateStatusPaused && strings.HasPrefix(p.PauseReason.Value, "budget:")
	})
	if fp.Total() != 3 || fp.Requests("/simple/price") != 3 {
		t.Fatalf("the fake provider served %d requests on a budget of 3 (state %+v)", fp.Total(), st)
	}
	b, ok := st.Budget.Get()
	if !ok || b.PerDay.Value != 3 || !b.DayLeft.Set || b.DayLeft.Value != 0 || b.DayResetsAt.Value.Before(time.Now()) ||
		b.PerMinute.Value != 30 || b.MinuteLeft.Value < 27 || b.MinuteLeft.Value > 30 {
		// 30 a minute is CoinGecko's default; the 3 calls spent it to 27
		// unless the read fell in the next minute.
		t.Errorf("budget %+v, want a day of 3 with 0 left and a minute of 30 with 27 to 30 left", st.Budget)
	}
	resp, body := do(t, s, "GET", "/metrics", "", nil)
	for _, want := range []string{
		`provider_budget_left{provider="coingecko",window="day"} 0`,
		`provider_paused{provider="coingecko"} 1`,
		`provider_calls_total{outcome="ok",provider="coingecko"} 3`,
	} {
		if resp.StatusCode != 200 || !strings.Contains(string(body), want) {
			t.Errorf("/metrics %d lacks %s:\n%s", resp.StatusCode, want, grepLines(body, "provider_"))
		}
	}
}

// grepLines keeps the lines of b that contain sub.
func grepLines(b []byte, sub string) string {
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// TestProviderOutageFailsOverAndReadsStayUp: while CoinGecko answers 500s,
// the crypto chain's next provider (the simulated one) keeps BTC-USD
// quoted and every read answers; when CoinGecko recovers its quotes
// return.
func TestProviderOutageFailsOverAndReadsStayUp(t *testing.T) {
	s, c, fp := liveCoinGecko(t, []string{"coingecko", "simulated"}, 0)
	fp.Inject(fakeprovider.InternalError())
	waitQuote(t, c, "BTC-USD", func(q oas.Quote) bool { return q.Provider == "simulated" })
	waitProvider(t, s, "coingecko", func(p oas.ProviderState) bool { return p.Failures >= 3 })
	fp.Serve("/simple/price", "application/json", coingeckoPrice(95000.25, time.Now().Add(10*time.Minute)))
	fp.Clear()
	q := waitQuote(t, c, "BTC-USD", func(q oas.Quote) bool { return q.Provider == "coingecko" && q.Price == 95000.25 })
	if q.Price <= 0 {
		t.Fatalf("quote %+v", q)
	}
}

// waitProvider reads the providers' state until name's satisfies ok, for at
// most 30 s.
func waitProvider(t *testing.T, s *apitest.Server, name string, ok func(oas.ProviderState) bool) oas.ProviderState {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		ps, err := s.Admin.GetProviders(context.Background())
		if err == nil {
			for _, p := range ps.Providers {
				if p.Name == name && ok(p) {
					return p
				}
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("provider %s never reached the state: %+v %v", name, ps, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
