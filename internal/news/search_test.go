package news_test

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/news"
	"github.com/marketpulse/api/internal/testdb"
)

var t0 = time.Date(2031, 3, 2, 14, 0, 0, 0, time.UTC)

// fillers match none of the searches below, so that no term is in every
// article (bm25 gives a term in every document almost no weight).
func fillers(from int) []news.ArticleInput {
	var in []news.ArticleInput
	for i, title := range []string{"Tesla recalls cars", "Fed holds rates", "Oil climbs", "Gold slips", "Bonds rally"} {
		in = append(in, article(from+i, title, "Traders watched the "+strings.ToLower(title)+".", t0))
	}
	return in
}

// searchIDs are the ids of every result of a search for text under f, page
// after page, in order.
func searchIDs(t *testing.T, s *news.Service, text string, f news.Filter) []int64 {
	t.Helper()
	var ids []int64
	for pages := 0; pages < 50; pages++ {
		page, _, err := s.Search(t.Context(), text, f)
		if err != nil {
			t.Fatalf("Search(%q, %+v): %v", text, f, err)
		}
		for _, a := range page.Items {
			ids = append(ids, a.ID)
		}
		if f.Cursor = page.NextCursor; f.Cursor == "" {
			return ids
		}
	}
	t.Fatalf("Search(%q) pages on and on", text)
	return nil
}

// TestSearchRanking: every term of a multi-term query must match; the title
// weighs more than the summary, more matches rank higher, equal scores
// come by id; scores are positive and decreasing.
func TestSearchRanking(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		t.Parallel()
		s := serviceOn(e, news.Deps{})
		ids := mustIngest(t, s, append([]news.ArticleInput{
			article(1, "Apple earnings beat forecasts", "Shares rose after the report.", t0),
			article(2, "Quarterly report", "Apple earnings were flat.", t0),
			article(3, "Apple earnings lift the market", "Apple earnings surprised analysts again.", t0),
			article(4, "Apple unveils a phone", "No numbers yet.", t0),
			article(5, "Quarterly report", "Apple earnings were flat.", t0),
		}, fillers(10)...)...)

		page, _, err := s.Search(t.Context(), "apple EARNINGS", news.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for i, a := range page.Items {
			got = append(got, a.ID)
			if a.Match == nil || a.Match.Score <= 0 || (i > 0 && a.Match.Score > page.Items[i-1].Match.Score) {
				t.Errorf("result %d (id %d) match %+v: want a positive score, at most the previous one", i, a.ID, a.Match)
			}
		}
		if want := []int64{ids[2], ids[0], ids[1], ids[4]}; !slices.Equal(got, want) {
			t.Errorf("ranked %v, want %v", got, want)
		}
		if got, want := searchIDs(t, s, "tesla OR oil", news.Filter{}), []int64{ids[5], ids[7]}; !sameSet(got, want) {
			t.Errorf("tesla OR oil: %v, want %v", got, want)
		}
	})
}

// TestSearchPrefixesAndPhrases: a prefix term matches the words it starts
// (stemmed or not), a phrase its words adjacent and in order within the
// title or the summary (not across them), a phrase prefix the phrase with
// its last word a prefix.
func TestSearchPrefixesAndPhrases(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		t.Parallel()
		s := serviceOn(e, news.Deps{})
		ids := mustIngest(t, s, append([]news.ArticleInput{
			article(1, "Fed signals a rate cut", "Markets cheered.", t0),
			article(2, "Cut the rate, traders say", "Pressure on the Fed.", t0),
			article(3, "Prices climb", "Everything priced higher.", t0),
			article(4, "Fed rates unchanged", "Pricing power holds.", t0),
			article(5, "Earnings season", "Companies earned more.", t0),
			article(6, "Traders expect a rate", "Cut soon, they say.", t0),
		}, fillers(10)...)...)
		tests := []struct {
			give string
			want []int64
		}{
			{"pric*", []int64{ids[2], ids[3]}},
			{"earn*", []int64{ids[4]}},
			{`"rate cut"`, []int64{ids[0]}},
			{`"rate cuts"`, []int64{ids[0]}}, // stemmed as the text is
			{`"cut the rate"`, []int64{ids[1]}},
			{`"fed rate"*`, []int64{ids[3]}},
			{`"fed rat"*`, []int64{ids[3]}},
			{`rate cut`, []int64{ids[0], ids[1], ids[5]}},
			{`"rate cut" OR pric*`, []int64{ids[0], ids[2], ids[3]}},
		}
		for _, tt := range tests {
			if got := searchIDs(t, s, tt.give, news.Filter{}); !sameSet(got, tt.want) {
				t.Errorf("Search(%s) = %v, want %v", tt.give, got, tt.want)
			}
		}
	})
}

