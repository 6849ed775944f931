package market

import (
	"context"
	"time"

	"github.com/marketpulse/api/internal/cache"
	"github.com/marketpulse/api/internal/representation"
)

// Asset is a listed instrument. Exchange is the MIC or short code of the
// stock exchange that lists it ("" for none). The JSON form is the one the
// asset namespace keeps in L2.
type Asset struct {
	Symbol    string    `json:"symbol"`
	Name      string    `json:"name"`
	Type      string    `json:"type"` // stock, etf, crypto, index, forex, commodity
	Exchange  string    `json:"exchange"`
	Currency  string    `json:"currency"`
	Sector    string    `json:"sector"`
	Active    bool      `json:"active"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
}

// CachedAsset is an asset as the asset namespace holds it. Rep is where the
// HTTP layer keeps its encoded form, made on first use; it is not part of
// the L2 form. Cached values are shared: read-only.
type CachedAsset struct {
	Asset Asset               `json:"asset"`
	Rep   representation.Memo `json:"-"`
}

// Asset reads the asset of symbol through the cache, counting the read for
// warming, and says which tier answered. A symbol of no asset is a NotFound
// error.
func (s *Service) Asset(ctx context.Context, symbol string) (*CachedAsset, cache.Tier, error) {
	if s.hot != nil {
		s.hot.Hit(string(NamespaceAsset), symbol)
	}
	return s.asset(ctx, symbol)
}

// asset reads one asset through the cache without counting the read: the
// lookups of other operations and of warming are not the clients' reads.
func (s *Service) asset(ctx context.Context, symbol string) (*CachedAsset, cache.Tier, error) {
	return s.assets.GetKeyed(ctx, symbol, s.loadAsset)
}

// loadAssetRow reads the asset of symbol from the database; Service keeps it
// as a method value, made once (see cache.Namespace.GetKeyed).
func (s *Service) loadAssetRow(ctx context.Context, symbol string) (*CachedAsset, error) {
	a, err := s.storage.Asset(ctx, symbol)
	if err != nil {
		return nil, err
	}
	return &CachedAsset{Asset: a}, nil
}
