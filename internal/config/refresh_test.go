package config_test

import (
	"strings"
	"testing"
	"time"

	"github.com/marketpulse/api/internal/config"
)

func TestRefreshPollsAndFeeds(t *testing.T) {
	t.Parallel()
	cfg, err := config.Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if r := cfg.Refresh; r.Bars != "5m" || r.News != 5*time.Minute || r.BackfillDays != 365 || r.SlowPerMinute != 10 || len(cfg.Providers.Feeds) != 0 {
		t.Fatalf("defaults: %+v, feeds %v", r, cfg.Providers.Feeds)
	}
	cfg, err = config.Load(env(map[string]string{"REFRESH_BARS": "daily", "REFRESH_NEWS_INTERVAL": "0s",
		"NEWS_FEEDS": "https://a.example.com/rss,https://b.example.com/atom"}))
	if err != nil || cfg.Refresh.Bars != "daily" || cfg.Refresh.News != 0 || len(cfg.Providers.Feeds) != 2 {
		t.Fatalf("set: %v %+v %v", err, cfg.Refresh, cfg.Providers.Feeds)
	}
	_, err = config.Load(env(map[string]string{"REFRESH_BARS": "2m", "NEWS_FEEDS": "not a url", "REFRESH_SLOW_PER_MINUTE": "0"}))
	for _, name := range []string{"REFRESH_BARS", "NEWS_FEEDS", "REFRESH_SLOW_PER_MINUTE"} {
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Fatalf("bad %s: %v", name, err)
		}
	}
}