// TestSearchHighlights: every match of the title is marked, the text is
// HTML-escaped first; a short summary is its own snippet, a long one is
// cut to about 24 words around a match, the cuts marked with an ellipsis.
func TestSearchHighlights(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		t.Parallel()
		s := serviceOn(e, news.Deps{})
		long := strings.Repeat("Filler words keep coming here. ", 8) + "Then Apple reported earnings. " + strings.Repeat("More filler follows it. ", 8)
		mustIngest(t, s, append([]news.ArticleInput{
			article(1, "Apple & Tesla: apple earnings \"beat\"", "Shares of Apple rose after earnings.", t0),
			article(2, "Apple earnings week", long, t0),
		}, fillers(10)...)...)
		page, _, err := s.Search(t.Context(), "apple earnings", news.Filter{})
		if err != nil || len(page.Items) != 2 {
			t.Fatalf("Search = %+v, %v", page, err)
		}
		byURL := map[string]*news.Match{}
		for _, a := range page.Items {
			byURL[a.URL] = a.Match
		}
		want := &news.Match{
			Title:   "<mark>Apple</mark> &amp; Tesla: <mark>apple</mark> <mark>earnings</mark> &#34;beat&#34;",
			Snippet: "Shares of <mark>Apple</mark> rose after <mark>earnings</mark>.",
		}
		if diff := cmp.Diff(want, byURL["https://news.example/1"], cmpIgnoreScore); diff != "" {
			t.Errorf("match (-want +got):\n%s", diff)
		}
		m := byURL["https://news.example/2"]
		words := len(strings.Fields(strings.NewReplacer("<mark>", "", "</mark>", "", "…", " ").Replace(m.Snippet)))
		if !strings.Contains(m.Snippet, "<mark>Apple</mark>") || !strings.HasPrefix(m.Snippet, "…") ||
			!strings.HasSuffix(m.Snippet, "…") || words < 20 || words > 24 {
			t.Errorf("snippet of a long summary %q (%d words): want ~24 words around the match, cut at both ends", m.Snippet, words)
		}
	})
}

var cmpIgnoreScore = cmp.FilterPath(func(p cmp.Path) bool { return p.Last().String() == ".Score" }, cmp.Ignore())

// TestSearchSnapshotCursor: the pages after the first rank the articles
// that existed when the first was made; articles ingested meanwhile, even
// better matches, neither enter, shift nor repeat them. A new search sees
// them.
func TestSearchSnapshotCursor(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		t.Parallel()
		s := serviceOn(e, news.Deps{})
		var first []news.ArticleInput
		for i := range 5 {
			first = append(first, article(i, "Copper report", "Copper demand note number "+strings.Repeat("x", i+1)+".", t0.Add(time.Duration(i)*time.Minute)))
		}
		before := mustIngest(t, s, append(first, fillers(10)...)...)[:5]

		page, _, err := s.Search(t.Context(), "copper", news.Filter{Limit: 2})
		if err != nil || page.NextCursor == "" {
			t.Fatalf("first page %+v, %v", page, err)
		}
		got := []int64{page.Items[0].ID, page.Items[1].ID}
		later := mustIngest(t, s,
			article(20, "Copper copper copper", "Copper soars.", t0.Add(time.Hour)),
			article(21, "Copper record", "Copper copper.", t0.Add(time.Hour)))
		got = append(got, searchIDs(t, s, "copper", news.Filter{Limit: 2, Cursor: page.NextCursor})...)
		if !sameSet(got, before) || len(got) != len(before) {
			t.Errorf("pages of the snapshot: %v, want each of %v once", got, before)
		}
		if fresh := searchIDs(t, s, "copper", news.Filter{Limit: 2}); !sameSet(fresh, append(slices.Clone(before), later...)) {
			t.Errorf("a new search: %v, want %v and %v", fresh, before, later)
		}
	})
}

