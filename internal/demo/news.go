package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/marketpulse/api/internal/news"
)

// newsPools groups the catalog by what the articles talk about.
type newsPools struct {
	curatedStocks, otherStocks, cryptos, pairs, commodities []asset
	indices                                                 []asset
	bySymbol                                                map[string]asset
}

func poolsOf(cat []asset) newsPools {
	p := newsPools{bySymbol: make(map[string]asset, len(cat))}
	for i, a := range cat {
		p.bySymbol[a.Symbol] = a
		switch a.Type {
		case "stock":
			if i < len(assets) {
				p.curatedStocks = append(p.curatedStocks, a)
			} else {
				p.otherStocks = append(p.otherStocks, a)
			}
		case "crypto":
			p.cryptos = append(p.cryptos, a)
		case "forex":
			p.pairs = append(p.pairs, a)
		case "commodity":
			p.commodities = append(p.commodities, a)
		case "index":
			p.indices = append(p.indices, a)
		}
	}
	return p
}

// generateArticle builds article i. Each article has a generator of its own,
// so article i is the same whatever the number asked for, and its URL does
// not depend on the anchor: re-seeding never duplicates an article.
func generateArticle(p newsPools, i int, anchor time.Time) news.ArticleInput {
	rng := rand.New(rand.NewPCG(newsSeed, uint64(i)))
	day := anchor.UTC().Truncate(24*time.Hour).AddDate(0, 0, -1-rng.IntN(365))
	published := day.Add(time.Duration(7*60+rng.IntN(15*60)) * time.Minute)

	f := fields{rng: rng, vals: map[string]string{
		"pct": strconv.FormatFloat(round(1+rng.Float64()*11, 1), 'f', -1, 64),
		"n":   strconv.Itoa(1 + rng.IntN(40)),
		"q":   "Q" + strconv.Itoa(1+rng.IntN(4)),
	}}
	src := pick(rng, sources)
	section, t, syms, src := drawTopic(rng, p, f, src)
	title := f.fill(t.Text)
	a := news.ArticleInput{
		Title:       capitalize(title),
		Summary:     summary(rng, f, syms[0], p),
		Source:      src.Name,
		PublishedAt: published,
		Symbols:     unique(syms),
	}
	a.URL = fmt.Sprintf("https://%s/%s/%s-%d", src.Domain, section, slug(a.Title), i+1)
	if rng.IntN(6) != 0 {
		a.Author = pick(rng, firstNames) + " " + pick(rng, lastNames)
	}
	if rng.IntN(10) != 0 {
		s := t.Polarity*(0.4+0.6*rng.Float64()) + 0.15*rng.NormFloat64()
		sentiment := round(math.Max(-1, math.Min(1, s)), 2)
		a.Sentiment = &sentiment
	}
	return a
}

// drawTopic draws what an article is about: its section, the template of its
// title and its symbols, and sets the fields of f that name its subject.
// The crypto, currencies and commodities sections have a source of their own,
// which replaces src.
func drawTopic(rng *rand.Rand, p newsPools, f fields, src source) (section string, t template, syms []string, _ source) {
	switch k := rng.IntN(100); {
	case k < 62:
		section = "companies"
		co := pickStock(rng, p)
		syms = append(syms, co.Symbol)
		f.vals["co"], f.vals["sym"] = shortName(co.Name), co.Symbol
		other := pickStock(rng, p)
		f.vals["other"] = shortName(other.Name)
		t = pick(rng, companyTitles)
		if strings.Contains(t.Text, "{other}") && other.Symbol != co.Symbol {
			syms = append(syms, other.Symbol)
		}
		if rng.IntN(4) == 0 {
			syms = append(syms, pick(rng, []string{"^GSPC", "^IXIC", "SPY", "QQQ"}))
		}
	case k < 77:
		section = "markets"
		idx := pick(rng, p.indices)
		f.vals["idx"] = idx.Name
		t = pick(rng, marketTitles)
		syms = append(syms, idx.Symbol)
		if rng.IntN(2) == 0 {
			syms = append(syms, pick(rng, []string{"SPY", "QQQ", "IWM", "^DJI"}))
		}
	case k < 87:
		section, src = "crypto", specialistSources["crypto"]
		coin := pick(rng, p.cryptos)
		f.vals["coin"] = coin.Name
		t = pick(rng, cryptoTitles)
		syms = append(syms, coin.Symbol)
		if rng.IntN(3) == 0 {
			syms = append(syms, "BTC-USD")
		}
	case k < 93:
		section, src = "currencies", specialistSources["forex"]
		pair := pick(rng, p.pairs)
		f.vals["pair"], f.vals["ccy"] = pair.Name, pair.Currency
		t = pick(rng, forexTitles)
		syms = append(syms, pair.Symbol)
	default:
		section, src = "commodities", specialistSources["commodity"]
		cmd := pick(rng, p.commodities)
		f.vals["cmd"] = strings.TrimSuffix(cmd.Name, " Futures")
		t = pick(rng, commodityTitles)
		syms = append(syms, cmd.Symbol)
	}
	return section, t, syms, src
}

