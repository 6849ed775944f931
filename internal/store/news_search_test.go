package store_test

import (
	"database/sql"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/marketpulse/api/gen/db"
)

// TestNewsRankAndMatches checks the two queries of a search: ranking by
// bm25 with ties by id, bounded by the snapshot id and the asset filter,
// then highlighting the page's rows only.
func TestNewsRankAndMatches(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	ctx := t.Context()
	asset := mustAsset(t, d.Write, "AAPL", "Apple")
	t0 := at(t, "2026-03-02 14:00:00")
	var ids []int64
	for i, text := range []struct{ title, summary string }{
		{"Quokka news", "nothing else"},  // title match
		{"Other news", "quokka in here"}, // summary match
		{"Quokka again", "nothing else"}, // ties with the first
		{"Quokka later", "stored after"}, // beyond the snapshot
		{"No match", "nothing at all"},
	} {
		a := mustArticle(t, d.Write, articleParams(i, text.title, text.summary, t0))
		ids = append(ids, a.ID)
	}
	noErr(t, d.Write.LinkArticleAsset(ctx, db.LinkArticleAssetParams{ArticleID: ids[1], AssetID: asset.ID}))
	q := `"quokka"` // news.FTSQuery("quokka")

	rankIn := func(assets sql.NullString, window, skip int64) []int64 {
		t.Helper()
		rows := must(d.Read.RankNews(ctx, db.RankNewsParams{Query: q, MaxID: ids[2], AssetIds: assets, RankWindow: window, Skip: skip, MaxRows: 10}))(t)
		out := make([]int64, len(rows))
		for i, r := range rows {
			out[i] = r.ID
			if r.Score >= 0 || i > 0 && r.Score < rows[i-1].Score {
				t.Errorf("scores %v: bm25 ranks are negative, best first", rows)
			}
		}
		return out
	}
	rank := func(assets sql.NullString, skip int64) []int64 { return rankIn(assets, 2000, skip) }
	if got, want := rank(sql.NullString{}, 0), []int64{ids[0], ids[2], ids[1]}; !slices.Equal(got, want) {
		t.Errorf("RankNews = %v, want %v", got, want)
	}
	if got, want := rank(sql.NullString{}, 1), []int64{ids[2], ids[1]}; !slices.Equal(got, want) {
		t.Errorf("RankNews skip 1 = %v, want %v", got, want)
	}
	if got, want := rank(sql.NullString{String: "[" + itoa(asset.ID) + "]", Valid: true}, 0), []int64{ids[1]}; !slices.Equal(got, want) {
		t.Errorf("RankNews by asset = %v, want %v", got, want)
	}

	// The window: only the 2 newest matches of the snapshot (ids[2], ids[1])
	// are ranked, so the best of all (ids[0]) is left out.
	if got, want := rankIn(sql.NullString{}, 2, 0), []int64{ids[2], ids[1]}; !slices.Equal(got, want) {
		t.Errorf("RankNews in a window of 2 = %v, want %v", got, want)
	}

	filtered := must(d.Read.RankNewsFiltered(ctx, db.RankNewsFilteredParams{
		Query: q, MaxID: math.MaxInt64, Source: sql.NullString{String: "wire", Valid: true}, Since: t0, RankWindow: 2000, MaxRows: 10,
	}))(t)
	if len(filtered) != 4 {
		t.Errorf("RankNewsFiltered = %v, want the 4 matches", filtered)
	}
	filtered = must(d.Read.RankNewsFiltered(ctx, db.RankNewsFilteredParams{
		Query: q, MaxID: math.MaxInt64, Source: sql.NullString{String: "wire", Valid: true}, Since: t0, RankWindow: 3, MaxRows: 10,
	}))(t)
	if len(filtered) != 3 || slices.ContainsFunc(filtered, func(r db.RankNewsFilteredRow) bool { return r.ID == ids[0] }) {
		t.Errorf("RankNewsFiltered in a window of 3 = %v, want the 3 newest matches", filtered)
	}

	matches := must(d.Read.NewsMatches(ctx, db.NewsMatchesParams{
		Query: q, MinID: min(ids[0], ids[1]), MaxID: max(ids[0], ids[1]), Ids: "[" + itoa(ids[0]) + "," + itoa(ids[1]) + "]",
	}))(t)
	if len(matches) != 2 {
		t.Fatalf("NewsMatches = %+v", matches)
	}
	for _, m := range matches {
		if !strings.Contains(m.TitleHighlight+m.SummarySnippet, "\x02quokka\x03") && !strings.Contains(m.TitleHighlight, "\x02Quokka\x03") {
			t.Errorf("no marked match in %q / %q", m.TitleHighlight, m.SummarySnippet)
		}
	}
}

func TestNewsPageFilters(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	ctx := t.Context()
	a, b := mustAsset(t, d.Write, "AAPL", "Apple"), mustAsset(t, d.Write, "MSFT", "Microsoft")
	t0 := at(t, "2026-03-02 14:00:00")
	both := mustArticle(t, d.Write, articleParams(1, "Both", "", t0))
	none := mustArticle(t, d.Write, articleParams(2, "None", "", t0))
	for _, asset := range []int64{a.ID, b.ID} {
		noErr(t, d.Write.LinkArticleAsset(ctx, db.LinkArticleAssetParams{ArticleID: both.ID, AssetID: asset}))
	}
	for _, asset := range []int64{a.ID, b.ID} {
		rows := must(d.Read.ListNewsPageByAsset(ctx, db.ListNewsPageByAssetParams{
			AssetID: asset, BeforeID: math.MaxInt64, Since: t0, Until: t0.Add(time.Second), MaxRows: 10,
		}))(t)
		if len(rows) != 1 || rows[0].ID != both.ID {
			t.Errorf("asset %d within [t0, t0+1s) = %+v, want the article about both (its link carries published_at)", asset, rows)
		}
		rows = must(d.Read.ListNewsPageByAsset(ctx, db.ListNewsPageByAssetParams{
			AssetID: asset, BeforeID: math.MaxInt64, Until: t0, MaxRows: 10,
		}))(t)
		if len(rows) != 0 {
			t.Errorf("asset %d before t0 = %+v, want none", asset, rows)
		}
	}
	rows := must(d.Read.ListNewsPage(ctx, db.ListNewsPageParams{BeforeID: math.MaxInt64, Since: t0, Until: t0, MaxRows: 10}))(t)
	if len(rows) != 0 {
		t.Errorf("empty window = %+v", rows)
	}
	rows = must(d.Read.ListNewsPage(ctx, db.ListNewsPageParams{BeforeID: math.MaxInt64, Since: t0, MaxRows: 10}))(t)
	if len(rows) != 2 || rows[0].ID != none.ID {
		t.Errorf("since inclusive = %+v, want both articles, newest id first", rows)
	}
	syms := must(d.Read.ListSymbolsOfArticles(ctx, "["+itoa(both.ID)+","+itoa(none.ID)+"]"))(t)
	if len(syms) != 2 || syms[0].Symbol != "AAPL" || syms[1].Symbol != "MSFT" {
		t.Errorf("ListSymbolsOfArticles = %+v", syms)
	}
}
