package demo

import (
	"math/rand/v2"
	"strings"
)

// Seeds of the generators: changing one changes the data set.
const (
	catalogSeed = 0x6d61726b6574 // "market"
	barsSeed    = 0x62617273     // "bars"
	quotesSeed  = 0x71756f746573 // "quotes"
	newsSeed    = 0x6e657773     // "news"
)

// generatedStocks is how many fictional companies the catalog adds.
const generatedStocks = 90

// catalog returns the curated assets followed by the generated ones, always
// in the same order with the same content.
func catalog() []asset {
	out := make([]asset, 0, len(assets)+200)
	out = append(out, assets...)
	seen := make(map[string]bool, cap(out))
	for _, a := range assets {
		seen[a.Symbol] = true
	}
	add := func(a asset) {
		if !seen[a.Symbol] {
			seen[a.Symbol] = true
			out = append(out, a)
		}
	}
	rng := rand.New(rand.NewPCG(catalogSeed, 1))
	for len(out) < len(assets)+generatedStocks {
		add(fictionalStock(rng, seen))
	}
	for _, e := range fictionalETFs(rng) {
		add(e)
	}
	for _, list := range [][]asset{extraCrypto, extraIndices, extraForex, extraCommodities} {
		for _, a := range list {
			add(a)
		}
	}
	return out
}

// listing is an exchange with its currency and symbol suffix.
type listing struct{ MIC, Currency, Suffix, Form string }

// listings are weighted by repetition: most generated stocks trade in New York.
var listings = []listing{
	{"XNYS", "USD", "", "Inc."}, {"XNYS", "USD", "", "Corporation"}, {"XNYS", "USD", "", "Holdings, Inc."},
	{"XNAS", "USD", "", "Inc."}, {"XNAS", "USD", "", "Corporation"}, {"XNAS", "USD", "", "Group, Inc."},
	{"XNYS", "USD", "", "Inc."}, {"XNAS", "USD", "", "Inc."},
	{"XLON", "GBP", ".L", "plc"}, {"XETR", "EUR", ".DE", "AG"}, {"XPAR", "EUR", ".PA", "SA"},
	{"XTSE", "CAD", ".TO", "Inc."},
}

var namePrefixes = []string{
	"Northwind", "Bluestone", "Crescent", "Ironwood", "Silverline", "Meridian", "Harborview",
	"Evergreen", "Pinnacle", "Redwood", "Granite", "Lakeshore", "Aurora", "Cobalt", "Sterling",
	"Beacon", "Cascade", "Westbrook", "Highland", "Riverton", "Summitview", "Oakridge", "Falcon",
	"Halcyon", "Vantage", "Solstice", "Keystone", "Juniper", "Coastal", "Prairie", "Quarry",
	"Tidewater", "Ember", "Orchard", "Polaris", "Sapphire", "Trident", "Willow", "Zenith", "Arbor",
}

// sectorWords are the second word of a company name, by sector.
var sectorWords = map[string][]string{
	"Technology":             {"Systems", "Semiconductor", "Software", "Networks", "Analytics", "Cloud"},
	"Health Care":            {"Therapeutics", "Biosciences", "Medical", "Health", "Pharmaceuticals"},
	"Financials":             {"Bancorp", "Financial", "Capital", "Insurance", "Payments"},
	"Energy":                 {"Energy", "Petroleum", "Renewables", "Midstream", "Drilling"},
	"Industrials":            {"Industries", "Aerospace", "Logistics", "Machinery", "Rail"},
	"Consumer Discretionary": {"Brands", "Apparel", "Motors", "Resorts", "Retail"},
	"Consumer Staples":       {"Foods", "Beverages", "Household", "Grocers"},
	"Utilities":              {"Utilities", "Power", "Water", "Electric"},
	"Real Estate":            {"Realty", "Properties", "Residential"},
	"Materials":              {"Materials", "Chemicals", "Mining", "Steel"},
	"Communication Services": {"Media", "Communications", "Interactive", "Studios"},
}

