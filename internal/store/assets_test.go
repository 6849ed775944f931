package store_test

import (
	"database/sql"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/internal/apperr"
)

func TestAssetQueries(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	ctx := t.Context()
	a := mustAsset(t, d.Write, "AAPL", "Apple Inc.")
	if got := must(d.Read.GetAsset(ctx, a.ID))(t); got != a {
		t.Errorf("GetAsset = %+v, want %+v", got, a)
	}
	if got := must(d.Read.GetAssetBySymbol(ctx, "AAPL"))(t); got != a {
		t.Errorf("GetAssetBySymbol = %+v", got)
	}
	_, err := d.Write.CreateAsset(ctx, db.CreateAssetParams{Symbol: "AAPL", Name: "Again", Type: "stock", Currency: "USD", Active: 1})
	wantErr(t, err, apperr.Conflict, "conflict")

	u := must(d.Write.UpdateAsset(ctx, db.UpdateAssetParams{ID: a.ID, Name: "Apple", Type: "stock", Exchange: "NYSE", Currency: "USD", Sector: "Tech", Active: 0}))(t)
	if u.Symbol != "AAPL" || u.Name != "Apple" || u.Exchange != "NYSE" || u.Active != 0 || u.UpdatedAt.Before(a.UpdatedAt) {
		t.Errorf("UpdateAsset = %+v", u)
	}

	// UpsertAsset refreshes descriptive fields and leaves an unchanged row alone.
	up := db.UpsertAssetParams{Symbol: "MSFT", Name: "Microsoft", Type: "stock", Exchange: "NASDAQ", Currency: "USD"}
	noErr(t, d.Write.UpsertAsset(ctx, up))
	m := must(d.Read.GetAssetBySymbol(ctx, "MSFT"))(t)
	must(d.Writer.ExecContext(ctx, `UPDATE assets SET updated_at = '2000-01-01 00:00:00.000' WHERE id = ?`, m.ID))(t)
	noErr(t, d.Write.UpsertAsset(ctx, up))
	if got := must(d.Read.GetAsset(ctx, m.ID))(t); got.UpdatedAt.Year() != 2000 {
		t.Errorf("identical upsert touched the row: %v", got.UpdatedAt)
	}
	up.Sector = "Software"
	noErr(t, d.Write.UpsertAsset(ctx, up))
	if got := must(d.Read.GetAsset(ctx, m.ID))(t); got.Sector != "Software" || got.UpdatedAt.Year() == 2000 || got.ID != m.ID {
		t.Errorf("changed upsert = %+v", got)
	}
	if n := must(d.Read.CountAssets(ctx))(t); n != 2 {
		t.Errorf("CountAssets = %d, want 2", n)
	}

	got := must(d.Read.ListAssetsBySymbols(ctx, []string{"MSFT", "NOPE", "AAPL"}))(t)
	if len(got) != 2 || got[0].Symbol != "AAPL" || got[1].Symbol != "MSFT" {
		t.Errorf("ListAssetsBySymbols = %+v", got)
	}
	if n := must(d.Write.DeleteAsset(ctx, a.ID))(t); n != 1 {
		t.Errorf("DeleteAsset rows = %d", n)
	}
	_, err = d.Read.GetAsset(ctx, a.ID)
	wantErr(t, err, apperr.NotFound, "not_found")
}

