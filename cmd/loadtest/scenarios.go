package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/marketpulse/api/internal/demo"
)

// watchlist is the 20 symbols of the quotes scenario.
var watchlist = []string{
	"AAPL", "MSFT", "NVDA", "GOOGL", "AMZN", "META", "TSLA", "AVGO", "AMD", "NFLX",
	"JPM", "V", "MA", "SPY", "QQQ", "BTC-USD", "ETH-USD", "^GSPC", "EURUSD=X", "GC=F",
}

// scenario is one measured request pattern.
type scenario struct {
	Name     string
	URLs     []string // paths with query, requested in turn
	Baseline bool     // also measure a bare server answering the same bytes
	Target   target
	// CacheNamespace, when set, reports that cache's hit ratio during the run.
	CacheNamespace string
	// Workers overrides -concurrency when positive.
	Workers int
	// Start is the index of the first URL, so two scenarios over the same
	// URLs need not begin with the searches the other one just cached.
	Start int
}

// The targets of the warm reads and of the server's memory (issue 16).
const (
	maxIdleMiB = 30.0
	maxPeakMiB = 60.0
)

// warmScenarios are the warm reads next to a bare server writing the same
// bytes, with their targets at the given throughput ratios.
func warmScenarios(suffix string, asset, quotes float64, p99 float64) []scenario {
	quoted := make([]string, len(watchlist))
	for i, s := range watchlist {
		quoted[i] = url.QueryEscape(s)
	}
	return []scenario{
		{Name: "GET /api/assets/AAPL" + suffix, URLs: []string{"/api/assets/AAPL"}, Baseline: true,
			Target: target{MinThroughputRatio: asset, MaxP99Ratio: p99}},
		{Name: "GET /api/assets?limit=50" + suffix, URLs: []string{"/api/assets?limit=50"}, Baseline: true,
			Target: target{MinThroughputRatio: asset, MaxP99Ratio: p99}},
		{Name: "GET /api/quotes (20 symbols)" + suffix, URLs: []string{"/api/quotes?symbols=" + strings.Join(quoted, ",")}, Baseline: true,
			Target: target{MinThroughputRatio: quotes}},
	}
}

// infoScenarios are the warm reads again with the access log on (the
// server restarted at LOG_LEVEL=info, writing to a file).
func infoScenarios() []scenario {
	return warmScenarios(" [info log]", 0.85, 0.85, 0)
}

// scenarios lists the scenarios in the order they run.
func scenarios() []scenario {
	searches := uncachedSearches(demo.SearchWords())
	return append(warmScenarios("", 0.9, 0.8, 1.5), []scenario{
		// A closed loop at saturation measures queueing (p50 ≈ workers ÷
		// throughput), so this one has no latency target: the one worker
		// below shows what a single search costs.
		{Name: "GET /api/news?q= (uncached)", URLs: searches, CacheNamespace: "news"},
		{Name: "GET /api/news?q= (uncached, 1 worker)", URLs: searches, Workers: 1, Start: len(searches) / 2,
			Target: target{MaxP50: 5 * time.Millisecond}, CacheNamespace: "news"},
		{Name: "GET /api/news?q= (warm, same query)", URLs: []string{"/api/news?q=earnings"}, CacheNamespace: "news"},
	}...)
}

// uncachedSearches is every (word, limit) pair, words varying fastest, so a
// search repeats only after len(words)×41 requests: with the server's news
// cache lifetime at its 1s minimum, no request finds its answer cached
// unless the run exceeds that many searches per second (the reported hit
// ratio shows it).
func uncachedSearches(words []string) []string {
	out := make([]string, 0, len(words)*41)
	for limit := 10; limit <= 50; limit++ {
		for _, w := range words {
			out = append(out, "/api/news?q="+url.QueryEscape(w)+"&limit="+strconv.Itoa(limit))
		}
	}
	return out
}

// runScenarios measures every scenario against the server at base.
func runScenarios(ctx context.Context, base string, o options, scs []scenario, progress io.Writer) ([]scenarioResult, error) {
	var out []scenarioResult
	for _, sc := range scs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		fmt.Fprintf(progress, "measuring %s …\n", sc.Name)
		r := scenarioResult{Name: sc.Name, Target: sc.Target}
		urls := make([]string, len(sc.URLs))
		for i, u := range sc.URLs {
			urls[i] = base + u
		}
		l := load{URLs: urls, Start: sc.Start, Concurrency: o.Concurrency, Warmup: o.Warmup, Duration: o.Duration}
		if sc.Workers > 0 {
			l.Concurrency = sc.Workers
		}

		var before cacheCount
		if sc.CacheNamespace != "" {
			before, _ = cacheCounts(base, sc.CacheNamespace)
		}
		r.Main = l.run(ctx)
		if sc.CacheNamespace != "" {
			if after, err := cacheCounts(base, sc.CacheNamespace); err == nil {
				r.Note = after.since(before, sc.CacheNamespace)
			}
		}
		if sc.Baseline {
			b, note, err := measureBaseline(ctx, l, urls[0])
			if err != nil {
				return nil, err
			}
			r.Baseline = b
			if note != "" {
				r.Note = note
			}
		}
		out = append(out, r)
	}
	return out, nil
}

// measureBaseline fetches u once and measures a bare net/http server that
// answers every request with the same bytes: the body and the headers. It measures
// nothing (nil result, a note why) when u does not answer 2xx.
func measureBaseline(ctx context.Context, l load, u string) (*result, string, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, "no baseline: " + err.Error(), nil
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode/100 != 2 {
		return nil, fmt.Sprintf("no baseline: the server answered %d", resp.StatusCode), nil
	}
	// The same response bytes: every header the API sent (security
	// headers, ETag, Cache-Control, …) but Date and Content-Length, which
	// net/http writes itself.
	header := resp.Header.Clone()
	header.Del("Date")
	header.Del("Content-Length")
	addr, stop, err := startBaseline(ctx, os.TempDir(), recorded{Header: header, Body: body})
	if err != nil {
		return nil, "", err
	}
	defer stop()
	l.URLs = []string{"http://" + addr + "/"}
	r := l.run(ctx)
	return &r, "", nil
}

// cacheCount is the hits and misses of the cache namespaces of one kind.
type cacheCount struct{ Hits, Misses int64 }

// since describes the counts between before and c.
func (c cacheCount) since(before cacheCount, ns string) string {
	hits, misses := c.Hits-before.Hits, c.Misses-before.Misses
	if hits+misses == 0 {
		return fmt.Sprintf("no %s cache lookups recorded", ns)
	}
	return fmt.Sprintf("%s cache %d hits, %d misses (hit ratio %.2f)", ns, hits, misses,
		float64(hits)/float64(hits+misses))
}

// cacheCounts sums /api/system/cache-stats over the namespaces whose name
// contains ns.
func cacheCounts(base, ns string) (cacheCount, error) {
	resp, err := http.Get(base + "/api/system/cache-stats")
	if err != nil {
		return cacheCount{}, err
	}
	defer resp.Body.Close()
	var stats struct {
		Namespaces []struct {
			Name         string
			Hits, Misses int64
		}
	}
	if err := json.NewDecoder(resp.Body).Decode(&stats); err != nil {
		return cacheCount{}, err
	}
	var c cacheCount
	for _, n := range stats.Namespaces {
		if strings.Contains(n.Name, ns) {
			c.Hits += n.Hits
			c.Misses += n.Misses
		}
	}
	return c, nil
}
