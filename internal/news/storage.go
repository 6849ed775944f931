package news

import (
	"context"
	"time"
)

// Storage is what news needs of a database engine; SQLite and Postgres
// implement it. Errors come back already translated into apperr kinds, with
// the codes and messages the API answers with (not_found, invalid_query,
// database_busy, ...).
//
// Full-text search takes the match expression that FTSQuery builds from
// user text (an FTS5 expression: both engines read it) and answers with
// matches marked between markStart and markEnd, and an ellipsis (…) where
// a snippet cuts the text: stored text never holds the two control
// characters, since ingestion refuses them.
type Storage interface {
	// Article reads one article without its symbols: apperr.NotFound
	// ("article ID not found") when there is none.
	Article(ctx context.Context, id int64) (Article, error)
	// SymbolsOf are the symbols of the articles among ids (at most
	// MaxLimit), each article's sorted; an article without any is absent.
	SymbolsOf(ctx context.Context, ids []int64) (map[int64][]string, error)
	// AssetIDs are the ids of the assets among symbols, by symbol; unknown
	// symbols are absent.
	AssetIDs(ctx context.Context, symbols []string) (map[string]int64, error)

	// NewsPage is one keyset page of every article under p, newest first
	// (ties by id, descending).
	NewsPage(ctx context.Context, p PageQuery) ([]Article, error)
	// SourceNewsPage is NewsPage for the articles of source that are about
	// one of assetIDs (nil: about anything).
	SourceNewsPage(ctx context.Context, source string, assetIDs []int64, p PageQuery) ([]Article, error)
	// AssetNewsPage is NewsPage for the articles about the asset, read
	// from its links alone, so it costs a page whatever their number.
	AssetNewsPage(ctx context.Context, assetID int64, p PageQuery) ([]Article, error)

	// NewestID is the newest article id (0 when there is none): the
	// snapshot a search's pages are bound to. Ids only grow, so the
	// articles stored later are those above it.
	NewestID(ctx context.Context) (int64, error)
	// Rank is one page of the matches of r, best first (ties by id): the
	// r.Window newest matches (by id) up to r.MaxID are ranked, then
	// r.Offset are skipped. A match expression the engine refuses is
	// apperr.Invalid invalid_query.
	Rank(ctx context.Context, r RankQuery) ([]Ranked, error)
	// Matches reads the articles among ids (at most MaxLimit) that match
	// match, with their title highlighted and a snippet of their summary,
	// in no particular order; an article deleted meanwhile is absent.
	Matches(ctx context.Context, match string, ids []int64) ([]Matched, error)

	// InTx runs fn in one write transaction and commits when fn returns nil.
	// fn may run more than once (PostgreSQL retries serialization failures):
	// it must not have effects outside the transaction (notify, cache
	// invalidation, channel sends happen after InTx returns).
	InTx(ctx context.Context, fn func(tx Tx) error) error
}

// Tx is what news does inside one write transaction.
type Tx interface {
	// AddArticle stores in, without its symbols, unless its URL is stored:
	// it returns the id of the article of that URL and whether this call
	// created it.
	AddArticle(ctx context.Context, in ArticleInput) (id int64, created bool, err error)
	// Link says the article is about the asset; linking twice is a no-op.
	Link(ctx context.Context, articleID, assetID int64) error
}

// PageQuery bounds one keyset page of a list.
type PageQuery struct {
	Since, Until time.Time // published at or after Since, before Until; zero: no bound
	After        *Keyset   // the previous page's last article; nil: the first page
	Rows         int
}

// Keyset is an article's place in a list: newest first, ties by id.
type Keyset struct {
	Published time.Time
	ID        int64
}

// RankQuery is one page of a full-text search.
type RankQuery struct {
	Match        string    // what FTSQuery built
	MaxID        int64     // the snapshot: newer articles are left out
	Source       string    // "": any source
	AssetIDs     []int64   // nil: about anything; else about one of them
	Since, Until time.Time // as PageQuery's
	Window       int       // how many of the newest matches are ranked
	Offset, Rows int
}

// Ranked is a match's id and score (higher is better).
type Ranked struct {
	ID    int64
	Score float64
}

// Matched is an article that matched, with its title and a snippet of its
// summary, matches marked (see Storage).
type Matched struct {
	Article        Article
	Title, Snippet string
}

// The marks of Matched: FTS5's highlight() and snippet() and PostgreSQL's
// ts_headline write them.
const (
	markStart = "\x02"
	markEnd   = "\x03"
)

// idRange is the least and the greatest of ids, which is not empty.
func idRange(ids []int64) (lo, hi int64) {
	lo, hi = ids[0], ids[0]
	for _, id := range ids[1:] {
		lo, hi = min(lo, id), max(hi, id)
	}
	return lo, hi
}
