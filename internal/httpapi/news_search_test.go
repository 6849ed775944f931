package httpapi_test

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apitest"
)

func TestNewsSearch(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	seedNewsAssets(t, s, "NWA", "NWB")
	at := func(n int) time.Time { return newsT0.Add(time.Duration(n) * time.Minute) }
	id := ingestedIDs(mustIngest(t, s,
		newsIn(newsURL("s", 0), "Wombat shares climb", "Analysts expect more gains for the marsupial maker.", "wire", at(0), "NWA"),
		newsIn(newsURL("s", 1), "Markets close flat", "Wombat demand and a quiet session.", "wire", at(1), "NWB"),
		newsIn(newsURL("s", 2), "Central bank holds", "The central bank kept rates; wombats unaffected.", "blog", at(2)),
		newsIn(newsURL("s", 3), "Bank of Wombatia <rallies> & \"jumps\"", "Banking on wombatland growth.", "blog", at(3), "NWA"),
		newsIn(newsURL("s", 4), "Holds central bank", "Word order differs: bank central.", "wire", at(4)),
	))

	search := func(q string, more ...func(*oas.ListNewsParams)) []oas.NewsArticle {
		t.Helper()
		p := oas.ListNewsParams{Q: oas.NewOptString(q)}
		for _, m := range more {
			m(&p)
		}
		return walkNews(t, s, p, nil)
	}
	bySymbol := func(p *oas.ListNewsParams) { p.Symbol = symbols("NWB") }
	bySource := func(p *oas.ListNewsParams) { p.Source = oas.NewOptNewsSource("blog") }
	small := func(p *oas.ListNewsParams) { p.Limit = oas.NewOptInt32(1) }

	tests := []struct {
		name string
		q    string
		more []func(*oas.ListNewsParams)
		want []int64
	}{
		// porter stems wombats to wombat; a title match weighs ten times more.
		{"title match outranks summary match", "wombat", nil, []int64{id[0], id[1], id[2]}},
		{"title match outranks summary match, one per page", "wombat", []func(*oas.ListNewsParams){small}, []int64{id[0], id[1], id[2]}},
		{"prefix", "wombat*", nil, nil},        // checked below: every wombat article
		{"phrase", `"central bank"`, nil, nil}, // checked below
		{"words in any order", "bank central", nil, nil},
		{"symbol filter", "wombat", []func(*oas.ListNewsParams){bySymbol}, []int64{id[1]}},
		{"source filter", "wombat*", []func(*oas.ListNewsParams){bySource}, []int64{id[3], id[2]}},
		{"OR", "marsupial OR session", nil, nil},
		{"no match", "platypus", nil, []int64{}},
		{"nothing searchable", `"*" ()`, nil, []int64{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := search(tt.q, tt.more...)
			for i, a := range got {
				if !a.Match.Set || a.Match.Value.Score <= 0 {
					t.Errorf("item %d has match %+v", i, a.Match)
				}
				if i > 0 && a.Match.Value.Score > got[i-1].Match.Value.Score {
					t.Errorf("scores not descending at %d", i)
				}
			}
			if tt.want != nil {
				wantIDs(t, "ids", newsIDs(got), tt.want)
			}
		})
	}

	all := newsIDs(search("wombat*"))
	if len(all) != 4 || all[0] != id[3] { // the title prefix match, then by score
		t.Errorf("wombat* = %v, want 4 articles, %d first", all, id[3])
	}
	if got := newsIDs(search("bank central")); len(got) != 2 {
		t.Errorf("bank central = %v, want 2 articles", got)
	}
	if got := newsIDs(search(`"central bank"`)); len(got) != 2 || slices.Contains(got, id[3]) {
		t.Errorf(`"central bank" = %v, want articles %d and %d`, got, id[2], id[4])
	}
	if got := newsIDs(search(`"bank central"`)); len(got) != 1 || got[0] != id[4] {
		t.Errorf(`"bank central" = %v, want article %d`, got, id[4])
	}
	if got := newsIDs(search("marsupial OR session")); len(got) != 2 {
		t.Errorf("marsupial OR session = %v", got)
	}

	got := search("wombatia*")
	if len(got) != 1 {
		t.Fatalf("wombatia* = %v", newsIDs(got))
	}
	m := got[0].Match.Value
	if want := `Bank of <mark>Wombatia</mark> &lt;rallies&gt; &amp; &#34;jumps&#34;`; m.Title != want {
		t.Errorf("highlighted title = %q, want %q", m.Title, want)
	}
	if got[0].Title != `Bank of Wombatia <rallies> & "jumps"` || got[0].Summary != "Banking on wombatland growth." {
		t.Errorf("article text changed: %+v", got[0])
	}
	got = search("marsupial")
	if len(got) != 1 || !strings.Contains(got[0].Match.Value.Snippet, "<mark>marsupial</mark>") {
		t.Errorf("snippet = %+v", got)
	}
}