// TestSearchFolding: case and diacritics fold; a token of another script
// is searchable. Case beyond Latin letters folds on SQLite, and on
// PostgreSQL only in a database whose LC_CTYPE knows it (not C: see
// docs/postgres.md).
func TestSearchFolding(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		t.Parallel()
		s := serviceOn(e, news.Deps{})
		ids := mustIngest(t, s, append([]news.ArticleInput{
			article(1, "TESLA recalls", "", t0),
			article(2, "Téslá news", "", t0),
			article(3, "École fermée", "", t0),
			article(4, "東京 markets", "", t0),
			article(5, "ΑΘΗΝΑ bourse", "", t0),
		}, fillers(10)...)...)
		tests := []struct {
			give string
			want []int64
		}{
			{"tesla", []int64{ids[0], ids[1], ids[5]}},
			{"TÉSLÁ", []int64{ids[0], ids[1], ids[5]}},
			{"ecole", []int64{ids[2]}},
			{"ÉCOLE", []int64{ids[2]}},
			{"東京", []int64{ids[3]}},
			{"ΑΘΗΝΑ", []int64{ids[4]}},
		}
		if unicodeCase(t, e) {
			tests = append(tests, struct {
				give string
				want []int64
			}{"αθηνα", []int64{ids[4]}})
		} else if got := searchIDs(t, s, "αθηνα", news.Filter{}); len(got) != 0 {
			t.Errorf("a C LC_CTYPE folded Greek case: %v", got)
		}
		for _, tt := range tests {
			if got := searchIDs(t, s, tt.give, news.Filter{}); !sameSet(got, tt.want) {
				t.Errorf("Search(%s) = %v, want %v", tt.give, got, tt.want)
			}
		}
	})
}

// unicodeCase reports whether the engine folds the case of every script:
// SQLite's unicode61 does; PostgreSQL's parser follows LC_CTYPE.
func unicodeCase(t *testing.T, e testdb.Engine) bool {
	if e.Postgres == nil {
		return true
	}
	var ctype string
	if err := e.Postgres.Pool.QueryRow(t.Context(), "SHOW lc_ctype").Scan(&ctype); err != nil {
		t.Fatal(err)
	}
	return ctype != "C" && ctype != "POSIX"
}

// TestSearchFilters: a search under source, symbols and a time window
// ranks the matches of the filters only.
func TestSearchFilters(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		t.Parallel()
		mustAssets(t, e, "SFA", "SFB")
		s := serviceOn(e, news.Deps{})
		in := []news.ArticleInput{
			article(1, "Nickel rises", "", t0, "SFA"),
			article(2, "Nickel falls", "", t0.Add(time.Hour), "SFB"),
			article(3, "Nickel flat", "", t0.Add(2*time.Hour), "SFA", "SFB"),
			article(4, "Nickel again", "", t0.Add(3*time.Hour)),
		}
		in[3].Source = "desk"
		ids := mustIngest(t, s, append(in, fillers(10)...)...)
		tests := []struct {
			name string
			give news.Filter
			want []int64
		}{
			{"source", news.Filter{Source: "desk"}, []int64{ids[3]}},
			{"symbol", news.Filter{Symbols: []string{"SFA"}}, []int64{ids[0], ids[2]}},
			{"symbols", news.Filter{Symbols: []string{"SFA", "SFB", "NOPE"}}, ids[:3]},
			{"unknown symbol", news.Filter{Symbols: []string{"NOPE"}}, nil},
			{"window", news.Filter{Since: t0.Add(time.Hour), Until: t0.Add(3 * time.Hour)}, []int64{ids[1], ids[2]}},
			{"symbol and source", news.Filter{Symbols: []string{"SFB"}, Source: "wire"}, []int64{ids[1], ids[2]}},
		}
		for _, tt := range tests {
			if got := searchIDs(t, s, "nickel", tt.give); !sameSet(got, tt.want) {
				t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
			}
		}
	})
}

// TestSearchRejectedByEngine: a match expression that FTSQuery cannot
// build reaches the storage only from a caller that skipped it; each engine
// refuses it as 400 invalid_query, not 500.
func TestSearchRejectedByEngine(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		t.Parallel()
		mustIngest(t, serviceOn(e, news.Deps{}), article(1, "Apple and NEAR tesla", "", t0))
		st := storageOf(e)
		for _, q := range []string{`"apple`, `"apple" AND`, `NEAR(`, `"apple" OR`, `((apple)`} {
			_, err := st.Rank(t.Context(), news.RankQuery{Match: q, MaxID: math.MaxInt64, Window: news.RankWindow, Rows: 10})
			wantCode(t, err, apperr.Invalid, "invalid_query")
			_, err = st.Matches(t.Context(), q, []int64{1})
			wantCode(t, err, apperr.Invalid, "invalid_query")
		}
	})
}

// sameSet reports whether a and b hold the same ids, whatever their order.
func sameSet(a, b []int64) bool {
	return slices.Equal(slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b)))
}
