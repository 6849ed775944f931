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

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/marketpulse/api/gen/pgdb"
	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/pgstore"
)

// Postgres is news's storage on PostgreSQL: reads on the pool, writes in
// pgstore's SERIALIZABLE transactions, full-text search on the stored
// search_vector through news_tsquery, ts_rank_cd and ts_headline (see
// docs/postgres.md). A search's time budget is its context's deadline,
// which pgstore turns into a cancel request on the server.
func Postgres(d *pgstore.DB) Storage { return pgStorage{d: d, q: pgdb.New(d.Pool)} }

type pgStorage struct {
	d *pgstore.DB
	q *pgdb.Queries
}

// pgMalformedQuery is the message news_tsquery raises (SQLSTATE 42601)
// for a match expression that FTSQuery cannot have built.
const pgMalformedQuery = "malformed search query"

func (s pgStorage) Article(ctx context.Context, id int64) (Article, error) {
	row, err := s.q.GetArticle(ctx, id)
	if err != nil {
		return Article{}, pgstore.Translate(pgContext(ctx, err), "article "+strconv.FormatInt(id, 10))
	}
	return pgArticle(row), nil
}

func (s pgStorage) SymbolsOf(ctx context.Context, ids []int64) (map[int64][]string, error) {
	rows, err := s.q.ListSymbolsOfArticles(ctx, ids)
	if err != nil {
		return nil, pgRead(ctx, "symbols of articles", err)
	}
	out := make(map[int64][]string, len(ids))
	for _, r := range rows {
		out[r.ArticleID] = append(out[r.ArticleID], r.Symbol)
	}
	return out, nil
}

func (s pgStorage) AssetIDs(ctx context.Context, symbols []string) (map[string]int64, error) {
	ids := make(map[string]int64, len(symbols))
	for chunk := range slices.Chunk(symbols, 1000) { // GetAssetIDsBySymbols takes at most 1000
		rows, err := s.q.GetAssetIDsBySymbols(ctx, chunk)
		if err != nil {
			return nil, pgRead(ctx, "asset ids", err)
		}
		for _, r := range rows {
			ids[r.Symbol] = r.ID
		}
	}
	return ids, nil
}

func (s pgStorage) NewsPage(ctx context.Context, p PageQuery) ([]Article, error) {
	before, beforeID := pgKeyset(p.After)
	rows, err := s.q.ListNewsPage(ctx, pgdb.ListNewsPageParams{
		BeforePublishedAt: before, BeforeID: beforeID,
		Since: pgTime(p.Since), Until: pgTime(p.Until), MaxRows: int64(p.Rows),
	})
	return pgArticles(ctx, rows, err, func(r pgdb.ListNewsPageRow) pgdb.GetArticleRow { return pgdb.GetArticleRow(r) })
}

func (s pgStorage) SourceNewsPage(ctx context.Context, source string, assetIDs []int64, p PageQuery) ([]Article, error) {
	before, beforeID := pgKeyset(p.After)
	rows, err := s.q.ListNewsPageBySource(ctx, pgdb.ListNewsPageBySourceParams{
		Source: source, BeforePublishedAt: before, BeforeID: beforeID,
		Since: pgTime(p.Since), Until: pgTime(p.Until), AssetIds: assetIDs, MaxRows: int64(p.Rows),
	})
	return pgArticles(ctx, rows, err, func(r pgdb.ListNewsPageBySourceRow) pgdb.GetArticleRow { return pgdb.GetArticleRow(r) })
}

func (s pgStorage) AssetNewsPage(ctx context.Context, assetID int64, p PageQuery) ([]Article, error) {
	before, beforeID := pgKeyset(p.After)
	rows, err := s.q.ListNewsPageByAsset(ctx, pgdb.ListNewsPageByAssetParams{
		AssetID: assetID, BeforePublishedAt: before, BeforeID: beforeID,
		Since: pgTime(p.Since), Until: pgTime(p.Until), MaxRows: int64(p.Rows),
	})
	return pgArticles(ctx, rows, err, func(r pgdb.ListNewsPageByAssetRow) pgdb.GetArticleRow { return pgdb.GetArticleRow(r) })
}

func (s pgStorage) NewestID(ctx context.Context) (int64, error) {
	id, err := s.q.MaxArticleID(ctx)
	if err != nil {
		return 0, pgRead(ctx, "search snapshot", err)
	}
	return id, nil
}

// Rank takes RankNews without filters on the articles' columns, as on
// SQLite; both join the articles for the window here, the GIN index
// finding the matches.
func (s pgStorage) Rank(ctx context.Context, r RankQuery) ([]Ranked, error) {
	var (
		rows []pgdb.RankNewsRow
		err  error
	)
	if r.Source == "" && r.Since.IsZero() && r.Until.IsZero() {
		rows, err = s.q.RankNews(ctx, pgdb.RankNewsParams{
			Query: r.Match, MaxID: r.MaxID, AssetIds: r.AssetIDs, RankWindow: int64(r.Window),
			Skip: int64(r.Offset), MaxRows: int64(r.Rows),
		})
	} else {
		var filtered []pgdb.RankNewsFilteredRow
		filtered, err = s.q.RankNewsFiltered(ctx, pgdb.RankNewsFilteredParams{
			Query: r.Match, MaxID: r.MaxID, Source: sql.NullString{String: r.Source, Valid: r.Source != ""},
			Since: pgTime(r.Since), Until: pgTime(r.Until), AssetIds: r.AssetIDs,
			RankWindow: int64(r.Window), Skip: int64(r.Offset), MaxRows: int64(r.Rows),
		})
		for _, f := range filtered {
			rows = append(rows, pgdb.RankNewsRow(f))
		}
	}
	if err != nil {
		return nil, pgSearchError(ctx, err)
	}
	out := make([]Ranked, len(rows))
	for i, row := range rows {
		out[i] = Ranked{ID: row.ID, Score: -row.Score} // the negated ts_rank_cd: lower is better
	}
	return out, nil
}