func TestListAssets(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	ctx := t.Context()
	for _, a := range []db.CreateAssetParams{
		{Symbol: "AAPL", Name: "Apple", Type: "stock", Exchange: "NASDAQ"},
		{Symbol: "AMZN", Name: "amazon", Type: "stock", Exchange: "NASDAQ"},
		{Symbol: "BTC", Name: "Bitcoin", Type: "crypto"},
		{Symbol: "SPY", Name: "S&P 500 ETF", Type: "etf", Exchange: "NYSE"},
		{Symbol: "XAPL", Name: "Apple tracker", Type: "etf", Exchange: "NYSE"},
		{Symbol: "ZM", Name: "Zoom", Type: "stock", Exchange: "NASDAQ"},
	} {
		a.Currency, a.Active = "USD", 1
		must(d.Write.CreateAsset(ctx, a))(t)
	}
	str := func(s string) sql.NullString { return sql.NullString{String: s, Valid: true} }
	tests := []struct {
		name string
		give db.ListAssetsParams
		want []string
	}{
		{"all", db.ListAssetsParams{MaxRows: 10}, []string{"AAPL", "AMZN", "BTC", "SPY", "XAPL", "ZM"}},
		{"after cursor", db.ListAssetsParams{AfterSymbol: "BTC", MaxRows: 2}, []string{"SPY", "XAPL"}},
		{"type", db.ListAssetsParams{Type: str("etf"), MaxRows: 10}, []string{"SPY", "XAPL"}},
		{"exchange", db.ListAssetsParams{Exchange: str("NASDAQ"), MaxRows: 10}, []string{"AAPL", "AMZN", "ZM"}},
		{"prefix of symbol or name", db.ListAssetsParams{Prefix: str("ap"), MaxRows: 10}, []string{"AAPL", "XAPL"}},
		{"prefix with wildcard is literal", db.ListAssetsParams{Prefix: str("A%"), MaxRows: 10}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, a := range must(d.Read.ListAssets(ctx, tt.give))(t) {
				got = append(got, a.Symbol)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestListAssetsByNameKeyset(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	ctx := t.Context()
	// Names equal but for case tie, so id decides between them.
	for _, s := range [][2]string{{"C1", "beta"}, {"A1", "Alpha"}, {"B1", "BETA"}, {"D1", "alpha"}, {"E1", "Gamma"}, {"F1", "beta"}} {
		mustAsset(t, d.Write, s[0], s[1])
	}
	want := []string{"A1", "D1", "C1", "B1", "F1", "E1"}
	var got []string
	p := db.ListAssetsByNameParams{MaxRows: 4}
	for range 5 {
		page := must(d.Read.ListAssetsByName(ctx, p))(t)
		for _, a := range page {
			got = append(got, a.Symbol)
		}
		if len(page) < 4 {
			break
		}
		last := page[len(page)-1]
		p.AfterSymbol = last.Symbol
	}
	if !slices.Equal(got, want) {
		t.Errorf("pages = %v, want %v", got, want)
	}
}

func TestAssetConstraints(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	ctx := t.Context()
	ok := db.CreateAssetParams{Symbol: "OK", Name: "Ok", Type: "stock", Currency: "USD", Active: 1}
	tests := []struct {
		name string
		give func(p *db.CreateAssetParams)
	}{
		{"empty symbol", func(p *db.CreateAssetParams) { p.Symbol = "" }},
		{"lower-case symbol", func(p *db.CreateAssetParams) { p.Symbol = "aapl" }},
		{"symbol too long", func(p *db.CreateAssetParams) { p.Symbol = strings.Repeat("A", 21) }},
		{"empty name", func(p *db.CreateAssetParams) { p.Name = "" }},
		{"name too long", func(p *db.CreateAssetParams) { p.Name = strings.Repeat("n", 201) }},
		{"unknown type", func(p *db.CreateAssetParams) { p.Type = "bond" }},
		{"currency not 3 letters", func(p *db.CreateAssetParams) { p.Currency = "US" }},
		{"active not boolean", func(p *db.CreateAssetParams) { p.Active = -1 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := ok
			tt.give(&p)
			_, err := d.Write.CreateAsset(ctx, p)
			wantErr(t, err, apperr.Invalid, "invalid")
		})
	}
	if n := must(d.Read.CountAssets(ctx))(t); n != 0 {
		t.Errorf("%d assets stored", n)
	}
}

func TestDeleteAssetCascades(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	ctx := t.Context()
	a, b := mustAsset(t, d.Write, "AAA", "A"), mustAsset(t, d.Write, "BBB", "B")
	art := mustArticle(t, d.Write, articleParams(1, "About A and B", "", at(t, "2026-01-01 00:00:00")))
	for _, id := range []int64{a.ID, b.ID} {
		must(d.Write.UpsertQuote(ctx, db.UpsertQuoteParams{AssetID: id, Price: 1, AsOf: time.Now(), Provider: "p"}))(t)
		must(d.Write.UpsertBar(ctx, db.UpsertBarParams{AssetID: id, Interval: "1d", Ts: time.Now(), Open: 1, High: 1, Low: 1, Close: 1}))(t)
		noErr(t, d.Write.LinkArticleAsset(ctx, db.LinkArticleAssetParams{ArticleID: art.ID, AssetID: id}))
	}
	must(d.Write.DeleteAsset(ctx, a.ID))(t)
	for _, table := range []string{"quotes", "price_bars", "news_article_assets"} {
		if n := count(t, d, table, "asset_id = "+itoa(a.ID)); n != 0 {
			t.Errorf("%s: %d rows of the deleted asset", table, n)
		}
		if n := count(t, d, table, "asset_id = "+itoa(b.ID)); n != 1 {
			t.Errorf("%s: %d rows of the other asset, want 1", table, n)
		}
	}
	if n := count(t, d, "news_articles", "1"); n != 1 {
		t.Errorf("the article went with the asset")
	}
}
