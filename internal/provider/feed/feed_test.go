package feed_test

// The fixtures in testdata follow the RSS 2.0 specification
// (https://www.rssboard.org/rss-specification: channel/item with title,
// link, description, RFC 822 pubDate; dc:creator from Dublin Core) and
// the Atom example of RFC 4287 section 1.1 (entry with link rel
// alternate, id, published, updated, summary, author/name).

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/marketpulse/api/internal/news"
	"github.com/marketpulse/api/internal/provider"
	"github.com/marketpulse/api/internal/provider/fakeprovider"
	"github.com/marketpulse/api/internal/provider/feed"
)

func start(t *testing.T) (*fakeprovider.Server, *fakeprovider.CountingGate, *feed.Client) {
	t.Helper()
	fp := fakeprovider.Start(t)
	fp.ServeFileAs(t, "/rss", "application/rss+xml", "testdata/rss.xml")
	fp.ServeFileAs(t, "/atom", "application/atom+xml", "testdata/atom.xml")
	gate := &fakeprovider.CountingGate{}
	c := feed.New(provider.Config{HTTP: fp.Client(), Gate: gate, Timeout: 300 * time.Millisecond},
		[]feed.Feed{{URL: fp.URL() + "/rss"}, {URL: fp.URL() + "/atom", Symbols: []string{"MSFT"}}, {URL: fp.URL() + "/never", Symbols: []string{"TSLA"}}})
	return fp, gate, c
}

func TestNews(t *testing.T) {
	t.Parallel()
	fp, gate, c := start(t)
	got, err := c.News(context.Background(), []string{"AAPL", "MSFT"}, time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	want := []news.ArticleInput{
		{URL: "https://news.example.com/aapl-rises", Title: "AAPL rises after the chip launch", Summary: "Apple rose 2%.",
			Source: "Example Markets", Author: "Jane Doe", PublishedAt: time.Date(2025, 12, 3, 14, 5, 0, 0, time.UTC), Symbols: []string{"AAPL"}},
		{URL: "https://atom.example.com/msft-nvda", Title: "MSFT and NVDA sign a deal", Summary: "A deal was signed.",
			Source: "Example Atom", Author: "John Roe", PublishedAt: time.Date(2025, 12, 3, 18, 30, 2, 0, time.UTC), Symbols: []string{"MSFT"}},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatal(d)
	}
	if fp.Total() != 2 || gate.Admitted() != 2 || fp.Requests("/never") != 0 {
		t.Fatalf("served %d admitted %d", fp.Total(), gate.Admitted())
	}
}

func TestFaults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		fault   fakeprovider.Fault
		limited bool
	}{
		{"429", fakeprovider.TooMany("3", "", ""), true},
		{"500", fakeprovider.InternalError(), false},
		{"HTML", fakeprovider.HTMLPage(200), false},
		{"truncated", fakeprovider.Truncated(), false},
		{"malformed", fakeprovider.Malformed(), false},
		{"hang", fakeprovider.Hang(), false},
		{"not a feed", fakeprovider.Status(200, "application/xml", "<html><body/></html>"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fp, gate, c := start(t)
			fp.Inject(tt.fault)
			_, err := c.News(context.Background(), []string{"AAPL"}, time.Time{})
			var le *provider.LimitedError
			var be *provider.BadAnswerError
			if tt.limited && !errors.As(err, &le) || !tt.limited && !errors.As(err, &be) {
				t.Fatalf("err = %v", err)
			}
			if fp.Total() != 1 || gate.Admitted() != 1 {
				t.Fatalf("served %d admitted %d", fp.Total(), gate.Admitted())
			}
		})
	}
}
