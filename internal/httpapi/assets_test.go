package httpapi_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apitest"
)

func TestGetAsset(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	ctx := context.Background()

	a, _, err := apitest.Body[oas.Asset](s.Client.GetAsset(ctx, oas.GetAssetParams{Symbol: "AAPL"}))
	if err != nil {
		t.Fatalf("GetAsset(AAPL): %v", err)
	}
	if a.Name != "Apple Inc." || a.Type != oas.AssetTypeStock || a.Exchange != "XNAS" || !a.Active || a.CreatedAt.IsZero() {
		t.Errorf("GetAsset(AAPL) = %+v", a)
	}

	for _, sym := range []oas.Symbol{"BRK.B", "BTC-USD", "^GSPC", "EURUSD=X", "GC=F"} {
		got, _, err := apitest.Body[oas.Asset](s.Client.GetAsset(ctx, oas.GetAssetParams{Symbol: sym}))
		if err != nil || got.Symbol != sym {
			t.Errorf("GetAsset(%s) = %v, %v", sym, got, err)
		}
	}

	_, err = s.Client.GetAsset(ctx, oas.GetAssetParams{Symbol: "NOPE"})
	wantProblem(t, err, http.StatusNotFound, "not_found")
}

func TestListAssetsWalksEveryPageOnce(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	ctx := context.Background()
	total, err := s.SQLite(t).Read.CountAssets(ctx)
	if err != nil {
		t.Fatal(err)
	}

	var seen []string
	params := oas.ListAssetsParams{Limit: oas.NewOptInt32(7)}
	for pages := 0; ; pages++ {
		if pages > 100 {
			t.Fatal("pagination does not end")
		}
		page, _, err := apitest.Body[oas.AssetPage](s.Client.ListAssets(ctx, params))
		if err != nil {
			t.Fatalf("ListAssets page %d: %v", pages, err)
		}
		if len(page.Items) > 7 {
			t.Fatalf("page of %d items, limit 7", len(page.Items))
		}
		for _, a := range page.Items {
			seen = append(seen, string(a.Symbol))
		}
		next, ok := page.NextCursor.Get()
		if !ok {
			break
		}
		params.Cursor = oas.NewOptString(next)
	}
	if int64(len(seen)) != total {
		t.Errorf("walked %d assets, database has %d", len(seen), total)
	}
	if !slices.IsSorted(seen) || len(slices.Compact(slices.Clone(seen))) != len(seen) {
		t.Errorf("pages are not strictly ordered by symbol: %v", seen)
	}
}

