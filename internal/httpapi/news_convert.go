package httpapi

import (
	"context"
	"fmt"
	"strconv"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/gen/oas"
)

// toNewsArticle converts a stored article; its symbols are filled in by
// withSymbols.
func toNewsArticle(r db.NewsArticle) oas.NewsArticle {
	a := oas.NewsArticle{
		ID:          oas.ID(r.ID),
		URL:         r.Url,
		Title:       r.Title,
		Summary:     r.Summary,
		Source:      oas.NewsSource(r.Source),
		Author:      r.Author,
		PublishedAt: r.PublishedAt.UTC(),
		Symbols:     []oas.Symbol{},
		CreatedAt:   r.CreatedAt.UTC(),
	}
	if r.Sentiment.Valid {
		a.Sentiment = oas.NewNilFloat64(r.Sentiment.Float64)
	} else {
		a.Sentiment.SetToNull()
	}
	return a
}

// withSymbols fills in the symbols of items (at most one page) with one
// query, and returns items.
func (h *Handler) withSymbols(ctx context.Context, items []oas.NewsArticle) ([]oas.NewsArticle, error) {
	if len(items) == 0 {
		return items, nil
	}
	ids := make([]int64, len(items))
	at := make(map[int64]int, len(items))
	for i := range items {
		ids[i] = int64(items[i].ID)
		at[ids[i]] = i
	}
	rows, err := h.DB.Read.ListSymbolsOfArticles(ctx, jsonIDs(ids))
	if err != nil {
		return nil, fmt.Errorf("symbols of articles: %w", err)
	}
	for _, r := range rows {
		if i, ok := at[r.ArticleID]; ok {
			items[i].Symbols = append(items[i].Symbols, oas.Symbol(r.Symbol))
		}
	}
	return items, nil
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
