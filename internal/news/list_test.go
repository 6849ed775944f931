package news_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/marketpulse/api/internal/news"
	"github.com/marketpulse/api/internal/testdb"
)

// TestListMillisecondKeyset: both engines keep published times to the
// millisecond, rounded (in a minute's last half millisecond too, which
// SQLite's strftime alone would clamp to :59.999); pages are newest first, ties by id, and a cursor
// taken among tied articles neither loses nor repeats one, whichever
// filters pick the query (every article, a source, an asset, both). Time
// bounds round as the stored times do.
func TestListMillisecondKeyset(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		t.Parallel()
		mustAssets(t, e, "MSA")
		s := serviceOn(e, news.Deps{})
		us := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Microsecond) }
		published := []time.Time{us(400), us(600), us(1400), us(1000), us(2000), us(-1000), us(-400)}
		var in []news.ArticleInput
		for i, p := range published {
			in = append(in, article(i, "Zinc", "", p, "MSA"))
		}
		ids := mustIngest(t, s, in...)

		wantAt := []time.Time{us(0), us(1000), us(1000), us(1000), us(2000), us(-1000), us(0)}
		for i, id := range ids {
			a, _, err := s.Article(t.Context(), id)
			if err != nil || !a.Article.PublishedAt.Equal(wantAt[i]) || a.Article.PublishedAt.Location() != time.UTC {
				t.Errorf("article %d published %v (%v), want %v UTC", i, a.Article.PublishedAt, err, wantAt[i])
			}
		}
		newestFirst := []int64{ids[4], ids[3], ids[2], ids[1], ids[6], ids[0], ids[5]}
		tests := []struct {
			name string
			give news.Filter
			want []int64
		}{
			{"all", news.Filter{}, newestFirst},
			{"source", news.Filter{Source: "wire"}, newestFirst},
			{"asset", news.Filter{Symbols: []string{"MSA"}}, newestFirst},
			{"assets", news.Filter{Symbols: []string{"MSA", "NOPE"}}, newestFirst},
			{"asset and source", news.Filter{Symbols: []string{"MSA"}, Source: "wire"}, newestFirst},
			{"other source", news.Filter{Source: "desk"}, nil},
			{"since", news.Filter{Since: us(600)}, newestFirst[:4]},
			{"until", news.Filter{Until: us(1400)}, newestFirst[4:]},
			{"asset window", news.Filter{Symbols: []string{"MSA"}, Since: us(-400), Until: us(1600)}, newestFirst[1:6]},
		}
		for _, tt := range tests {
			tt.give.Limit = 2
			if diff := cmp.Diff(tt.want, listIDs(t, s, tt.give)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.name, diff)
			}
		}
	})
}

// listIDs are the ids of every article under f, page after page, in order.
func listIDs(t *testing.T, s *news.Service, f news.Filter) []int64 {
	t.Helper()
	var ids []int64
	for pages := 0; pages < 50; pages++ {
		page, _, err := s.List(t.Context(), f)
		if err != nil {
			t.Fatalf("List(%+v): %v", f, err)
		}
		for _, a := range page.Items {
			ids = append(ids, a.ID)
		}
		if f.Cursor = page.NextCursor; f.Cursor == "" {
			return ids
		}
	}
	t.Fatalf("List(%+v) pages on and on", f)
	return nil
}
