package httpapi_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apitest"
)

func originLoads(s *apitest.Server) uint64 { return s.Cache.Stats().OriginLoads }

func mustGetAsset(t *testing.T, s *apitest.Server, sym oas.Symbol) {
	t.Helper()
	if _, _, err := apitest.Body[oas.Asset](s.Client.GetAsset(context.Background(), oas.GetAssetParams{Symbol: sym})); err != nil {
		t.Fatalf("GetAsset(%s): %v", sym, err)
	}
}

func TestInvalidateScopes(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	ctx := context.Background()
	tests := []struct {
		name      string
		give      oas.CacheInvalidation
		wantScope oas.CacheInvalidationResultScope
		reloads   bool // the next AAPL read goes to the database
	}{
		{"keys", oas.CacheInvalidation{Namespace: oas.NewOptCacheNamespace(oas.CacheNamespaceAsset), Keys: []string{"AAPL"}}, oas.CacheInvalidationResultScopeKeys, true},
		{"other keys", oas.CacheInvalidation{Namespace: oas.NewOptCacheNamespace(oas.CacheNamespaceAsset), Keys: []string{"MSFT"}}, oas.CacheInvalidationResultScopeKeys, false},
		{"namespace", oas.CacheInvalidation{Namespace: oas.NewOptCacheNamespace(oas.CacheNamespaceAsset)}, oas.CacheInvalidationResultScopeNamespace, true},
		{"other namespace", oas.CacheInvalidation{Namespace: oas.NewOptCacheNamespace(oas.CacheNamespaceAssetPage)}, oas.CacheInvalidationResultScopeNamespace, false},
		{"tag", oas.CacheInvalidation{Tag: oas.NewOptString("symbol:ZZZZ")}, oas.CacheInvalidationResultScopeTag, false},
	}
	for _, tt := range tests {
		mustGetAsset(t, s, "AAPL")
		mustGetAsset(t, s, "AAPL") // cached now
		res, err := s.Admin.InvalidateCache(ctx, &tt.give)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if res.Scope != tt.wantScope {
			t.Errorf("%s: scope %s, want %s", tt.name, res.Scope, tt.wantScope)
		}
		before := originLoads(s)
		mustGetAsset(t, s, "AAPL")
		if reloaded := originLoads(s) > before; reloaded != tt.reloads {
			t.Errorf("%s: next read reloaded = %v, want %v", tt.name, reloaded, tt.reloads)
		}
	}
}

func TestInvalidateRejectsAmbiguousScopes(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	admin := map[string]string{"Authorization": "Bearer " + apitest.AdminToken, "Content-Type": "application/json"}
	for _, body := range []string{
		`{}`,
		`{"keys":["AAPL"]}`,
		`{"tag":"symbol:AAPL","namespace":"asset"}`,
		`{"namespace":"nope"}`,
		`{"tag":"no colon"}`,
	} {
		resp, b := do(t, s, "POST", "/api/system/cache/invalidate", body, admin)
		if p := decodeProblem(t, resp, b, http.StatusBadRequest); p.Code != "invalid_body" {
			t.Errorf("%s: code %q", body, p.Code)
		}
	}
}

func TestWarmLoadsTheHottestKeys(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	ctx := context.Background()
	for range 3 {
		mustGetAsset(t, s, "NVDA")
	}
	mustGetAsset(t, s, "TSLA")
	if _, err := s.Hot.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Admin.InvalidateCache(ctx, &oas.CacheInvalidation{Namespace: oas.NewOptCacheNamespace(oas.CacheNamespaceAsset)}); err != nil {
		t.Fatal(err)
	}
	res, err := s.Admin.WarmCache(ctx, oas.NewOptCacheWarm(oas.CacheWarm{Top: oas.NewOptInt32(1)}))
	if err != nil || res.Loaded != 1 || res.Failed != 0 {
		t.Fatalf("WarmCache = %+v, %v; want 1 loaded", res, err)
	}
	before := originLoads(s)
	mustGetAsset(t, s, "NVDA")
	if originLoads(s) != before {
		t.Error("the hottest key was not warmed")
	}
	mustGetAsset(t, s, "TSLA")
	if originLoads(s) != before+1 {
		t.Error("a key outside the top 1 was warmed")
	}

	res, err = s.Admin.RefreshCache(ctx, &oas.CacheRefresh{Namespace: oas.CacheNamespaceAsset, Keys: []string{"TSLA", "NOPE"}})
	if err != nil || res.Loaded != 2 || res.Failed != 0 {
		t.Errorf("RefreshCache = %+v, %v", res, err)
	}
	if _, err := s.Client.WarmCache(ctx, oas.OptCacheWarm{}); err == nil {
		t.Error("warm without a token was accepted")
	}
}

func TestCacheStats(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	ctx := context.Background()
	mustGetAsset(t, s, "AMD")
	mustGetAsset(t, s, "AMD")
	st, err := s.Client.GetCacheStats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.L1.Hits < 1 || st.L1.Misses < 1 || st.L1.HitRatio <= 0 || st.L1.HitRatio >= 1 || st.L2.Status != oas.CacheStatsL2StatusDisabled {
		t.Errorf("stats = %+v", st)
	}
	var found bool
	for _, ns := range st.Namespaces {
		if ns.Name == "asset" {
			found = ns.Hits >= 1 && ns.Misses >= 1
		}
	}
	if !found {
		t.Errorf("namespace asset missing or empty: %+v", st.Namespaces)
	}
}
