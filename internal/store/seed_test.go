package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/internal/store"
)

// marketWords follow five filler words in the vocabulary of generated news;
// 3,000 synthetic words (x0 … x2bb) make up the long tail.
const marketWords = `apple tesla nvidia microsoft amazon earnings revenue guidance rates inflation
	fed treasury yields oil crude gold bitcoin ether merger acquisition lawsuit recall chip supply demand
	china europe tariff dividend buyback forecast upgrade downgrade analyst rally selloff volatility
	jobs payrolls consumer retail housing mortgage bank credit default bond equity futures options`

// newsWords draws words with Zipf frequencies, as in real text: a filler
// word is in most articles, "apple" in about half, a long-tail word in ~1%.
type newsWords struct {
	vocab []string
	zipf  *rand.Zipf
}

func newNewsWords(rng *rand.Rand) *newsWords {
	vocab := append([]string{"the", "and", "of", "to", "in"}, strings.Fields(marketWords)...)
	for i := range 3000 {
		vocab = append(vocab, "x"+strconv.FormatInt(int64(i), 36))
	}
	return &newsWords{vocab: vocab, zipf: rand.NewZipf(rng, 1.1, 2, uint64(len(vocab)-1))}
}

// sentence returns n words.
func (w *newsWords) sentence(n int) string {
	out := make([]string, n)
	for i := range out {
		out[i] = w.vocab[w.zipf.Uint64()]
	}
	return strings.Join(out, " ")
}

// seedScale sizes seedMarket: n rows in most tables.
type seedScale struct{ users, assets, articles, barsPerAsset, barAssets int }

// seedMarket fills every table with deterministic data through the real
// queries: users with a session, a default dashboard of two widgets and a
// cache key each; assets with a quote, bars for the first barAssets; and
// articles linked to two assets.
func seedMarket(tb testing.TB, d *store.DB, s seedScale) {
	tb.Helper()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(42, 42))
	words := newNewsWords(rng)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	inChunks(tb, d, s.users, func(q *db.Queries, i int) error {
		u, err := q.CreateUser(ctx, db.CreateUserParams{Email: fmt.Sprintf("u%d@example.com", i), PasswordHash: argon2, DisplayName: "U", Role: "user"})
		if err != nil {
			return err
		}
		h := tokenHash(fmt.Sprint("token", i))
		if _, err := q.CreateSession(ctx, db.CreateSessionParams{TokenHash: h, UserID: u.ID, ExpiresAt: t0.AddDate(1, 0, i%30)}); err != nil {
			return err
		}
		b, err := q.CreateDashboard(ctx, db.CreateDashboardParams{OwnerID: u.ID, Name: "Main", IsDefault: 1})
		if err != nil {
			return err
		}
		for j := range 2 {
			if _, err := q.CreateWidget(ctx, widgetParams(u.ID, b.ID, fmt.Sprint("W", j))); err != nil {
				return err
			}
		}
		ns := fmt.Sprint("ns", i%10)
		return q.RecordCacheHits(ctx, hits(fmt.Sprintf("%s:%d", ns, i), ns, int64(rng.IntN(1000)), t0))
	})
	inChunks(tb, d, s.assets, func(q *db.Queries, i int) error {
		a, err := q.CreateAsset(ctx, db.CreateAssetParams{Symbol: fmt.Sprintf("S%05d", i), Name: words.sentence(2), Type: "stock", Exchange: "NYSE", Currency: "USD", Active: 1})
		if err != nil {
			return err
		}
		if _, err := q.UpsertQuote(ctx, quote(a.ID, float64(i), t0.Add(time.Duration(i)*time.Second))); err != nil {
			return err
		}
		if i >= s.barAssets {
			return nil
		}
		for j := range s.barsPerAsset {
			if _, err := q.UpsertBar(ctx, bar(a.ID, "1m", t0.Add(time.Duration(j)*time.Minute), 10)); err != nil {
				return err
			}
		}
		return nil
	})
	inChunks(tb, d, s.articles, func(q *db.Queries, i int) error {
		p := articleParams(i, words.sentence(8), words.sentence(40), t0.Add(time.Duration(rng.IntN(90*24*60))*time.Minute))
		p.Source = fmt.Sprint("source", i%20)
		a, err := q.InsertArticle(ctx, p)
		if err != nil {
			return err
		}
		for _, asset := range []int64{int64(1 + i%s.assets), int64(1 + (i*7)%s.assets)} {
			if err := q.LinkArticleAsset(ctx, db.LinkArticleAssetParams{ArticleID: a.ID, AssetID: asset}); err != nil {
				return err
			}
		}
		return nil
	})
}

// inChunks calls fn for 0 … n-1 in transactions of 250 calls, so that the
// statements are prepared after the first one (see store's stmtCache).
func inChunks(tb testing.TB, d *store.DB, n int, fn func(q *db.Queries, i int) error) {
	tb.Helper()
	for lo := 0; lo < n; lo += 250 {
		err := d.InTx(context.Background(), func(q *db.Queries) error {
			for i := lo; i < min(n, lo+250); i++ {
				if err := fn(q, i); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			tb.Fatalf("seed: %v", err)
		}
	}
}
