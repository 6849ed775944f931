package news

import (
	"context"
	"strconv"
	"time"

	"github.com/marketpulse/api/internal/cache"
	"github.com/marketpulse/api/internal/representation"
)

// Article is one stored article with the symbols of the assets it is
// about. Values handed out by the Service are shared and read-only.
type Article struct {
	ID          int64     `json:"id"`
	URL         string    `json:"url"`
	Title       string    `json:"title"`
	Summary     string    `json:"summary"`
	Source      string    `json:"source"`
	Author      string    `json:"author"`
	PublishedAt time.Time `json:"publishedAt"`
	// Sentiment is in -1..1, nil when the article was not scored.
	Sentiment *float64  `json:"sentiment"`
	Symbols   []string  `json:"symbols"` // sorted; never nil
	CreatedAt time.Time `json:"createdAt"`
	// Match is set on search results only.
	Match *Match `json:"match,omitempty"`
}

// Match is how a search result matched: its title with every match in
// <mark>, a snippet of its summary likewise (both HTML-escaped text), and
// its relevance score (higher is better: bm25 on SQLite, ts_rank_cd on
// PostgreSQL, so the two engines' scores are not comparable).
type Match struct {
	Title   string  `json:"title"`
	Snippet string  `json:"snippet"`
	Score   float64 `json:"score"`
}

// StoredArticle is an article as the cache holds it, with the slot where
// the HTTP layer keeps its encoded representation, made on first use.
type StoredArticle struct {
	Article Article             `json:"article"`
	Rep     representation.Memo `json:"-"`
}

// Article reads one article with its symbols, through the cache. An unknown
// id is apperr.NotFound (and cached as such until an ingestion creates it).
// The tier says which cache tier answered.
func (s *Service) Article(ctx context.Context, id int64) (*StoredArticle, cache.Tier, error) {
	key := strconv.FormatInt(id, 10)
	return through(ctx, s.articles, key, func(ctx context.Context) (*StoredArticle, error) {
		a, err := s.storage.Article(ctx, id)
		if err != nil {
			return nil, err
		}
		items, err := s.withSymbols(ctx, []Article{a})
		if err != nil {
			return nil, err
		}
		return &StoredArticle{Article: items[0]}, nil
	})
}

// withSymbols fills in the symbols of items (at most one page) with one
// query, and returns items.
func (s *Service) withSymbols(ctx context.Context, items []Article) ([]Article, error) {
	if len(items) == 0 {
		return items, nil
	}
	ids := make([]int64, len(items))
	for i := range items {
		ids[i] = items[i].ID
	}
	symbols, err := s.storage.SymbolsOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i := range items {
		if items[i].Symbols = symbols[items[i].ID]; items[i].Symbols == nil {
			items[i].Symbols = []string{}
		}
	}
	return items, nil
}
