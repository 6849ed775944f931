package httpapi

import (
	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/market"
	"github.com/marketpulse/api/internal/representation"
)

// assetRep is the representation of a cached asset, encoded on first use.
func assetRep(a *market.CachedAsset) *representation.Rep {
	if r := a.Rep.Load(); r != nil {
		return r
	}
	return a.Rep.Store(representation.Encode(toAsset(&a.Asset)))
}

// assetPageRep is the representation of a cached page, encoded on first use.
func assetPageRep(p *market.CachedAssetPage) *representation.Rep {
	if r := p.Rep.Load(); r != nil {
		return r
	}
	page := &oas.AssetPage{Items: make([]oas.Asset, len(p.Page.Items))}
	for i := range p.Page.Items {
		page.Items[i] = *toAsset(&p.Page.Items[i])
	}
	if p.Page.NextCursor != "" {
		page.NextCursor = oas.NewNilString(p.Page.NextCursor)
	} else {
		page.NextCursor.SetToNull()
	}
	return p.Rep.Store(representation.Encode(page))
}

func toAsset(a *market.Asset) *oas.Asset {
	return &oas.Asset{
		Symbol:    oas.Symbol(a.Symbol),
		Name:      a.Name,
		Type:      oas.AssetType(a.Type),
		Exchange:  a.Exchange,
		Currency:  a.Currency,
		Sector:    a.Sector,
		Active:    a.Active,
		CreatedAt: a.CreatedAt,
		UpdatedAt: a.UpdatedAt,
	}
}

// assetQuery is the domain query of listAssets' parameters.
func assetQuery(p oas.ListAssetsParams) market.AssetQuery {
	q := market.AssetQuery{
		Type: string(p.Type.Value), Exchange: p.Exchange.Value, Prefix: p.Q.Value,
		Sort:   market.AssetSort(p.Sort.Or(oas.ListAssetsSortSymbol)),
		Limit:  int(p.Limit.Or(defaultPageSize)),
		Cursor: p.Cursor.Value,
	}
	if v, ok := p.Active.Get(); ok {
		q.Active = &v
	}
	return q
}

// assetPatch is the domain patch of an updateAsset body.
func assetPatch(req *oas.AssetUpdate) market.AssetPatch {
	p := market.AssetPatch{
		Name:     optString(req.Name.Value, req.Name.Set),
		Type:     optString(req.Type.Value, req.Type.Set),
		Exchange: optString(req.Exchange.Value, req.Exchange.Set),
		Currency: optString(req.Currency.Value, req.Currency.Set),
		Sector:   optString(req.Sector.Value, req.Sector.Set),
	}
	if v, ok := req.Active.Get(); ok {
		p.Active = &v
	}
	return p
}

// optString is the value of an optional field, nil when absent.
func optString[S ~string](v S, set bool) *string {
	if !set {
		return nil
	}
	s := string(v)
	return &s
}

// symbolTag is market.SymbolTag, which news pages filtered by a symbol
// carry so that a change of the asset drops them.
func symbolTag(symbol string) string { return market.SymbolTag(symbol) }

// validSymbol is market.ValidSymbol, for the other tags that check symbols.
func validSymbol(s string) bool { return market.ValidSymbol(s) }
