package httpapi

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/store"
)

const defaultPageSize = 50

// GetAsset implements getAsset. Warm reads come from the cache with no SQL.
func (h *Handler) GetAsset(ctx context.Context, params oas.GetAssetParams) (*oas.Asset, error) {
	symbol := string(params.Symbol)
	if h.Hot != nil {
		h.Hot.Hit("asset", symbol)
	}
	return h.asset(ctx, symbol)
}

// asset reads one asset through the cache.
func (h *Handler) asset(ctx context.Context, symbol string) (*oas.Asset, error) {
	a, _, err := h.assets.Get(ctx, symbol, func(ctx context.Context) (*oas.Asset, error) {
		row, err := h.DB.Read.GetAssetBySymbol(ctx, symbol)
		if err != nil {
			return nil, store.Translate(err, "asset "+symbol)
		}
		return toAsset(row), nil
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// ListAssets implements listAssets with keyset pagination on symbol.
func (h *Handler) ListAssets(ctx context.Context, params oas.ListAssetsParams) (*oas.AssetPage, error) {
	limit := int(params.Limit.Or(defaultPageSize))
	filters := listFilters(params)
	after := ""
	if c, ok := params.Cursor.Get(); ok {
		var err error
		if after, err = decodeCursor(c, filters); err != nil {
			return nil, err
		}
	}
	key := filters + "|" + strconv.Itoa(limit) + "|" + after
	page, _, err := h.pages.Get(ctx, key, func(ctx context.Context) (*oas.AssetPage, error) {
		rows, err := h.DB.Read.ListAssets(ctx, db.ListAssetsParams{
			AfterSymbol: after,
			Type:        nullString(string(params.Type.Value), params.Type.Set),
			Exchange:    nullString(params.Exchange.Value, params.Exchange.Set),
			Prefix:      nullString(params.Q.Value, params.Q.Set),
			MaxRows:     int64(limit) + 1, // one extra row tells whether a next page exists
		})
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
		return page, nil
	})
	if err != nil {
		return nil, err
	}
	return page, nil
}

// listFilters is the canonical form of the filters: the cache key prefix and
// what a cursor is bound to.
func listFilters(p oas.ListAssetsParams) string {
	var b strings.Builder
	b.WriteString("t=")
	b.WriteString(string(p.Type.Value))
	b.WriteString("|x=")
	b.WriteString(p.Exchange.Value)
	b.WriteString("|q=")
	b.WriteString(strings.ToUpper(p.Q.Value))
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
