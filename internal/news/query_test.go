package news_test

import (
	"strings"
	"testing"
	"time"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/internal/news"
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
// or an FTS5 query that runs without error, quickly. Seeds live in
// testdata/fuzz/FuzzFTSQuery.
func FuzzFTSQuery(f *testing.F) {
	d := mustOpen(f)
	for i, title := range []string{"Apple earnings beat", "Tesla recalls cars", "Fed holds rates near zero"} {
		mustArticle(f, d.Write, articleParams(i, title, "A summary with words: "+title, time.Now()))
	}
	f.Fuzz(func(t *testing.T, text string) {
		q := news.FTSQuery(text)
		if q == "" {
			return
		}
		if strings.Count(q, `"`)%2 != 0 {
			t.Fatalf("FTSQuery(%q) = %q: unbalanced quotes", text, q)
		}
		start := time.Now()
		if _, err := d.Read.SearchNews(t.Context(), db.SearchNewsParams{Query: q, MaxRows: 10}); err != nil {
			t.Fatalf("FTSQuery(%q) = %q: %v", text, q, err)
		}
		if el := time.Since(start); el > time.Second {
			t.Fatalf("FTSQuery(%q) = %q took %v", text, q, el)
		}
	})
}

// TestFTSQueryHostileInput: text that is no valid FTS5 query (raw, which
// store's TestSearchNewsHostileInput sends as it is), and more, never fails
// through FTSQuery.
func TestFTSQueryHostileInput(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	mustArticle(t, d.Write, articleParams(1, "Apple and NEAR tesla", "", time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC)))
	raw := []string{
		`"apple`, `apple"`, `AND`, `apple AND`, `OR tesla`, `NOT`, `NEAR(`, `NEAR(apple tesla`,
		`NEAR(apple tesla, -1)`, `(`, `)`, `((apple)`, `+`, `*`, `"`, ``, `   `,
		strings.Repeat("(", 5000), strings.Repeat(`"a" AND `, 1000),
	}
	sanitized := append(raw, `xyz:apple`, `-apple`, `title:apple`, `^apple`, `a:b:c`, `apple*`,
		`NEAR(apple tesla)`, "apple\x00tesla", "\xff\xfe", strings.Repeat("apple ", 20000))
	for _, q := range sanitized {
		fq := news.FTSQuery(q)
		if fq == "" {
			continue
		}
		if _, err := d.Read.SearchNews(t.Context(), db.SearchNewsParams{Query: fq, MaxRows: 10}); err != nil {
			t.Errorf("FTSQuery(%.40q) = %.60q: %v", q, fq, err)
		}
	}
}
