package httpapi

import (
	"context"
	"database/sql"
	"fmt"
	"html"
	"strings"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/store"
)

// searchPage is one page of a full-text search, best match first. The first
// page takes the snapshot (the newest article id) that its cursors carry, so
// articles stored later never enter, shift or repeat the later pages.
//
// Two queries do the work: RankNews (or RankNewsFiltered) sorts the ids and scores of every match
// (cheap: no text), then NewsMatches highlights the page's rows only.
func (h *Handler) searchPage(ctx context.Context, f newsFilter, assetIDs sql.NullString, cur newsCursor, limit int) (*oas.NewsPage, error) {
	maxID, offset := cur.id, cur.offset
	if !cur.set {
		var err error
		if maxID, err = h.DB.Read.MaxArticleID(ctx); err != nil {
			return nil, fmt.Errorf("search snapshot: %w", err)
		}
	}
	rows := min(limit, maxSearchDepth-offset)
	ranked, err := h.rankNews(ctx, f, assetIDs, maxID, offset, rows+1)
	if err != nil {
		return nil, store.Translate(err, "search")
	}
	page := &oas.NewsPage{}
	page.NextCursor.SetToNull()
	if len(ranked) > rows && offset+rows < maxSearchDepth {
		page.NextCursor = oas.NewNilString(encodeNewsCursor(f, newsCursor{offset: offset + rows, id: maxID}))
	}
	ranked = ranked[:min(len(ranked), rows)]
	if page.Items, err = h.searchItems(ctx, f.query, ranked); err != nil {
		return nil, err
	}
	return page, nil
}

// rankNews ranks one page of matches: from the full-text index alone unless
// a filter needs the articles' columns (joining them costs as much as
// ranking).
func (h *Handler) rankNews(ctx context.Context, f newsFilter, assetIDs sql.NullString, maxID int64, offset, rows int) ([]db.RankNewsRow, error) {
	if !f.hasSource && f.since.IsZero() && f.until.IsZero() {
		return h.DB.Read.RankNews(ctx, db.RankNewsParams{
			Query: f.query, MaxID: maxID, AssetIds: assetIDs, Skip: int64(offset), MaxRows: int64(rows),
		})
	}
	ranked, err := h.DB.Read.RankNewsFiltered(ctx, db.RankNewsFilteredParams{
		Query: f.query, MaxID: maxID, Source: sql.NullString{String: f.source, Valid: f.hasSource},
		Since: bound(f.since), Until: bound(f.until), AssetIds: assetIDs, Skip: int64(offset), MaxRows: int64(rows),
	})
	out := make([]db.RankNewsRow, len(ranked))
	for i, r := range ranked {
		out[i] = db.RankNewsRow(r)
	}
	return out, err
}

// searchItems loads, highlights and converts the ranked rows, in their
// order. A row deleted meanwhile is left out.
func (h *Handler) searchItems(ctx context.Context, query string, ranked []db.RankNewsRow) ([]oas.NewsArticle, error) {
	items := make([]oas.NewsArticle, 0, len(ranked))
	if len(ranked) == 0 {
		return items, nil
	}
	ids := make([]int64, len(ranked))
	for i, r := range ranked {
		ids[i] = r.ID
	}
	matches, err := h.DB.Read.NewsMatches(ctx, db.NewsMatchesParams{Query: query, Ids: jsonIDs(ids)})
	if err != nil {
		return nil, store.Translate(err, "search")
	}
	byID := make(map[int64]*db.NewsMatchesRow, len(matches))
	for i := range matches {
		byID[matches[i].ID] = &matches[i]
	}
	for _, r := range ranked {
		m, ok := byID[r.ID]
		if !ok {
			continue
		}
		a := toNewsArticle(db.NewsArticle{
			ID: m.ID, Url: m.Url, Title: m.Title, Summary: m.Summary, Source: m.Source, Author: m.Author,
			PublishedAt: m.PublishedAt, Sentiment: m.Sentiment, CreatedAt: m.CreatedAt,
		})
		a.Match = oas.NewOptNewsMatch(oas.NewsMatch{
			Title: markMatches(m.TitleHighlight), Snippet: markMatches(m.SummarySnippet), Score: -r.Score,
		})
		items = append(items, a)
	}
	return h.withSymbols(ctx, items)
}

// matchMarks turns FTS5's match markers (char(2) and char(3), which stored
// text never holds: ingestion refuses control characters) into <mark> tags
// once the text is HTML-escaped.
var matchMarks = strings.NewReplacer("\x02", "<mark>", "\x03", "</mark>")

// markMatches is FTS5 highlight or snippet output as HTML-escaped text with
// each match in <mark>.
func markMatches(s string) string {
	return matchMarks.Replace(html.EscapeString(s))
}
