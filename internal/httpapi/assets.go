package httpapi

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/representation"
	"github.com/marketpulse/api/internal/store"
)

const defaultPageSize = 50

// cachedAsset is an asset as the cache holds it, with its encoded
// representation made on first use.
type cachedAsset struct {
	Asset *oas.Asset `json:"asset"`
	rep   representation.Memo
}

type cachedAssetPage struct {
	Page *oas.AssetPage `json:"page"`
	rep  representation.Memo
}

// symbolTag marks every cache entry that depends on one asset (its quote,
// history, news pages filtered by it), so a change of the asset or an
// ingestion for it drops them all.
func symbolTag(symbol string) string { return "symbol:" + symbol }

// GetAsset implements getAsset. Warm reads come from the cache with no SQL
// and no encoding.
func (h *Handler) GetAsset(ctx context.Context, params oas.GetAssetParams, w http.ResponseWriter) error {
	symbol := string(params.Symbol)
	if h.Hot != nil {
		h.Hot.Hit("asset", symbol)
	}
	a, err := h.asset(ctx, symbol)
	if err != nil {
		return err
	}
	return writeRepresentation(w, a.rep.Get(a.Asset), params.IfNoneMatch, h.assetCacheControl)
}

// asset reads one asset through the cache.
func (h *Handler) asset(ctx context.Context, symbol string) (*cachedAsset, error) {
	a, _, err := h.assets.Get(ctx, symbol, func(ctx context.Context) (*cachedAsset, error) {
		row, err := h.DB.Read.GetAssetBySymbol(ctx, symbol)
		if err != nil {
			return nil, store.Translate(err, "asset "+symbol)
		}
		return &cachedAsset{Asset: toAsset(row)}, nil
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// ListAssets implements listAssets with keyset pagination on symbol or on
// name.
func (h *Handler) ListAssets(ctx context.Context, params oas.ListAssetsParams, w http.ResponseWriter) error {
	limit := int(params.Limit.Or(defaultPageSize))
	filters := listFilters(params)
	after := ""
	if c, ok := params.Cursor.Get(); ok {
		var err error
		if after, err = decodeCursor(c, filters); err != nil {
			return err
		}
	}
	key := filters + "|" + strconv.Itoa(limit) + "|" + after
	page, _, err := h.pages.Get(ctx, key, func(ctx context.Context) (*cachedAssetPage, error) {
		rows, err := h.listAssets(ctx, params, after, limit+1) // one extra row tells whether a next page exists
		if err != nil {
			return nil, fmt.Errorf("list assets: %w", err)
		}
		page := &oas.AssetPage{Items: make([]oas.Asset, 0, min(len(rows), limit))}
		for i := range rows[:min(len(rows), limit)] {
			page.Items = append(page.Items, *toAsset(rows[i]))
		}
		if len(rows) > limit {
			page.NextCursor = oas.NewNilString(encodeCursor(filters, rows[limit-1].Symbol))
		} else {
			page.NextCursor.SetToNull()
		}
		return &cachedAssetPage{Page: page}, nil
	})
	if err != nil {
		return err
	}
	return writeRepresentation(w, page.rep.Get(page.Page), params.IfNoneMatch, h.assetCacheControl)
}

func (h *Handler) listAssets(ctx context.Context, p oas.ListAssetsParams, after string, rows int) ([]db.Asset, error) {
	typ := nullString(string(p.Type.Value), p.Type.Set)
	exchange := nullString(p.Exchange.Value, p.Exchange.Set)
	prefix := nullString(p.Q.Value, p.Q.Set)
	active := sql.NullInt64{Int64: sqlBool(p.Active.Value), Valid: p.Active.Set}
	if p.Sort.Or(oas.ListAssetsSortSymbol) == oas.ListAssetsSortName {
		return h.DB.Read.ListAssetsByName(ctx, db.ListAssetsByNameParams{
			AfterSymbol: after, Type: typ, Exchange: exchange, Active: active, Prefix: prefix, MaxRows: int64(rows),
		})
	}
	return h.DB.Read.ListAssets(ctx, db.ListAssetsParams{
		AfterSymbol: after, Type: typ, Exchange: exchange, Active: active, Prefix: prefix, MaxRows: int64(rows),
	})
}

// listFilters is the canonical form of the filters and sort: the cache key
// prefix and what a cursor is bound to.
func listFilters(p oas.ListAssetsParams) string {
	var b strings.Builder
	b.WriteString("t=")
	b.WriteString(string(p.Type.Value))
	b.WriteString("|x=")
	b.WriteString(p.Exchange.Value)
	b.WriteString("|q=")
	b.WriteString(strings.ToUpper(p.Q.Value))
	b.WriteString("|a=")
	if p.Active.Set {
		b.WriteString(strconv.FormatBool(p.Active.Value))
	}
	b.WriteString("|s=")
	b.WriteString(string(p.Sort.Or(oas.ListAssetsSortSymbol)))
	return b.String()
}

func nullString(s string, set bool) sql.NullString {
	return sql.NullString{String: s, Valid: set}
}

func toAsset(r db.Asset) *oas.Asset {
	return &oas.Asset{
		Symbol:    oas.Symbol(r.Symbol),
		Name:      r.Name,
		Type:      oas.AssetType(r.Type),
		Exchange:  r.Exchange,
		Currency:  r.Currency,
		Sector:    r.Sector,
		Active:    r.Active != 0,
		CreatedAt: r.CreatedAt.UTC(),
		UpdatedAt: r.UpdatedAt.UTC(),
	}
}
