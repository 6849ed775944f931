package market

import (
	"context"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/internal/display"
	"github.com/marketpulse/api/internal/store"
)

// NewAsset is an asset to create. Currency "" is USD.
type NewAsset struct {
	Symbol, Name, Type, Exchange, Currency, Sector string
}

// AssetPatch changes an asset: nil fields keep their value.
type AssetPatch struct {
	Name, Type, Exchange, Currency, Sector *string
	Active                                 *bool
}

// CreateAsset creates an active asset; a symbol in use is a Conflict.
func (s *Service) CreateAsset(ctx context.Context, in NewAsset) (Asset, error) {
	var text display.Fields
	text.Check("name", in.Name)
	text.Check("sector", in.Sector)
	if err := text.Err(); err != nil {
		return Asset{}, err
	}
	if in.Currency == "" {
		in.Currency = "USD"
	}
	row, err := s.db.Write.CreateAsset(ctx, db.CreateAssetParams{
		Symbol: in.Symbol, Name: in.Name, Type: in.Type,
		Exchange: in.Exchange, Currency: in.Currency, Sector: in.Sector, Active: 1,
	})
	if err != nil {
		return Asset{}, store.Translate(err, "asset "+in.Symbol)
	}
	s.assetChanged(ctx, in.Symbol)
	return assetOf(row), nil
}

// UpdateAsset applies p to the asset of symbol.
func (s *Service) UpdateAsset(ctx context.Context, symbol string, p AssetPatch) (Asset, error) {
	var text display.Fields
	text.CheckOpt("name", p.Name)
	text.CheckOpt("sector", p.Sector)
	if err := text.Err(); err != nil {
		return Asset{}, err
	}
	var row db.Asset
	err := s.db.InTx(ctx, func(q *db.Queries) error {
		cur, err := q.GetAssetBySymbol(ctx, symbol)
		if err != nil {
			return store.Translate(err, "asset "+symbol)
		}
		row, err = q.UpdateAsset(ctx, db.UpdateAssetParams{
			ID:       cur.ID,
			Name:     or(p.Name, cur.Name),
			Type:     or(p.Type, cur.Type),
			Exchange: or(p.Exchange, cur.Exchange),
			Currency: or(p.Currency, cur.Currency),
			Sector:   or(p.Sector, cur.Sector),
			Active:   sqlBool(or(p.Active, cur.Active != 0)),
		})
		return store.Translate(err, "asset "+symbol)
	})
	if err != nil {
		return Asset{}, err
	}
	s.assetChanged(ctx, symbol)
	return assetOf(row), nil
}

// DeleteAsset deactivates the asset of symbol (a soft delete, idempotent).
func (s *Service) DeleteAsset(ctx context.Context, symbol string) error {
	if _, err := s.db.Write.SetAssetActive(ctx, db.SetAssetActiveParams{Symbol: symbol, Active: 0}); err != nil {
		return store.Translate(err, "asset "+symbol)
	}
	s.assetChanged(ctx, symbol)
	return nil
}

// assetChanged drops, after the commit, every cached entry that shows the
// asset: the asset, every asset page (any of them may list it), and what
// carries its SymbolTag (its quote, history and news pages).
func (s *Service) assetChanged(ctx context.Context, symbol string) {
	ctx = context.WithoutCancel(ctx)
	s.assets.Invalidate(ctx, symbol)
	s.pages.InvalidateAll(ctx)
	s.cache.InvalidateTag(ctx, SymbolTag(symbol))
	s.notify(Change{Kind: AssetChanged, Symbols: []string{symbol}})
}

// or is *p, or def when p is nil.
func or[T any](p *T, def T) T {
	if p != nil {
		return *p
	}
	return def
}
