package store_test

import (
	"math/rand/v2"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/marketpulse/api/gen/db"
)

// randomTimes returns n instants in 2026 with nanosecond parts, each in one
// of several zones, including a few exact duplicates and whole seconds.
func randomTimes(n int) []time.Time {
	rng := rand.New(rand.NewPCG(7, 11))
	zones := []*time.Location{time.UTC, time.FixedZone("", 5*3600+1800), time.FixedZone("", -8*3600), time.FixedZone("", 14*3600)}
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var out []time.Time
	for i := range n {
		t := base.Add(time.Duration(rng.Int64N(int64(365 * 24 * time.Hour))))
		switch i % 10 {
		case 0:
			t = t.Truncate(time.Second)
		case 1:
			t = out[len(out)-1]
		}
		out = append(out, t.In(zones[rng.IntN(len(zones))]))
	}
	return out
}

// TestStoredTimesSortAsTimes writes times in many zones and precisions and
// checks that the stored text is canonical and that ordering the text orders
// the instants: ORDER BY and <, > on these columns mean time order.
func TestStoredTimesSortAsTimes(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	ctx := t.Context()
	// How every DATETIME column is stored: UTC, milliseconds.
	canonical := regexp.MustCompile(`^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$`)
	times := randomTimes(300)
	err := d.InTx(ctx, func(q *db.Queries) error {
		for i, ts := range times {
			if _, err := q.InsertArticle(ctx, articleParams(i, "T", "", ts)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The '=' prefix keeps the driver (_texttotime) from parsing the text.
	rows, err := d.Reader.QueryContext(ctx, `SELECT '=' || published_at, '=' || created_at, id FROM news_articles ORDER BY published_at, id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []time.Time
	for rows.Next() {
		var published, created string
		var id int64
		if err := rows.Scan(&published, &created, &id); err != nil {
			t.Fatal(err)
		}
		published, created = published[1:], created[1:]
		for _, s := range []string{published, created} {
			if !canonical.MatchString(s) {
				t.Fatalf("article %d: stored time %q is not canonical", id, s)
			}
		}
		p, err := time.Parse("2006-01-02 15:04:05.000", published)
		if err != nil {
			t.Fatal(err)
		}
		if want := times[id-1]; p.Sub(want).Abs() > time.Millisecond/2 {
			t.Errorf("article %d: stored %s for %v", id, published, want)
		}
		got = append(got, p)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(times) || !slices.IsSortedFunc(got, func(a, b time.Time) int { return a.Compare(b) }) {
		t.Error("text order of published_at is not time order")
	}
}

// TestDriverTimeTextOrder pins down why the queries normalise times: the
// driver's own format (modernc _time_format=sqlite) sorts as time only in UTC.
func TestDriverTimeTextOrder(t *testing.T) {
	t.Parallel()
	const layout = "2006-01-02 15:04:05.999999999-07:00"
	times := randomTimes(500)
	byText := func(zone *time.Location) bool {
		s := slices.Clone(times)
		slices.SortFunc(s, func(a, b time.Time) int {
			x, y := a.In(zone).Format(layout), b.In(zone).Format(layout)
			switch {
			case x < y:
				return -1
			case x > y:
				return 1
			}
			return 0
		})
		return slices.IsSortedFunc(s, func(a, b time.Time) int { return a.Compare(b) })
	}
	if !byText(time.UTC) {
		t.Error("UTC driver text does not sort as time")
	}
	mixed := slices.Clone(times)
	slices.SortFunc(mixed, func(a, b time.Time) int {
		x, y := a.Format(layout), b.Format(layout) // each in its own zone
		if x < y {
			return -1
		} else if x > y {
			return 1
		}
		return 0
	})
	if slices.IsSortedFunc(mixed, func(a, b time.Time) int { return a.Compare(b) }) {
		t.Error("mixed-zone driver text sorted as time: this test no longer shows the hazard")
	}
}
