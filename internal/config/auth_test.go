package config_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/marketpulse/api/internal/config"
)

func TestAuthDefaultsMatchTheDocumentedCosts(t *testing.T) {
	t.Parallel()
	cfg, err := config.Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	a := cfg.Auth
	if a.SessionTTL != 7*24*time.Hour || a.TokenCacheTTL != 30*time.Second || a.SessionTouchEvery != time.Minute {
		t.Errorf("session defaults: %+v", a)
	}
	if a.ArgonMemoryKiB != 64*1024 || a.ArgonIterations != 2 || a.ArgonParallelism != 2 {
		t.Errorf("argon2id defaults %d KiB, t=%d, p=%d; want auth.DefaultParams", a.ArgonMemoryKiB, a.ArgonIterations, a.ArgonParallelism)
	}
	if a.RegisterPerMinute >= a.LoginPerMinute || a.AdminEmail != "" {
		t.Errorf("registration must be throttled harder than login: %+v", a)
	}
}

func TestAdminBootstrapNeedsEmailAndPassword(t *testing.T) {
	t.Parallel()
	tests := []struct {
		give map[string]string
		want string
	}{
		{map[string]string{"ADMIN_EMAIL": "ops@example.com"}, "ADMIN_PASSWORD: is required with ADMIN_EMAIL"},
		{map[string]string{"ADMIN_PASSWORD": "a long admin password"}, "ADMIN_EMAIL: is required with ADMIN_PASSWORD"},
		{map[string]string{"ADMIN_EMAIL": "not-an-email", "ADMIN_PASSWORD": "a long admin password"}, "ADMIN_EMAIL: must be an email address"},
		{map[string]string{"ADMIN_EMAIL": "ops@example.com", "ADMIN_PASSWORD": "hunter2"}, "ADMIN_PASSWORD: must be at least 10"},
	}
	for _, tt := range tests {
		_, err := config.Load(env(tt.give))
		var cerr *config.Error
		if !errors.As(err, &cerr) || len(cerr.Problems) != 1 || !strings.HasPrefix(cerr.Problems[0], tt.want) {
			t.Errorf("Load(%v) = %v, want one problem %q", tt.give, err, tt.want)
			continue
		}
		if pw := tt.give["ADMIN_PASSWORD"]; pw != "" && strings.Contains(err.Error(), pw) {
			t.Errorf("error %q leaks ADMIN_PASSWORD", err)
		}
	}
	if _, err := config.Load(env(map[string]string{"ADMIN_EMAIL": "ops@example.com", "ADMIN_PASSWORD": "a long admin password"})); err != nil {
		t.Errorf("both set: %v", err)
	}
}

func TestMemoryLimitLeavesRoomForHashesAndCache(t *testing.T) {
	t.Parallel()
	cfg, err := config.Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.MemoryLimit == 0 || cfg.MemoryLimit < config.MemoryNeed(cfg) {
		t.Errorf("default MEMORY_LIMIT_BYTES %d, want set and at least %d", cfg.MemoryLimit, config.MemoryNeed(cfg))
	}
	_, err = config.Load(env(map[string]string{"MEMORY_LIMIT_BYTES": "268435456", "PASSWORD_HASH_CONCURRENCY": "8"}))
	var cerr *config.Error
	if !errors.As(err, &cerr) || !strings.Contains(err.Error(), "MEMORY_LIMIT_BYTES: must be 0 or at least") {
		t.Errorf("256 MiB limit with 8 × 64 MiB hashes: %v", err)
	}
	if _, err := config.Load(env(map[string]string{"MEMORY_LIMIT_BYTES": "0", "PASSWORD_HASH_CONCURRENCY": "8"})); err != nil {
		t.Errorf("no limit: %v", err)
	}
}
