// Package news owns market news: articles read by id, lists newest first
// under combined filters (symbols, source, time window) with keyset cursors,
// full-text search (ranking, highlights, snapshot cursors bounded in
// depth) with the sanitiser of the user's query, and batch ingestion
// (deduplicated by URL, linked to assets by symbol, checked whole). It owns
// the transactions of these operations, the cache namespaces "news" and
// "news-page", their tags and their exact invalidation after a commit.
//
// The rules talk to a database through Storage only; its engines live in
// storage_sqlite.go (FTS5, JSON id lists) and storage_postgres.go (tsvector,
// ts_headline, arrays). Callers see plain Go types.
package news

import (
	"context"
	"strconv"
	"time"

	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/cache"
)

// Namespace names the cache namespaces of the package. The names are those
// of the admin API (openapi.yaml CacheNamespace) and of the L2 keys.
type Namespace string

// The namespaces: articles by id, and pages of lists and searches by their
// canonical filters, limit and cursor.
const (
	NamespaceArticles Namespace = "news"
	NamespacePages    Namespace = "news-page"
)

// Tags of news pages. A page filtered by symbols depends on the articles
// about them only; an unfiltered page (whatever its other filters) on every
// article. An ingestion drops AllTag and the SymbolTag of each symbol of
// the articles it created, and nothing else.
const AllTag = "news:all"

// SymbolTag is the tag of the pages filtered by symbol.
func SymbolTag(symbol string) string { return "news:" + symbol }

// assetTag is the market's tag of everything cached about the asset symbol
// ("symbol:SYM"). Pages filtered by a symbol carry it too, so a change of
// the asset (which may end its links) drops them with its other entries.
func assetTag(symbol string) string { return "symbol:" + symbol }

// Deps are what a Service needs. Storage is required: SQLite(db) or
// Postgres(db).
type Deps struct {
	Storage Storage
	// Cache holds articles and pages for TTL. Nil: nothing is cached and
	// nothing invalidated (tools and the demo seeder, which run before the
	// server's cache exists).
	Cache *cache.Cache
	TTL   time.Duration
	// Changed, if set, is told after each commit that created articles
	// (never for a batch of duplicates only), after the cache is
	// invalidated. It runs on the ingesting goroutine and must not block:
	// hand the change to a channel or goroutine.
	Changed func(Change)
	// SearchTimeout is the time budget of one search's statements (0:
	// DefaultSearchTimeout); SearchConcurrency how many searches may read
	// the database at once (0: DefaultSearchConcurrency).
	SearchTimeout     time.Duration
	SearchConcurrency int
}

// Change is what an ingestion created: the new articles, in batch order,
// with their symbols.
type Change struct {
	Articles []ChangedArticle
}

// ChangedArticle is one new article and the symbols it is about.
type ChangedArticle struct {
	ID      int64
	Symbols []string
}

// Service reads and ingests news.
type Service struct {
	storage  Storage
	cache    *cache.Cache
	ttl      time.Duration
	changed  func(Change)
	articles *cache.Namespace[*StoredArticle] // nil without a cache
	pages    *cache.Namespace[*Page]          // nil without a cache
	// searches and searchTimeout bound the searches (see budgeted).
	searches      searchSlots
	searchTimeout time.Duration
}

// New returns the service and registers its namespaces on d.Cache.
func New(d Deps) *Service {
	s := &Service{storage: d.Storage, cache: d.Cache, ttl: d.TTL, changed: d.Changed, searchTimeout: d.SearchTimeout}
	if s.searchTimeout <= 0 {
		s.searchTimeout = DefaultSearchTimeout
	}
	if d.SearchConcurrency <= 0 {
		d.SearchConcurrency = DefaultSearchConcurrency
	}
	s.searches = make(searchSlots, d.SearchConcurrency)
	if d.Cache != nil {
		s.articles = cache.NewNamespace[*StoredArticle](d.Cache, string(NamespaceArticles), d.TTL, cache.WithNotFound(apperr.ErrNotFound))
		s.pages = cache.NewNamespace[*Page](d.Cache, string(NamespacePages), d.TTL)
	}
	return s
}

// TTL is how long articles and pages are cached.
func (s *Service) TTL() time.Duration { return s.ttl }

// CacheAdmins is the administration of the namespaces (none without a
// cache). Articles load by id; page keys are internal.
func (s *Service) CacheAdmins() []cache.Admin {
	if s.cache == nil {
		return nil
	}
	return []cache.Admin{
		s.articles.Admin(func(ctx context.Context, key string) error {
			id, err := strconv.ParseInt(key, 10, 64)
			if err != nil || id < 1 || strconv.FormatInt(id, 10) != key {
				return apperr.New(apperr.Invalid, "invalid_key", "%q is not an article id", key)
			}
			_, _, err = s.Article(ctx, id)
			return err
		}),
		s.pages.Admin(nil),
	}
}

// through reads key through ns, or straight from load without a cache.
func through[T any](ctx context.Context, ns *cache.Namespace[T], key string, load func(context.Context) (T, error), opts ...cache.GetOption) (T, cache.Tier, error) {
	if ns == nil {
		v, err := load(ctx)
		return v, cache.TierOrigin, err
	}
	return ns.Get(ctx, key, load, opts...)
}
