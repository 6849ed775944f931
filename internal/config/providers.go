package config

import "time"

// Providers configures the market data providers (see internal/provider).
// A real provider is enabled by its key (Yahoo and Stooq, which have none,
// by a flag); the chains name providers in order of preference per asset
// type, and a chain left with no enabled provider falls back to the
// simulated one, so a service with no key at all shows a moving market.
// The quotas default to each provider's published free tier.
type Providers struct {
	FinnhubKey       string `env:"FINNHUB_API_KEY" secret:"true" validate:"omitempty,min=8,max=256,printascii" usage:"Finnhub API key; enables the finnhub provider"`
	FinnhubURL       string `env:"FINNHUB_BASE_URL" validate:"omitempty,http_url,max=2048" usage:"Finnhub base URL (tests, proxies); empty: https://finnhub.io/api/v1"`
	FinnhubPerMinute int    `env:"FINNHUB_PER_MINUTE" default:"60" validate:"min=0,max=1000000" usage:"Finnhub requests per minute (free tier: 60)"`
	FinnhubPerDay    int    `env:"FINNHUB_PER_DAY" default:"0" validate:"min=0,max=100000000" usage:"Finnhub requests per UTC day (0: no daily limit)"`

	AlphaVantageKey       string `env:"ALPHAVANTAGE_API_KEY" secret:"true" validate:"omitempty,min=8,max=256,printascii" usage:"Alpha Vantage API key; enables the alphavantage provider"`
	AlphaVantageURL       string `env:"ALPHAVANTAGE_BASE_URL" validate:"omitempty,http_url,max=2048" usage:"Alpha Vantage base URL; empty: https://www.alphavantage.co"`
	AlphaVantagePerMinute int    `env:"ALPHAVANTAGE_PER_MINUTE" default:"5" validate:"min=0,max=1000000" usage:"Alpha Vantage requests per minute"`
	AlphaVantagePerDay    int    `env:"ALPHAVANTAGE_PER_DAY" default:"25" validate:"min=0,max=100000000" usage:"Alpha Vantage requests per UTC day (free tier: 25)"`

	CoinGeckoKey       string `env:"COINGECKO_API_KEY" secret:"true" validate:"omitempty,min=8,max=256,printascii" usage:"CoinGecko demo API key; enables the coingecko provider"`
	CoinGeckoURL       string `env:"COINGECKO_BASE_URL" validate:"omitempty,http_url,max=2048" usage:"CoinGecko base URL; empty: https://api.coingecko.com/api/v3"`
	CoinGeckoPerMinute int    `env:"COINGECKO_PER_MINUTE" default:"30" validate:"min=0,max=1000000" usage:"CoinGecko requests per minute (demo plan: 30)"`
	CoinGeckoPerDay    int    `env:"COINGECKO_PER_DAY" default:"322" validate:"min=0,max=100000000" usage:"CoinGecko requests per UTC day (demo plan: 10,000 a month)"`

	YahooEnabled   bool   `env:"YAHOO_ENABLED" default:"false" usage:"enable the yahoo provider (chart v8; keyless and unofficial)"`
	YahooURL       string `env:"YAHOO_BASE_URL" validate:"omitempty,http_url,max=2048" usage:"Yahoo Finance base URL; empty: https://query1.finance.yahoo.com"`
	YahooPerMinute int    `env:"YAHOO_PER_MINUTE" default:"60" validate:"min=0,max=1000000" usage:"Yahoo requests per minute (no published quota)"`
	YahooPerDay    int    `env:"YAHOO_PER_DAY" default:"2000" validate:"min=0,max=100000000" usage:"Yahoo requests per UTC day (no published quota)"`

	StooqEnabled   bool   `env:"STOOQ_ENABLED" default:"false" usage:"enable the stooq provider (daily CSV; keyless)"`
	StooqURL       string `env:"STOOQ_BASE_URL" validate:"omitempty,http_url,max=2048" usage:"Stooq base URL; empty: https://stooq.com"`
	StooqPerMinute int    `env:"STOOQ_PER_MINUTE" default:"20" validate:"min=0,max=1000000" usage:"Stooq requests per minute (no published quota)"`
	StooqPerDay    int    `env:"STOOQ_PER_DAY" default:"500" validate:"min=0,max=100000000" usage:"Stooq requests per UTC day (no published quota)"`

	ChainEquity    []string      `env:"PROVIDERS_CHAIN_EQUITY" default:"finnhub,alphavantage,yahoo,stooq" validate:"max=8,dive,oneof=finnhub alphavantage coingecko yahoo stooq simulated" usage:"comma-separated providers of stocks, ETFs and indices, in order of preference"`
	ChainCrypto    []string      `env:"PROVIDERS_CHAIN_CRYPTO" default:"coingecko,yahoo" validate:"max=8,dive,oneof=finnhub alphavantage coingecko yahoo stooq simulated" usage:"comma-separated providers of crypto assets, in order of preference"`
	ChainOther     []string      `env:"PROVIDERS_CHAIN_OTHER" default:"yahoo,alphavantage" validate:"max=8,dive,oneof=finnhub alphavantage coingecko yahoo stooq simulated" usage:"comma-separated providers of currencies and commodities, in order of preference"`
	Feeds          []string      `env:"NEWS_FEEDS" validate:"max=32,dive,http_url,max=2048" usage:"comma-separated RSS or Atom feed URLs polled every REFRESH_NEWS_INTERVAL; an item is linked to the watched symbols its title names"`
	FeedsPerMinute int           `env:"NEWS_FEEDS_PER_MINUTE" default:"30" validate:"min=0,max=1000000" usage:"feed requests per minute (0: no limit)"`
	Timeout        time.Duration `env:"PROVIDER_TIMEOUT" default:"10s" validate:"min=100ms,max=2m" usage:"deadline of one provider request"`
}
