package news_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/marketpulse/api/internal/news"
	"github.com/marketpulse/api/internal/testdb"
)

func TestFTSQuery(t *testing.T) {
	t.Parallel()
	tests := []struct {
		give, want string
	}{
		{`apple`, `"apple"`},
		{`  Apple   earnings `, `"Apple" "earnings"`},
		{`"fed rate" cut`, `"fed rate" "cut"`},
		{`pric*`, `"pric"*`},
		{`pric**`, `"pric"*`},
		{`"fed rate"*`, `"fed rate"*`},
		{`apple OR tesla`, `"apple" OR "tesla"`},
		{`apple or tesla`, `"apple" "or" "tesla"`},
		{`OR apple`, `"apple"`},
		{`apple OR`, `"apple"`},
		{`apple OR OR tesla`, `"apple" OR "tesla"`},
		{`apple OR * tesla`, `"apple" OR "tesla"`},
		{`"unbalanced phrase`, `"unbalanced phrase"`},
		{`a"b c"d`, `"a" "b c" "d"`},
		{`say ""quoted""`, `"say" "quoted"`},
		{`NEAR(apple tesla, 2)`, `"NEAR(apple" "tesla," "2)"`},
		{`AND NOT`, `"AND" "NOT"`},
		{`xyz:apple -tesla ^msft +nvda`, `"xyz:apple" "-tesla" "^msft" "+nvda"`},
		{`it's`, `"it's"`},
		{`Téslá 東京`, `"Téslá" "東京"`},
		{"apple\x00tesla\tmsft", `"apple" "tesla" "msft"`},
		{"\xffapple", `"apple"`},
		{`*`, ``},
		{`""`, ``},
		{`- + ^ ( ) :`, ``},
		{`   `, ``},
		{``, ``},
		{strings.Repeat("w ", 20), strings.TrimSpace(strings.Repeat(`"w" `, 16))},
		{strings.Repeat("x", 300), `"` + strings.Repeat("x", 256) + `"`},
		{strings.Repeat("x", 255) + "é", `"` + strings.Repeat("x", 255) + `"`},
	}
	for _, tt := range tests {
		if got := news.FTSQuery(tt.give); got != tt.want {
			t.Errorf("FTSQuery(%.40q) = %q, want %q", tt.give, got, tt.want)
		}
	}
}

// FuzzFTSQuery proves that whatever a user types, FTSQuery yields either ""
// or a match expression of bounded size that both engines run without error.
// Seeds live in testdata/fuzz/FuzzFTSQuery.
func FuzzFTSQuery(f *testing.F) {
	var storages []news.Storage
	for _, name := range []string{testdb.NameSQLite, testdb.NamePostgres} {
		e := testdb.Open(f, name)
		s := serviceOn(e, news.Deps{})
		for i, title := range []string{"Apple earnings beat", "Tesla recalls cars", "Fed holds rates near zero"} {
			mustIngest(f, s, article(i, title, "A summary with words: "+title, time.Now()))
		}
		storages = append(storages, storageOf(e))
	}
	f.Fuzz(func(t *testing.T, text string) {
		q := news.FTSQuery(text)
		if q == "" {
			return
		}
		if strings.Count(q, `"`)%2 != 0 {
			t.Fatalf("FTSQuery(%q) = %q: unbalanced quotes", text, q)
		}
		// What keeps a search quick is its bounded size, not a clock that a
		// loaded machine would trip: at most 16 quoted terms.
		if terms := strings.Count(q, `"`) / 2; terms > 16 {
			t.Fatalf("FTSQuery(%q) = %q: %d terms, want at most 16", text, q, terms)
		}
		for _, st := range storages {
			if err := search(t, st, q); err != nil {
				t.Fatalf("FTSQuery(%q) = %q: %v", text, q, err)
			}
		}
	})
}

// TestFTSQueryHostileInput: text that is no valid FTS5 query (raw, which
// TestSearchRejectedByEngine sends as it is), and more, never fails
// through FTSQuery.
func TestFTSQueryHostileInput(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		t.Parallel()
		mustIngest(t, serviceOn(e, news.Deps{}), article(1, "Apple and NEAR tesla", "", time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC)))
		st := storageOf(e)
		sanitized := append(hostileQueries(), `xyz:apple`, `-apple`, `title:apple`, `^apple`, `a:b:c`, `apple*`,
			`NEAR(apple tesla)`, "apple\x00tesla", "\xff\xfe", strings.Repeat("apple ", 20000))
		for _, q := range sanitized {
			fq := news.FTSQuery(q)
			if fq == "" {
				continue
			}
			if err := search(t, st, fq); err != nil {
				t.Errorf("FTSQuery(%.40q) = %.60q: %v", q, fq, err)
			}
		}
	})
}

// hostileQueries are no valid FTS5 queries.
func hostileQueries() []string {
	return []string{
		`"apple`, `apple"`, `AND`, `apple AND`, `OR tesla`, `NOT`, `NEAR(`, `NEAR(apple tesla`,
		`NEAR(apple tesla, -1)`, `(`, `)`, `((apple)`, `+`, `*`, `"`, ``, `   `,
		strings.Repeat("(", 5000), strings.Repeat(`"a" AND `, 1000),
	}
}

// search runs the match expression as a search's first page does: ranks,
// then highlights what it ranked.
func search(t *testing.T, st news.Storage, match string) error {
	ranked, err := st.Rank(t.Context(), news.RankQuery{Match: match, MaxID: math.MaxInt64, Window: news.RankWindow, Rows: 10})
	if err != nil {
		return err
	}
	ids := make([]int64, len(ranked))
	for i, r := range ranked {
		ids[i] = r.ID
	}
	_, err = st.Matches(t.Context(), match, ids)
	return err
}
