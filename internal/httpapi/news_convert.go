package httpapi

import (
	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/news"
	"github.com/marketpulse/api/internal/representation"
)

// articleRep is the representation of a cached article, encoded on first
// use.
func articleRep(a *news.StoredArticle) *representation.Rep {
	if r := a.Rep.Load(); r != nil {
		return r
	}
	v := toNewsArticle(&a.Article)
	return a.Rep.Store(representation.Encode(&v))
}

// pageRep is the representation of a cached page, encoded on first use.
func pageRep(p *news.Page) *representation.Rep {
	if r := p.Rep.Load(); r != nil {
		return r
	}
	v := oas.NewsPage{Items: make([]oas.NewsArticle, len(p.Items))}
	for i := range p.Items {
		v.Items[i] = toNewsArticle(&p.Items[i])
	}
	if p.NextCursor != "" {
		v.NextCursor = oas.NewNilString(p.NextCursor)
	} else {
		v.NextCursor.SetToNull()
	}
	return p.Rep.Store(representation.Encode(&v))
}

func toNewsArticle(a *news.Article) oas.NewsArticle {
	v := oas.NewsArticle{
		ID:          oas.ID(a.ID),
		URL:         a.URL,
		Title:       a.Title,
		Summary:     a.Summary,
		Source:      oas.NewsSource(a.Source),
		Author:      a.Author,
		PublishedAt: a.PublishedAt,
		Symbols:     make([]oas.Symbol, len(a.Symbols)),
		CreatedAt:   a.CreatedAt,
	}
	for i, s := range a.Symbols {
		v.Symbols[i] = oas.Symbol(s)
	}
	if a.Sentiment != nil {
		v.Sentiment = oas.NewNilFloat64(*a.Sentiment)
	} else {
		v.Sentiment.SetToNull()
	}
	if m := a.Match; m != nil {
		v.Match = oas.NewOptNewsMatch(oas.NewsMatch{Title: m.Title, Snippet: m.Snippet, Score: m.Score})
	}
	return v
}

func toArticleInputs(in []oas.NewsInput) []news.ArticleInput {
	out := make([]news.ArticleInput, len(in))
	for i, a := range in {
		out[i] = news.ArticleInput{
			URL: a.URL, Title: a.Title, Summary: a.Summary.Or(""), Source: string(a.Source), Author: a.Author.Or(""),
			PublishedAt: a.PublishedAt, Symbols: make([]string, len(a.Symbols)),
		}
		if s, ok := a.Sentiment.Get(); ok {
			out[i].Sentiment = &s
		}
		for j, s := range a.Symbols {
			out[i].Symbols[j] = string(s)
		}
	}
	return out
}

func toNewsIngestResult(r news.IngestResult) *oas.NewsIngestResult {
	out := &oas.NewsIngestResult{
		Received:   int32(len(r.Articles)),
		Created:    int32(r.Created),
		Duplicates: int32(r.Duplicates()),
		Articles:   make([]oas.NewsIngestResultArticlesItem, len(r.Articles)),
	}
	for i, a := range r.Articles {
		out.Articles[i] = oas.NewsIngestResultArticlesItem{ID: oas.ID(a.ID), URL: a.URL, Created: a.Created}
	}
	return out
}
