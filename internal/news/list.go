package news

import (
	"context"
	"maps"
	"slices"
	"strconv"

	"github.com/marketpulse/api/internal/cache"
)

// List returns one page of the articles under f, newest first (ties by
// id), in keyset pages. Pages are cached by their canonical filters, limit
// and cursor, and tagged so that an ingestion drops exactly the pages it
// can change. Errors about f name its fields ("cursor", "limit"). The tier
// says which cache tier answered.
func (s *Service) List(ctx context.Context, f Filter) (*Page, cache.Tier, error) {
	return s.page(ctx, f, false, "")
}

// Search returns one page of the articles under f that match text, best
// match first, each with its Match. text is what a user typed: words,
// "phrases", prefix* and OR (see FTSQuery); nothing searchable gives an
// empty page. The first page takes a snapshot that its cursors carry, so
// articles stored later never enter, shift or repeat later pages; a search
// goes at most MaxSearchDepth results deep.
func (s *Service) Search(ctx context.Context, text string, f Filter) (*Page, cache.Tier, error) {
	return s.page(ctx, f, true, text)
}

func (s *Service) page(ctx context.Context, f Filter, search bool, text string) (*Page, cache.Tier, error) {
	q, err := queryOf(f, search, text)
	if err != nil {
		return nil, cache.TierOrigin, err
	}
	pos, err := decodeCursor(f.Cursor, q)
	if err != nil {
		return nil, cache.TierOrigin, err
	}
	key := q.key + "|" + strconv.Itoa(q.limit) + "|" + f.Cursor
	return through(ctx, s.pages, key, func(ctx context.Context) (*Page, error) {
		return s.load(ctx, q, pos)
	}, cache.WithTags(q.tags()...))
}

// load reads one page from the database.
func (s *Service) load(ctx context.Context, q query, pos position) (*Page, error) {
	if q.empty() {
		return &Page{Items: []Article{}}, nil
	}
	assetIDs, err := s.assetIDs(ctx, q.symbols)
	if err != nil {
		return nil, err
	}
	if len(q.symbols) > 0 && len(assetIDs) == 0 {
		return &Page{Items: []Article{}}, nil // none of the symbols is an asset
	}
	if q.search {
		return s.budgeted(ctx, func(ctx context.Context) (*Page, error) {
			return s.searchPage(ctx, q, assetIDs, pos)
		})
	}
	if assetIDs != nil && !q.hasSource {
		return s.assetsPage(ctx, q, assetIDs, pos)
	}
	return s.listPage(ctx, q, assetIDs, pos)
}

// assetIDs are the ids of the assets among symbols, sorted; nil when there
// are no symbols.
func (s *Service) assetIDs(ctx context.Context, symbols []string) ([]int64, error) {
	if len(symbols) == 0 {
		return nil, nil
	}
	bySymbol, err := s.storage.AssetIDs(ctx, symbols)
	if err != nil {
		return nil, err
	}
	return slices.Sorted(maps.Values(bySymbol)), nil
}

// listPage is one keyset page, newest first.
func (s *Service) listPage(ctx context.Context, q query, assetIDs []int64, pos position) (*Page, error) {
	var (
		rows []Article
		err  error
	)
	p := pos.pageQuery(q)
	if q.hasSource {
		rows, err = s.storage.SourceNewsPage(ctx, q.source, assetIDs, p)
	} else {
		rows, err = s.storage.NewsPage(ctx, p)
	}
	if err != nil {
		return nil, err
	}
	return s.pageOf(ctx, q, rows)
}

// pageOf is the page of rows, which holds one row more than the page when
// a next page exists.
func (s *Service) pageOf(ctx context.Context, q query, rows []Article) (*Page, error) {
	var err error
	n := min(len(rows), q.limit)
	page := &Page{Items: rows[:n:n]}
	if page.Items, err = s.withSymbols(ctx, page.Items); err != nil {
		return nil, err
	}
	if len(rows) > q.limit {
		last := rows[q.limit-1]
		page.NextCursor = encodeCursor(q, position{published: last.PublishedAt, id: last.ID})
	}
	return page, nil
}
