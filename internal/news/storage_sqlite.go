package news

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/internal/store"
)

// SQLite is news's storage on SQLite: reads on the read pool, writes on the
// single writer, full-text search on the FTS5 table news_fts (bm25, and its
// highlight() and snippet() writing the marks).
func SQLite(d *store.DB) Storage { return sqliteStorage{d} }

type sqliteStorage struct{ d *store.DB }

func (s sqliteStorage) Article(ctx context.Context, id int64) (Article, error) {
	row, err := s.d.Read.GetArticle(ctx, id)
	if err != nil {
		return Article{}, store.Translate(err, "article "+strconv.FormatInt(id, 10))
	}
	return sqliteArticle(row), nil
}

func (s sqliteStorage) SymbolsOf(ctx context.Context, ids []int64) (map[int64][]string, error) {
	rows, err := s.d.Read.ListSymbolsOfArticles(ctx, jsonIDs(ids))
	if err != nil {
		return nil, fmt.Errorf("symbols of articles: %w", err)
	}
	out := make(map[int64][]string, len(ids))
	for _, r := range rows {
		out[r.ArticleID] = append(out[r.ArticleID], r.Symbol)
	}
	return out, nil
}

func (s sqliteStorage) AssetIDs(ctx context.Context, symbols []string) (map[string]int64, error) {
	ids := make(map[string]int64, len(symbols))
	for chunk := range slices.Chunk(symbols, 1000) { // GetAssetIDsBySymbols takes at most 1000
		rows, err := s.d.Read.GetAssetIDsBySymbols(ctx, chunk)
		if err != nil {
			return nil, fmt.Errorf("asset ids: %w", err)
		}
		for _, r := range rows {
			ids[r.Symbol] = r.ID
		}
	}
	return ids, nil
}

func (s sqliteStorage) NewsPage(ctx context.Context, p PageQuery) ([]Article, error) {
	before, beforeID := sqliteKeyset(p.After)
	rows, err := s.d.Read.ListNewsPage(ctx, db.ListNewsPageParams{
		BeforePublishedAt: before, BeforeID: beforeID,
		Since: sqliteTime(p.Since), Until: sqliteTime(p.Until), MaxRows: int64(p.Rows),
	})
	return sqliteArticles(rows, err)
}

func (s sqliteStorage) SourceNewsPage(ctx context.Context, source string, assetIDs []int64, p PageQuery) ([]Article, error) {
	before, beforeID := sqliteKeyset(p.After)
	rows, err := s.d.Read.ListNewsPageBySource(ctx, db.ListNewsPageBySourceParams{
		Source: source, BeforePublishedAt: before, BeforeID: beforeID,
		Since: sqliteTime(p.Since), Until: sqliteTime(p.Until), AssetIds: jsonIDList(assetIDs), MaxRows: int64(p.Rows),
	})
	return sqliteArticles(rows, err)
}

func (s sqliteStorage) AssetNewsPage(ctx context.Context, assetID int64, p PageQuery) ([]Article, error) {
	before, beforeID := sqliteKeyset(p.After)
	rows, err := s.d.Read.ListNewsPageByAsset(ctx, db.ListNewsPageByAssetParams{
		AssetID: assetID, BeforePublishedAt: before, BeforeID: beforeID,
		Since: sqliteTime(p.Since), Until: sqliteTime(p.Until), MaxRows: int64(p.Rows),
	})
	return sqliteArticles(rows, err)
}

func (s sqliteStorage) NewestID(ctx context.Context) (int64, error) {
	id, err := s.d.Read.MaxArticleID(ctx)
	if err != nil {
		return 0, fmt.Errorf("search snapshot: %w", err)
	}
	return id, nil
}

// Rank reads the full-text index alone unless a filter needs the articles'
// columns: joining them for every match walked costs as much as ranking.
func (s sqliteStorage) Rank(ctx context.Context, r RankQuery) ([]Ranked, error) {
	var (
		rows []db.RankNewsRow
		err  error
	)
	if r.Source == "" && r.Since.IsZero() && r.Until.IsZero() {
		rows, err = s.d.Read.RankNews(ctx, db.RankNewsParams{
			Query: r.Match, MaxID: r.MaxID, AssetIds: jsonIDList(r.AssetIDs), RankWindow: int64(r.Window),
			Skip: int64(r.Offset), MaxRows: int64(r.Rows),
		})
	} else {
		var filtered []db.RankNewsFilteredRow
		filtered, err = s.d.Read.RankNewsFiltered(ctx, db.RankNewsFilteredParams{
			Query: r.Match, MaxID: r.MaxID, Source: sql.NullString{String: r.Source, Valid: r.Source != ""},
			Since: sqliteTime(r.Since), Until: sqliteTime(r.Until), AssetIds: jsonIDList(r.AssetIDs),
			RankWindow: int64(r.Window), Skip: int64(r.Offset), MaxRows: int64(r.Rows),
		})
		for _, f := range filtered {
			rows = append(rows, db.RankNewsRow(f))
		}
	}
	if err != nil {
		return nil, store.Translate(err, "search")
	}
	out := make([]Ranked, len(rows))
	for i, row := range rows {
		out[i] = Ranked{ID: row.ID, Score: -row.Score} // bm25: lower is better
	}
	return out, nil
}

