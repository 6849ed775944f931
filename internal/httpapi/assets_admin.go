package httpapi

import (
	"context"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/store"
)

// CreateAsset implements createAsset (admin).
func (h *Handler) CreateAsset(ctx context.Context, req *oas.AssetCreate) (*oas.Asset, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	symbol := string(req.Symbol)
	row, err := h.DB.Write.CreateAsset(ctx, db.CreateAssetParams{
		Symbol: symbol, Name: string(req.Name), Type: string(req.Type),
		Exchange: string(req.Exchange.Or("")), Currency: string(req.Currency.Or("USD")),
		Sector: string(req.Sector.Or("")), Active: 1,
	})
	if err != nil {
		return nil, store.Translate(err, "asset "+symbol)
	}
	h.assetChanged(ctx, symbol)
	return toAsset(row), nil
}

// UpdateAsset implements updateAsset (admin): absent fields keep their value.
func (h *Handler) UpdateAsset(ctx context.Context, req *oas.AssetUpdate, params oas.UpdateAssetParams) (*oas.Asset, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	symbol := string(params.Symbol)
	var row db.Asset
	err := h.DB.InTx(ctx, func(q *db.Queries) error {
		cur, err := q.GetAssetBySymbol(ctx, symbol)
		if err != nil {
			return store.Translate(err, "asset "+symbol)
		}
		row, err = q.UpdateAsset(ctx, db.UpdateAssetParams{
			ID:       cur.ID,
			Name:     string(req.Name.Or(oas.AssetName(cur.Name))),
			Type:     string(req.Type.Or(oas.AssetType(cur.Type))),
			Exchange: string(req.Exchange.Or(oas.Exchange(cur.Exchange))),
			Currency: string(req.Currency.Or(oas.Currency(cur.Currency))),
			Sector:   string(req.Sector.Or(oas.Sector(cur.Sector))),
			Active:   sqlBool(req.Active.Or(cur.Active != 0)),
		})
		return store.Translate(err, "asset "+symbol)
	})
	if err != nil {
		return nil, err
	}
	h.assetChanged(ctx, symbol)
	return toAsset(row), nil
}

// DeleteAsset implements deleteAsset (admin): a soft delete, idempotent.
func (h *Handler) DeleteAsset(ctx context.Context, params oas.DeleteAssetParams) error {
	if _, err := requireAdmin(ctx); err != nil {
		return err
	}
	symbol := string(params.Symbol)
	if _, err := h.DB.Write.SetAssetActive(ctx, db.SetAssetActiveParams{Symbol: symbol, Active: 0}); err != nil {
		return store.Translate(err, "asset "+symbol)
	}
	h.assetChanged(ctx, symbol)
	return nil
}

// assetChanged drops every cached entry that shows the asset: the asset,
// every asset page (any of them may list it), and what carries its tag.
func (h *Handler) assetChanged(ctx context.Context, symbol string) {
	ctx = context.WithoutCancel(ctx)
	h.assets.Invalidate(ctx, symbol)
	h.pages.InvalidateAll(ctx)
	h.Cache.InvalidateTag(ctx, symbolTag(symbol))
}
