package coingecko

import "strings"

// DefaultIDs maps the base of a crypto symbol ("BTC" of "BTC-USD") to its
// CoinGecko coin id (https://api.coingecko.com/api/v3/coins/list). The
// quote currency ("USD") becomes the vs_currency.
func DefaultIDs() map[string]string {
	return map[string]string{
		"BTC": "bitcoin", "ETH": "ethereum", "SOL": "solana", "XRP": "ripple", "ADA": "cardano",
		"DOGE": "dogecoin", "BNB": "binancecoin", "USDT": "tether", "USDC": "usd-coin", "DOT": "polkadot",
		"LTC": "litecoin", "AVAX": "avalanche-2", "LINK": "chainlink", "TRX": "tron", "XLM": "stellar",
		"BCH": "bitcoin-cash", "MATIC": "matic-network", "ATOM": "cosmos", "UNI": "uniswap", "XMR": "monero",
	}
}

// coin is a symbol as CoinGecko names it.
type coin struct {
	id, vs string
}

// coinOf is the coin id and vs_currency of symbol ("BTC-USD" → bitcoin,
// usd); ok is false for a symbol the map does not cover.
func coinOf(ids map[string]string, symbol string) (coin, bool) {
	base, quote, ok := strings.Cut(symbol, "-")
	if !ok || quote == "" {
		return coin{}, false
	}
	id, ok := ids[strings.ToUpper(base)]
	return coin{id: id, vs: strings.ToLower(quote)}, ok
}
