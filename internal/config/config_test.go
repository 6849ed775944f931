package config_test

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/marketpulse/api/internal/config"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestLoadDefaults(t *testing.T) {
	t.Parallel()
	cfg, err := config.Load(env(nil))
	if err != nil {
		t.Fatalf("Load with no environment: %v", err)
	}
	if cfg.HTTP.Addr != "127.0.0.1:8080" || cfg.DB.Path != "./data/marketpulse.db" || cfg.Cache.ValkeyURL != "" {
		t.Errorf("defaults: addr=%q path=%q valkey=%q", cfg.HTTP.Addr, cfg.DB.Path, cfg.Cache.ValkeyURL)
	}
	if cfg.Cache.CallTimeout != 50*time.Millisecond || cfg.HTTP.MaxBodyBytes != 1<<20 || cfg.Log.Format != "json" {
		t.Errorf("defaults: call=%v body=%d format=%q", cfg.Cache.CallTimeout, cfg.HTTP.MaxBodyBytes, cfg.Log.Format)
	}
}

func TestLoadCORSStarOnlyExplicit(t *testing.T) {
	t.Parallel()
	cfg, err := config.Load(env(map[string]string{"CORS_ALLOWED_ORIGINS": "*"}))
	if err != nil {
		t.Fatalf("Load(*): %v", err)
	}
	if got := strings.Join(cfg.HTTP.CORSOrigins, "|"); got != "*" {
		t.Errorf("CORS origins = %q, want *", got)
	}
	cfg, err = config.Load(env(nil))
	if err != nil || len(cfg.HTTP.CORSOrigins) != 0 {
		t.Errorf("default CORS origins = %q (%v), want none", cfg.HTTP.CORSOrigins, err)
	}
}

func TestLoadValues(t *testing.T) {
	t.Parallel()
	cfg, err := config.Load(env(map[string]string{
		"HTTP_ADDR":            "0.0.0.0:9000",
		"CORS_ALLOWED_ORIGINS": "http://localhost:5173, https://app.example.com",
		"VALKEY_URL":           "rediss://user:pw@cache.internal:6380/2",
		"HTTP_TRUSTED_PROXIES": "127.0.0.1, 10.0.0.0/8",
		"RATE_LIMIT_RPS":       "2.5",
	}))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if got := strings.Join(cfg.HTTP.CORSOrigins, "|"); got != "http://localhost:5173|https://app.example.com" {
		t.Errorf("CORS origins = %q", got)
	}
	if fmt.Sprint(cfg.HTTP.TrustedProxies) != "[127.0.0.1/32 10.0.0.0/8]" || cfg.HTTP.RateLimitRPS != 2.5 || cfg.HTTP.Addr != "0.0.0.0:9000" {
		t.Errorf("parsed values wrong: %+v", cfg.HTTP)
	}
}

func TestLoadReportsEveryBadVariable(t *testing.T) {
	t.Parallel()
	tests := []struct {
		give map[string]string
		want []string // one line must start with each
	}{
		{give: map[string]string{"HTTP_ADDR": "nonsense"}, want: []string{"HTTP_ADDR: must be host:port"}},
		{give: map[string]string{"HTTP_ADDR": "127.0.0.1:70000"}, want: []string{"HTTP_ADDR: must be host:port"}},
		{give: map[string]string{"LOG_LEVEL": "loud", "LOG_FORMAT": "xml"}, want: []string{"LOG_LEVEL: must be one of", "LOG_FORMAT: must be one of"}},
		{give: map[string]string{"HTTP_READ_TIMEOUT": "soon"}, want: []string{"HTTP_READ_TIMEOUT: must be a duration"}},
		{give: map[string]string{"VALKEY_CALL_TIMEOUT": "0s", "HTTP_MAX_BODY_BYTES": "12"}, want: []string{"HTTP_MAX_BODY_BYTES: must be at least", "VALKEY_CALL_TIMEOUT: must be at least"}},
		{give: map[string]string{"VALKEY_URL": "http://cache:6379"}, want: []string{"VALKEY_URL: must be a valkey://"}},
		{give: map[string]string{"CORS_ALLOWED_ORIGINS": "not a url"}, want: []string{"CORS_ALLOWED_ORIGINS: must be an http(s) URL"}},
		{give: map[string]string{"DB_MIGRATE": "yolo", "RATE_LIMIT_BURST": "x"}, want: []string{"RATE_LIMIT_BURST: must be a whole number"}},
	}
	for _, tt := range tests {
		_, err := config.Load(env(tt.give))
		var cerr *config.Error
		if !errors.As(err, &cerr) {
			t.Fatalf("Load(%v) error = %v, want *config.Error", tt.give, err)
		}
		if len(cerr.Problems) != len(tt.want) {
			t.Errorf("Load(%v) problems = %q, want %d", tt.give, cerr.Problems, len(tt.want))
			continue
		}
		for i, w := range tt.want {
			if !strings.HasPrefix(cerr.Problems[i], w) {
				t.Errorf("problem %d = %q, want prefix %q", i, cerr.Problems[i], w)
			}
		}
	}
}

func TestSecretsAreNeverEchoed(t *testing.T) {
	t.Parallel()
	_, err := config.Load(env(map[string]string{"ADMIN_TOKEN": "short-secret-value", "VALKEY_URL": "ftp://u:hunter2@x"}))
	if err == nil {
		t.Fatal("want an error for a short admin token and a bad URL")
	}
	for _, secret := range []string{"short-secret-value", "hunter2"} {
		if strings.Contains(err.Error(), secret) {
			t.Errorf("error %q leaks a secret", err)
		}
	}
}

func TestUsageListsEveryVariable(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	config.Usage(&buf)
	for _, name := range []string{"HTTP_ADDR", "DATABASE_PATH", "DATABASE_URL", "VALKEY_URL", "LOG_LEVEL", "LOG_FORMAT", "ADMIN_TOKEN", "CACHE_L1_MAX_BYTES"} {
		if !strings.Contains(buf.String(), name) {
			t.Errorf("usage lacks %s", name)
		}
	}
}

func TestDatabaseURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		give    string
		wantErr bool
	}{
		{"", false},
		{"postgres://app:hunter2@db.internal:5432/marketpulse?sslmode=require", false},
		{"postgresql://app@10.0.0.5/marketpulse", false},
		{"postgres:///marketpulse?host=/var/run/postgresql", false},
		{"mysql://app:hunter2@db/marketpulse", true},
		{"postgres://app:hunter2@db:port/marketpulse", true},
		{"postgres:app:hunter2@db/marketpulse", true},
		{"host=db user=app password=hunter2", true},
		{"./data/marketpulse.db", true},
	}
	for _, tt := range tests {
		cfg, err := config.Load(env(map[string]string{"DATABASE_URL": tt.give}))
		if !tt.wantErr {
			if err != nil || cfg.DB.URL != tt.give {
				t.Errorf("DATABASE_URL=%q: url %q, error %v; want it accepted", tt.give, cfg.DB.URL, err)
			}
			continue
		}
		var cerr *config.Error
		if !errors.As(err, &cerr) || len(cerr.Problems) != 1 ||
			!strings.HasPrefix(cerr.Problems[0], "DATABASE_URL: must be a postgres:// or postgresql:// URL") {
			t.Errorf("DATABASE_URL=%q: error %v, want one problem naming DATABASE_URL", tt.give, err)
			continue
		}
		if strings.Contains(err.Error(), "hunter2") {
			t.Errorf("DATABASE_URL=%q: error %q leaks the password", tt.give, err)
		}
	}
}