func (s pgStorage) Matches(ctx context.Context, match string, ids []int64) ([]Matched, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	lo, hi := idRange(ids)
	rows, err := s.q.NewsMatches(ctx, pgdb.NewsMatchesParams{Query: match, MinID: lo, MaxID: hi, Ids: ids})
	if err != nil {
		return nil, pgSearchError(ctx, err)
	}
	out := make([]Matched, len(rows))
	for i, m := range rows {
		out[i] = Matched{
			Article: pgArticle(pgdb.GetArticleRow{
				ID: m.ID, Url: m.Url, Title: m.Title, Summary: m.Summary, Source: m.Source, Author: m.Author,
				PublishedAt: m.PublishedAt, Sentiment: m.Sentiment, CreatedAt: m.CreatedAt,
			}),
			Title: m.TitleHighlight, Snippet: m.SummarySnippet,
		}
	}
	return out, nil
}

func (s pgStorage) InTx(ctx context.Context, fn func(tx Tx) error) error {
	return s.d.InTx(ctx, func(tx pgx.Tx) error { return fn(pgTx{pgdb.New(tx)}) })
}

type pgTx struct{ q *pgdb.Queries }

// AddArticle relies on the SERIALIZABLE transaction for a URL that a
// concurrent ingestion stores first: the insert then fails to serialize and
// pgstore runs the whole batch again, finding the URL stored.
func (t pgTx) AddArticle(ctx context.Context, in ArticleInput) (int64, bool, error) {
	row, err := t.q.InsertArticle(ctx, pgdb.InsertArticleParams{
		Url: in.URL, Title: in.Title, Summary: in.Summary, Source: in.Source, Author: in.Author,
		PublishedAt: in.PublishedAt.UTC(), Sentiment: nullFloat(in.Sentiment),
	})
	if errors.Is(err, pgx.ErrNoRows) { // the URL is stored
		stored, err := t.q.GetArticleByURL(ctx, in.URL)
		if err != nil {
			return 0, false, pgstore.Translate(err, "article "+in.URL)
		}
		return stored.ID, false, nil
	}
	if err != nil {
		return 0, false, pgstore.Translate(err, "article")
	}
	return row.ID, true, nil
}

func (t pgTx) Link(ctx context.Context, articleID, assetID int64) error {
	return t.q.LinkArticleAsset(ctx, pgdb.LinkArticleAssetParams{ArticleID: articleID, AssetID: assetID})
}

// pgArticles converts the rows of a list, whose row types all have
// GetArticleRow's fields.
func pgArticles[R any](ctx context.Context, rows []R, err error, conv func(R) pgdb.GetArticleRow) ([]Article, error) {
	if err != nil {
		return nil, pgRead(ctx, "list news", err)
	}
	out := make([]Article, len(rows))
	for i, r := range rows {
		out[i] = pgArticle(conv(r))
	}
	return out, nil
}

func pgArticle(r pgdb.GetArticleRow) Article {
	return Article{
		ID: r.ID, URL: r.Url, Title: r.Title, Summary: r.Summary, Source: r.Source, Author: r.Author,
		PublishedAt: r.PublishedAt.UTC(), Sentiment: floatOf(r.Sentiment), CreatedAt: r.CreatedAt.UTC(),
	}
}

// pgKeyset is the position of a list page as query parameters: NULL and
// the largest id before the first page.
func pgKeyset(k *Keyset) (before sql.NullTime, beforeID int64) {
	if k == nil {
		return sql.NullTime{}, math.MaxInt64
	}
	return sql.NullTime{Time: k.Published, Valid: true}, k.ID
}

// pgTime is t as a bound: NULL (no bound) when t is zero.
func pgTime(t time.Time) sql.NullTime {
	return sql.NullTime{Time: t, Valid: !t.IsZero()}
}

// pgRead wraps the error of a read with what was read. A server that cannot
// be reached or is shutting down answers 503 (pgstore.Transient), where
// SQLite's reads of a local file have no such condition.
func pgRead(ctx context.Context, what string, err error) error {
	return pgstore.Transient(fmt.Errorf("%s: %w", what, pgContext(ctx, err)))
}

// pgSearchError translates the error of a search statement as
// store.Translate does FTS5's: a match expression news_tsquery refuses is
// 400 invalid_query. Only news_tsquery's own refusal counts, not any
// syntax error (which would be a broken statement: 500).
func pgSearchError(ctx context.Context, err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == pgerrSyntax && pe.Message == pgMalformedQuery {
		return &apperr.Error{Kind: apperr.Invalid, Code: "invalid_query", Message: "search: the search query is not valid", Err: err}
	}
	return pgstore.Translate(pgContext(ctx, err), "search")
}

// pgerrSyntax is SQLSTATE syntax_error.
const pgerrSyntax = "42601"

// pgContext makes err, which the end of ctx may have caused, say so: a
// statement that pgstore's cancel request cut short fails with a plain
// 57014, in which errors.Is would not find context.Canceled (the client
// went away: no 503) or DeadlineExceeded.
func pgContext(ctx context.Context, err error) error {
	if ctx.Err() == nil || errors.Is(err, ctx.Err()) {
		return err
	}
	return fmt.Errorf("%w: %w", err, ctx.Err())
}
