package httpapi

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/store"
)

// IngestNews implements ingestNews (admin). The batch is checked first
// (unknown symbols, text the store cannot hold) and rejected whole with 422;
// then it is stored in one transaction. An article whose URL is stored, or
// came earlier in the batch, is a duplicate: it is left as it is and
// reported with its id. Afterwards exactly the cached pages the new
// articles can appear on are dropped.
func (h *Handler) IngestNews(ctx context.Context, req *oas.NewsBatch) (*oas.NewsIngestResult, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	assetIDs, err := h.checkNewsBatch(ctx, req.Articles)
	if err != nil {
		return nil, err
	}
	res := &oas.NewsIngestResult{
		Received: int32(len(req.Articles)),
		Articles: make([]oas.NewsIngestResultArticlesItem, len(req.Articles)),
	}
	var created []int64
	touched := map[string]bool{}
	err = h.DB.InTx(ctx, func(q *db.Queries) error {
		created, res.Created = created[:0], 0
		clear(touched)
		seen := make(map[string]int64, len(req.Articles))
		for i, in := range req.Articles {
			id, isNew, err := storeArticle(ctx, q, in, seen)
			if err != nil {
				return fmt.Errorf("article %d: %w", i, err)
			}
			res.Articles[i] = oas.NewsIngestResultArticlesItem{ID: oas.ID(id), URL: in.URL, Created: isNew}
			if !isNew {
				continue
			}
			res.Created++
			created = append(created, id)
			for _, s := range in.Symbols {
				if err := q.LinkArticleAsset(ctx, db.LinkArticleAssetParams{ArticleID: id, AssetID: assetIDs[string(s)]}); err != nil {
					return fmt.Errorf("link article %d to %s: %w", id, s, err)
				}
				touched[string(s)] = true
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	res.Duplicates = res.Received - res.Created
	h.newsIngested(ctx, created, touched)
	return res, nil
}

// storeArticle inserts in unless its URL is stored or in seen (the URLs of
// the batch so far, with their ids), and returns its id and whether it is
// new.
func storeArticle(ctx context.Context, q *db.Queries, in oas.NewsInput, seen map[string]int64) (int64, bool, error) {
	if id, ok := seen[in.URL]; ok {
		return id, false, nil
	}
	row, err := q.InsertArticle(ctx, db.InsertArticleParams{
		Url: in.URL, Title: in.Title, Summary: in.Summary.Or(""), Source: string(in.Source), Author: in.Author.Or(""),
		PublishedAt: in.PublishedAt.UTC(), Sentiment: sql.NullFloat64{Float64: in.Sentiment.Value, Valid: in.Sentiment.Set},
	})
	if errors.Is(err, sql.ErrNoRows) {
		row, err = q.GetArticleByURL(ctx, in.URL)
		if err != nil {
			return 0, false, store.Translate(err, "article "+in.URL)
		}
		seen[in.URL] = row.ID
		return row.ID, false, nil
	}
	if err != nil {
		return 0, false, store.Translate(err, "article")
	}
	seen[in.URL] = row.ID
	return row.ID, true, nil
}

// checkNewsBatch finds what the schema cannot say about a batch: unknown
// symbols, control characters in text (FTS5 highlighting uses two of them as
// markers) and times outside years 1 to 9999 in UTC. It returns the ids of
// the symbols, or a 422 listing every problem.
func (h *Handler) checkNewsBatch(ctx context.Context, articles []oas.NewsInput) (map[string]int64, error) {
	var symbols []string
	for _, a := range articles {
		for _, s := range a.Symbols {
			symbols = append(symbols, string(s))
		}
	}
	slices.Sort(symbols)
	symbols = slices.Compact(symbols)
	ids := map[string]int64{}
	for chunk := range slices.Chunk(symbols, 1000) { // GetAssetIDsBySymbols takes at most 1000
		rows, err := h.DB.Read.GetAssetIDsBySymbols(ctx, chunk)
		if err != nil {
			return nil, fmt.Errorf("asset ids: %w", err)
		}
		for _, r := range rows {
			ids[r.Symbol] = r.ID
		}
	}
	var errs apperr.Batch
	for i, a := range articles {
		at := "body/articles/" + strconv.Itoa(i)
		for _, t := range [...]struct{ field, text string }{
			{"title", a.Title}, {"summary", a.Summary.Or("")}, {"source", string(a.Source)}, {"author", a.Author.Or("")},
		} {
			if strings.IndexFunc(t.text, isForbiddenControl) >= 0 {
				errs.Add(at+"/"+t.field, "must not contain control characters")
			}
		}
		if y := a.PublishedAt.UTC().Year(); y < 1 || y > 9999 {
			errs.Add(at+"/publishedAt", "must be between years 1 and 9999 in UTC")
		}
		for j, s := range a.Symbols {
			if _, ok := ids[string(s)]; !ok {
				errs.Add(at+"/symbols/"+strconv.Itoa(j), "unknown symbol %s", s)
			}
		}
	}
	return ids, errs.Err("articles")
}

// isForbiddenControl reports control characters other than tab and line
// breaks.
func isForbiddenControl(r rune) bool {
	return unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r'
}

// newsIngested drops what an ingestion changed: the tombstones of the new
// ids, the pages without a symbol filter and the pages filtered by a symbol
// of a new article. Nothing when every article was a duplicate.
func (h *Handler) newsIngested(ctx context.Context, created []int64, symbols map[string]bool) {
	if len(created) == 0 {
		return
	}
	ctx = context.WithoutCancel(ctx)
	keys := make([]string, len(created))
	for i, id := range created {
		keys[i] = strconv.FormatInt(id, 10)
	}
	h.news.articles.Invalidate(ctx, keys...)
	h.Cache.InvalidateTag(ctx, newsAllTag)
	for _, s := range sortedKeys(symbols) {
		h.Cache.InvalidateTag(ctx, newsSymbolTag(s))
	}
}
