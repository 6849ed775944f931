package news

import (
	"cmp"
	"context"
	"slices"
)

// pageQuery is the page of q after p.
func (p position) pageQuery(q query) PageQuery {
	pq := PageQuery{Rows: q.limit + 1}
	pq.Since, pq.Until = q.bounds()
	if p.set {
		pq.After = &Keyset{Published: p.published, ID: p.id}
	}
	return pq
}

// assetsPage is one keyset page of the articles about any of the assets
// ids (a symbol filter without a source), newest first. Each asset's page
// is read from its links alone (Storage.AssetNewsPage), so the cost is a
// page per asset whatever the number of their articles; the pages are
// merged in (published_at, id) order, each article once.
func (s *Service) assetsPage(ctx context.Context, q query, ids []int64, pos position) (*Page, error) {
	p := pos.pageQuery(q)
	var rows []Article
	for _, id := range ids {
		part, err := s.storage.AssetNewsPage(ctx, id, p)
		if err != nil {
			return nil, err
		}
		rows = append(rows, part...)
	}
	if len(ids) > 1 {
		rows = newestFirst(rows)
	}
	return s.pageOf(ctx, q, rows[:min(len(rows), q.limit+1)])
}

// newestFirst sorts rows by published time then id, both descending, and
// drops repeats of an article (linked to several of the assets).
func newestFirst(rows []Article) []Article {
	slices.SortFunc(rows, func(a, b Article) int {
		if c := b.PublishedAt.Compare(a.PublishedAt); c != 0 {
			return c
		}
		return cmp.Compare(b.ID, a.ID)
	})
	return slices.CompactFunc(rows, func(a, b Article) bool { return a.ID == b.ID })
}
