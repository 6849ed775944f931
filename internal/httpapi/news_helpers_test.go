package httpapi_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apitest"
)

// newsT0 is later than any demo article, so tests that filter on time see
// only their own articles.
var newsT0 = time.Date(2031, 3, 2, 14, 0, 0, 0, time.UTC)

// seedNewsAssets creates assets for news tests, which use symbols of their
// own so that the demo data never interferes.
func seedNewsAssets(tb testing.TB, s *apitest.Server, symbols ...string) {
	tb.Helper()
	s.CreateAssets(tb, "News ", symbols...)
}

// newsIn is an article to ingest.
func newsIn(url, title, summary, source string, published time.Time, symbols ...string) oas.NewsInput {
	in := oas.NewsInput{
		URL: url, Title: title, Summary: oas.NewOptString(summary), Source: oas.NewsSource(source),
		PublishedAt: published,
	}
	for _, s := range symbols {
		in.Symbols = append(in.Symbols, oas.Symbol(s))
	}
	return in
}

// mustIngest ingests articles as the admin.
func mustIngest(tb testing.TB, s *apitest.Server, articles ...oas.NewsInput) *oas.NewsIngestResult {
	tb.Helper()
	res, err := s.Admin.IngestNews(context.Background(), &oas.NewsBatch{Articles: articles})
	if err != nil {
		tb.Fatalf("IngestNews: %v", err)
	}
	return res
}

// ingestedIDs are the ids of an ingestion's articles, in order.
func ingestedIDs(res *oas.NewsIngestResult) []int64 {
	ids := make([]int64, len(res.Articles))
	for i, a := range res.Articles {
		ids[i] = int64(a.ID)
	}
	return ids
}

// mustListNews gets one page.
func mustListNews(tb testing.TB, s *apitest.Server, p oas.ListNewsParams) (*oas.NewsPage, http.Header) {
	tb.Helper()
	page, hdr, err := apitest.Body[oas.NewsPage](s.Client.ListNews(context.Background(), p))
	if err != nil {
		tb.Fatalf("ListNews(%+v): %v", p, err)
	}
	return page, hdr
}

// newsIDs are the ids of a page's items.
func newsIDs(items []oas.NewsArticle) []int64 {
	ids := make([]int64, len(items))
	for i, a := range items {
		ids[i] = int64(a.ID)
	}
	return ids
}

// walkNews follows the cursors from p to the last page and returns every
// item, calling between (if set) after each page.
func walkNews(tb testing.TB, s *apitest.Server, p oas.ListNewsParams, between func()) []oas.NewsArticle {
	tb.Helper()
	var all []oas.NewsArticle
	for pages := 0; ; pages++ {
		if pages > 1000 {
			tb.Fatal("pagination does not end")
		}
		page, _ := mustListNews(tb, s, p)
		if limit := int(p.Limit.Or(50)); len(page.Items) > limit {
			tb.Fatalf("page of %d items, limit %d", len(page.Items), limit)
		}
		all = append(all, page.Items...)
		next, ok := page.NextCursor.Get()
		if !ok {
			return all
		}
		if between != nil {
			between()
		}
		p.Cursor = oas.NewOptString(next)
	}
}

// wantIDs fails unless got holds exactly want, in order.
func wantIDs(tb testing.TB, what string, got, want []int64) {
	tb.Helper()
	if !slices.Equal(got, want) {
		tb.Errorf("%s = %v, want %v", what, got, want)
	}
}

// symbols is a convenience for ListNewsParams.Symbol.
func symbols(ss ...string) []oas.Symbol {
	out := make([]oas.Symbol, len(ss))
	for i, s := range ss {
		out[i] = oas.Symbol(s)
	}
	return out
}

func newsURL(prefix string, i int) string {
	return fmt.Sprintf("https://news.example/%s/%d", prefix, i)
}

func decodeB64(tb testing.TB, s string) string {
	tb.Helper()
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		tb.Fatalf("cursor %q: %v", s, err)
	}
	return string(b)
}

func encodeB64(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
