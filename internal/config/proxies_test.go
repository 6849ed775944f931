package config_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/marketpulse/api/internal/config"
)

func TestTrustedProxiesAreParsedOnce(t *testing.T) {
	t.Parallel()
	tests := []struct {
		give, want string
	}{
		{"", "[]"},
		{"127.0.0.1", "[127.0.0.1/32]"},
		{" 10.1.2.3/8 , ::1 ,", "[10.0.0.0/8 ::1/128]"}, // masked, blanks and empty parts dropped
		{"2001:db8::/32,192.168.0.0/16", "[2001:db8::/32 192.168.0.0/16]"},
		{"::ffff:10.0.0.1", "[10.0.0.1/32]"}, // unmapped like client addresses
		{"::ffff:10.0.0.0/104", "[10.0.0.0/8]"},
	}
	for _, tt := range tests {
		cfg, err := config.Load(env(map[string]string{"HTTP_TRUSTED_PROXIES": tt.give}))
		if err != nil {
			t.Errorf("HTTP_TRUSTED_PROXIES=%q: %v", tt.give, err)
			continue
		}
		if got := fmt.Sprint(cfg.HTTP.TrustedProxies); got != tt.want {
			t.Errorf("HTTP_TRUSTED_PROXIES=%q → %s, want %s", tt.give, got, tt.want)
		}
	}
}

func TestBadTrustedProxiesStopTheStart(t *testing.T) {
	t.Parallel()
	tests := []struct {
		give map[string]string
		want string
	}{
		{map[string]string{"HTTP_TRUSTED_PROXIES": "10.0.0.0/8, proxy.internal"},
			`HTTP_TRUSTED_PROXIES: "proxy.internal" is not an IP address or CIDR prefix`},
		{map[string]string{"HTTP_TRUSTED_PROXIES": "10.0.0.0/33"}, `HTTP_TRUSTED_PROXIES: "10.0.0.0/33" is not`},
		{map[string]string{"HTTP_TRUSTED_PROXIES": "fe80::1%eth0"}, `HTTP_TRUSTED_PROXIES: "fe80::1%eth0" is not`},
		{map[string]string{"HTTP_TRUSTED_PROXIES": "::ffff:10.0.0.0/90"}, `HTTP_TRUSTED_PROXIES: "::ffff:10.0.0.0/90" is not`},
		// The old switch believed the left-most X-Forwarded-For entry: it
		// stops the start rather than silently trusting more or less.
		{map[string]string{"HTTP_TRUST_PROXY": "true"}, "HTTP_TRUST_PROXY: removed: it believed the left-most X-Forwarded-For entry"},
		{map[string]string{"HTTP_TRUST_PROXY": "1", "HTTP_TRUSTED_PROXIES": "127.0.0.1"}, "HTTP_TRUST_PROXY: removed"},
	}
	for _, tt := range tests {
		_, err := config.Load(env(tt.give))
		var cerr *config.Error
		if !errors.As(err, &cerr) || len(cerr.Problems) != 1 || !strings.HasPrefix(cerr.Problems[0], tt.want) {
			t.Errorf("Load(%v) = %v, want one problem %q", tt.give, err, tt.want)
		}
	}
	if _, err := config.Load(env(map[string]string{"HTTP_TRUST_PROXY": "false"})); err != nil {
		t.Errorf("HTTP_TRUST_PROXY=false asks for nothing and must start: %v", err)
	}
}
