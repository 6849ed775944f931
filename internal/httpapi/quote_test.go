package httpapi_test

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apitest"
)

// A quote's Cache-Status reports the tier that answered it: origin on the
// first read, l1 afterwards, origin again after an ingestion. The tier is
// not in the body, so the ETag is the same from every tier: a client that
// read the quote cold gets a 304 from the warm cache.
func TestQuoteProvenanceOnOneInstance(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	mustSeedAssets(t, s, "QPA")
	asOf := time.Now().UTC().Truncate(time.Second) // date-time is encoded to the second
	mustIngestQuotes(t, s, quoteIn("QPA", 101.25, asOf))

	q, originTag, cc := getQuote(t, s.Client, "QPA", "")
	if q.CacheTier != tierOrigin || q.Stale || q.Price != 101.25 || q.Provider != "test" || !q.AsOf.Equal(asOf) || q.UpdatedAt.IsZero() {
		t.Fatalf("first read = %+v, want a fresh quote from origin", q)
	}
	if !q.MarketCap.IsNull() || q.Volume != 1000 {
		t.Errorf("marketCap %+v volume %d, want null and 1000", q.MarketCap, q.Volume)
	}
	if want := "public, max-age=" + itoa(int(s.Config.Cache.QuotesTTL/time.Second)); cc != want {
		t.Errorf("Cache-Control = %q, want %q", cc, want)
	}
	q, l1Tag, _ := getQuote(t, s.Client, "QPA", "")
	if q.CacheTier != tierL1 {
		t.Fatalf("second read from %s, want l1", q.CacheTier)
	}
	if l1Tag != originTag || l1Tag == "" {
		t.Errorf("l1 ETag %s, origin ETag %s: the same data must have the same tag", l1Tag, originTag)
	}
	if _, again, _ := getQuote(t, s.Client, "QPA", ""); again != l1Tag {
		t.Errorf("ETag of identical l1 reads: %s then %s", l1Tag, again)
	}

	nm, err := apitest.NotModified(s.Client.GetQuote(context.Background(), oas.GetQuoteParams{Symbol: "QPA", IfNoneMatch: oas.NewOptString(l1Tag)}))
	if err != nil {
		t.Fatalf("conditional GET: %v", err)
	}
	if nm.ETag.Value != l1Tag || !strings.HasPrefix(nm.CacheControl.Value, "public, max-age=") ||
		nm.CacheStatus.Value != "marketpulse; hit; detail=l1" {
		t.Errorf("304 headers = %+v, want ETag %s, Cache-Control and Cache-Status", nm, l1Tag)
	}
	// The 304 has no body.
	req, _ := http.NewRequest(http.MethodGet, s.URL+"/api/assets/QPA/quote", nil)
	req.Header.Set("If-None-Match", l1Tag)
	resp, err := s.HTTP.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	n, _ := resp.Body.Read(make([]byte, 1))
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotModified || n != 0 || resp.Header.Get("ETag") != l1Tag {
		t.Errorf("raw conditional GET: %d, %d body bytes, ETag %q", resp.StatusCode, n, resp.Header.Get("ETag"))
	}

	wantResult(t, mustIngestQuotes(t, s, quoteIn("QPA", 99.5, asOf.Add(time.Second))), 1, 1, 0)
	q, newTag, _ := getQuote(t, s.Client, "QPA", l1Tag) // the old tag no longer matches: 200
	if q.CacheTier != tierOrigin || q.Price != 99.5 || !q.AsOf.Equal(asOf.Add(time.Second)) {
		t.Fatalf("after ingestion = %+v, want the new quote from origin", q)
	}
	if newTag == originTag || newTag == l1Tag {
		t.Errorf("ETag after ingestion %s is not new", newTag)
	}
}

// stale compares asOf with the stale window at response time. The old
// quote predates the stock market's last session whatever the day, so it
// is stale on a weekend too.
func TestQuoteStale(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	mustSeedAssets(t, s, "QSOLD", "QSNEW")
	now := time.Now().UTC()
	mustIngestQuotes(t, s, quoteIn("QSOLD", 1, now.Add(-8*24*time.Hour)), quoteIn("QSNEW", 2, now))
	for _, tt := range []struct {
		give string
		want bool
	}{{"QSOLD", true}, {"QSNEW", false}} {
		for range 2 { // origin, then l1
			if q, _, _ := getQuote(t, s.Client, tt.give, ""); q.Stale != tt.want {
				t.Errorf("%s from %s: stale = %v, want %v", tt.give, q.CacheTier, q.Stale, tt.want)
			}
		}
	}
}

// An unknown symbol and an asset with no quote are both 404 not_found,
// with different details, also when answered from the cache.
func TestQuoteNotFound(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	mustSeedAssets(t, s, "QNONE")
	ctx := context.Background()
	for range 2 { // loaded, then cached
		_, err := s.Client.GetQuote(ctx, oas.GetQuoteParams{Symbol: "NOPE"})
		unknown := mustProblem(t, err, http.StatusNotFound, "not_found")
		_, err = s.Client.GetQuote(ctx, oas.GetQuoteParams{Symbol: "QNONE"})
		unquoted := mustProblem(t, err, http.StatusNotFound, "not_found")
		if !strings.Contains(unknown.Detail.Value, "NOPE not found") || !strings.Contains(unquoted.Detail.Value, "QNONE has no quote") {
			t.Errorf("details %q and %q do not tell an unknown symbol from an unquoted asset", unknown.Detail.Value, unquoted.Detail.Value)
		}
	}
	// An ingestion for the unquoted asset replaces its cached absence.
	mustIngestQuotes(t, s, quoteIn("QNONE", 3, time.Now()))
	if q, _, _ := getQuote(t, s.Client, "QNONE", ""); q.Price != 3 || q.CacheTier != tierOrigin {
		t.Errorf("after ingestion = %+v", q)
	}
}

