package news

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/marketpulse/api/gen/db"
)

// keyset is the position of a list page as query parameters: nil and the
// largest id before the first page.
func (p position) keyset() (before any, beforeID int64) {
	if !p.set {
		return nil, math.MaxInt64
	}
	return p.published, p.id
}

// assetsPage is one keyset page of the articles about any of the assets
// ids (a symbol filter without a source), newest first. Each asset's page
// is read from its links alone (ListNewsPageByAsset walks
// news_article_assets_asset_published_idx), so the cost is a page per
// asset whatever the number of their articles; the pages are merged in
// (published_at, id) order, each article once.
func (s *Service) assetsPage(ctx context.Context, q query, ids []int64, pos position) (*Page, error) {
	before, beforeID := pos.keyset()
	var rows []db.NewsArticle
	for _, id := range ids {
		part, err := s.db.Read.ListNewsPageByAsset(ctx, db.ListNewsPageByAssetParams{
			AssetID: id, BeforePublishedAt: before, BeforeID: beforeID,
			Since: bound(q.since), Until: bound(q.until), MaxRows: int64(q.limit + 1),
		})
		if err != nil {
			return nil, fmt.Errorf("list news: %w", err)
		}
		rows = append(rows, part...)
	}
	if len(ids) > 1 {
		rows = newestFirst(rows)
	}
	return s.pageOf(ctx, q, rows[:min(len(rows), q.limit+1)])
}

// newestFirst sorts rows by published_at then id, both descending, and
// drops repeats of an article (linked to several of the assets).
func newestFirst(rows []db.NewsArticle) []db.NewsArticle {
	slices.SortFunc(rows, func(a, b db.NewsArticle) int {
		if c := b.PublishedAt.Compare(a.PublishedAt); c != 0 {
			return c
		}
		return cmp.Compare(b.ID, a.ID)
	})
	return slices.CompactFunc(rows, func(a, b db.NewsArticle) bool { return a.ID == b.ID })
}
