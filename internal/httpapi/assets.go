package httpapi

import (
	"context"
	"net/http"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/market"
)

// defaultPageSize is the page size of every list that asks for none
// (openapi.yaml: the default of each limit parameter).
const defaultPageSize = 50

// GetAsset implements getAsset. Warm reads come from the cache with no SQL
// and no encoding; the target is then remembered for the warm path.
func (h *Handler) GetAsset(ctx context.Context, params oas.GetAssetParams, w http.ResponseWriter) error {
	if err := h.getAsset(ctx, params, w); err != nil {
		return err
	}
	if learning(ctx) {
		h.warm.learn(ctx, &warmTarget{op: warmGetAsset, symbol: params.Symbol})
	}
	return nil
}

func (h *Handler) getAsset(ctx context.Context, params oas.GetAssetParams, w http.ResponseWriter) error {
	a, tier, err := h.Market.Asset(ctx, string(params.Symbol))
	if err != nil {
		return err
	}
	return writeRepresentation(w, assetRep(a), params.IfNoneMatch, h.market.assetCC, cacheStatus(tier))
}

// ListAssets implements listAssets with keyset pagination on symbol or on
// name.
func (h *Handler) ListAssets(ctx context.Context, params oas.ListAssetsParams, w http.ResponseWriter) error {
	if err := h.listAssets(ctx, params, w); err != nil {
		return err
	}
	if learning(ctx) {
		h.warm.learn(ctx, &warmTarget{op: warmListAssets, assets: params})
	}
	return nil
}

func (h *Handler) listAssets(ctx context.Context, params oas.ListAssetsParams, w http.ResponseWriter) error {
	page, tier, err := h.Market.ListAssets(ctx, assetQuery(params))
	if err != nil {
		return apperr.Within(err, "query")
	}
	return writeRepresentation(w, assetPageRep(page), params.IfNoneMatch, h.market.assetCC, cacheStatus(tier))
}

// CreateAsset implements createAsset (admin).
func (h *Handler) CreateAsset(ctx context.Context, req *oas.AssetCreate) (*oas.Asset, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	a, err := h.Market.CreateAsset(ctx, market.NewAsset{
		Symbol: string(req.Symbol), Name: string(req.Name), Type: string(req.Type),
		Exchange: string(req.Exchange.Or("")), Currency: string(req.Currency.Or("USD")),
		Sector: string(req.Sector.Or("")),
	})
	if err != nil {
		return nil, apperr.Within(err, "body")
	}
	return toAsset(&a), nil
}

// UpdateAsset implements updateAsset (admin): absent fields keep their value.
func (h *Handler) UpdateAsset(ctx context.Context, req *oas.AssetUpdate, params oas.UpdateAssetParams) (*oas.Asset, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	a, err := h.Market.UpdateAsset(ctx, string(params.Symbol), assetPatch(req))
	if err != nil {
		return nil, apperr.Within(err, "body")
	}
	return toAsset(&a), nil
}

// DeleteAsset implements deleteAsset (admin): a soft delete, idempotent.
func (h *Handler) DeleteAsset(ctx context.Context, params oas.DeleteAssetParams) error {
	if _, err := requireAdmin(ctx); err != nil {
		return err
	}
	return h.Market.DeleteAsset(ctx, string(params.Symbol))
}