// sectors lists the keys of sectorWords in a fixed order (map order is random).
var sectors = []string{
	"Technology", "Health Care", "Financials", "Energy", "Industrials", "Consumer Discretionary",
	"Consumer Staples", "Utilities", "Real Estate", "Materials", "Communication Services",
}

// fictionalStock invents a plausible company whose symbol is not in seen.
func fictionalStock(rng *rand.Rand, seen map[string]bool) asset {
	for {
		prefix := pick(rng, namePrefixes)
		sector := pick(rng, sectors)
		word := pick(rng, sectorWords[sector])
		l := pick(rng, listings)
		sym := tickerFrom(rng, prefix, word) + l.Suffix
		if seen[sym] {
			continue
		}
		return asset{sym, prefix + " " + word + " " + l.Form, "stock", l.MIC, l.Currency, sector}
	}
}

// tickerFrom builds a 3–4 letter ticker from the initials of a name.
func tickerFrom(rng *rand.Rand, first, second string) string {
	a, b := strings.ToUpper(first), strings.ToUpper(second)
	sym := a[:1+rng.IntN(2)] + b[:1]
	if rng.IntN(2) == 0 {
		sym += string(b[1+rng.IntN(len(b)-1)])
	}
	return sym
}

var etfIssuers = []string{"Summit", "Keystone", "Harbor", "Beacon", "Northstar"}

var etfThemes = []struct{ Theme, Code string }{
	{"Semiconductor", "SMH"}, {"Clean Energy", "CLN"}, {"Dividend Growth", "DVG"},
	{"Short-Term Treasury", "STT"}, {"Emerging Markets Value", "EMV"}, {"Cybersecurity", "CYB"},
	{"Biotech", "BIO"}, {"Regional Banks", "RBK"}, {"Real Estate", "REI"}, {"Gold Miners", "GDM"},
	{"Small Cap Growth", "SCG"}, {"Investment Grade Corporate Bond", "IGB"}, {"Europe Equity", "EUE"},
	{"Japan Equity", "JPE"}, {"Robotics & AI", "RAI"}, {"Water Resources", "WTR"},
	{"Low Volatility", "LOV"}, {"Momentum Factor", "MTM"}, {"High Yield Bond", "HYB"}, {"Infrastructure", "INF"},
}

// fictionalETFs gives each theme an issuer; the symbol is the issuer's
// initial and the theme code, e.g. SSMH.
func fictionalETFs(rng *rand.Rand) []asset {
	out := make([]asset, 0, len(etfThemes))
	for _, t := range etfThemes {
		issuer := pick(rng, etfIssuers)
		mic := "ARCX"
		if rng.IntN(3) == 0 {
			mic = "XNAS"
		}
		out = append(out, asset{issuer[:1] + t.Code, issuer + " " + t.Theme + " ETF", "etf", mic, "USD", ""})
	}
	return out
}

var extraCrypto = []asset{
	{"LINK-USD", "Chainlink", "crypto", "CRYPTO", "USD", ""},
	{"DOT-USD", "Polkadot", "crypto", "CRYPTO", "USD", ""},
	{"AVAX-USD", "Avalanche", "crypto", "CRYPTO", "USD", ""},
	{"LTC-USD", "Litecoin", "crypto", "CRYPTO", "USD", ""},
	{"BCH-USD", "Bitcoin Cash", "crypto", "CRYPTO", "USD", ""},
	{"ATOM-USD", "Cosmos", "crypto", "CRYPTO", "USD", ""},
	{"XLM-USD", "Stellar", "crypto", "CRYPTO", "USD", ""},
	{"UNI-USD", "Uniswap", "crypto", "CRYPTO", "USD", ""},
	{"ALGO-USD", "Algorand", "crypto", "CRYPTO", "USD", ""},
	{"NEAR-USD", "NEAR Protocol", "crypto", "CRYPTO", "USD", ""},
	{"FIL-USD", "Filecoin", "crypto", "CRYPTO", "USD", ""},
	{"ETC-USD", "Ethereum Classic", "crypto", "CRYPTO", "USD", ""},
	{"TRX-USD", "TRON", "crypto", "CRYPTO", "USD", ""},
	{"AAVE-USD", "Aave", "crypto", "CRYPTO", "USD", ""},
	{"BTC-EUR", "Bitcoin / Euro", "crypto", "CRYPTO", "EUR", ""},
	{"ETH-EUR", "Ethereum / Euro", "crypto", "CRYPTO", "EUR", ""},
	{"ETH-BTC", "Ethereum / Bitcoin", "crypto", "CRYPTO", "BTC", ""},
}