func TestNewsSearchDepthBound(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	_, err := s.Client.ListNews(t.Context(), oas.ListNewsParams{
		Q: oas.NewOptString("quokka"), Cursor: oas.NewOptString(searchCursor(t, s, "quokka", 1000)),
	})
	wantProblem(t, err, http.StatusBadRequest, "search_too_deep")
}

// searchCursor forges the cursor of the page at offset of a search for q
// with no other filter, as the API would have issued it.
func searchCursor(t *testing.T, s *apitest.Server, q string, offset int) string {
	t.Helper()
	var batch []oas.NewsInput
	for i := range 3 {
		batch = append(batch, newsIn(newsURL("deep", i), q+" deep", "", "wire", newsT0))
	}
	mustIngest(t, s, batch...)
	page, _ := mustListNews(t, s, oas.ListNewsParams{Q: oas.NewOptString(q), Limit: oas.NewOptInt32(1)})
	raw := decodeB64(t, page.NextCursor.Value) // s1|hash|1|maxid
	parts := strings.Split(raw, "|")
	parts[2] = strconv.Itoa(offset)
	return encodeB64(strings.Join(parts, "|"))
}

// TestNewsSearchHostileQueries sends what users and attackers type: every
// answer is a page or a 400 problem, never a 5xx.
func TestNewsSearchHostileQueries(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	mustIngest(t, s, newsIn(newsURL("h", 1), "Apple earnings NEAR record", "title: apple AND tesla", "wire", newsT0))
	tests := []string{
		`"unbalanced`, `unbalanced"`, `"""`, `AND OR NOT`, `apple AND`, `NOT apple`, `NEAR(`, `NEAR(apple tesla, 2)`,
		`title:x`, `summary:apple`, `news_fts:apple`, `{title summary}:apple`, `-apple`, `*`, `**`, `apple*`, `^`, `^apple`,
		`(apple`, `apple)`, `+`, `:`, `"apple" *`, strings.Repeat(`"a" OR `, 40), strings.Repeat("x(", 100),
		strings.Repeat(`!@#$%^&*()_+{}|:"<>?~`, 10)[:200], "apple\x00tesla", "\x01\x02\x03", "apple\x7f", "\u202eelppa",
		"📈 apple 🚀", "🚀", "e\u0301", "\ufffd", "rank MATCH 'bm25'", "'; DROP TABLE news_articles; --", `\"`,
	}
	for _, q := range tests {
		resp, body := do(t, s, http.MethodGet, "/api/news?q="+url.QueryEscape(q), "", nil)
		switch {
		case resp.StatusCode == http.StatusOK:
		case resp.StatusCode == http.StatusBadRequest:
			decodeProblem(t, resp, body, http.StatusBadRequest)
		default:
			t.Errorf("q=%q: %d %s", q, resp.StatusCode, body)
		}
	}
	// Control characters and operators are plain words: the article is found.
	page, _ := mustListNews(t, s, oas.ListNewsParams{Q: oas.NewOptString("NEAR(apple title:x AND")})
	if len(page.Items) != 0 {
		t.Errorf("all words must match: %v", newsIDs(page.Items))
	}
	page, _ = mustListNews(t, s, oas.ListNewsParams{Q: oas.NewOptString("apple\x00AND")})
	if len(page.Items) != 1 {
		t.Errorf("apple AND (as words) = %v", newsIDs(page.Items))
	}
}
