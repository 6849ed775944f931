package simulated_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/marketpulse/api/internal/market"
	"github.com/marketpulse/api/internal/provider"
	"github.com/marketpulse/api/internal/provider/simulated"
)

var anchor = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

// at builds a provider whose clock reads *now.
func at(now *time.Time) *simulated.Provider {
	return simulated.New(simulated.Options{Anchor: anchor, Now: func() time.Time { return *now }})
}

func quote(t *testing.T, p *simulated.Provider, sym string) market.QuoteInput {
	t.Helper()
	qs, err := p.Quotes(context.Background(), []string{sym})
	if err != nil || len(qs) != 1 {
		t.Fatalf("quotes of %s: %v %v", sym, qs, err)
	}
	q := qs[0]
	if q.Price <= 0 || q.Provider != "simulated" || q.Symbol != sym {
		t.Fatalf("bad quote %+v", q)
	}
	return q
}

func TestDeterministicAndMovingWhileOpen(t *testing.T) {
	now := time.Date(2026, 12, 3, 15, 0, 0, 0, time.UTC) // Thursday 10:00 New York
	a, b := at(&now), at(&now)
	qa, qb := quote(t, a, "AAPL"), quote(t, b, "AAPL")
	if qa.Price != qb.Price || !qa.AsOf.Equal(qb.AsOf) {
		t.Fatalf("two providers disagree: %+v vs %+v", qa, qb)
	}
	if qa.AsOf.After(now) {
		t.Fatalf("asOf %s after now %s", qa.AsOf, now)
	}
	moved := false
	for i := 0; i < 60 && !moved; i++ {
		now = now.Add(simulated.DefaultStep)
		moved = quote(t, a, "AAPL").Price != qa.Price
	}
	if !moved {
		t.Fatal("AAPL did not move in 60 steps of an open market")
	}
}

func TestClosedMarketStandsStillCryptoMoves(t *testing.T) {
	now := time.Date(2026, 12, 5, 17, 0, 0, 0, time.UTC) // Saturday
	p := at(&now)
	stock, coin := quote(t, p, "MSFT"), quote(t, p, "BTC-USD")
	now = now.Add(3 * time.Hour)
	if s := quote(t, p, "MSFT"); s.Price != stock.Price || !s.AsOf.Equal(stock.AsOf) {
		t.Fatalf("MSFT moved on a Saturday: %+v -> %+v", stock, s)
	}
	if c := quote(t, p, "BTC-USD"); !c.AsOf.After(coin.AsOf) {
		t.Fatalf("BTC-USD stood still on a Saturday: %+v -> %+v", coin, c)
	}
}

func TestStartsNearTheDemoQuote(t *testing.T) {
	now := time.Date(2026, 12, 1, 15, 0, 0, 0, time.UTC)
	q := quote(t, at(&now), "AAPL")
	if q.Price < 100 || q.Price > 500 {
		t.Fatalf("AAPL at %v: far from its demo level", q.Price)
	}
}

func TestUnknownSymbols(t *testing.T) {
	now := time.Date(2026, 12, 3, 15, 0, 0, 0, time.UTC)
	p := at(&now)
	qs, err := p.Quotes(context.Background(), []string{"AAPL", "NOPE"})
	if err != nil || len(qs) != 1 {
		t.Fatalf("mixed batch: %v %v", qs, err)
	}
	if _, err := p.Quotes(context.Background(), []string{"NOPE"}); !errors.Is(err, provider.ErrUnknownSymbol) {
		t.Fatalf("all unknown: %v", err)
	}
	if _, err := p.News(context.Background(), nil, now); !errors.Is(err, provider.ErrUnsupported) {
		t.Fatalf("news: %v", err)
	}
}

func TestMinuteBarsOnlyWhileOpenAndConsistent(t *testing.T) {
	now := time.Date(2026, 12, 3, 23, 0, 0, 0, time.UTC)
	p := at(&now)
	from := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	bars, err := p.Bars(context.Background(), "SPY", market.Interval1m, from, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(bars) != 390 { // 09:30–16:00
		t.Fatalf("%d minute bars of a session, want 390", len(bars))
	}
	for _, b := range bars {
		if b.Low > b.Open || b.Low > b.Close || b.High < b.Open || b.High < b.Close || b.Low <= 0 {
			t.Fatalf("inconsistent bar %+v", b)
		}
	}
	crypto, err := p.Bars(context.Background(), "ETH-USD", market.Interval1m, from, now)
	if err != nil || len(crypto) != 23*60 {
		t.Fatalf("crypto minute bars: %d %v", len(crypto), err)
	}
}

type refuse struct{}

func (refuse) Admit(context.Context) error {
	return &provider.LimitedError{Provider: "simulated", Reason: "budget:day"}
}

func TestGateRefuses(t *testing.T) {
	p := simulated.New(simulated.Options{Anchor: anchor, Gate: refuse{}})
	var le *provider.LimitedError
	if _, err := p.Quotes(context.Background(), []string{"AAPL"}); !errors.As(err, &le) {
		t.Fatalf("quotes through a refusing gate: %v", err)
	}
}
