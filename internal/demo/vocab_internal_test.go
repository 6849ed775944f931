package demo

import (
	"strings"
	"testing"
	"time"
	"unicode"
)

// The load test searches SearchWords and must find each in the corpus.
func TestSearchWordsOccurInTheNews(t *testing.T) {
	t.Parallel()
	anchor := time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC)
	pools := poolsOf(catalog())
	seen := map[string]int{}
	for i := range DefaultArticles {
		a := generateArticle(pools, i, anchor)
		for _, w := range strings.FieldsFunc(strings.ToLower(a.Title+" "+a.Summary), func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r)
		}) {
			seen[w]++
		}
	}
	for _, w := range SearchWords() {
		if seen[w] == 0 {
			t.Errorf("search word %q occurs in none of %d articles", w, DefaultArticles)
		}
	}
}

func TestShortName(t *testing.T) {
	t.Parallel()
	tests := []struct{ give, want string }{
		{"Apple Inc.", "Apple"},
		{"Alphabet Inc. Class A", "Alphabet"},
		{"The Goldman Sachs Group, Inc.", "Goldman Sachs"},
		{"JPMorgan Chase & Co.", "JPMorgan Chase"},
		{"Northwind Systems Holdings, Inc.", "Northwind Systems"},
		{"Shell plc", "Shell"},
	}
	for _, tt := range tests {
		if got := shortName(tt.give); got != tt.want {
			t.Errorf("shortName(%q) = %q, want %q", tt.give, got, tt.want)
		}
	}
}
