package store_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/store"
)

// search returns the ids SearchNews finds for query, best first.
func search(tb testing.TB, q *db.Queries, query string) []int64 {
	tb.Helper()
	var ids []int64
	for _, r := range must(q.SearchNews(tb.Context(), db.SearchNewsParams{Query: query, MaxRows: 50}))(tb) {
		ids = append(ids, r.ID)
	}
	return ids
}

// ftsIntegrity fails unless news_fts agrees with news_articles.
func ftsIntegrity(tb testing.TB, d *store.DB) {
	tb.Helper()
	if _, err := d.Writer.ExecContext(tb.Context(), `INSERT INTO news_fts (news_fts, rank) VALUES ('integrity-check', 1)`); err != nil {
		tb.Fatalf("news_fts integrity-check: %v", err)
	}
}

func TestSearchNewsRanking(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	ctx := t.Context()
	when := at(t, "2026-03-02 14:00:00")
	iphone := mustArticle(t, d.Write, articleParams(1, "Apple unveils new iPhone", "The company showed its phone.", when))
	wrap := mustArticle(t, d.Write, articleParams(2, "Markets close higher", "Apple gained two percent while Tesla fell.", when))
	suppliers := mustArticle(t, d.Write, articleParams(3, "Apple and apple suppliers: apple week", "", when))
	mustArticle(t, d.Write, articleParams(4, "Oil slips", "Crude fell on demand worries.", when))

	tests := []struct {
		name  string
		query string
		want  []int64
	}{
		{"more title hits first, summary-only hits last", `"apple"`, []int64{suppliers.ID, iphone.ID, wrap.ID}},
		{"terms are ANDed", `"tesla" "fell"`, []int64{wrap.ID}},
		{"phrase keeps word order", `"tesla fell"`, []int64{wrap.ID}},
		{"phrase in the wrong order", `"fell tesla"`, nil},
		{"prefix", `"suppl"*`, []int64{suppliers.ID}},
		{"prefix of a stemmed word", `"iph"*`, []int64{iphone.ID}},
		{"stemming", `"gains"`, []int64{wrap.ID}},
		{"diacritics ignored", `"Téslá"`, []int64{wrap.ID}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := search(t, d.Read, tt.query); !slices.Equal(got, tt.want) {
				t.Errorf("search %s = %v, want %v", tt.query, got, tt.want)
			}
		})
	}
	if got := search(t, d.Read, `"iphone" OR "oil"`); len(got) != 2 {
		t.Errorf("OR found %v, want two articles", got)
	}

	rows := must(d.Read.SearchNews(ctx, db.SearchNewsParams{Query: `"apple"`, MaxRows: 10}))(t)
	if rows[0].TitleHighlight != "\x02Apple\x03 and \x02apple\x03 suppliers: \x02apple\x03 week" {
		t.Errorf("title highlight = %q", rows[0].TitleHighlight)
	}
	if !strings.Contains(rows[2].SummarySnippet, "\x02Apple\x03 gained") {
		t.Errorf("summary snippet = %q", rows[2].SummarySnippet)
	}
	if !(rows[0].Score < rows[1].Score && rows[1].Score < rows[2].Score) {
		t.Errorf("scores not ascending (best first): %v %v %v", rows[0].Score, rows[1].Score, rows[2].Score)
	}
}

func TestSearchNewsOffsetPages(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	when := at(t, "2026-03-02 14:00:00")
	err := d.InTx(t.Context(), func(q *db.Queries) error {
		for i := range 30 {
			title := "Rates " + strings.Repeat("rates ", i%5) + fmt.Sprint(i)
			if _, err := q.InsertArticle(t.Context(), articleParams(i, title, "central bank", when)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	all := search(t, d.Read, `"rates"`)
	var paged []int64
	for skip := int64(0); ; skip += 7 {
		rows := must(d.Read.SearchNews(t.Context(), db.SearchNewsParams{Query: `"rates"`, MaxRows: 7, Skip: skip}))(t)
		for _, r := range rows {
			paged = append(paged, r.ID)
		}
		if len(rows) < 7 {
			break
		}
	}
	if len(all) != 30 || !slices.Equal(paged, all) {
		t.Errorf("pages %v, want %v", paged, all)
	}
}

func TestSearchNewsFollowsWrites(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	ctx := t.Context()
	a := mustArticle(t, d.Write, articleParams(1, "Zebra stripes", "A summary about okapis.", at(t, "2026-03-02 14:00:00")))
	ftsIntegrity(t, d)
	if got := search(t, d.Read, `"zebra"`); !slices.Equal(got, []int64{a.ID}) {
		t.Fatalf("after insert: %v", got)
	}
	// A rejected duplicate must not reach the index.
	_, err := d.Write.InsertArticle(ctx, articleParams(1, "Giraffe", "", at(t, "2026-03-02 14:00:00")))
	wantNoRows(t, err)
	if got := search(t, d.Read, `"giraffe"`); len(got) != 0 {
		t.Errorf("duplicate indexed: %v", got)
	}

	must(d.Write.UpdateArticle(ctx, db.UpdateArticleParams{ID: a.ID, Title: "Lion pride", Summary: "A summary about okapis."}))(t)
	ftsIntegrity(t, d)
	for query, want := range map[string]int{`"zebra"`: 0, `"lion"`: 1, `"okapis"`: 1} {
		if got := search(t, d.Read, query); len(got) != want {
			t.Errorf("after update, %s found %v, want %d", query, got, want)
		}
	}

	must(d.Write.DeleteArticle(ctx, a.ID))(t)
	ftsIntegrity(t, d)
	if got := search(t, d.Read, `"lion" OR "okapis"`); len(got) != 0 {
		t.Errorf("after delete: %v", got)
	}
}

// TestSearchNewsHostileInput: raw FTS5 syntax errors are Invalid, never
// Internal; the same text through news.FTSQuery never fails (news's
// TestFTSQueryHostileInput).
func TestSearchNewsHostileInput(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	mustArticle(t, d.Write, articleParams(1, "Apple and NEAR tesla", "", at(t, "2026-03-02 14:00:00")))
	raw := []string{
		`"apple`, `apple"`, `AND`, `apple AND`, `OR tesla`, `NOT`, `NEAR(`, `NEAR(apple tesla`,
		`NEAR(apple tesla, -1)`, `(`, `)`, `((apple)`, `+`, `*`, `"`, ``, `   `,
		strings.Repeat("(", 5000), strings.Repeat(`"a" AND `, 1000),
	}
	for _, q := range raw {
		_, err := d.Read.SearchNews(t.Context(), db.SearchNewsParams{Query: q, MaxRows: 10})
		if err == nil {
			t.Errorf("raw %.40q: no error", q)
			continue
		}
		if kind := apperr.KindOf(store.Translate(err, "search")); kind != apperr.Invalid {
			t.Errorf("raw %.40q: %v → kind %d, want Invalid", q, err, kind)
		}
	}
}
