package httpapi_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/internal/apitest"
	"github.com/marketpulse/api/internal/news"
	"github.com/marketpulse/api/internal/store"
)

// benchNewsArticles is the size of the corpus the search target is set for:
// p50 ≤ 5 ms uncached over 10,000 articles.
const benchNewsArticles = 10_000

// commonWords head the Zipf vocabulary of the generated articles, so each
// is in hundreds to thousands of them: the expensive searches.
var commonWords = []string{
	"market", "shares", "stock", "rates", "growth", "earnings", "investors", "bank", "price", "quarter",
	"revenue", "profit", "oil", "inflation", "central", "analysts", "trading", "demand", "sales", "outlook",
	"forecast", "bond", "yields", "dollar", "crypto", "energy", "tech", "chip", "retail", "deal",
}

// newsCorpus makes n articles with titles of about 10 words and summaries
// of about 60 over a Zipf-distributed vocabulary of 20,000 words (the commonest in about a quarter of the articles), each about
// one to three of symbols, deterministically.
func newsCorpus(n int, symbols []string) []benchArticle {
	r := rand.New(rand.NewPCG(1, 2))
	vocab := slices.Clone(commonWords)
	syll := []string{"ka", "lo", "mi", "ra", "te", "zu", "no", "ve", "shi", "pa", "dor", "len", "qui", "bex"}
	for len(vocab) < 20000 {
		w := syll[r.IntN(len(syll))] + syll[r.IntN(len(syll))] + syll[r.IntN(len(syll))]
		vocab = append(vocab, w+fmt.Sprint(len(vocab)))
	}
	zipf := rand.NewZipf(r, 1.1, 50, uint64(len(vocab)-1))
	words := func(k int) string {
		ws := make([]string, k)
		for i := range ws {
			ws[i] = vocab[zipf.Uint64()]
		}
		return strings.Join(ws, " ")
	}
	out := make([]benchArticle, n)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range out {
		a := benchArticle{
			url:       fmt.Sprintf("https://bench.example/%d", i),
			title:     words(8 + r.IntN(5)),
			summary:   words(50+r.IntN(21)) + ".",
			source:    fmt.Sprintf("source%d", r.IntN(12)),
			published: t0.Add(time.Duration(i)*7*time.Minute + time.Duration(r.IntN(60))*time.Second),
		}
		for range 1 + r.IntN(3) {
			a.symbols = append(a.symbols, symbols[r.IntN(len(symbols))])
		}
		slices.Sort(a.symbols)
		out[i] = a
		out[i].symbols = slices.Compact(a.symbols)
	}
	return out
}

type benchArticle struct {
	url, title, summary, source string
	published                   time.Time
	symbols                     []string
}

