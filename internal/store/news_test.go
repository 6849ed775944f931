package store_test

import (
	"database/sql"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/internal/apperr"
)

func TestInsertArticleDeduplicatesByURL(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	ctx := t.Context()
	p := articleParams(1, "Fed holds rates", "Summary", at(t, "2026-03-02 14:30:00"))
	p.Sentiment = sql.NullFloat64{Float64: -0.25, Valid: true}
	a := mustArticle(t, d.Write, p)
	if a.ID == 0 || a.Url != p.Url || a.Sentiment.Float64 != -0.25 || !a.PublishedAt.Equal(at(t, "2026-03-02 14:30:00")) {
		t.Fatalf("inserted %+v", a)
	}
	again := p
	again.Title = "Fed holds rates (updated)"
	_, err := d.Write.InsertArticle(ctx, again)
	wantNoRows(t, err)
	if got := must(d.Read.GetArticleByURL(ctx, p.Url))(t); got != a {
		t.Errorf("duplicate changed the article: %+v", got)
	}
	if got := must(d.Read.GetArticle(ctx, a.ID))(t); got != a {
		t.Errorf("GetArticle = %+v", got)
	}

	u := must(d.Write.UpdateArticle(ctx, db.UpdateArticleParams{ID: a.ID, Title: "New title", Summary: "New", Author: "Ann"}))(t)
	if u.Title != "New title" || u.Author != "Ann" || u.Sentiment.Valid || u.Url != a.Url {
		t.Errorf("UpdateArticle = %+v", u)
	}
	if n := must(d.Write.DeleteArticle(ctx, a.ID))(t); n != 1 {
		t.Errorf("DeleteArticle rows = %d", n)
	}
	_, err = d.Read.GetArticle(ctx, a.ID)
	wantErr(t, err, apperr.NotFound, "not_found")
}

func TestNewsKeysetLists(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	ctx := t.Context()
	asset, other := mustAsset(t, d.Write, "AAPL", "Apple"), mustAsset(t, d.Write, "MSFT", "Microsoft")
	t0 := at(t, "2026-03-02 14:00:00")
	var ids []int64
	for i := range 9 {
		published := t0.Add(time.Duration(i) * time.Minute)
		if i >= 3 && i <= 5 {
			published = t0.Add(4 * time.Minute) // a tie broken by id
		}
		p := articleParams(i, "Title", "", published)
		if i%3 == 0 {
			p.Source = "blog"
		}
		a := mustArticle(t, d.Write, p)
		ids = append(ids, a.ID)
		if i%2 == 1 {
			noErr(t, d.Write.LinkArticleAsset(ctx, db.LinkArticleAssetParams{ArticleID: a.ID, AssetID: asset.ID}))
		} else {
			noErr(t, d.Write.LinkArticleAsset(ctx, db.LinkArticleAssetParams{ArticleID: a.ID, AssetID: other.ID}))
		}
	}
	// Newest first: 8 7 6, then the tie 5 4 3 by id desc, then 2 1 0.
	type page struct {
		before any
		id     int64
	}
	tests := []struct {
		name string
		list func(p page) []db.NewsArticle
		want []int64
	}{
		{"all", func(p page) []db.NewsArticle {
			return must(d.Read.ListNews(ctx, db.ListNewsParams{BeforePublishedAt: p.before, BeforeID: p.id, MaxRows: 2}))(t)
		}, pick(ids, 8, 7, 6, 5, 4, 3, 2, 1, 0)},
		{"by source", func(p page) []db.NewsArticle {
			return must(d.Read.ListNewsBySource(ctx, db.ListNewsBySourceParams{Source: "blog", BeforePublishedAt: p.before, BeforeID: p.id, MaxRows: 2}))(t)
		}, pick(ids, 6, 3, 0)},
		{"by asset", func(p page) []db.NewsArticle {
			return must(d.Read.ListNewsByAsset(ctx, db.ListNewsByAssetParams{AssetID: asset.ID, BeforePublishedAt: p.before, BeforeID: p.id, MaxRows: 2}))(t)
		}, pick(ids, 7, 5, 3, 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []int64
			p := page{id: math.MaxInt64}
			for range 10 {
				rows := tt.list(p)
				for _, a := range rows {
					got = append(got, a.ID)
				}
				if len(rows) < 2 {
					break
				}
				last := rows[len(rows)-1]
				p = page{before: last.PublishedAt, id: last.ID}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("pages = %v, want %v", got, tt.want)
			}
		})
	}
}

func pick(ids []int64, idx ...int) []int64 {
	var out []int64
	for _, i := range idx {
		out = append(out, ids[i])
	}
	return out
}

