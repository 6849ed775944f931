// Package provider is the seam between the service and the market data
// providers: the Provider interface every adapter implements, the errors
// by which an adapter says why it has no answer, and the checks every
// answer passes before it reaches the market and news domains.
//
// Adapters (one package each under internal/provider) speak one
// provider's documented HTTP format. They never write anything: the
// refresher hands what they return to the domains' ingestion, the one
// write path of the service.
package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/marketpulse/api/internal/market"
	"github.com/marketpulse/api/internal/news"
)

// Capability is one kind of data a provider may serve.
type Capability uint8

// The capabilities.
const (
	CapQuotes Capability = 1 << iota
	CapBars
	CapNews
	CapProfile
)

// Has reports whether c includes all of o.
func (c Capability) Has(o Capability) bool { return c&o == o }

// Limits are what a provider allows: the documented free-tier quotas (the
// defaults of the configuration) and how many symbols one quote call may
// carry.
type Limits struct {
	PerMinute int // requests per minute; 0: no minute limit
	PerDay    int // requests per day (UTC); 0: no daily limit
	MaxBatch  int // symbols per quote request; 1: one request per symbol
}

// Profile is what a provider knows of a symbol's asset.
type Profile struct {
	Symbol, Name, Type, Exchange, Currency, Sector string
}

// Provider is one source of market data. Every method makes at most the
// requests it needs, each admitted by the Gate the adapter was built with,
// and returns checked values (see CheckQuote, CheckBars) whose Provider
// field names it. A method of a capability the provider lacks returns
// ErrUnsupported. Implementations are safe for concurrent use.
type Provider interface {
	// Name is the provider's configuration name ("finnhub", "coingecko",
	// "simulated", …), also recorded as the provenance of its quotes.
	Name() string
	// Capabilities says which of the methods below can answer.
	Capabilities() Capability
	// Supports reports whether the provider covers assets of the type
	// (stock, etf, crypto, index, forex, commodity).
	Supports(assetType string) bool
	// Limits are the provider's documented quotas and batch size.
	Limits() Limits
	// Quotes are the latest quotes of symbols (at most Limits().MaxBatch
	// per request). A symbol the provider does not know is left out of the
	// answer, not an error, unless all are unknown (ErrUnknownSymbol). A
	// batch that fails partway returns the quotes fetched before the
	// failure with the error, so that the caller keeps them and asks
	// another provider only for the rest.
	Quotes(ctx context.Context, symbols []string) ([]market.QuoteInput, error)
	// Bars are the bars of symbol of interval in [from, to), oldest first.
	Bars(ctx context.Context, symbol string, interval market.Interval, from, to time.Time) ([]market.Bar, error)
	// News are the articles about symbols published at or after since.
	News(ctx context.Context, symbols []string, since time.Time) ([]news.ArticleInput, error)
	// Profile describes the asset of symbol.
	Profile(ctx context.Context, symbol string) (Profile, error)
}

// Gate admits the outgoing requests of one provider: the quota budget.
// Admit returns nil when one more request may go out now, and a
// *LimitedError (with the time it may go again) when it may not.
type Gate interface {
	Admit(ctx context.Context) error
}

// Open is the Gate that admits everything (tests, the commands' one-off
// checks that are given their own budget).
var Open Gate = openGate{}

type openGate struct{}

func (openGate) Admit(context.Context) error { return nil }

// ErrUnsupported is the answer to a method of a capability the provider
// lacks.
var ErrUnsupported = errors.New("provider: not supported")

// ErrUnknownSymbol says the provider does not know the symbol (or any of
// the symbols) asked for.
var ErrUnknownSymbol = errors.New("provider: unknown symbol")

// LimitedError says the provider (or its budget) refuses requests until
// Until: a 429 with Retry-After, an in-body limit note (Alpha Vantage's
// Note and Information), or a spent budget. The refresher pauses the
// provider until then.
type LimitedError struct {
	Provider string
	Until    time.Time
	Reason   string // "429", "note", "budget:minute", "budget:day", …
}

func (e *LimitedError) Error() string {
	return fmt.Sprintf("provider %s limited until %s (%s)", e.Provider, e.Until.UTC().Format(time.RFC3339), e.Reason)
}

// BadAnswerError says the provider answered something unusable: a 5xx, an
// HTML error page, truncated or malformed JSON, a value that fails the
// checks. It counts against the provider's circuit breaker.
type BadAnswerError struct {
	Provider string
	Status   int    // HTTP status; 0: the transport failed or the body was bad
	Reason   string // short, never the body itself
}

func (e *BadAnswerError) Error() string {
	if e.Status != 0 {
		return fmt.Sprintf("provider %s: HTTP %d: %s", e.Provider, e.Status, e.Reason)
	}
	return fmt.Sprintf("provider %s: %s", e.Provider, e.Reason)
}
