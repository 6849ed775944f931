package demo

import (
	"hash/fnv"
	"math"
	"math/rand/v2"
	"time"
)

// walkEpoch is the first day of every price walk. Walking from a fixed day,
// not from the anchor, gives a day the same bar whatever the anchor, so
// re-seeding later adds days instead of rewriting the old ones.
var walkEpoch = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// barSymbols are the assets that get a year of daily bars: a mix of every type.
var barSymbols = []string{
	"AAPL", "MSFT", "NVDA", "GOOGL", "AMZN", "META", "TSLA", "AVGO", "AMD", "NFLX",
	"JPM", "V", "MA", "GS", "JNJ", "UNH", "LLY", "XOM", "CVX", "WMT",
	"KO", "DIS", "BA", "ORCL", "SAP", "ASML",
	"SPY", "QQQ", "GLD", "TLT",
	"BTC-USD", "ETH-USD", "SOL-USD",
	"^GSPC", "^DJI", "^IXIC",
	"EURUSD=X", "USDJPY=X",
	"GC=F", "CL=F",
}

// basePrices are the price levels the walks of well-known assets revolve
// around; the others get a level typical of their type.
var basePrices = map[string]float64{
	"AAPL": 210, "MSFT": 420, "NVDA": 120, "GOOGL": 170, "AMZN": 190, "META": 560, "TSLA": 240,
	"AVGO": 170, "AMD": 150, "INTC": 30, "ADBE": 520, "NFLX": 680, "COST": 880, "PEP": 160,
	"BRK.B": 450, "JPM": 220, "V": 290, "MA": 490, "BAC": 42, "GS": 500, "JNJ": 155, "UNH": 540,
	"PFE": 28, "LLY": 820, "XOM": 115, "CVX": 155, "WMT": 80, "KO": 68, "DIS": 100, "BA": 170,
	"CAT": 360, "HD": 380, "NKE": 80, "ORCL": 160, "IBM": 210, "SAP": 220, "ASML": 800, "NESN": 88,
	"SHEL": 2600, "TM": 180, "SPY": 560, "QQQ": 480, "IWM": 215, "VTI": 275, "VOO": 515, "GLD": 230,
	"TLT": 95, "EEM": 44, "BTC-USD": 65000, "ETH-USD": 3000, "SOL-USD": 150, "XRP-USD": 0.6,
	"ADA-USD": 0.45, "DOGE-USD": 0.12, "^GSPC": 5600, "^DJI": 41000, "^IXIC": 17800, "^FTSE": 8200,
	"^N225": 38000, "EURUSD=X": 1.09, "GBPUSD=X": 1.28, "USDJPY=X": 150, "GC=F": 2400, "CL=F": 76,
	"SI=F": 29, "NG=F": 2.4, "^VIX": 16, "^RUT": 2150, "^GDAXI": 18500, "^FCHI": 7500,
	"^STOXX50E": 4900, "^HSI": 18000, "^AXJO": 7900, "^GSPTSE": 23000, "^BVSP": 128000, "^KS11": 2650,
	"AUDUSD=X": 0.67, "USDCAD=X": 1.36, "USDCHF=X": 0.87, "NZDUSD=X": 0.61, "EURGBP=X": 0.85,
	"EURJPY=X": 162, "GBPJPY=X": 192, "EURCHF=X": 0.95, "USDCNY=X": 7.15, "USDINR=X": 83.5,
	"USDMXN=X": 18.5, "AUDJPY=X": 100, "BTC-EUR": 60000, "ETH-EUR": 2750, "ETH-BTC": 0.046,
	"HG=F": 4.3, "PL=F": 980, "PA=F": 1000, "BZ=F": 80, "HO=F": 2.5, "RB=F": 2.4, "ZC=F": 420,
	"ZW=F": 560, "ZS=F": 1150, "KC=F": 230, "CC=F": 7500, "SB=F": 19, "CT=F": 72, "LE=F": 185,
}

// dailyVol is the typical daily log-return volatility of each asset type.
var dailyVol = map[string]float64{
	"stock": 0.018, "etf": 0.010, "crypto": 0.035, "index": 0.009, "forex": 0.005, "commodity": 0.016,
}

