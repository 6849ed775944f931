package market

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/marketpulse/api/internal/cache"
	"github.com/marketpulse/api/internal/cursor"
	"github.com/marketpulse/api/internal/representation"
)

// DefaultPageSize is the page size of a list that asks for none.
const DefaultPageSize = 50

// AssetSort is the order of an asset list.
type AssetSort string

// The orders of an asset list.
const (
	SortBySymbol AssetSort = "symbol"
	SortByName   AssetSort = "name" // case-insensitively, then by id
)

// AssetQuery selects a page of assets. Empty filters match any asset.
type AssetQuery struct {
	Type     string
	Exchange string
	Prefix   string // the start of the symbol or the name, case-insensitively (ASCII)
	Active   *bool
	Sort     AssetSort // "": SortBySymbol
	Limit    int       // rows per page; 0: DefaultPageSize
	Cursor   string    // NextCursor of the previous page; "": the first page
}

// AssetPage is one page of an asset list.
type AssetPage struct {
	Items []Asset `json:"items"`
	// NextCursor continues the list; "" on the last page.
	NextCursor string `json:"nextCursor"`
}

// CachedAssetPage is a page as the asset-page namespace holds it, with the
// slot of its encoded form (see CachedAsset).
type CachedAssetPage struct {
	Page AssetPage           `json:"page"`
	Rep  representation.Memo `json:"-"`
}

// ListAssets reads a page of assets through the cache, with keyset
// pagination on the sort column: pages never skip or repeat rows while
// others are inserted. A cursor issued for other filters is refused
// (errors at field "cursor"). The tier says which cache tier answered.
func (s *Service) ListAssets(ctx context.Context, q AssetQuery) (*CachedAssetPage, cache.Tier, error) {
	p, err := s.PrepareAssets(q)
	if err != nil {
		return nil, cache.TierOrigin, err
	}
	return s.ListPrepared(ctx, p)
}

// AssetPageQuery is an AssetQuery checked and keyed once: reading its page
// again builds no key and no loader. The HTTP layer keeps one per request
// target it has seen.
type AssetPageQuery struct {
	key  string
	load func(context.Context) (*CachedAssetPage, error)
}

// PrepareAssets checks q (its cursor, as ListAssets does) and keys it.
func (s *Service) PrepareAssets(q AssetQuery) (*AssetPageQuery, error) {
	if q.Sort == "" {
		q.Sort = SortBySymbol
	}
	limit := q.Limit
	if limit <= 0 {
		limit = DefaultPageSize
	}
	filters := q.filters()
	after := ""
	if q.Cursor != "" {
		var err error
		if after, err = decodeAssetCursor(q.Cursor, filters); err != nil {
			return nil, err
		}
	}
	return &AssetPageQuery{
		key: filters + "|" + strconv.Itoa(limit) + "|" + after,
		load: func(ctx context.Context) (*CachedAssetPage, error) {
			rows, err := s.storage.ListAssets(ctx, AssetRows{
				Type: q.Type, Exchange: q.Exchange, Prefix: q.Prefix, Active: q.Active, Sort: q.Sort,
				After: after, Rows: limit + 1, // one extra row tells whether a next page exists
			})
			if err != nil {
				return nil, fmt.Errorf("list assets: %w", err)
			}
			page := AssetPage{Items: rows[:min(len(rows), limit)]}
			if len(rows) > limit {
				page.NextCursor = encodeAssetCursor(filters, rows[limit-1].Symbol)
			}
			return &CachedAssetPage{Page: page}, nil
		},
	}, nil
}

// KeyLen is the length of p's cache key, for bounding the memory of kept
// queries.
func (p *AssetPageQuery) KeyLen() int { return len(p.key) }

// ListPrepared reads the page of p through the cache.
func (s *Service) ListPrepared(ctx context.Context, p *AssetPageQuery) (*CachedAssetPage, cache.Tier, error) {
	return s.pages.Get(ctx, p.key, p.load)
}

// filters is the canonical form of the filters and sort: the cache key
// prefix and what a cursor is bound to.
func (q AssetQuery) filters() string {
	var b strings.Builder
	b.WriteString("t=")
	b.WriteString(q.Type)
	b.WriteString("|x=")
	b.WriteString(q.Exchange)
	b.WriteString("|q=")
	b.WriteString(upperASCII(q.Prefix))
	b.WriteString("|a=")
	if q.Active != nil {
		b.WriteString(strconv.FormatBool(*q.Active))
	}
	b.WriteString("|s=")
	b.WriteString(string(q.Sort))
	return b.String()
}

// upperASCII folds ASCII letters only, as the prefix filter of both
// engines does (SQLite's upper(), PostgreSQL's under COLLATE "C"): "é" and
// "É" are other prefixes there, so they must be other keys here.
func upperASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - ('a' - 'A')
		}
	}
	return string(b)
}

// An asset cursor is cursor version "1" with the Bind of the filters and
// the last symbol of the page.
const assetCursorVersion = "1"

func encodeAssetCursor(filters, lastSymbol string) string {
	return cursor.Encode(assetCursorVersion, cursor.Bind(filters), lastSymbol)
}

// decodeAssetCursor returns the last symbol of the previous page.
func decodeAssetCursor(c, filters string) (string, error) {
	version, fields, ok := cursor.Decode(c)
	if !ok || version != assetCursorVersion || len(fields) != 2 || !ValidSymbol(fields[1]) {
		return "", cursor.Invalid()
	}
	if fields[0] != cursor.Bind(filters) {
		return "", cursor.OtherFilters()
	}
	return fields[1], nil
}
