package market

import (
	"context"

	"github.com/marketpulse/api/internal/display"
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
	a, err := s.storage.CreateAsset(ctx, in)
	if err != nil {
		return Asset{}, err
	}
	s.assetChanged(ctx, in.Symbol)
	return a, nil
}

// UpdateAsset applies p to the asset of symbol.
func (s *Service) UpdateAsset(ctx context.Context, symbol string, p AssetPatch) (Asset, error) {
	var text display.Fields
	text.CheckOpt("name", p.Name)
	text.CheckOpt("sector", p.Sector)
	if err := text.Err(); err != nil {
		return Asset{}, err
	}
	a, err := s.storage.UpdateAsset(ctx, symbol, func(cur Asset) Asset {
		cur.Name = or(p.Name, cur.Name)
		cur.Type = or(p.Type, cur.Type)
		cur.Exchange = or(p.Exchange, cur.Exchange)
		cur.Currency = or(p.Currency, cur.Currency)
		cur.Sector = or(p.Sector, cur.Sector)
		cur.Active = or(p.Active, cur.Active)
		return cur
	})
	if err != nil {
		return Asset{}, err
	}
	s.assetChanged(ctx, symbol)
	return a, nil
}

// DeleteAsset deactivates the asset of symbol (a soft delete, idempotent).
func (s *Service) DeleteAsset(ctx context.Context, symbol string) error {
	if _, err := s.storage.SetActive(ctx, symbol, false); err != nil {
		return err
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