// reversion pulls a walk back toward its base level, so prices wander for
// months without drifting off over the years since walkEpoch.
const reversion = 0.004

// bar is one daily OHLCV bar.
type bar struct {
	TS                     time.Time
	Open, High, Low, Close float64
	Volume                 int64
}

// profile is what fixes an asset's walk: its level, volatility and volume.
type profile struct {
	Base, Vol, Volume, Shares float64
	Decimals                  int
}

// profileOf derives an asset's walk parameters from its symbol alone.
func profileOf(a asset) profile {
	rng := symbolRand(barsSeed, a.Symbol)
	base, ok := basePrices[a.Symbol]
	if !ok {
		switch a.Type {
		case "etf":
			base = 20 + rng.Float64()*280
		case "crypto":
			base = math.Exp(rng.Float64()*8 - 3) // 0.05 .. 150
		default:
			base = 8 + math.Exp(rng.Float64()*5.5) // stocks: 9 .. 250
		}
	}
	p := profile{Base: base, Vol: dailyVol[a.Type] * (0.7 + 0.7*rng.Float64()), Decimals: 2}
	switch a.Type {
	case "stock":
		p.Volume = math.Exp(14.5 + 3*rng.Float64()) // ~2M .. 40M shares
		p.Shares = math.Exp(19.5 + 3.5*rng.Float64())
	case "etf":
		p.Volume = math.Exp(13 + 3*rng.Float64())
	case "crypto":
		p.Volume = math.Exp(16 + 4*rng.Float64())
		p.Shares = 1e11 / base * (0.2 + rng.Float64())
	case "commodity":
		p.Volume = math.Exp(10 + 2.5*rng.Float64())
	}
	if a.Type == "forex" || base < 1 {
		p.Decimals = 4
	}
	return p
}

// walk returns the asset's daily bars from walkEpoch up to, not including,
// the day of until. Stocks, funds, indices, currencies and commodities skip
// weekends; crypto trades every day.
func walk(a asset, p profile, until time.Time) []bar {
	rng := symbolRand(barsSeed+1, a.Symbol)
	mu := math.Log(p.Base)
	x := mu + p.Vol*3*rng.NormFloat64()
	end := until.UTC().Truncate(24 * time.Hour)
	out := make([]bar, 0, int(end.Sub(walkEpoch).Hours()/24)+1)
	for day := walkEpoch; day.Before(end); day = day.Add(24 * time.Hour) { // UTC: every day is 24 h
		if a.Type != "crypto" && (day.Weekday() == time.Saturday || day.Weekday() == time.Sunday) {
			continue
		}
		open := x + p.Vol*0.2*rng.NormFloat64()
		x = open + reversion*(mu-open) + p.Vol*rng.NormFloat64()
		o, c := round(math.Exp(open), p.Decimals), round(math.Exp(x), p.Decimals)
		hi := round(math.Max(o, c)*(1+math.Abs(rng.NormFloat64())*p.Vol*0.5), p.Decimals)
		lo := round(math.Min(o, c)*(1-math.Abs(rng.NormFloat64())*p.Vol*0.5), p.Decimals)
		var vol int64
		if p.Volume > 0 {
			vol = int64(p.Volume * math.Exp(0.35*rng.NormFloat64()))
		}
		out = append(out, bar{
			TS: day, Open: o, Close: c,
			High: math.Max(hi, math.Max(o, c)), Low: math.Max(0, math.Min(lo, math.Min(o, c))),
			Volume: vol,
		})
	}
	return out
}

// round rounds v to the given number of decimals.
func round(v float64, decimals int) float64 {
	m := math.Pow10(decimals)
	if r := math.Round(v*m) / m; r != 0 {
		return r
	}
	return 0 // not -0: SQLite stores no sign of a zero, PostgreSQL does
}

// symbolRand is a PCG generator of its own for each (seed, symbol), so one
// asset's numbers do not depend on which other assets exist.
func symbolRand(seed uint64, symbol string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(symbol))
	return rand.New(rand.NewPCG(seed, h.Sum64()))
}
