package store_test

import (
	"context"
	"database/sql"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/marketpulse/api/gen/db"
)

// planCase runs one generated query through the explainer. want lists
// fragments its plan must contain (the index it must SEARCH); sorts, when
// set, explains why a temporary B-tree sort is acceptable.
type planCase struct {
	name  string
	run   func(ctx context.Context, q *db.Queries)
	want  []string
	sorts string
}

func planCases() []planCase {
	t0 := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	var (
		ignore  = func(any, error) {}
		ignore1 = func(error) {}
	)
	return []planCase{
		{"GetUser", func(ctx context.Context, q *db.Queries) { ignore(q.GetUser(ctx, 42)) }, []string{"SEARCH users USING INTEGER PRIMARY KEY"}, ""},
		{"GetUserByEmail", func(ctx context.Context, q *db.Queries) { ignore(q.GetUserByEmail(ctx, "U42@example.com")) }, []string{"USING INDEX users_email_key"}, ""},
		{"ListUsers", func(ctx context.Context, q *db.Queries) {
			ignore(q.ListUsers(ctx, db.ListUsersParams{AfterCreatedAt: t0, AfterID: 42, MaxRows: 50}))
		}, []string{"SEARCH users USING INDEX users_created_idx (created_at>?)"}, ""},
		{"ListUsers first page", func(ctx context.Context, q *db.Queries) {
			ignore(q.ListUsers(ctx, db.ListUsersParams{MaxRows: 50}))
		}, []string{"users_created_idx"}, ""},
		{"GetSessionByTokenHash", func(ctx context.Context, q *db.Queries) {
			ignore(q.GetSessionByTokenHash(ctx, db.GetSessionByTokenHashParams{TokenHash: tokenHash("token42"), Now: t0}))
		}, []string{"USING INDEX sessions_token_hash_key (token_hash=?)", "SEARCH u USING INTEGER PRIMARY KEY"}, ""},
		{"ListUserSessions", func(ctx context.Context, q *db.Queries) {
			ignore(q.ListUserSessions(ctx, db.ListUserSessionsParams{UserID: 42, BeforeID: math.MaxInt64, Now: t0, MaxRows: 50}))
		}, []string{"sessions_user_idx (user_id=? AND rowid<?)"}, ""},
		{"TouchSession", func(ctx context.Context, q *db.Queries) {
			ignore(q.TouchSession(ctx, db.TouchSessionParams{ID: 42, Now: t0, StaleBefore: t0}))
		}, []string{"SEARCH sessions USING INTEGER PRIMARY KEY"}, ""},
		{"DeleteSessionByTokenHash", func(ctx context.Context, q *db.Queries) { ignore(q.DeleteSessionByTokenHash(ctx, tokenHash("x"))) }, []string{"sessions_token_hash_key"}, ""},
		{"DeleteUserSessions", func(ctx context.Context, q *db.Queries) {
			ignore(q.DeleteUserSessions(ctx, db.DeleteUserSessionsParams{UserID: 42}))
		}, []string{"sessions_user_idx"}, ""},
		{"DeleteExpiredSessions", func(ctx context.Context, q *db.Queries) {
			ignore(q.DeleteExpiredSessions(ctx, db.DeleteExpiredSessionsParams{Now: t0, MaxRows: 500}))
		}, []string{"sessions_expires_idx (expires_at<?)"}, ""},
		{"GetDashboard", func(ctx context.Context, q *db.Queries) {
			ignore(q.GetDashboard(ctx, db.GetDashboardParams{ID: 42, OwnerID: 42}))
		}, []string{"SEARCH dashboards USING INTEGER PRIMARY KEY"}, ""},
		{"GetDefaultDashboard", func(ctx context.Context, q *db.Queries) { ignore(q.GetDefaultDashboard(ctx, 42)) }, []string{"dashboards_one_default_key (owner_id=?)"}, ""},
		{"ListDashboards", func(ctx context.Context, q *db.Queries) {
			ignore(q.ListDashboards(ctx, db.ListDashboardsParams{OwnerID: 42, AfterID: 0, MaxRows: 50}))
		}, []string{"dashboards_owner_idx (owner_id=? AND id>?)"}, ""},
		{"CountDashboards", func(ctx context.Context, q *db.Queries) { ignore(q.CountDashboards(ctx, 42)) }, []string{"dashboards_owner_idx (owner_id=?)"}, ""},
		{"ClearDefaultDashboard", func(ctx context.Context, q *db.Queries) {
			ignore(q.ClearDefaultDashboard(ctx, db.ClearDefaultDashboardParams{OwnerID: 42, KeepID: 1}))
		}, []string{"dashboards_one_default_key (owner_id=?)"}, ""},
		{"GetWidget", func(ctx context.Context, q *db.Queries) {
			ignore(q.GetWidget(ctx, db.GetWidgetParams{ID: 42, DashboardID: 21, OwnerID: 21}))
		}, []string{"SEARCH w USING INTEGER PRIMARY KEY"}, ""},
		{"ListWidgets", func(ctx context.Context, q *db.Queries) {
			ignore(q.ListWidgets(ctx, db.ListWidgetsParams{DashboardID: 21, OwnerID: 21, MaxRows: 50}))
		}, []string{"widgets_dashboard_idx (dashboard_id=? AND id>?)"}, ""},
		{"CountWidgets", func(ctx context.Context, q *db.Queries) { ignore(q.CountWidgets(ctx, 21)) }, []string{"widgets_dashboard_idx (dashboard_id=?)"}, ""},
		{"UpdateWidgetVersion", func(ctx context.Context, q *db.Queries) {
			ignore(q.UpdateWidgetVersion(ctx, db.UpdateWidgetVersionParams{Kind: "watchlist", ID: 42, DashboardID: 21, OwnerID: 21, Version: 1, Config: "{}", Width: 1, Height: 1, RefreshSeconds: 60, Title: "t"}))
		}, []string{"SEARCH widgets USING INTEGER PRIMARY KEY"}, ""},
		{"DeleteWidgetVersion", func(ctx context.Context, q *db.Queries) {
			ignore(q.DeleteWidgetVersion(ctx, db.DeleteWidgetVersionParams{ID: 42, DashboardID: 21, OwnerID: 21, Version: 1}))
		}, []string{"SEARCH widgets USING INTEGER PRIMARY KEY"}, ""},
		{"GetAsset", func(ctx context.Context, q *db.Queries) { ignore(q.GetAsset(ctx, 42)) }, []string{"SEARCH assets USING INTEGER PRIMARY KEY"}, ""},
		{"GetAssetBySymbol", func(ctx context.Context, q *db.Queries) { ignore(q.GetAssetBySymbol(ctx, "S00042")) }, []string{"assets_symbol_key (symbol=?)"}, ""},
		{"ListAssets", func(ctx context.Context, q *db.Queries) {
			ignore(q.ListAssets(ctx, db.ListAssetsParams{AfterSymbol: "S01000", MaxRows: 50}))
		}, []string{"assets_symbol_key (symbol>?)"}, ""},
		{"ListAssetsByName", func(ctx context.Context, q *db.Queries) {
			ignore(q.ListAssetsByName(ctx, db.ListAssetsByNameParams{AfterSymbol: "S00042", MaxRows: 50}))
		}, []string{"assets_name_idx (name>?)"}, ""},
		{"ListAssetsOfType", func(ctx context.Context, q *db.Queries) {
			ignore(q.ListAssetsOfType(ctx, db.ListAssetsOfTypeParams{Type: "index", AfterSymbol: "A42", MaxRows: 51}))
		}, []string{"assets_type_symbol_idx (type=? AND symbol>?)"}, ""},
		{"ListAssetsOfExchange", func(ctx context.Context, q *db.Queries) {
			ignore(q.ListAssetsOfExchange(ctx, db.ListAssetsOfExchangeParams{Exchange: "XETR", AfterSymbol: "A42", MaxRows: 51}))
		}, []string{"assets_exchange_symbol_idx (exchange=? AND symbol>?)"}, ""},
		{"ListAssetsOfTypeByName", func(ctx context.Context, q *db.Queries) {
			ignore(q.ListAssetsOfTypeByName(ctx, db.ListAssetsOfTypeByNameParams{Type: "index", AfterSymbol: "A42", MaxRows: 51}))
		}, []string{"assets_type_name_idx (type=?"}, ""},
		{"ListAssetsOfExchangeByName", func(ctx context.Context, q *db.Queries) {
			ignore(q.ListAssetsOfExchangeByName(ctx, db.ListAssetsOfExchangeByNameParams{Exchange: "XETR", AfterSymbol: "A42", MaxRows: 51}))
		}, []string{"assets_exchange_name_idx (exchange=?"}, ""},
		{"ListAssetsBySymbols", func(ctx context.Context, q *db.Queries) {
			ignore(q.ListAssetsBySymbols(ctx, []string{"S00001", "S00042", "S01234"}))
		}, []string{"assets_symbol_key (symbol=?)"}, ""},
		{"GetQuote", func(ctx context.Context, q *db.Queries) { ignore(q.GetQuote(ctx, 42)) }, []string{"SEARCH quotes USING INTEGER PRIMARY KEY"}, ""},
		{"GetQuoteBySymbol", func(ctx context.Context, q *db.Queries) { ignore(q.GetQuoteBySymbol(ctx, "S00042")) }, []string{"assets_symbol_key (symbol=?)", "SEARCH q USING INTEGER PRIMARY KEY"}, ""},
		{"ListQuotesBySymbols", func(ctx context.Context, q *db.Queries) {
			ignore(q.ListQuotesBySymbols(ctx, []string{"S00001", "S00042"}))
		}, []string{"assets_symbol_key (symbol=?)", "SEARCH q USING INTEGER PRIMARY KEY"}, ""},
		{"ListStaleQuotes", func(ctx context.Context, q *db.Queries) {
			ignore(q.ListStaleQuotes(ctx, db.ListStaleQuotesParams{OlderThan: t0, MaxRows: 100}))
		}, []string{"quotes_as_of_idx (as_of<?)"}, ""},
		{"UpsertQuote", func(ctx context.Context, q *db.Queries) {
			ignore(q.UpsertQuote(ctx, quote(42, 1, t0)))
		}, nil, ""},
		{"ListBars", func(ctx context.Context, q *db.Queries) {
			ignore(q.ListBars(ctx, db.ListBarsParams{AssetID: 1, Interval: "1m", Since: t0, Until: t0.Add(time.Hour), MaxRows: 500}))
		}, []string{"sqlite_autoindex_price_bars_1 (asset_id=? AND interval=? AND ts>? AND ts<?)"}, ""},
		{"ListRecentBars", func(ctx context.Context, q *db.Queries) {
			ignore(q.ListRecentBars(ctx, db.ListRecentBarsParams{AssetID: 1, Interval: "1m", Until: t0, MaxRows: 500}))
		}, []string{"sqlite_autoindex_price_bars_1 (asset_id=? AND interval=? AND ts<?)"}, ""},
		{"DeleteBarsBefore", func(ctx context.Context, q *db.Queries) {
			ignore(q.DeleteBarsBefore(ctx, db.DeleteBarsBeforeParams{AssetID: 1, Interval: "1m", Before: t0}))
		}, []string{"sqlite_autoindex_price_bars_1 (asset_id=? AND interval=? AND ts<?)"}, ""},
		{"UpsertBar", func(ctx context.Context, q *db.Queries) { ignore(q.UpsertBar(ctx, bar(1, "1m", t0, 10))) }, nil, ""},
		{"GetArticle", func(ctx context.Context, q *db.Queries) { ignore(q.GetArticle(ctx, 42)) }, []string{"SEARCH news_articles USING INTEGER PRIMARY KEY"}, ""},
		{"GetArticleByURL", func(ctx context.Context, q *db.Queries) {
			ignore(q.GetArticleByURL(ctx, "https://news.example/42"))
		}, []string{"news_articles_url_key (url=?)"}, ""},
		{"ListNews first page", func(ctx context.Context, q *db.Queries) {
			ignore(q.ListNews(ctx, db.ListNewsParams{BeforeID: math.MaxInt64, MaxRows: 50}))
		}, []string{"news_articles_published_idx (published_at<?)"}, ""},
		{"ListNews", func(ctx context.Context, q *db.Queries) {
			ignore(q.ListNews(ctx, db.ListNewsParams{BeforePublishedAt: t0, BeforeID: 42, MaxRows: 50}))
		}, []string{"news_articles_published_idx (published_at<?)"}, ""},
		{"ListNewsBySource", func(ctx context.Context, q *db.Queries) {
			ignore(q.ListNewsBySource(ctx, db.ListNewsBySourceParams{Source: "source7", BeforePublishedAt: t0, BeforeID: 42, MaxRows: 50}))
		}, []string{"news_articles_source_published_idx (source=? AND published_at<?)"}, ""},
		{"ListNewsPageByAsset", func(ctx context.Context, q *db.Queries) {
			ignore(q.ListNewsPageByAsset(ctx, db.ListNewsPageByAssetParams{AssetID: 42, BeforePublishedAt: t0, BeforeID: 42, MaxRows: 50}))
		}, []string{"news_article_assets_asset_published_idx (asset_id=? AND published_at", "SEARCH n USING INTEGER PRIMARY KEY (rowid=?)"}, ""},
		{"ListNewsPageByAsset first page", func(ctx context.Context, q *db.Queries) {
			ignore(q.ListNewsPageByAsset(ctx, db.ListNewsPageByAssetParams{AssetID: 42, BeforeID: math.MaxInt64, MaxRows: 50}))
		}, []string{"news_article_assets_asset_published_idx (asset_id=?", "SEARCH n USING INTEGER PRIMARY KEY (rowid=?)"}, ""},
		{"ListNewsByAsset", func(ctx context.Context, q *db.Queries) {
			ignore(q.ListNewsByAsset(ctx, db.ListNewsByAssetParams{AssetID: 42, BeforePublishedAt: t0, BeforeID: 42, MaxRows: 50}))
		}, []string{"news_article_assets_asset_published_idx (asset_id=? AND published_at<?)"}, ""},
		{"DeleteNewsBefore", func(ctx context.Context, q *db.Queries) {
			ignore(q.DeleteNewsBefore(ctx, db.DeleteNewsBeforeParams{Before: t0, MaxRows: 500}))
		}, []string{"news_articles_published_idx (published_at<?)"}, ""},
		{"ListArticleAssets", func(ctx context.Context, q *db.Queries) {
			ignore(q.ListArticleAssets(ctx, db.ListArticleAssetsParams{ArticleID: 42, MaxRows: 50}))
		}, []string{"sqlite_autoindex_news_article_assets_1 (article_id=?)"}, "an article has a handful of assets"},
		{"UnlinkArticleAsset", func(ctx context.Context, q *db.Queries) {
			ignore(q.UnlinkArticleAsset(ctx, db.UnlinkArticleAssetParams{ArticleID: 42, AssetID: 1}))
		}, []string{"sqlite_autoindex_news_article_assets_1 (article_id=? AND asset_id=?)"}, ""},
		{"SearchNews", func(ctx context.Context, q *db.Queries) {
			ignore(q.SearchNews(ctx, db.SearchNewsParams{Query: `"fed" "rates"`, MaxRows: 20}))
		}, []string{"VIRTUAL TABLE INDEX", "SEARCH n USING INTEGER PRIMARY KEY"}, ""},
		{"ListNewsPage first page", func(ctx context.Context, q *db.Queries) {
			ignore(q.ListNewsPage(ctx, db.ListNewsPageParams{BeforeID: math.MaxInt64, MaxRows: 51}))
		}, []string{"news_articles_published_idx (published_at>? AND published_at<?)"}, ""},
		{"ListNewsPage filtered", func(ctx context.Context, q *db.Queries) {
			ignore(q.ListNewsPage(ctx, db.ListNewsPageParams{
				BeforePublishedAt: t0, BeforeID: 42, Since: t0.AddDate(0, -1, 0), Until: t0.AddDate(0, 0, 1), MaxRows: 51,
			}))
		}, []string{"news_articles_published_idx (published_at>? AND published_at<?)"}, ""},
		{"ListNewsPageBySource", func(ctx context.Context, q *db.Queries) {
			ignore(q.ListNewsPageBySource(ctx, db.ListNewsPageBySourceParams{
				Source: "source7", BeforePublishedAt: t0, BeforeID: 42, Since: t0.AddDate(0, -1, 0),
				AssetIds: sql.NullString{String: "[1]", Valid: true}, MaxRows: 51,
			}))
		}, []string{"news_articles_source_published_idx (source=? AND published_at>? AND published_at<?)"}, ""},
		{"MaxArticleID", func(ctx context.Context, q *db.Queries) { ignore(q.MaxArticleID(ctx)) }, []string{"SEARCH news_articles"}, ""},
		{"RankNews", func(ctx context.Context, q *db.Queries) {
			ignore(q.RankNews(ctx, db.RankNewsParams{Query: `"fed" "rates"`, MaxID: 2000, RankWindow: 2000, MaxRows: 21}))
		}, []string{"VIRTUAL TABLE INDEX"},
			"only (id, score) of the window's matches are sorted, by score then id, so pages are stable"},
		{"RankNews by assets", func(ctx context.Context, q *db.Queries) {
			ignore(q.RankNews(ctx, db.RankNewsParams{
				Query: `"fed"`, MaxID: 2000, AssetIds: sql.NullString{String: "[1,2]", Valid: true}, RankWindow: 2000, MaxRows: 21,
			}))
		}, []string{"VIRTUAL TABLE INDEX", "SEARCH na USING COVERING INDEX news_article_assets_asset_published_idx (asset_id=?)"},
			"only (id, score) of the window's matches are sorted, by score then id, so pages are stable"},
		{"RankNewsFiltered", func(ctx context.Context, q *db.Queries) {
			ignore(q.RankNewsFiltered(ctx, db.RankNewsFilteredParams{
				Query: `"fed" "rates"`, MaxID: 2000, Source: sql.NullString{String: "source7", Valid: true}, Since: t0,
				AssetIds: sql.NullString{String: "[1,2]", Valid: true}, RankWindow: 2000, MaxRows: 21,
			}))
		}, []string{"VIRTUAL TABLE INDEX", "SEARCH n USING INTEGER PRIMARY KEY"},
			"only (id, score) of the window's matches are sorted, by score then id, so pages are stable"},
		{"NewsMatches", func(ctx context.Context, q *db.Queries) {
			ignore(q.NewsMatches(ctx, db.NewsMatchesParams{Query: `"fed"`, MinID: 1, MaxID: 3, Ids: "[1,2,3]"}))
		}, []string{"VIRTUAL TABLE INDEX", "SEARCH n USING INTEGER PRIMARY KEY"}, ""},
		{"ListSymbolsOfArticles", func(ctx context.Context, q *db.Queries) {
			ignore(q.ListSymbolsOfArticles(ctx, "[1,2,3]"))
		}, []string{"sqlite_autoindex_news_article_assets_1 (article_id=?)", "SEARCH a USING INTEGER PRIMARY KEY"},
			"a page's articles have a handful of assets each"},
		{"GetCacheMetadata", func(ctx context.Context, q *db.Queries) { ignore(q.GetCacheMetadata(ctx, "ns1:1")) }, []string{"sqlite_autoindex_cache_metadata_1 (key=?)"}, ""},
		{"ListHotCacheKeys", func(ctx context.Context, q *db.Queries) {
			ignore(q.ListHotCacheKeys(ctx, db.ListHotCacheKeysParams{Namespace: "ns1", MaxRows: 100}))
		}, []string{"cache_metadata_hot_idx (namespace=?)"}, ""},
		{"ListWarmCacheKeys", func(ctx context.Context, q *db.Queries) {
			ignore(q.ListWarmCacheKeys(ctx, db.ListWarmCacheKeysParams{Namespace: "ns1", MaxRows: 100}))
		}, []string{"cache_metadata_hot_idx (namespace=?)"}, ""},
		{"RecordCacheHits", func(ctx context.Context, q *db.Queries) { ignore1(q.RecordCacheHits(ctx, hits("ns1:1", "ns1", 1, t0))) }, nil, ""},
		{"MarkCacheRefreshed", func(ctx context.Context, q *db.Queries) {
			ignore(q.MarkCacheRefreshed(ctx, db.MarkCacheRefreshedParams{Key: "ns1:1", RefreshedAt: t0}))
		}, []string{"sqlite_autoindex_cache_metadata_1 (key=?)"}, ""},
		{"DeleteCacheMetadata", func(ctx context.Context, q *db.Queries) { ignore(q.DeleteCacheMetadata(ctx, "ns1:1")) }, []string{"sqlite_autoindex_cache_metadata_1 (key=?)"}, ""},
		// Writes by key.
		{"UpdateUserProfile", func(ctx context.Context, q *db.Queries) {
			ignore(q.UpdateUserProfile(ctx, db.UpdateUserProfileParams{ID: 42, Email: "a@b.c", DisplayName: "A"}))
		}, []string{"SEARCH users USING INTEGER PRIMARY KEY (rowid=?)"}, ""},
		{"UpdateUserPassword", func(ctx context.Context, q *db.Queries) {
			ignore(q.UpdateUserPassword(ctx, db.UpdateUserPasswordParams{ID: 42, PasswordHash: argon2}))
		}, []string{"SEARCH users USING INTEGER PRIMARY KEY (rowid=?)"}, ""},
		{"UpdateUserAccess", func(ctx context.Context, q *db.Queries) {
			ignore(q.UpdateUserAccess(ctx, db.UpdateUserAccessParams{ID: 42, Role: "user", Active: 1}))
		}, []string{"SEARCH users USING INTEGER PRIMARY KEY (rowid=?)"}, ""},
		{"DeleteUser", func(ctx context.Context, q *db.Queries) { ignore(q.DeleteUser(ctx, 42)) }, []string{"SEARCH users USING INTEGER PRIMARY KEY (rowid=?)"}, ""},
		{"DeleteSession", func(ctx context.Context, q *db.Queries) {
			ignore(q.DeleteSession(ctx, db.DeleteSessionParams{ID: 42, UserID: 42}))
		}, []string{"SEARCH sessions USING INTEGER PRIMARY KEY (rowid=?)"}, ""},
		{"UpdateDashboardFields", func(ctx context.Context, q *db.Queries) {
			ignore(q.UpdateDashboardFields(ctx, db.UpdateDashboardFieldsParams{ID: 42, OwnerID: 42, Version: 1, Name: "n"}))
		}, []string{"SEARCH dashboards USING INTEGER PRIMARY KEY (rowid=?)"}, ""},
		{"SetDefaultDashboard", func(ctx context.Context, q *db.Queries) {
			ignore(q.SetDefaultDashboard(ctx, db.SetDefaultDashboardParams{ID: 42, OwnerID: 42, Version: 1}))
		}, []string{"SEARCH dashboards USING INTEGER PRIMARY KEY (rowid=?)"}, ""},
		{"DeleteDashboardVersion", func(ctx context.Context, q *db.Queries) {
			ignore(q.DeleteDashboardVersion(ctx, db.DeleteDashboardVersionParams{ID: 42, OwnerID: 42, Version: 1}))
		}, []string{"SEARCH dashboards USING INTEGER PRIMARY KEY (rowid=?)"}, ""},
		{"UpdateAsset", func(ctx context.Context, q *db.Queries) {
			ignore(q.UpdateAsset(ctx, db.UpdateAssetParams{ID: 42, Name: "n", Type: "stock", Currency: "USD", Active: 1}))
		}, []string{"SEARCH assets USING INTEGER PRIMARY KEY (rowid=?)"}, ""},
		{"DeleteAsset", func(ctx context.Context, q *db.Queries) { ignore(q.DeleteAsset(ctx, 42)) }, []string{"SEARCH assets USING INTEGER PRIMARY KEY (rowid=?)"}, ""},
		{"DeleteQuote", func(ctx context.Context, q *db.Queries) { ignore(q.DeleteQuote(ctx, 42)) }, []string{"SEARCH quotes USING INTEGER PRIMARY KEY (rowid=?)"}, ""},
		{"UpdateArticle", func(ctx context.Context, q *db.Queries) {
			ignore(q.UpdateArticle(ctx, db.UpdateArticleParams{ID: 42, Title: "t"}))
		}, []string{"SEARCH news_articles USING INTEGER PRIMARY KEY (rowid=?)"}, ""},
		{"DeleteArticle", func(ctx context.Context, q *db.Queries) { ignore(q.DeleteArticle(ctx, 42)) }, []string{"SEARCH news_articles USING INTEGER PRIMARY KEY (rowid=?)"}, ""},
		{"CountUsers", func(ctx context.Context, q *db.Queries) { ignore(q.CountUsers(ctx)) }, nil, ""},
		{"CountAssets", func(ctx context.Context, q *db.Queries) { ignore(q.CountAssets(ctx)) }, nil, ""},
	}
}