var extraIndices = []asset{
	{"^RUT", "Russell 2000", "index", "INDEX", "USD", ""},
	{"^VIX", "CBOE Volatility Index", "index", "INDEX", "USD", ""},
	{"^GDAXI", "DAX Performance Index", "index", "INDEX", "EUR", ""},
	{"^FCHI", "CAC 40", "index", "INDEX", "EUR", ""},
	{"^STOXX50E", "EURO STOXX 50", "index", "INDEX", "EUR", ""},
	{"^HSI", "Hang Seng Index", "index", "INDEX", "HKD", ""},
	{"^AXJO", "S&P/ASX 200", "index", "INDEX", "AUD", ""},
	{"^GSPTSE", "S&P/TSX Composite", "index", "INDEX", "CAD", ""},
	{"^BVSP", "IBOVESPA", "index", "INDEX", "BRL", ""},
	{"^KS11", "KOSPI Composite", "index", "INDEX", "KRW", ""},
}

var extraForex = []asset{
	{"AUDUSD=X", "Australian Dollar / US Dollar", "forex", "FX", "USD", ""},
	{"USDCAD=X", "US Dollar / Canadian Dollar", "forex", "FX", "CAD", ""},
	{"USDCHF=X", "US Dollar / Swiss Franc", "forex", "FX", "CHF", ""},
	{"NZDUSD=X", "New Zealand Dollar / US Dollar", "forex", "FX", "USD", ""},
	{"EURGBP=X", "Euro / British Pound", "forex", "FX", "GBP", ""},
	{"EURJPY=X", "Euro / Japanese Yen", "forex", "FX", "JPY", ""},
	{"GBPJPY=X", "British Pound / Japanese Yen", "forex", "FX", "JPY", ""},
	{"EURCHF=X", "Euro / Swiss Franc", "forex", "FX", "CHF", ""},
	{"USDCNY=X", "US Dollar / Chinese Yuan", "forex", "FX", "CNY", ""},
	{"USDINR=X", "US Dollar / Indian Rupee", "forex", "FX", "INR", ""},
	{"USDMXN=X", "US Dollar / Mexican Peso", "forex", "FX", "MXN", ""},
	{"AUDJPY=X", "Australian Dollar / Japanese Yen", "forex", "FX", "JPY", ""},
}

var extraCommodities = []asset{
	{"HG=F", "Copper Futures", "commodity", "COMEX", "USD", ""},
	{"PL=F", "Platinum Futures", "commodity", "NYMEX", "USD", ""},
	{"PA=F", "Palladium Futures", "commodity", "NYMEX", "USD", ""},
	{"BZ=F", "Brent Crude Oil Futures", "commodity", "NYMEX", "USD", ""},
	{"HO=F", "Heating Oil Futures", "commodity", "NYMEX", "USD", ""},
	{"RB=F", "RBOB Gasoline Futures", "commodity", "NYMEX", "USD", ""},
	{"ZC=F", "Corn Futures", "commodity", "CBOT", "USD", ""},
	{"ZW=F", "Wheat Futures", "commodity", "CBOT", "USD", ""},
	{"ZS=F", "Soybean Futures", "commodity", "CBOT", "USD", ""},
	{"KC=F", "Coffee Futures", "commodity", "ICE", "USD", ""},
	{"CC=F", "Cocoa Futures", "commodity", "ICE", "USD", ""},
	{"SB=F", "Sugar No. 11 Futures", "commodity", "ICE", "USD", ""},
	{"CT=F", "Cotton Futures", "commodity", "ICE", "USD", ""},
	{"LE=F", "Live Cattle Futures", "commodity", "CME", "USD", ""},
}

// pick returns a random element of list.
func pick[T any](rng *rand.Rand, list []T) T { return list[rng.IntN(len(list))] }