// seedNewsCorpus stores the corpus in one transaction.
func seedNewsCorpus(b *testing.B, s *apitest.Server, corpus []benchArticle) {
	b.Helper()
	ctx := context.Background()
	err := s.SQLite(b).InTx(ctx, func(q *db.Queries) error {
		ids := map[string]int64{}
		for _, a := range corpus {
			for _, sym := range a.symbols {
				if _, ok := ids[sym]; ok {
					continue
				}
				if err := q.UpsertAsset(ctx, db.UpsertAssetParams{Symbol: sym, Name: sym, Type: "stock", Currency: "USD"}); err != nil {
					return err
				}
				row, err := q.GetAssetBySymbol(ctx, sym)
				if err != nil {
					return err
				}
				ids[sym] = row.ID
			}
			row, err := q.InsertArticle(ctx, db.InsertArticleParams{Url: a.url, Title: a.title, Summary: a.summary, Source: a.source, PublishedAt: a.published})
			if err != nil {
				return err
			}
			for _, sym := range a.symbols {
				if err := q.LinkArticleAsset(ctx, db.LinkArticleAssetParams{ArticleID: row.ID, AssetID: ids[sym]}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(store.Translate(err, "seed"))
	}
	if _, err := s.SQLite(b).Writer.ExecContext(ctx, "ANALYZE"); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkNewsSearch runs uncached searches for common words over 10,000
// articles, with and without a symbol filter, through the store queries the
// handler runs and through the whole HTTP stack (the cached pages dropped
// before each request, untimed). It reports the median latency as p50-ns.
func BenchmarkNewsSearch(b *testing.B) {
	s := apitest.Start(b)
	syms := make([]string, 50)
	for i := range syms {
		syms[i] = fmt.Sprintf("BN%02d", i)
	}
	seedNewsCorpus(b, s, newsCorpus(benchNewsArticles, syms))
	ctx := context.Background()
	assetIDs := func(sym string) sql.NullString {
		row, err := s.SQLite(b).Read.GetAssetBySymbol(ctx, sym)
		if err != nil {
			b.Fatal(err)
		}
		return sql.NullString{String: fmt.Sprintf("[%d]", row.ID), Valid: true}
	}

	for _, withSymbol := range []bool{false, true} {
		name := "all"
		if withSymbol {
			name = "symbol"
		}
		b.Run("store/"+name, func(b *testing.B) {
			median(b, func(i int) {
				q := news.FTSQuery(commonWords[i%len(commonWords)])
				var ids sql.NullString
				if withSymbol {
					ids = assetIDs(syms[i%len(syms)])
				}
				maxID, err := s.SQLite(b).Read.MaxArticleID(ctx)
				if err != nil {
					b.Fatal(err)
				}
				ranked, err := s.SQLite(b).Read.RankNews(ctx, db.RankNewsParams{Query: q, MaxID: maxID, AssetIds: ids, MaxRows: 21})
				if err != nil || len(ranked) == 0 {
					b.Fatalf("RankNews(%s): %d rows, %v", q, len(ranked), err)
				}
				page := make([]int64, 0, 20)
				for _, r := range ranked[:min(20, len(ranked))] {
					page = append(page, r.ID)
				}
				if _, err := s.SQLite(b).Read.NewsMatches(ctx, db.NewsMatchesParams{Query: q, Ids: jsonList(page)}); err != nil {
					b.Fatal(err)
				}
			})
		})
		b.Run("handler/"+name, func(b *testing.B) {
			median(b, func(i int) {
				v := url.Values{"q": {commonWords[i%len(commonWords)]}, "limit": {"20"}}
				if withSymbol {
					v.Set("symbol", syms[i%len(syms)])
				}
				b.StopTimer()
				s.Cache.InvalidateTag(ctx, "news:all")
				s.Cache.InvalidateTag(ctx, "news:"+syms[i%len(syms)])
				b.StartTimer()
				req := httptest.NewRequest(http.MethodGet, "/api/news?"+v.Encode(), nil)
				req.RemoteAddr = "192.0.2.1:1234"
				rec := httptest.NewRecorder()
				s.Handler.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "<mark>") {
					b.Fatalf("%s: %d %.200s", v.Encode(), rec.Code, rec.Body)
				}
			})
		})
	}
}

// median runs op b.N times on one OS thread and reports the medians of its
// timed durations (b.Elapsed excludes what op runs with the timer stopped)
// as p50-ns and of the CPU time of the thread as p50-cpu-ns: on a shared
// machine wall time mostly measures waiting for a core, CPU time does not.
// SQLite runs on the calling goroutine, so the thread's CPU time is the
// operation's.
func median(b *testing.B, op func(i int)) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	wall := make([]time.Duration, 0, b.N)
	cpu := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		before, cpu0 := b.Elapsed(), threadCPU()
		op(i)
		wall = append(wall, b.Elapsed()-before)
		cpu = append(cpu, threadCPU()-cpu0)
	}
	b.StopTimer()
	slices.Sort(wall)
	slices.Sort(cpu)
	b.ReportMetric(float64(wall[len(wall)/2].Nanoseconds()), "p50-ns")
	b.ReportMetric(float64(cpu[len(cpu)/2].Nanoseconds()), "p50-cpu-ns")
}

// threadCPU is the CPU time of the calling thread (RUSAGE_THREAD).
func threadCPU() time.Duration {
	const rusageThread = 1
	var ru syscall.Rusage
	_ = syscall.Getrusage(rusageThread, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func jsonList(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = fmt.Sprint(id)
	}
	return "[" + strings.Join(s, ",") + "]"
}