// TestQueryPlans fails when a hot query reads a whole large table, misses
// the index it was written for, or sorts rows it could read in order. Plans
// are checked on fresh statistics-free tables and again after ANALYZE.
func TestQueryPlans(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	seedMarket(t, d, seedScale{users: 2000, assets: 2000, articles: 3000, barsPerAsset: 1000, barAssets: 3})
	for _, stats := range []string{"without statistics", "after ANALYZE"} {
		if stats == "after ANALYZE" {
			must(d.Writer.ExecContext(t.Context(), "ANALYZE"))(t)
		}
		for _, tc := range planCases() {
			t.Run(stats+"/"+tc.name, func(t *testing.T) {
				e := &explainer{db: d.Writer, tb: t}
				tc.run(t.Context(), db.New(e))
				plan := strings.Join(e.plan, "\n")
				if scans := fullScans(e.plan); len(scans) > 0 {
					t.Errorf("full scan %q in plan:\n%s", scans, plan)
				}
				for _, w := range tc.want {
					if !strings.Contains(plan, w) {
						t.Errorf("plan lacks %q:\n%s", w, plan)
					}
				}
				if tc.sorts == "" && strings.Contains(plan, "TEMP B-TREE") {
					t.Errorf("plan sorts:\n%s", plan)
				}
			})
		}
	}
}
