package httpapi

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"net/http"
	"strconv"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/cache"
)

// ListNews implements listNews: newest first in keyset pages, or, with q, a
// full-text search (news_search.go). Pages are cached by their canonical
// filters, limit and cursor, and tagged so that an ingestion drops exactly
// the pages it can change.
func (h *Handler) ListNews(ctx context.Context, params oas.ListNewsParams, w http.ResponseWriter) error {
	f := newsFilterOf(params)
	limit := int(params.Limit.Or(defaultPageSize))
	var cur newsCursor
	if c, ok := params.Cursor.Get(); ok {
		var err error
		if cur, err = decodeNewsCursor(c, f); err != nil {
			return err
		}
	}
	key := f.key + "|" + strconv.Itoa(limit) + "|" + params.Cursor.Or("")
	page, _, err := h.news.pages.Get(ctx, key, func(ctx context.Context) (*cachedNewsPage, error) {
		p, err := h.newsPage(ctx, f, cur, limit)
		if err != nil {
			return nil, err
		}
		return &cachedNewsPage{Page: p}, nil
	}, cache.WithTags(f.tags()...))
	if err != nil {
		return err
	}
	return writeRepresentation(w, page.rep.Get(page.Page), params.IfNoneMatch, h.news.cacheControl)
}

// newsPage reads one page from the database.
func (h *Handler) newsPage(ctx context.Context, f newsFilter, cur newsCursor, limit int) (*oas.NewsPage, error) {
	empty := &oas.NewsPage{Items: []oas.NewsArticle{}}
	empty.NextCursor.SetToNull()
	if f.empty() {
		return empty, nil
	}
	assetIDs, err := h.newsAssetIDs(ctx, f.symbols)
	if err != nil {
		return nil, err
	}
	if len(f.symbols) > 0 && !assetIDs.Valid {
		return empty, nil // none of the symbols is an asset
	}
	if f.search {
		return h.searchPage(ctx, f, assetIDs, cur, limit)
	}
	return h.listPage(ctx, f, assetIDs, cur, limit)
}

// newsAssetIDs is the JSON array of the ids of the assets among symbols,
// NULL when there are none (or no symbols).
func (h *Handler) newsAssetIDs(ctx context.Context, symbols []string) (sql.NullString, error) {
	if len(symbols) == 0 {
		return sql.NullString{}, nil
	}
	rows, err := h.DB.Read.GetAssetIDsBySymbols(ctx, symbols)
	if err != nil {
		return sql.NullString{}, fmt.Errorf("asset ids: %w", err)
	}
	if len(rows) == 0 {
		return sql.NullString{}, nil
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	return sql.NullString{String: jsonIDs(ids), Valid: true}, nil
}

// listPage is one keyset page, newest first.
func (h *Handler) listPage(ctx context.Context, f newsFilter, assetIDs sql.NullString, cur newsCursor, limit int) (*oas.NewsPage, error) {
	var before any
	beforeID := int64(math.MaxInt64)
	if cur.set {
		before, beforeID = cur.published, cur.id
	}
	var (
		rows []db.NewsArticle
		err  error
	)
	switch {
	case f.hasSource:
		rows, err = h.DB.Read.ListNewsPageBySource(ctx, db.ListNewsPageBySourceParams{
			Source: f.source, BeforePublishedAt: before, BeforeID: beforeID,
			Since: bound(f.since), Until: bound(f.until), AssetIds: assetIDs, MaxRows: int64(limit + 1),
		})
	case assetIDs.Valid: // from the assets' links: a rare symbol's articles without reading every newer one
		rows, err = h.DB.Read.ListNewsPageByAssets(ctx, db.ListNewsPageByAssetsParams{
			AssetIds: assetIDs.String, BeforePublishedAt: before, BeforeID: beforeID,
			Since: bound(f.since), Until: bound(f.until), MaxRows: int64(limit + 1),
		})
	default:
		rows, err = h.DB.Read.ListNewsPage(ctx, db.ListNewsPageParams{
			BeforePublishedAt: before, BeforeID: beforeID,
			Since: bound(f.since), Until: bound(f.until), MaxRows: int64(limit + 1),
		})
	}
	if err != nil {
		return nil, fmt.Errorf("list news: %w", err)
	}
	page := &oas.NewsPage{Items: make([]oas.NewsArticle, 0, min(len(rows), limit))}
	for _, r := range rows[:min(len(rows), limit)] {
		page.Items = append(page.Items, toNewsArticle(r))
	}
	if page.Items, err = h.withSymbols(ctx, page.Items); err != nil {
		return nil, err
	}
	if len(rows) > limit {
		last := rows[limit-1]
		page.NextCursor = oas.NewNilString(encodeNewsCursor(f, newsCursor{published: last.PublishedAt, id: last.ID}))
	} else {
		page.NextCursor.SetToNull()
	}
	return page, nil
}
