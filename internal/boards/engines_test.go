package boards_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/boards"
	"github.com/marketpulse/api/internal/testdb"
)

// What differs by engine (JSON text, booleans, time precision, ownership
// checks written in SQL) answers the same on both.

func ptr[T any](v T) *T { return &v }

// configs are one of every shape, with and without their optional
// settings, and text that JSON escapes (Go escapes <, > and &; jsonb does
// not).
var configs = []boards.Config{
	{Watchlist: &boards.WatchlistConfig{Symbols: []string{"MSFT", "AAPL"}}},
	{Watchlist: &boards.WatchlistConfig{Symbols: []string{"AAPL"}, ShowChange: ptr(false)}},
	{PriceChart: &boards.PriceChartConfig{Symbol: "AAPL", Interval: "1h", Range: "5d"}},
	{PriceChart: &boards.PriceChartConfig{Symbol: "AAPL", Interval: "1d", Range: "1y", ChartType: ptr("candle")}},
	{NewsFeed: &boards.NewsFeedConfig{}},
	{NewsFeed: &boards.NewsFeedConfig{Symbols: []string{}, Query: ptr(`"rates" <b> & ünïcode ✓`), MaxItems: ptr[int32](7)}},
	{MarketOverview: &boards.MarketOverviewConfig{Symbols: []string{"MSFT"}}},
	{Heatmap: &boards.HeatmapConfig{Symbols: []string{"AAPL", "MSFT"}, Metric: "volume", GroupBy: ptr("sector")}},
}

// A config reads back as the same Config through every read, on both
// engines, though jsonb stores another text of it: what the API answers is
// decoded from the stored JSON, never the stored bytes.
func TestConfigRoundTrip(t *testing.T) {
	t.Parallel()
	read := map[string][]boards.Config{}
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		ctx := context.Background()
		s, owner := mustService(t, e, nil)
		d, err := s.CreateDashboard(ctx, owner, boards.NewDashboard{Name: "d"})
		if err != nil {
			t.Fatal(err)
		}
		var created []boards.Widget
		for i, c := range configs {
			w, err := s.CreateWidget(ctx, owner, d.ID, boards.NewWidget{Title: "w", Position: boards.Rect{Y: int32(i), W: 2, H: 1}, Config: c})
			if err != nil {
				t.Fatalf("create %s: %v", c.Kind(), err)
			}
			created = append(created, w)
			raw, _ := c.MarshalJSON()
			assertSameJSON(t, string(raw), storedConfig(t, e, w.ID))
		}
		cold := newService(t, storageOf(e), nil) // reads the database, not the cache
		detail, err := cold.GetDashboard(ctx, owner, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		page, err := cold.ListWidgets(ctx, owner, d.ID, 100, "")
		if err != nil {
			t.Fatal(err)
		}
		var got []boards.Config
		for i, w := range created {
			one, err := cold.GetWidget(ctx, owner, d.ID, w.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range []boards.Widget{*one, detail.Widgets[i], page.Items[i]} {
				if diff := cmp.Diff(w, r); diff != "" {
					t.Fatalf("widget %d read back (-created +read):\n%s", i, diff)
				}
			}
			got = append(got, one.Config)
		}
		// A change that leaves the config alone writes back what the engine
		// handed out, which must decode the same again.
		title := "renamed"
		u, err := s.UpdateWidget(ctx, owner, d.ID, created[5].ID, boards.WidgetUpdate{Title: &title})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(created[5].Config, u.Config); diff != "" {
			t.Fatalf("config after a title change (-before +after):\n%s", diff)
		}
		read[e.Name] = got
	})
	if len(read) == 2 {
		if diff := cmp.Diff(read[testdb.NameSQLite], read[testdb.NamePostgres]); diff != "" {
			t.Fatalf("configs read (-sqlite +postgres):\n%s", diff)
		}
	}
}

// assertSameJSON fails unless want and got are the same JSON value.
func assertSameJSON(t *testing.T, want, got string) {
	t.Helper()
	var w, g any
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(got), &g); err != nil {
		t.Fatalf("stored config %q: %v", got, err)
	}
	if diff := cmp.Diff(w, g); diff != "" {
		t.Fatalf("stored config %s (-written +stored):\n%s", got, diff)
	}
}

// A query holding U+0000, which jsonb cannot store, is refused on both
// engines alike rather than stored by one and a 500 on the other.
func TestConfigQueryWithNUL(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		ctx := context.Background()
		s, owner := mustService(t, e, nil)
		d, err := s.CreateDashboard(ctx, owner, boards.NewDashboard{Name: "d"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = s.CreateWidget(ctx, owner, d.ID, boards.NewWidget{Title: "n", Position: boards.Rect{W: 2, H: 1},
			Config: boards.Config{NewsFeed: &boards.NewsFeedConfig{Query: ptr("a\x00b")}}})
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Code != "invalid_widget" || len(ae.Fields) != 1 || ae.Fields[0].Path != "config/query" {
			t.Fatalf("error %v, want invalid_widget at config/query", err)
		}
	})
}

