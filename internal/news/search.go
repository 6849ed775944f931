package news

import (
	"context"
	"database/sql"
	"fmt"
	"html"
	"strings"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/internal/store"
)

// searchPage is one page of a full-text search, best match first. The first
// page takes the snapshot (the newest article id) that its cursors carry.
//
// Two queries do the work: RankNews (or RankNewsFiltered) sorts the ids and
// scores of the RankWindow newest matches (cheap: no text), then
// NewsMatches highlights the page's rows only.
func (s *Service) searchPage(ctx context.Context, q query, assetIDs sql.NullString, pos position) (*Page, error) {
	maxID, offset := pos.id, pos.offset
	if !pos.set {
		var err error
		if maxID, err = s.db.Read.MaxArticleID(ctx); err != nil {
			return nil, fmt.Errorf("search snapshot: %w", err)
		}
	}
	rows := min(q.limit, MaxSearchDepth-offset)
	ranked, err := s.rank(ctx, q, assetIDs, maxID, offset, rows+1)
	if err != nil {
		return nil, store.Translate(err, "search")
	}
	page := &Page{}
	if len(ranked) > rows && offset+rows < MaxSearchDepth {
		page.NextCursor = encodeCursor(q, position{offset: offset + rows, id: maxID})
	}
	ranked = ranked[:min(len(ranked), rows)]
	if page.Items, err = s.searchItems(ctx, q.fts, ranked); err != nil {
		return nil, err
	}
	return page, nil
}

// rank ranks one page of matches: from the full-text index alone unless a
// filter needs the articles' columns (joining them costs as much as
// ranking).
func (s *Service) rank(ctx context.Context, q query, assetIDs sql.NullString, maxID int64, offset, rows int) ([]db.RankNewsRow, error) {
	if !q.hasSource && q.since.IsZero() && q.until.IsZero() {
		return s.db.Read.RankNews(ctx, db.RankNewsParams{
			Query: q.fts, MaxID: maxID, AssetIds: assetIDs, RankWindow: RankWindow, Skip: int64(offset), MaxRows: int64(rows),
		})
	}
	ranked, err := s.db.Read.RankNewsFiltered(ctx, db.RankNewsFilteredParams{
		Query: q.fts, MaxID: maxID, Source: sql.NullString{String: q.source, Valid: q.hasSource},
		Since: bound(q.since), Until: bound(q.until), AssetIds: assetIDs, RankWindow: RankWindow,
		Skip: int64(offset), MaxRows: int64(rows),
	})
	out := make([]db.RankNewsRow, len(ranked))
	for i, r := range ranked {
		out[i] = db.RankNewsRow(r)
	}
	return out, err
}

// searchItems loads, highlights and converts the ranked rows, in their
// order. A row deleted meanwhile is left out.
func (s *Service) searchItems(ctx context.Context, fts string, ranked []db.RankNewsRow) ([]Article, error) {
	items := make([]Article, 0, len(ranked))
	if len(ranked) == 0 {
		return items, nil
	}
	ids := make([]int64, len(ranked))
	lo, hi := ranked[0].ID, ranked[0].ID
	for i, r := range ranked {
		ids[i] = r.ID
		lo, hi = min(lo, r.ID), max(hi, r.ID)
	}
	matches, err := s.db.Read.NewsMatches(ctx, db.NewsMatchesParams{Query: fts, MinID: lo, MaxID: hi, Ids: jsonIDs(ids)})
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
		a := articleOf(db.NewsArticle{
			ID: m.ID, Url: m.Url, Title: m.Title, Summary: m.Summary, Source: m.Source, Author: m.Author,
			PublishedAt: m.PublishedAt, Sentiment: m.Sentiment, CreatedAt: m.CreatedAt,
		})
		a.Match = &Match{Title: markMatches(m.TitleHighlight), Snippet: markMatches(m.SummarySnippet), Score: -r.Score}
		items = append(items, a)
	}
	return s.withSymbols(ctx, items)
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
