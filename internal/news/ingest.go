package news

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/display"
)

// ArticleInput is an article to ingest. URL is its identity.
type ArticleInput struct {
	URL, Title, Summary, Source, Author string
	PublishedAt                         time.Time
	Sentiment                           *float64 // nil: not scored
	Symbols                             []string // the assets it is about; each must exist
}

// IngestResult says what became of each article of a batch.
type IngestResult struct {
	Articles []Ingested // in batch order
	Created  int
}

// Duplicates is the number of articles of the batch that were already
// stored (or came earlier in the batch).
func (r IngestResult) Duplicates() int { return len(r.Articles) - r.Created }

// Ingested is one article of a batch: its id, and whether this batch
// created it.
type Ingested struct {
	ID      int64
	URL     string
	Created bool
}

// Ingest stores a batch in one transaction. The batch is checked first
// (unknown symbols, text the store cannot hold, times outside years 1 to
// 9999 in UTC) and rejected whole with an Unprocessable error listing
// every problem at "articles/i/field". An article whose URL is stored, or
// came earlier in the batch, is a duplicate: it is left as it is and
// reported with its id. New articles are linked to their assets. After the
// commit exactly the cached entries the new articles can appear in are
// dropped, and Deps.Changed is told.
func (s *Service) Ingest(ctx context.Context, articles []ArticleInput) (IngestResult, error) {
	assetIDs, err := s.checkBatch(ctx, articles)
	if err != nil {
		return IngestResult{}, err
	}
	var res IngestResult
	err = s.storage.InTx(ctx, func(tx Tx) error {
		res, err = ingestTx(ctx, tx, articles, assetIDs)
		return err
	})
	if err != nil {
		return IngestResult{}, err
	}
	s.ingested(ctx, articles, res)
	return res, nil
}

// ingestTx stores the checked articles in the caller's transaction.
// assetIDs holds the id of every symbol of the batch. It keeps no state
// across calls: the transaction may run again.
func ingestTx(ctx context.Context, tx Tx, articles []ArticleInput, assetIDs map[string]int64) (IngestResult, error) {
	res := IngestResult{Articles: make([]Ingested, len(articles))}
	seen := make(map[string]int64, len(articles)) // the URLs of the batch so far, with their ids
	for i, in := range articles {
		id, dup := seen[in.URL]
		isNew := false
		if !dup {
			var err error
			in.PublishedAt = atMillis(in.PublishedAt)
			if id, isNew, err = tx.AddArticle(ctx, in); err != nil {
				return IngestResult{}, fmt.Errorf("article %d: %w", i, err)
			}
			seen[in.URL] = id
		}
		res.Articles[i] = Ingested{ID: id, URL: in.URL, Created: isNew}
		if !isNew {
			continue
		}
		res.Created++
		for _, sym := range in.Symbols {
			if err := tx.Link(ctx, id, assetIDs[sym]); err != nil {
				return IngestResult{}, fmt.Errorf("link article %d to %s: %w", id, sym, err)
			}
		}
	}
	return res, nil
}

// checkBatch finds what the schema cannot say about a batch: unknown
// symbols, control characters in text (highlighting uses two of them as
// marks) and times outside years 1 to 9999 in UTC. It returns the ids of
// the symbols, or an Unprocessable error listing every problem.
func (s *Service) checkBatch(ctx context.Context, articles []ArticleInput) (map[string]int64, error) {
	ids, err := s.symbolIDs(ctx, articles)
	if err != nil {
		return nil, err
	}
	var errs apperr.Batch
	for i, a := range articles {
		at := "articles/" + strconv.Itoa(i)
		for _, t := range [...]struct{ field, text string }{
			{"title", a.Title}, {"summary", a.Summary}, {"source", a.Source}, {"author", a.Author},
		} {
			if !display.Check(t.text) {
				errs.Add(at+"/"+t.field, display.Message)
			}
		}
		if y := atMillis(a.PublishedAt).Year(); y < 1 || y > 9999 {
			errs.Add(at+"/publishedAt", "must be between years 1 and 9999 in UTC")
		}
		for j, sym := range a.Symbols {
			if _, ok := ids[sym]; !ok {
				errs.Add(at+"/symbols/"+strconv.Itoa(j), "unknown symbol %s", sym)
			}
		}
	}
	return ids, errs.Err("articles")
}

// symbolIDs returns the asset ids of the symbols of articles that exist.
func (s *Service) symbolIDs(ctx context.Context, articles []ArticleInput) (map[string]int64, error) {
	var symbols []string
	for _, a := range articles {
		symbols = append(symbols, a.Symbols...)
	}
	slices.Sort(symbols)
	return s.storage.AssetIDs(ctx, slices.Compact(symbols))
}

// ingested drops what an ingestion changed, then reports it: the
// tombstones of the new ids, the pages without a symbol filter and the
// pages filtered by a symbol of a new article. Nothing when every article
// was a duplicate.
func (s *Service) ingested(ctx context.Context, articles []ArticleInput, res IngestResult) {
	if res.Created == 0 {
		return
	}
	change := Change{Articles: make([]ChangedArticle, 0, res.Created)}
	keys := make([]string, 0, res.Created)
	touched := map[string]bool{}
	for i, a := range res.Articles {
		if !a.Created {
			continue
		}
		change.Articles = append(change.Articles, ChangedArticle{ID: a.ID, Symbols: slices.Clone(articles[i].Symbols)})
		keys = append(keys, strconv.FormatInt(a.ID, 10))
		for _, sym := range articles[i].Symbols {
			touched[sym] = true
		}
	}
	if s.cache != nil {
		ctx = context.WithoutCancel(ctx)
		s.articles.Invalidate(ctx, keys...)
		s.cache.InvalidateTag(ctx, AllTag)
		for _, sym := range slices.Sorted(maps.Keys(touched)) {
			s.cache.InvalidateTag(ctx, SymbolTag(sym))
		}
	}
	if s.changed != nil {
		s.changed(change)
	}
}
