package news

import (
	"context"
	"html"
	"strings"
)

// searchPage is one page of a full-text search, best match first. The first
// page takes the snapshot (the newest article id) that its cursors carry.
//
// Two reads do the work: Storage.Rank sorts the ids and scores of the
// RankWindow newest matches (cheap: no text), then Storage.Matches
// highlights the page's rows only.
func (s *Service) searchPage(ctx context.Context, q query, assetIDs []int64, pos position) (*Page, error) {
	maxID, offset := pos.id, pos.offset
	if !pos.set {
		var err error
		if maxID, err = s.storage.NewestID(ctx); err != nil {
			return nil, err
		}
	}
	rows := min(q.limit, MaxSearchDepth-offset)
	r := RankQuery{
		Match: q.fts, MaxID: maxID, Source: q.source, AssetIDs: assetIDs,
		Window: RankWindow, Offset: offset, Rows: rows + 1,
	}
	r.Since, r.Until = q.bounds()
	ranked, err := s.storage.Rank(ctx, r)
	if err != nil {
		return nil, err
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

// searchItems loads, highlights and converts the ranked rows, in their
// order. A row deleted meanwhile is left out.
func (s *Service) searchItems(ctx context.Context, fts string, ranked []Ranked) ([]Article, error) {
	items := make([]Article, 0, len(ranked))
	if len(ranked) == 0 {
		return items, nil
	}
	ids := make([]int64, len(ranked))
	for i, r := range ranked {
		ids[i] = r.ID
	}
	matches, err := s.storage.Matches(ctx, fts, ids)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*Matched, len(matches))
	for i := range matches {
		byID[matches[i].Article.ID] = &matches[i]
	}
	for _, r := range ranked {
		m, ok := byID[r.ID]
		if !ok {
			continue
		}
		a := m.Article
		a.Match = &Match{Title: markMatches(m.Title), Snippet: markMatches(m.Snippet), Score: r.Score}
		items = append(items, a)
	}
	return s.withSymbols(ctx, items)
}

// matchMarks turns the storage's match marks (markStart and markEnd, which
// stored text never holds: ingestion refuses control characters) into
// <mark> tags once the text is HTML-escaped.
var matchMarks = strings.NewReplacer(markStart, "<mark>", markEnd, "</mark>")

// markMatches is a highlighted title or snippet as HTML-escaped text with
// each match in <mark>.
func markMatches(s string) string {
	return matchMarks.Replace(html.EscapeString(s))
}
