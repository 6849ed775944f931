package news

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/representation"
)

// Page sizes.
const (
	DefaultLimit = 50
	// MaxLimit is the largest page: ListSymbolsOfArticles and NewsMatches
	// take at most 200 ids.
	MaxLimit = 200
)

// Filter selects one page of the news. The zero Filter is the first page of
// every article, newest first.
type Filter struct {
	Symbols      []string  // any of these assets (unknown symbols match nothing)
	Source       string    // "": any source
	Since, Until time.Time // published at or after Since, before Until; zero: no bound
	Limit        int       // 0: DefaultLimit
	Cursor       string    // "": the first page; else a Page.NextCursor of the same filters
}

// Page is one page of a list or a search, as the cache holds it, with the
// slot where the HTTP layer keeps its encoded representation.
type Page struct {
	Items      []Article           `json:"items"`
	NextCursor string              `json:"nextCursor"` // "": the last page
	Rep        representation.Memo `json:"-"`
}

// query is the canonical form of a list or a search.
type query struct {
	symbols      []string // sorted, distinct
	source       string
	hasSource    bool
	since, until time.Time // UTC; zero: no bound
	// search is set for a search; fts is its text as an FTS5 query, ""
	// when it holds nothing searchable (then the page is empty).
	search bool
	fts    string
	limit  int
	// key is the canonical text of the filters: the cache key prefix and
	// what a cursor is bound to.
	key string
}

// queryOf checks f and returns its canonical form. text is the search
// text of a search.
func queryOf(f Filter, search bool, text string) (query, error) {
	q := query{symbols: slices.Clone(f.Symbols), limit: f.Limit}
	slices.Sort(q.symbols)
	q.symbols = slices.Compact(q.symbols)
	if q.limit == 0 {
		q.limit = DefaultLimit
	}
	if q.limit < 1 || q.limit > MaxLimit {
		return query{}, apperr.NewField(apperr.Invalid, "invalid_limit", "limit", "must be between 1 and "+strconv.Itoa(MaxLimit))
	}
	if f.Source != "" {
		q.source, q.hasSource = f.Source, true
	}
	if !f.Since.IsZero() {
		q.since = f.Since.UTC()
	}
	if !f.Until.IsZero() {
		q.until = f.Until.UTC()
	}
	if search {
		var cost ftsCost
		q.search = true
		if q.fts, cost = ftsQuery(text); q.fts != "" {
			if err := checkCost(cost); err != nil {
				return query{}, err
			}
		}
	}
	q.key = q.canonical()
	return q, nil
}

// canonical is the text of q's filters. Quoted text keeps it unambiguous
// whatever a source or query holds. Existing cursors are bound to it: keep
// it as it is.
func (q query) canonical() string {
	var b strings.Builder
	b.WriteString("sym=")
	b.WriteString(strings.Join(q.symbols, ","))
	b.WriteString("|src=")
	if q.hasSource {
		b.WriteString(strconv.Quote(q.source))
	}
	b.WriteString("|since=")
	b.WriteString(timeKey(q.since))
	b.WriteString("|until=")
	b.WriteString(timeKey(q.until))
	b.WriteString("|q=")
	if q.search {
		b.WriteString(strconv.Quote(q.fts))
	}
	return b.String()
}

// atMillis is t at the precision news keeps (both engines store
// milliseconds), rounded in Go so that both engines store and compare the
// same instant: SQLite's strftime and PostgreSQL's timestamptz(3) round
// alike, except a time in a minute's last half millisecond, which
// strftime clamps to :59.999.
func atMillis(t time.Time) time.Time {
	return t.Round(time.Millisecond).UTC()
}

func timeKey(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339Nano)
}

// bounds are q's time bounds as the storage compares them (zero: none).
// q keeps them as given: cursors are bound to its canonical text.
func (q query) bounds() (since, until time.Time) {
	if !q.since.IsZero() {
		since = atMillis(q.since)
	}
	if !q.until.IsZero() {
		until = atMillis(q.until)
	}
	return since, until
}

// tags are the cache tags of a page under q (see AllTag). A page filtered
// by symbols also carries their assetTag, so a change of one of the assets
// drops it with the asset's other entries.
func (q query) tags() []string {
	if len(q.symbols) == 0 {
		return []string{AllTag}
	}
	tags := make([]string, 0, 2*len(q.symbols))
	for _, s := range q.symbols {
		tags = append(tags, SymbolTag(s), assetTag(s))
	}
	return tags
}

// empty reports whether no article can match q, without asking the
// database.
func (q query) empty() bool {
	return (q.search && q.fts == "") || (!q.since.IsZero() && !q.until.IsZero() && !q.since.Before(q.until))
}
