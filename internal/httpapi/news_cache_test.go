package httpapi_test

import (
	"context"
	"testing"
	"time"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apitest"
)

// TestNewsETagsAndExactInvalidation checks the representation headers of
// pages and that an ingestion drops exactly the pages it can change.
func TestNewsETagsAndExactInvalidation(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	seedNewsAssets(t, s, "NWX", "NWY", "NWZ")
	ctx := context.Background()
	mustIngest(t, s,
		newsIn(newsURL("e", 1), "xray quokka", "", "wire", newsT0, "NWX"),
		newsIn(newsURL("e", 2), "yankee quokka", "", "wire", newsT0.Add(time.Minute), "NWY"),
	)
	pages := map[string]oas.ListNewsParams{
		"X":        {Symbol: symbols("NWX")},
		"Y":        {Symbol: symbols("NWY")},
		"search Y": {Symbol: symbols("NWY"), Q: oas.NewOptString("quokka")},
		"Z":        {Symbol: symbols("NWZ")},
		"all":      {},
		"wire":     {Source: oas.NewOptNewsSource("wire")},
		"search":   {Q: oas.NewOptString("quokka")},
	}
	etags := map[string]string{}
	for name, p := range pages {
		_, hdr := mustListNews(t, s, p)
		etags[name] = hdr.Get("ETag")
		if etags[name] == "" || hdr.Get("Cache-Control") != "public, max-age="+itoa(int(s.Config.Cache.NewsTTL/time.Second)) {
			t.Fatalf("%s: headers %v", name, hdr)
		}
		_, hdr = mustListNews(t, s, p)
		if hdr.Get("ETag") != etags[name] {
			t.Errorf("%s: ETag %s then %s for the same representation", name, etags[name], hdr.Get("ETag"))
		}
		p.IfNoneMatch = oas.NewOptString(etags[name])
		if _, err := apitest.NotModified(s.Client.ListNews(ctx, p)); err != nil {
			t.Errorf("%s: conditional GET: %v", name, err)
		}
	}

	// loads counts the database loads of reading every page once.
	loads := func() map[string]bool {
		reloaded := map[string]bool{}
		for name, p := range pages {
			before := originLoads(s)
			_, hdr := mustListNews(t, s, p)
			reloaded[name] = originLoads(s) != before
			if changed := hdr.Get("ETag") != etags[name]; changed != reloaded[name] && changed {
				t.Errorf("%s: ETag changed without a reload", name)
			}
			etags[name] = hdr.Get("ETag")
		}
		return reloaded
	}
	if got := loads(); anyTrue(got) {
		t.Fatalf("warm pages reloaded: %v", got)
	}

	// An article about Y: the unfiltered pages and Y's change; X's and Z's
	// stay cached with their tags.
	beforeY := etags["Y"]
	mustIngest(t, s, newsIn(newsURL("e", 3), "yankee again quokka", "", "wire", newsT0.Add(2*time.Minute), "NWY"))
	got := loads()
	for name, want := range map[string]bool{"X": false, "Z": false, "Y": true, "search Y": true, "all": true, "wire": true, "search": true} {
		if got[name] != want {
			t.Errorf("after an ingestion for NWY, page %s reloaded = %v, want %v", name, got[name], want)
		}
	}
	if etags["Y"] == beforeY {
		t.Error("page Y kept its ETag although it gained an article")
	}

	// Only duplicates: nothing is dropped.
	res := mustIngest(t, s, newsIn(newsURL("e", 1), "xray changed", "", "wire", newsT0, "NWX"))
	if res.Created != 0 {
		t.Fatalf("duplicate created: %+v", res)
	}
	if got := loads(); anyTrue(got) {
		t.Errorf("an ingestion of duplicates dropped pages: %v", got)
	}

	// An article without symbols changes the unfiltered pages only.
	mustIngest(t, s, newsIn(newsURL("e", 4), "nobody quokka", "", "wire", newsT0.Add(3*time.Minute)))
	got = loads()
	for name, want := range map[string]bool{"X": false, "Y": false, "search Y": false, "Z": false, "all": true, "wire": true, "search": true} {
		if got[name] != want {
			t.Errorf("after an ingestion without symbols, page %s reloaded = %v, want %v", name, got[name], want)
		}
	}
}

func anyTrue(m map[string]bool) bool {
	for _, v := range m {
		if v {
			return true
		}
	}
	return false
}