func (s sqliteStorage) Matches(ctx context.Context, match string, ids []int64) ([]Matched, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	lo, hi := idRange(ids)
	rows, err := s.d.Read.NewsMatches(ctx, db.NewsMatchesParams{Query: match, MinID: lo, MaxID: hi, Ids: jsonIDs(ids)})
	if err != nil {
		return nil, store.Translate(err, "search")
	}
	out := make([]Matched, len(rows))
	for i, m := range rows {
		out[i] = Matched{
			Article: sqliteArticle(db.NewsArticle{
				ID: m.ID, Url: m.Url, Title: m.Title, Summary: m.Summary, Source: m.Source, Author: m.Author,
				PublishedAt: m.PublishedAt, Sentiment: m.Sentiment, CreatedAt: m.CreatedAt,
			}),
			Title: m.TitleHighlight, Snippet: m.SummarySnippet,
		}
	}
	return out, nil
}

func (s sqliteStorage) InTx(ctx context.Context, fn func(tx Tx) error) error {
	return s.d.InTx(ctx, func(q *db.Queries) error { return fn(sqliteTx{q}) })
}

type sqliteTx struct{ q *db.Queries }

func (t sqliteTx) AddArticle(ctx context.Context, in ArticleInput) (int64, bool, error) {
	row, err := t.q.InsertArticle(ctx, db.InsertArticleParams{
		Url: in.URL, Title: in.Title, Summary: in.Summary, Source: in.Source, Author: in.Author,
		PublishedAt: in.PublishedAt.UTC(), Sentiment: nullFloat(in.Sentiment),
	})
	if errors.Is(err, sql.ErrNoRows) { // the URL is stored
		row, err = t.q.GetArticleByURL(ctx, in.URL)
		if err != nil {
			return 0, false, store.Translate(err, "article "+in.URL)
		}
		return row.ID, false, nil
	}
	if err != nil {
		return 0, false, store.Translate(err, "article")
	}
	return row.ID, true, nil
}

func (t sqliteTx) Link(ctx context.Context, articleID, assetID int64) error {
	return t.q.LinkArticleAsset(ctx, db.LinkArticleAssetParams{ArticleID: articleID, AssetID: assetID})
}

func sqliteArticles(rows []db.NewsArticle, err error) ([]Article, error) {
	if err != nil {
		return nil, fmt.Errorf("list news: %w", err)
	}
	out := make([]Article, len(rows))
	for i, r := range rows {
		out[i] = sqliteArticle(r)
	}
	return out, nil
}

func sqliteArticle(r db.NewsArticle) Article {
	return Article{
		ID: r.ID, URL: r.Url, Title: r.Title, Summary: r.Summary, Source: r.Source, Author: r.Author,
		PublishedAt: r.PublishedAt.UTC(), Sentiment: floatOf(r.Sentiment), CreatedAt: r.CreatedAt.UTC(),
	}
}

// sqliteKeyset is the position of a list page as query parameters: NULL
// and the largest id before the first page.
func sqliteKeyset(k *Keyset) (before any, beforeID int64) {
	if k == nil {
		return nil, math.MaxInt64
	}
	return k.Published, k.ID
}

// sqliteTime is t as a bound: NULL (no bound) when t is zero; the queries
// normalise it with strftime.
func sqliteTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// jsonIDs is ids as a JSON array, for the queries that take a list through
// json_each.
func jsonIDs(ids []int64) string {
	b := make([]byte, 0, 2+len(ids)*8)
	b = append(b, '[')
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, id, 10)
	}
	return string(append(b, ']'))
}

// jsonIDList is jsonIDs, or NULL (no filter) for nil.
func jsonIDList(ids []int64) sql.NullString {
	if ids == nil {
		return sql.NullString{}
	}
	return sql.NullString{String: jsonIDs(ids), Valid: true}
}

// nullFloat and floatOf convert a nullable column; gen/pgdb uses
// database/sql's Null types too, so storage_postgres.go shares them.
func nullFloat(v *float64) sql.NullFloat64 {
	if v == nil {
		return sql.NullFloat64{}
	}
	return sql.NullFloat64{Float64: *v, Valid: true}
}

func floatOf(v sql.NullFloat64) *float64 {
	if !v.Valid {
		return nil
	}
	f := v.Float64
	return &f
}