// The default flag (an integer on SQLite, a boolean on PostgreSQL) is on
// exactly one dashboard of an owner, moves, and passes to the oldest one
// left when the default is deleted.
func TestDefaultDashboard(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		ctx := context.Background()
		s, owner := mustService(t, e, nil)
		defaults := func() []bool {
			t.Helper()
			page, err := newService(t, storageOf(e), nil).ListDashboards(ctx, owner, 100, "")
			if err != nil {
				t.Fatal(err)
			}
			var out []bool
			for _, d := range page.Items {
				out = append(out, d.IsDefault)
			}
			return out
		}
		var ids []int64
		for _, name := range []string{"a", "b", "c"} {
			d, err := s.CreateDashboard(ctx, owner, boards.NewDashboard{Name: name})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, d.ID)
		}
		check := func(step string, want ...bool) {
			t.Helper()
			if diff := cmp.Diff(want, defaults()); diff != "" {
				t.Fatalf("%s: default flags (-want +got):\n%s", step, diff)
			}
		}
		check("created", true, false, false)
		if _, err := s.UpdateDashboard(ctx, owner, ids[2], boards.DashboardUpdate{MakeDefault: true}); err != nil {
			t.Fatal(err)
		}
		check("moved", false, false, true)
		if err := s.DeleteDashboard(ctx, owner, ids[2], boards.Precondition{}); err != nil {
			t.Fatal(err)
		}
		check("deleted the default", true, false)
	})
}

// Times are kept to the millisecond on both engines, in UTC, and read back
// as they were answered; so are the stamps of the ETags.
func TestTimesInMilliseconds(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		ctx := context.Background()
		s, owner := mustService(t, e, nil)
		d, err := s.CreateDashboard(ctx, owner, boards.NewDashboard{Name: "d"})
		if err != nil {
			t.Fatal(err)
		}
		w, err := s.CreateWidget(ctx, owner, d.ID, boards.NewWidget{Title: "w", Position: boards.Rect{W: 2, H: 1}, Config: configs[0]})
		if err != nil {
			t.Fatal(err)
		}
		read, err := newService(t, storageOf(e), nil).GetDashboard(ctx, owner, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		for name, at := range map[string]time.Time{
			"dashboard created": d.CreatedAt, "dashboard updated": read.UpdatedAt,
			"widget created": w.CreatedAt, "widget updated": w.UpdatedAt,
		} {
			if at.Location() != time.UTC || !at.Equal(at.Truncate(time.Millisecond)) || time.Since(at) > time.Minute {
				t.Errorf("%s at %s: want UTC, milliseconds, now", name, at.Format(time.RFC3339Nano))
			}
		}
		if !read.CreatedAt.Equal(d.CreatedAt) || !read.Widgets[0].CreatedAt.Equal(w.CreatedAt) || !read.Widgets[0].UpdatedAt.Equal(w.UpdatedAt) {
			t.Fatalf("read back %v %v %v, answered %v %v %v",
				read.CreatedAt, read.Widgets[0].CreatedAt, read.Widgets[0].UpdatedAt, d.CreatedAt, w.CreatedAt, w.UpdatedAt)
		}
		if read.UpdatedAt.Before(d.UpdatedAt) || read.Version != d.Version+1 {
			t.Fatalf("after a widget: updated %v (was %v), version %d (was %d)", read.UpdatedAt, d.UpdatedAt, read.Version, d.Version)
		}
	})
}

// The watched symbols are read out of the stored JSON (json_each on
// SQLite, jsonb operators on PostgreSQL): the same list on both.
func TestWatched(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		ctx := context.Background()
		s, owner := mustService(t, e, nil)
		mustAssets(t, e, "SPY")
		d, err := s.CreateDashboard(ctx, owner, boards.NewDashboard{Name: "d"})
		if err != nil {
			t.Fatal(err)
		}
		for i, c := range []boards.Config{configs[2], configs[6], configs[4]} { // AAPL; MSFT; none
			if _, err := s.CreateWidget(ctx, owner, d.ID, boards.NewWidget{Title: "w", Position: boards.Rect{Y: int32(i), W: 2, H: 1}, Config: c}); err != nil {
				t.Fatal(err)
			}
		}
		got, err := s.Watched(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		want := []boards.WatchedSymbol{{Symbol: "AAPL", Type: "stock"}, {Symbol: "MSFT", Type: "stock"}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("watched (-want +got):\n%s", diff)
		}
		if got, err := s.Watched(ctx, 1); err != nil || len(got) != 1 || got[0].Symbol != "AAPL" {
			t.Fatalf("watched, at most 1: %v, %v", got, err)
		}
	})
}