func TestListAssetsFilters(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	ctx := context.Background()
	tests := []struct {
		name string
		give oas.ListAssetsParams
		want func(oas.Asset) bool
		must []oas.Symbol
	}{
		{"type", oas.ListAssetsParams{Type: oas.NewOptAssetType(oas.AssetTypeCrypto)},
			func(a oas.Asset) bool { return a.Type == oas.AssetTypeCrypto }, []oas.Symbol{"BTC-USD", "ETH-USD"}},
		{"exchange", oas.ListAssetsParams{Exchange: oas.NewOptString("XNYS")},
			func(a oas.Asset) bool { return a.Exchange == "XNYS" }, []oas.Symbol{"JPM", "BRK.B"}},
		{"symbol prefix, any case", oas.ListAssetsParams{Q: oas.NewOptString("aa")},
			func(a oas.Asset) bool {
				return strings.HasPrefix(string(a.Symbol), "AA") || strings.HasPrefix(strings.ToUpper(a.Name), "AA")
			}, []oas.Symbol{"AAPL"}},
		{"name prefix", oas.ListAssetsParams{Q: oas.NewOptString("bitc")},
			func(a oas.Asset) bool { return strings.HasPrefix(strings.ToLower(a.Name), "bitc") }, []oas.Symbol{"BTC-USD"}},
		{"wildcards are literal", oas.ListAssetsParams{Q: oas.NewOptString("%")},
			func(oas.Asset) bool { return false }, nil},
		{"combined", oas.ListAssetsParams{Type: oas.NewOptAssetType(oas.AssetTypeEtf), Q: oas.NewOptString("i")},
			func(a oas.Asset) bool { return a.Type == oas.AssetTypeEtf }, []oas.Symbol{"IWM"}},
		// Each filter has a query of its own per sort (see market.listAssets).
		{"type by name", oas.ListAssetsParams{Type: oas.NewOptAssetType(oas.AssetTypeCrypto), Sort: oas.NewOptListAssetsSort(oas.ListAssetsSortName)},
			func(a oas.Asset) bool { return a.Type == oas.AssetTypeCrypto }, []oas.Symbol{"BTC-USD", "ETH-USD"}},
		{"exchange by name", oas.ListAssetsParams{Exchange: oas.NewOptString("XNYS"), Sort: oas.NewOptListAssetsSort(oas.ListAssetsSortName)},
			func(a oas.Asset) bool { return a.Exchange == "XNYS" }, []oas.Symbol{"JPM", "BRK.B"}},
		{"type and exchange", oas.ListAssetsParams{Type: oas.NewOptAssetType(oas.AssetTypeStock), Exchange: oas.NewOptString("XNYS")},
			func(a oas.Asset) bool { return a.Type == oas.AssetTypeStock && a.Exchange == "XNYS" }, []oas.Symbol{"JPM"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page, _, err := apitest.Body[oas.AssetPage](s.Client.ListAssets(ctx, tt.give))
			if err != nil {
				t.Fatal(err)
			}
			got := map[oas.Symbol]bool{}
			for _, a := range page.Items {
				if !tt.want(a) {
					t.Errorf("%s does not match the filter", a.Symbol)
				}
				got[a.Symbol] = true
			}
			for _, m := range tt.must {
				if !got[m] {
					t.Errorf("%s missing from %d items", m, len(page.Items))
				}
			}
		})
	}
}

func TestListAssetsRejectsBadParameters(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	ctx := context.Background()
	first, _, err := apitest.Body[oas.AssetPage](s.Client.ListAssets(ctx, oas.ListAssetsParams{Limit: oas.NewOptInt32(2)}))
	if err != nil {
		t.Fatal(err)
	}
	cursor := first.NextCursor.Value

	tests := []struct {
		name     string
		query    string
		wantCode string
		pointer  string
	}{
		{"limit zero", "limit=0", "invalid_parameter", "/query/limit"},
		{"limit too big", "limit=201", "invalid_parameter", "/query/limit"},
		{"limit not a number", "limit=ten", "invalid_parameter", "/query/limit"},
		{"unknown type", "type=bond", "invalid_parameter", "/query/type"},
		{"cursor charset", "cursor=%21%21", "invalid_parameter", "/query/cursor"},
		{"cursor forged", "cursor=Zm9vYmFy", "invalid_cursor", "/query/cursor"},
		{"cursor for other filters", "type=stock&cursor=" + cursor, "invalid_cursor", "/query/cursor"},
		{"q too long", "q=" + strings.Repeat("a", 65), "invalid_parameter", "/query/q"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := getProblem(t, s, "/api/assets?"+tt.query, http.StatusBadRequest)
			if p.Code != tt.wantCode {
				t.Errorf("code = %q, want %q (%s)", p.Code, tt.wantCode, p.Detail.Value)
			}
			if len(p.Errors) == 0 || p.Errors[0].Pointer != tt.pointer {
				t.Errorf("errors = %+v, want pointer %s", p.Errors, tt.pointer)
			}
		})
	}
}

// wantProblem asserts that err is a problem document with status and code.
func wantProblem(t *testing.T, err error, status int, code string) {
	t.Helper()
	var p *oas.ProblemStatusCode
	if !errors.As(err, &p) {
		t.Fatalf("error = %v, want a problem %d", err, status)
	}
	if p.StatusCode != status || p.Response.Code != code || p.Response.RequestId == "" {
		t.Errorf("problem = %d %+v, want %d %s with a request id", p.StatusCode, p.Response, status, code)
	}
}
