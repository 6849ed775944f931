package boards

import (
	"encoding/base64"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/marketpulse/api/internal/cursor"
)

// Stored configs read back with the API's defaults for what they lack, and
// every shape survives its JSON.
func TestConfigJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		give string
		want Config
	}{
		{`{"kind":"watchlist","symbols":["AAPL"]}`, Config{Watchlist: &WatchlistConfig{Symbols: []string{"AAPL"}, ShowChange: ptr(true)}}},
		{`{"kind":"watchlist","symbols":["AAPL"],"showChange":false}`, Config{Watchlist: &WatchlistConfig{Symbols: []string{"AAPL"}, ShowChange: ptr(false)}}},
		{`{"kind":"price_chart","symbol":"AAPL","interval":"1m","range":"1d"}`,
			Config{PriceChart: &PriceChartConfig{Symbol: "AAPL", Interval: "1m", Range: "1d", ChartType: ptr("line")}}},
		{`{"kind":"news_feed"}`, Config{NewsFeed: &NewsFeedConfig{MaxItems: ptr[int32](20)}}},
		{`{"kind":"news_feed","symbols":[],"query":""}`, Config{NewsFeed: &NewsFeedConfig{Symbols: []string{}, Query: ptr(""), MaxItems: ptr[int32](20)}}},
		{`{"kind":"market_overview","symbols":["^GSPC"]}`, Config{MarketOverview: &MarketOverviewConfig{Symbols: []string{"^GSPC"}}}},
		{`{"kind":"heatmap","symbols":["SPY"],"metric":"volume"}`, Config{Heatmap: &HeatmapConfig{Symbols: []string{"SPY"}, Metric: "volume", GroupBy: ptr("none")}}},
	}
	for _, tt := range tests {
		t.Run(tt.give, func(t *testing.T) {
			t.Parallel()
			got, err := decodeConfig(tt.give)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Fatalf("decoded (-want +got):\n%s", diff)
			}
			raw, err := encodeConfig(got)
			if err != nil {
				t.Fatal(err)
			}
			again, err := decodeConfig(raw)
			if err != nil {
				t.Fatalf("decode %s: %v", raw, err)
			}
			if diff := cmp.Diff(got, again); diff != "" {
				t.Fatalf("after %s (-first +again):\n%s", raw, diff)
			}
		})
	}
	if _, err := decodeConfig(`{"kind":"clock"}`); err == nil {
		t.Error("unknown kind decoded")
	}
}

// Id cursors keep the wire format of the cursors issued before
// internal/cursor: base64url("1|" + binding + "|" + id).
func TestIDCursor(t *testing.T) {
	t.Parallel()
	list := dashboardListKey(7)
	c := encodeIDCursor(list, 42)
	raw, _ := base64.RawURLEncoding.DecodeString(c)
	if want := "1|" + cursor.Bind(list) + "|42"; string(raw) != want {
		t.Fatalf("cursor %q", raw)
	}
	if id, err := decodeIDCursor(c, list); err != nil || id != 42 {
		t.Fatalf("decode = %d, %v", id, err)
	}
	if _, err := decodeIDCursor(c, dashboardListKey(8)); err == nil || err.Error() != "cursor was issued for other filters" {
		t.Fatalf("other list: %v", err)
	}
	for _, bad := range []string{"!!", base64.RawURLEncoding.EncodeToString([]byte("1|x|0")), encodeIDCursor(list, 0)} {
		if _, err := decodeIDCursor(bad, list); err == nil {
			t.Errorf("cursor %q accepted", bad)
		}
	}
}
