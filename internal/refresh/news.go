package refresh

import (
	"context"
	"slices"
	"time"

	"github.com/marketpulse/api/internal/display"
	"github.com/marketpulse/api/internal/news"
	"github.com/marketpulse/api/internal/provider"
	"github.com/marketpulse/api/internal/quota"
)

// newsLookback is how far back the first news poll of a symbol reaches.
const newsLookback = 24 * time.Hour

// newsOn reports whether news is polled.
func (r *Refresher) newsOn() bool { return r.o.IngestNews != nil && r.o.NewsEvery > 0 }

// dueNews are the news polls of the watched symbols due at now: one per
// symbol whose type has a news chain, every NewsEvery.
func (r *Refresher) dueNews(watched []Watch, now time.Time) []job {
	if !r.newsOn() || len(r.o.NewsChains) == 0 {
		return nil
	}
	var out []job
	for _, w := range watched {
		k := jobKey{kind: jobNews, symbol: w.Symbol}
		if len(r.o.NewsChains[w.Type]) == 0 || now.Before(r.slow.next[k]) {
			continue
		}
		out = append(out, job{key: k, typ: w.Type, from: r.since(k, now)})
	}
	return out
}

// dueFeed is the poll of the feeds for every watched symbol, due every
// NewsEvery.
func (r *Refresher) dueFeed(watched []Watch, now time.Time) []job {
	k := jobKey{kind: jobFeed}
	if !r.newsOn() || r.o.Feed == nil || len(watched) == 0 || now.Before(r.slow.next[k]) {
		return nil
	}
	syms := make([]string, len(watched))
	for i, w := range watched {
		syms[i] = w.Symbol
	}
	return []job{{key: k, from: r.since(k, now), symbols: syms}}
}

// since is where the news poll of k starts at now.
func (r *Refresher) since(k jobKey, now time.Time) time.Time {
	if t, ok := r.slow.covered[k]; ok {
		return t
	}
	return now.Add(-newsLookback)
}

// pollNews asks for j's news (the feed, or the news chain of the symbol's
// type, the first provider that answers) at Background priority and
// ingests what came; false when no provider answered.
func (r *Refresher) pollNews(ctx context.Context, j job) bool {
	if j.key.kind == jobFeed {
		return r.newsFrom(ctx, r.o.Feed, j.symbols, j.from)
	}
	for _, p := range r.o.NewsChains[j.typ] {
		if ctx.Err() != nil {
			return false
		}
		if p.Supports(j.typ) && p.Capabilities().Has(provider.CapNews) && r.newsFrom(ctx, p, []string{j.key.symbol}, j.from) {
			return true
		}
	}
	return false
}

// newsFrom asks p for the news of symbols since since and ingests it;
// false when p did not answer.
func (r *Refresher) newsFrom(ctx context.Context, p provider.Provider, symbols []string, since time.Time) bool {
	var arts []news.ArticleInput
	out := r.attempt(ctx, p, quota.Background, func(ctx context.Context) error {
		var err error
		arts, err = p.News(ctx, symbols, since)
		return err
	})
	if out != answered {
		return false
	}
	if arts = ingestible(arts, symbols); len(arts) > 0 {
		if _, err := r.o.IngestNews.Ingest(ctx, arts); err != nil {
			r.o.Log.Warn("refresh: ingest news", "provider", p.Name(), "articles", len(arts), "err", err)
		}
	}
	return true
}

// ingestible is the articles the news domain accepts, one per URL (the
// symbols of its repeats merged in), each linked only to asked symbols:
// an article with text the domain refuses is left out rather than
// failing the batch.
func ingestible(arts []news.ArticleInput, asked []string) []news.ArticleInput {
	at := make(map[string]int, len(arts))
	out := arts[:0:0]
	for _, a := range arts {
		if a.URL == "" || !display.Check(a.Title) || !display.Check(a.Summary) ||
			!display.Check(a.Source) || !display.Check(a.Author) {
			continue
		}
		syms := slices.DeleteFunc(slices.Clone(a.Symbols), func(s string) bool { return !slices.Contains(asked, s) })
		if i, ok := at[a.URL]; ok {
			out[i].Symbols = merge(out[i].Symbols, syms)
			continue
		}
		a.Symbols = merge(nil, syms)
		at[a.URL] = len(out)
		out = append(out, a)
	}
	return out
}

// merge adds the symbols of b missing from a.
func merge(a, b []string) []string {
	for _, s := range b {
		if !slices.Contains(a, s) {
			a = append(a, s)
		}
	}
	return a
}