// listQuotes keeps the request's order, each quote with its own tier, and
// tells unknown symbols from unquoted assets.
func TestQuoteList(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	mustSeedAssets(t, s, "QLA", "QLB", "QLU")
	now := time.Now().UTC()
	mustIngestQuotes(t, s, quoteIn("QLA", 1, now), quoteIn("QLB", 2, now))
	getQuote(t, s.Client, "QLA", "") // QLA is cached, QLB not yet

	list := func(inm string) (*oas.QuoteList, http.Header) {
		t.Helper()
		p := oas.ListQuotesParams{Symbols: []oas.Symbol{"QLB", "NOPE", "QLA", "QLU", "ZZZ"}}
		if inm != "" {
			p.IfNoneMatch = oas.NewOptString(inm)
		}
		l, hdr, err := apitest.Body[oas.QuoteList](s.Client.ListQuotes(context.Background(), p))
		if err != nil {
			t.Fatalf("ListQuotes: %v", err)
		}
		return l, hdr
	}
	l, hdr := list("")
	got := []string{}
	for _, q := range l.Quotes {
		got = append(got, string(q.Symbol))
	}
	if want := []string{"QLB", "QLA"}; !slices.Equal(got, want) {
		t.Errorf("quotes = %v, want %v", got, want)
	}
	// QLB, NOPE, QLU and ZZZ were read from the database, QLA from L1.
	if tier := tierOf(t, hdr); tier != tierPartial {
		t.Errorf("cold list from %s, want partial", tier)
	}
	if !slices.Equal(l.Unknown, []oas.Symbol{"NOPE", "ZZZ"}) || !slices.Equal(l.Unquoted, []oas.Symbol{"QLU"}) {
		t.Errorf("unknown %v unquoted %v, want [NOPE ZZZ] [QLU]", l.Unknown, l.Unquoted)
	}
	if !strings.HasPrefix(hdr.Get("Cache-Control"), "public, max-age=") {
		t.Errorf("Cache-Control = %q", hdr.Get("Cache-Control"))
	}

	l, hdr = list("")
	_, hdr2 := list("")
	if tag := hdr.Get("ETag"); tag == "" || tag != hdr2.Get("ETag") {
		t.Errorf("ETags of identical warm lists: %q, %q", tag, hdr2.Get("ETag"))
	}
	if tier := tierOf(t, hdr); tier != tierL1 || len(l.Quotes) != 2 {
		t.Errorf("warm list of %d quotes from %s, want 2 from l1", len(l.Quotes), tier)
	}
	if _, err := apitest.NotModified(s.Client.ListQuotes(context.Background(), oas.ListQuotesParams{
		Symbols: []oas.Symbol{"QLB", "NOPE", "QLA", "QLU", "ZZZ"}, IfNoneMatch: oas.NewOptString(hdr.Get("ETag")),
	})); err != nil {
		t.Errorf("conditional list: %v", err)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// The cache administration endpoints reach the quote and history
// namespaces: dropped keys load from origin again, refreshed ones are
// loaded at once.
func TestQuoteCacheAdministration(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	ctx := context.Background()
	mustSeedAssets(t, s, "QCA")
	mustIngestQuotes(t, s, quoteIn("QCA", 1, time.Now()))
	getQuote(t, s.Client, "QCA", "")

	if _, err := s.Admin.InvalidateCache(ctx, &oas.CacheInvalidation{Namespace: oas.NewOptCacheNamespace(oas.CacheNamespaceQuote), Keys: []string{"QCA"}}); err != nil {
		t.Fatal(err)
	}
	if q, _, _ := getQuote(t, s.Client, "QCA", ""); q.CacheTier != tierOrigin {
		t.Errorf("after invalidating the key: from %s, want origin", q.CacheTier)
	}
	if _, err := s.Admin.InvalidateCache(ctx, &oas.CacheInvalidation{Namespace: oas.NewOptCacheNamespace(oas.CacheNamespaceQuote)}); err != nil {
		t.Fatal(err)
	}
	res, err := s.Admin.RefreshCache(ctx, &oas.CacheRefresh{Namespace: oas.CacheNamespaceQuote, Keys: []string{"QCA", "NOPE"}})
	if err != nil || res.Loaded != 2 || res.Failed != 0 {
		t.Fatalf("refresh = %+v, %v; want 2 loaded (NOPE as not found)", res, err)
	}
	if q, _, _ := getQuote(t, s.Client, "QCA", ""); q.CacheTier != tierL1 {
		t.Errorf("after a refresh: from %s, want l1", q.CacheTier)
	}
	for _, ns := range []oas.CacheNamespace{oas.CacheNamespaceHistory, oas.CacheNamespaceQuote} {
		if _, err := s.Admin.InvalidateCache(ctx, &oas.CacheInvalidation{Namespace: oas.NewOptCacheNamespace(ns)}); err != nil {
			t.Errorf("invalidate %s: %v", ns, err)
		}
	}
	if q, _, _ := getQuote(t, s.Client, "QCA", ""); q.CacheTier != tierOrigin {
		t.Errorf("after invalidating the namespace: from %s, want origin", q.CacheTier)
	}
}