func TestArticleAssetLinks(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	ctx := t.Context()
	a, b := mustAsset(t, d.Write, "MSFT", "Microsoft"), mustAsset(t, d.Write, "AAPL", "Apple")
	art := mustArticle(t, d.Write, articleParams(1, "Big tech", "", at(t, "2026-03-02 14:00:00")))
	for _, id := range []int64{a.ID, b.ID, a.ID} { // linking twice is a no-op
		noErr(t, d.Write.LinkArticleAsset(ctx, db.LinkArticleAssetParams{ArticleID: art.ID, AssetID: id}))
	}
	var syms []string
	for _, x := range must(d.Read.ListArticleAssets(ctx, db.ListArticleAssetsParams{ArticleID: art.ID, MaxRows: 10}))(t) {
		syms = append(syms, x.Symbol)
	}
	if !slices.Equal(syms, []string{"AAPL", "MSFT"}) {
		t.Errorf("ListArticleAssets = %v", syms)
	}
	if n := must(d.Write.UnlinkArticleAsset(ctx, db.UnlinkArticleAssetParams{ArticleID: art.ID, AssetID: a.ID}))(t); n != 1 {
		t.Errorf("UnlinkArticleAsset rows = %d", n)
	}
	for _, p := range []db.LinkArticleAssetParams{{ArticleID: art.ID + 1, AssetID: a.ID}, {ArticleID: art.ID, AssetID: b.ID + 100}} {
		wantErr(t, d.Write.LinkArticleAsset(ctx, p), apperr.Invalid, "invalid_reference")
	}
	must(d.Write.DeleteArticle(ctx, art.ID))(t)
	if n := count(t, d, "news_article_assets", "1"); n != 0 {
		t.Errorf("%d links outlived their article", n)
	}
}

func TestDeleteNewsBefore(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	ctx := t.Context()
	t0 := at(t, "2026-03-02 14:00:00")
	for i := range 5 {
		mustArticle(t, d.Write, articleParams(i, "T", "", t0.Add(time.Duration(i)*time.Hour)))
	}
	cut := t0.Add(3 * time.Hour)
	for i, want := range []int64{2, 1, 0} {
		if n := must(d.Write.DeleteNewsBefore(ctx, db.DeleteNewsBeforeParams{Before: cut.In(time.FixedZone("", 5*3600+1800)), MaxRows: 2}))(t); n != want {
			t.Errorf("call %d deleted %d, want %d", i, n, want)
		}
	}
	if n := count(t, d, "news_articles", "1"); n != 2 {
		t.Errorf("%d articles left, want 2", n)
	}
}

func TestNewsConstraints(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	ctx := t.Context()
	long := func(n int) string { return strings.Repeat("x", n) }
	tests := []struct {
		name string
		give func(p *db.InsertArticleParams)
	}{
		{"url not http", func(p *db.InsertArticleParams) { p.Url = "ftp://news.example/1" }},
		{"url too long", func(p *db.InsertArticleParams) { p.Url = "https://news.example/" + long(2048) }},
		{"empty title", func(p *db.InsertArticleParams) { p.Title = "" }},
		{"title too long", func(p *db.InsertArticleParams) { p.Title = long(501) }},
		{"summary too long", func(p *db.InsertArticleParams) { p.Summary = long(5001) }},
		{"empty source", func(p *db.InsertArticleParams) { p.Source = "" }},
		{"source too long", func(p *db.InsertArticleParams) { p.Source = long(101) }},
		{"author too long", func(p *db.InsertArticleParams) { p.Author = long(201) }},
		{"sentiment above 1", func(p *db.InsertArticleParams) { p.Sentiment = sql.NullFloat64{Float64: 1.01, Valid: true} }},
		{"sentiment below -1", func(p *db.InsertArticleParams) { p.Sentiment = sql.NullFloat64{Float64: -1.5, Valid: true} }},
		{"no publication time", func(p *db.InsertArticleParams) { p.PublishedAt = nil }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := articleParams(1, "Title", "", at(t, "2026-03-02 14:00:00"))
			tt.give(&p)
			_, err := d.Write.InsertArticle(ctx, p)
			wantErr(t, err, apperr.Invalid, "invalid")
		})
	}
	t.Run("duplicate url", func(t *testing.T) {
		a := mustArticle(t, d.Write, articleParams(7, "T", "", at(t, "2026-03-02 14:00:00")))
		_, err := d.Writer.ExecContext(ctx, `INSERT INTO news_articles (url, title, source, published_at) VALUES (?, 'Dup', 's', '2026-01-01 00:00:00.000')`, a.Url)
		wantErr(t, err, apperr.Conflict, "conflict")
	})
}
