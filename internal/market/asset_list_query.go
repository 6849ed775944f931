package market

import (
	"context"
	"database/sql"

	"github.com/marketpulse/api/gen/db"
)

// listAssets reads up to rows assets of q after the asset after, choosing
// the query whose index leads with the filter: a type filter walks
// (type, sort key), else an exchange filter (exchange, sort key), else the
// sort key's index alone. A rare type's or exchange's page then reads its
// own rows only, whatever the size of the catalog.
func (s *Service) listAssets(ctx context.Context, q AssetQuery, after string, rows int) ([]db.Asset, error) {
	typ, exchange, prefix := nullString(q.Type), nullString(q.Exchange), nullString(q.Prefix)
	var active sql.NullInt64
	if q.Active != nil {
		active = sql.NullInt64{Int64: sqlBool(*q.Active), Valid: true}
	}
	r, n := s.db.Read, int64(rows)
	byName := q.Sort == SortByName
	switch {
	case typ.Valid && byName:
		return r.ListAssetsOfTypeByName(ctx, db.ListAssetsOfTypeByNameParams{
			Type: q.Type, AfterSymbol: after, Exchange: exchange, Active: active, Prefix: prefix, MaxRows: n,
		})
	case typ.Valid:
		return r.ListAssetsOfType(ctx, db.ListAssetsOfTypeParams{
			Type: q.Type, AfterSymbol: after, Exchange: exchange, Active: active, Prefix: prefix, MaxRows: n,
		})
	case exchange.Valid && byName:
		return r.ListAssetsOfExchangeByName(ctx, db.ListAssetsOfExchangeByNameParams{
			Exchange: q.Exchange, AfterSymbol: after, Active: active, Prefix: prefix, MaxRows: n,
		})
	case exchange.Valid:
		return r.ListAssetsOfExchange(ctx, db.ListAssetsOfExchangeParams{
			Exchange: q.Exchange, AfterSymbol: after, Active: active, Prefix: prefix, MaxRows: n,
		})
	case byName:
		return r.ListAssetsByName(ctx, db.ListAssetsByNameParams{
			AfterSymbol: after, Active: active, Prefix: prefix, MaxRows: n,
		})
	}
	return r.ListAssets(ctx, db.ListAssetsParams{AfterSymbol: after, Active: active, Prefix: prefix, MaxRows: n})
}
