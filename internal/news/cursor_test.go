package news_test

import (
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/cursor"
	"github.com/marketpulse/api/internal/news"
	"github.com/marketpulse/api/internal/testdb"
)

// TestCursorErrors: cursor errors name the field "cursor" of the filter.
func TestCursorErrors(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		t.Parallel()
		testCursorErrors(t, serviceOn(e, news.Deps{}))
	})
}

func testCursorErrors(t *testing.T, s *news.Service) {
	tests := []struct {
		name, search string
		give         news.Filter
		code         string
	}{
		{"not base64", "", news.Filter{Cursor: "!!"}, "invalid_cursor"},
		{"other filters", "", news.Filter{Cursor: "bjF8eHh8MXwy"}, "invalid_cursor"},
		{"too deep", "quokka", news.Filter{Cursor: searchCursor(t, s, "quokka", 1000)}, "search_too_deep"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			if tt.search != "" {
				_, _, err = s.Search(t.Context(), tt.search, tt.give)
			} else {
				_, _, err = s.List(t.Context(), tt.give)
			}
			var e *apperr.Error
			if !errors.As(err, &e) || e.Code != tt.code || len(e.Fields) != 1 || e.Fields[0].Path != "cursor" {
				t.Errorf("err = %#v", err)
			}
		})
	}
}

// searchCursor is the cursor of the page at offset of a search for text
// without other filters, forged from a real one.
func searchCursor(t *testing.T, s *news.Service, text string, offset int) string {
	t.Helper()
	batch := make([]news.ArticleInput, 3)
	for i := range batch {
		batch[i] = news.ArticleInput{URL: "https://news.example/deep/" + string(rune('a'+i)), Title: text, Source: "wire", PublishedAt: time.Now()}
	}
	if _, err := s.Ingest(t.Context(), batch); err != nil {
		t.Fatal(err)
	}
	page, _, err := s.Search(t.Context(), text, news.Filter{Limit: 1})
	if err != nil || page.NextCursor == "" {
		t.Fatalf("Search = %+v, %v", page, err)
	}
	version, fields, _ := cursor.Decode(page.NextCursor)
	fields[1] = strconv.Itoa(offset)
	return cursor.Encode(version, fields...)
}
