package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/marketpulse/api/internal/provider/fakeprovider"
)

// TestProvidersCheck: `providers check` asks each enabled provider once —
// a fake CoinGecko answering in its documented /simple/price shape, a fake
// Finnhub failing with 500s — and the simulated one; the table says what
// answered and the command fails because one did not.
func TestProvidersCheck(t *testing.T) {
	t.Parallel()
	cg := fakeprovider.Start(t)
	cg.Serve("/simple/price", "application/json", fmt.Appendf(nil,
		`{"bitcoin":{"usd":92350.12,"usd_market_cap":1841552007133.44,"usd_24h_vol":41235566789.12,"usd_24h_change":2.5,"last_updated_at":%d}}`,
		time.Now().Unix()))
	fh := fakeprovider.Start(t)
	fh.Inject(fakeprovider.InternalError())
	env := map[string]string{
		"DATABASE_PATH": filepath.Join(t.TempDir(), "mp.db"), "LOG_LEVEL": "warn",
		"COINGECKO_API_KEY": "CG-TEST-KEY-0123", "COINGECKO_BASE_URL": cg.URL(),
		"FINNHUB_API_KEY": "FH-TEST-KEY-0123", "FINNHUB_BASE_URL": fh.URL(), "PROVIDER_TIMEOUT": "2s",
	}
	var out bytes.Buffer
	err := run(context.Background(), []string{"providers", "check"}, func(k string) string { return env[k] }, &out, &out)
	if !errors.Is(err, errProviderFailed) {
		t.Fatalf("providers check: %v, want errProviderFailed\n%s", err, out.String())
	}
	lines := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		if f := strings.Fields(l); len(f) > 0 {
			lines[f[0]] = strings.Join(f[1:], " ")
		}
	}
	for name, want := range map[string]string{"coingecko": "BTC-USD ok: 92350.12", "finnhub": "AAPL FAIL", "simulated": "AAPL ok: "} {
		if !strings.HasPrefix(lines[name], want) {
			t.Errorf("%s: %q, want it to contain %q\n%s", name, lines[name], want, out.String())
		}
	}
	if strings.Contains(out.String(), "TEST-KEY") {
		t.Errorf("a key is in the output:\n%s", out.String())
	}
	if cg.Total() != 1 || fh.Total() != 1 {
		t.Errorf("requests: coingecko %d, finnhub %d; want one each", cg.Total(), fh.Total())
	}
}
