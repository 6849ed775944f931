package httpapi

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/store"
)

// newsFilter is the canonical form of listNews's filters.
type newsFilter struct {
	symbols      []string // sorted, distinct
	source       string
	hasSource    bool
	since, until time.Time // zero: no bound
	// search is set when q was given; query is q as an FTS5 query, "" when
	// q holds nothing searchable (then the page is empty).
	search bool
	query  string
	// key is the canonical text of all of the above: the cache key prefix
	// and what a cursor is bound to.
	key string
}

func newsFilterOf(p oas.ListNewsParams) newsFilter {
	f := newsFilter{symbols: make([]string, len(p.Symbol))}
	for i, s := range p.Symbol {
		f.symbols[i] = string(s)
	}
	slices.Sort(f.symbols)
	f.symbols = slices.Compact(f.symbols)
	if s, ok := p.Source.Get(); ok {
		f.source, f.hasSource = string(s), true
	}
	if t, ok := p.Since.Get(); ok {
		f.since = t.UTC()
	}
	if t, ok := p.Until.Get(); ok {
		f.until = t.UTC()
	}
	if q, ok := p.Q.Get(); ok {
		f.search, f.query = true, store.FTSQuery(q)
	}

	// Quoted text keeps keys unambiguous whatever a source or query holds.
	var b strings.Builder
	b.WriteString("sym=")
	b.WriteString(strings.Join(f.symbols, ","))
	b.WriteString("|src=")
	if f.hasSource {
		b.WriteString(strconv.Quote(f.source))
	}
	b.WriteString("|since=")
	b.WriteString(timeKey(f.since))
	b.WriteString("|until=")
	b.WriteString(timeKey(f.until))
	b.WriteString("|q=")
	if f.search {
		b.WriteString(strconv.Quote(f.query))
	}
	f.key = b.String()
	return f
}

func timeKey(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339Nano)
}

// bound is t as a query parameter: nil (no bound) when t is zero.
func bound(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// tags are the cache tags of a page under f (see newsAllTag). A page
// filtered by symbols also carries their symbolTag, so a change of one of
// the assets drops it with the asset's other entries.
func (f newsFilter) tags() []string {
	if len(f.symbols) == 0 {
		return []string{newsAllTag}
	}
	tags := make([]string, 0, 2*len(f.symbols))
	for _, s := range f.symbols {
		tags = append(tags, newsSymbolTag(s), symbolTag(s))
	}
	return tags
}

// empty reports whether no article can match f, without asking the
// database.
func (f newsFilter) empty() bool {
	return (f.search && f.query == "") || (!f.since.IsZero() && !f.until.IsZero() && !f.since.Before(f.until))
}
