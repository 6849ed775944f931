package boards

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/marketpulse/api/internal/cache"
	"github.com/marketpulse/api/internal/problem"
	"github.com/marketpulse/api/internal/testvalkey"
)

// Another instance reads the dashboards and widgets one instance cached from
// Valkey: the values survive the JSON of L2, and a tombstone answers with
// the same problem as the original not-found error.
func TestBoardsEntriesThroughValkey(t *testing.T) {
	t.Parallel()
	v := testvalkey.Start(t)
	ctx := context.Background()
	var caches []*cache.Cache
	instance := func() *Service {
		// Each L2 step (agreeing on the generation, the read, the background
		// write) gives up after CallTimeout and leaves the value in L1 only; on a
		// loaded CI machine under -race the 50 ms default is not always enough.
		// This test is about the values' round trip, not about latency.
		cfg := cache.Config{ValkeyURL: v.URL(), NotFoundTTL: time.Minute, CallTimeout: 10 * time.Second}
		c, err := cache.New(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(c.Close)
		caches = append(caches, c)
		for deadline := time.Now().Add(5 * time.Second); c.Health().L2 != cache.StateUp || c.Health().Bus != cache.StateUp; time.Sleep(5 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("cache never reached Valkey: %+v", c.Health())
			}
		}
		return New(Deps{Cache: c})
	}
	b1, b2 := instance(), instance()

	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	want := &Detail{
		Dashboard: Dashboard{ID: 1, Name: "n", Description: "d", IsDefault: true, Version: 3, WidgetCount: 2, CreatedAt: at, UpdatedAt: at},
		Widgets: []Widget{
			{ID: 7, DashboardID: 1, Kind: KindPriceChart, Title: "t", Position: Rect{X: 1, Y: 2, W: 3, H: 4},
				Config: Config{PriceChart: &PriceChartConfig{Symbol: "AAPL",
					Interval: "1m", Range: "1d", ChartType: ptr("candle")}},
				RefreshSeconds: 60, Version: 1, CreatedAt: at, UpdatedAt: at},
			{ID: 8, DashboardID: 1, Kind: KindNewsFeed, Title: "n", Position: Rect{W: 1, H: 1},
				Config:         Config{NewsFeed: &NewsFeedConfig{Query: ptr("q"), MaxItems: ptr[int32](20)}},
				RefreshSeconds: 300, Version: 2, CreatedAt: at, UpdatedAt: at},
		},
	}
	key := dashboardKey(9, 1)
	if _, _, err := b1.details.Get(ctx, key, func(context.Context) (*Detail, error) { return want, nil }); err != nil {
		t.Fatal(err)
	}
	if _, _, err := b1.widgets.Get(ctx, widgetKey(9, 1, 5), func(context.Context) (*Widget, error) {
		return nil, b1.widgetNotFound
	}); !errors.Is(err, b1.widgetNotFound) {
		t.Fatalf("tombstone load: %v", err)
	}

	notYet := errors.New("not in l2 yet") // L2 is written in the background
	var (
		got  *Detail
		tier cache.Tier
		err  error
	)
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		got, tier, err = b2.details.Get(ctx, key, func(context.Context) (*Detail, error) { return nil, notYet })
		if err == nil {
			break
		}
	}
	if err != nil || tier != cache.TierL2 {
		t.Fatalf("second instance: tier %s, %v\nfirst instance's cache: %+v", tier, err, caches[0].Stats())
	}
	// View is the HTTP layer's L1-only slot, not part of the value.
	if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(Detail{}, "View")); diff != "" {
		t.Fatalf("through Valkey (-cached +read):\n%s", diff)
	}

	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		_, tier, err = b2.widgets.Get(ctx, widgetKey(9, 1, 5), func(context.Context) (*Widget, error) { return nil, notYet })
		if !errors.Is(err, notYet) {
			break
		}
	}
	if tier != cache.TierL2 {
		t.Fatalf("tombstone from tier %s: %v", tier, err)
	}
	original, fromL2 := problem.FromError(ctx, b1.widgetNotFound), problem.FromError(ctx, err)
	if diff := cmp.Diff(original, fromL2); diff != "" {
		t.Fatalf("tombstone from Valkey answers differently (-original +from L2):\n%s", diff)
	}
}