// summary writes two or three sentences about the article's first symbol.
func summary(rng *rand.Rand, f fields, sym string, p newsPools) string {
	a := p.bySymbol[sym]
	prof := profileOf(a)
	price := strconv.FormatFloat(round(prof.Base*(0.85+0.3*rng.Float64()), prof.Decimals), 'f', prof.Decimals, 64)
	var b strings.Builder
	switch a.Type {
	case "stock", "etf":
		fmt.Fprintf(&b, "%s (%s) shares %s at %s %s in %s trading, as investors weighed %s. ",
			shortName(a.Name), a.Symbol, pick(rng, []string{"closed", "ended the session", "settled"}), price, a.Currency,
			pick(rng, []string{"heavy", "light", "above-average", "choppy"}), f.pick("theme", themes))
		fmt.Fprintf(&b, "%s analyst %s %s said the %s, pointing to %s. ",
			pick(rng, analystFirms), pick(rng, firstNames), pick(rng, lastNames), pick(rng, outlooks), f.pick("segment", segments)+" growth")
	case "crypto":
		fmt.Fprintf(&b, "%s traded near %s %s, with traders watching %s and %s. ",
			a.Name, price, a.Currency, f.pick("cryptoPos", cryptoPos), f.pick("cryptoNeg", cryptoNeg))
	case "forex":
		fmt.Fprintf(&b, "The %s rate moved to %s as markets priced in %s after %s %s. ",
			a.Name, price, f.pick("event", events), f.pick("cb", centralBanks), f.pick("decision", decisions))
	case "commodity":
		fmt.Fprintf(&b, "%s settled at %s %s; traders cited %s while others expect %s. ",
			a.Name, price, a.Currency, f.pick("supplyPos", supplyPos), f.pick("supplyNeg", supplyNeg))
	default:
		fmt.Fprintf(&b, "The %s closed at %s as %s, while some investors worried that %s. ",
			a.Name, price, f.pick("macroPos", macroPos), f.pick("macroNeg", macroNeg))
	}
	if rng.IntN(2) == 0 {
		fmt.Fprintf(&b, "Attention now turns to %s, and options markets imply elevated volatility. ", f.pick("event", events))
	}
	if rng.IntN(3) == 0 {
		fmt.Fprintf(&b, "Year to date the asset is %s %s%%, against %s in the broader market.",
			pick(rng, []string{"up", "down"}), strconv.FormatFloat(round(rng.Float64()*40, 1), 'f', 1, 64),
			pick(rng, []string{"a modest gain", "a small loss", "a strong rally"}))
	}
	return strings.TrimSpace(b.String())
}

// pickStock picks a curated company more often than a generated one.
func pickStock(rng *rand.Rand, p newsPools) asset {
	if rng.IntN(5) < 3 {
		return pick(rng, p.curatedStocks)
	}
	return pick(rng, p.otherStocks)
}

// fields fills {placeholders}, drawing a value for each the first time.
type fields struct {
	rng  *rand.Rand
	vals map[string]string
}

var fieldLists = map[string][]string{
	"posCatalyst": posCatalysts, "negCatalyst": negCatalysts, "segment": segments, "theme": themes,
	"risk": risks, "product": products, "regIssue": regIssues, "contract": contracts, "macroPos": macroPos,
	"macroNeg": macroNeg, "event": events, "cryptoPos": cryptoPos, "cryptoNeg": cryptoNeg,
	"cb": centralBanks, "decision": decisions, "supplyPos": supplyPos, "supplyNeg": supplyNeg,
}

// pick returns the value of field name, drawing it from list if unset.
func (f fields) pick(name string, list []string) string {
	if v, ok := f.vals[name]; ok {
		return v
	}
	v := pick(f.rng, list)
	f.vals[name] = v
	return v
}

// fill replaces each {name} in text, in order of appearance.
func (f fields) fill(text string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(text, '{')
		if i < 0 {
			b.WriteString(text)
			return b.String()
		}
		j := strings.IndexByte(text[i:], '}') + i
		name := text[i+1 : j]
		b.WriteString(text[:i])
		b.WriteString(f.pick(name, fieldLists[name]))
		text = text[j+1:]
	}
}

// shortName drops legal forms, so "Apple Inc." reads "Apple" in a headline.
func shortName(name string) string {
	name = strings.TrimPrefix(name, "The ")
	for _, suffix := range []string{" Class A", " Class B", " Holdings, Inc.", " Group, Inc.", ", Inc.", " Inc.",
		" Incorporated", " Corporation", " Company", " & Co.", " plc", " AG", " SA", " SE", " N.V.", " S.A."} {
		name = strings.TrimSuffix(name, suffix)
	}
	return strings.TrimSuffix(name, ",")
}

func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// slug is the lower-case ASCII words of s joined by dashes, at most 80 bytes.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		default:
			dash = true
		}
		if b.Len() >= 80 {
			break
		}
	}
	return b.String()
}

func unique(list []string) []string {
	out := list[:0]
	for _, s := range list {
		dup := false
		for _, o := range out {
			dup = dup || o == s
		}
		if !dup {
			out = append(out, s)
		}
	}
	return out
}
