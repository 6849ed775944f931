package httpapi_test

import (
	"bufio"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/marketpulse/api/internal/apitest"
	"github.com/marketpulse/api/internal/config"
)

// readFrame returns the next server-sent event's lines.
func readFrame(t *testing.T, r *bufio.Reader) []string {
	t.Helper()
	var lines []string
	for {
		l, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("read after %q: %v", lines, err)
		}
		if l = strings.TrimRight(l, "\n"); l == "" {
			return lines
		}
		lines = append(lines, l)
	}
}

// A client of GET /api/stream gets the latest quote, then the one ingested
// after it connected, with the stream's headers.
func TestStreamSnapshotThenChange(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	mustSeedAssets(t, s, "STA")
	t0 := time.Now().UTC().Truncate(time.Second).Add(-time.Minute)
	mustIngestQuotes(t, s, quoteIn("STA", 2, t0))

	resp, err := http.Get(s.URL + "/api/stream?symbols=STA")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/event-stream" ||
		resp.Header.Get("X-Accel-Buffering") != "no" {
		t.Fatalf("status %d, headers %v", resp.StatusCode, resp.Header)
	}
	r := bufio.NewReader(resp.Body)
	snap := readFrame(t, r) // with the id to resume from
	if len(snap) != 3 || !strings.HasPrefix(snap[0], "id: ") || snap[1] != "event: quote" || !strings.Contains(snap[2], `"price":2`) {
		t.Fatalf("snapshot %q", snap)
	}
	mustIngestQuotes(t, s, quoteIn("STA", 3, t0.Add(time.Second)))
	for {
		f := readFrame(t, r)
		if f[0] == "event: heartbeat" {
			continue
		}
		if len(f) != 3 || !strings.HasPrefix(f[0], "id: ") || f[1] != "event: quote" || !strings.Contains(f[2], `"price":3`) {
			t.Fatalf("change %q", f)
		}
		break
	}
}

// No symbols, or too many, is a 400 problem.
func TestStreamRefusesBadSymbols(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	for _, q := range []string{"", "?symbols=", "?symbols=" + strings.Repeat("A,", 50) + "A"} {
		resp, err := http.Get(s.URL + "/api/stream" + q)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest || resp.Header.Get("Content-Type") != "application/problem+json" {
			t.Errorf("%q: %d %s", q, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	}
}

// Past STREAM_MAX_PER_CLIENT open streams, one more is a 429 problem; a
// closed stream frees its place.
func TestStreamPerClientLimit(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t, func(c *config.Config) { c.Stream.MaxPerClient = 1 })
	first, err := http.Get(s.URL + "/api/stream?symbols=AAPL")
	if err != nil {
		t.Fatal(err)
	}
	if first.StatusCode != http.StatusOK {
		t.Fatalf("first stream: %d", first.StatusCode)
	}
	second, err := http.Get(s.URL + "/api/stream?symbols=AAPL")
	if err != nil {
		t.Fatal(err)
	}
	second.Body.Close()
	if second.StatusCode != http.StatusTooManyRequests || second.Header.Get("Content-Type") != "application/problem+json" {
		t.Fatalf("second stream: %d %s", second.StatusCode, second.Header.Get("Content-Type"))
	}
	first.Body.Close()
}

// A client reconnecting with Last-Event-ID gets what it missed from the
// replay ring, not a snapshot.
func TestStreamResumeWithLastEventID(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	mustSeedAssets(t, s, "SRA", "SRB")
	t0 := time.Now().UTC().Truncate(time.Second).Add(-time.Minute)
	resp, err := http.Get(s.URL + "/api/stream?symbols=SRA,SRB")
	if err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(resp.Body)
	mustIngestQuotes(t, s, quoteIn("SRA", 2, t0))
	var lastID string
	for lastID == "" {
		if f := readFrame(t, r); strings.HasPrefix(f[0], "id: ") {
			lastID = strings.TrimPrefix(f[0], "id: ")
		}
	}
	resp.Body.Close()
	mustIngestQuotes(t, s, quoteIn("SRB", 5, t0)) // missed while away

	req, _ := http.NewRequest(http.MethodGet, s.URL+"/api/stream?symbols=SRA,SRB", nil)
	req.Header.Set("Last-Event-ID", lastID)
	again, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Body.Close()
	r = bufio.NewReader(again.Body)
	for {
		f := readFrame(t, r)
		if f[0] == "event: heartbeat" {
			continue
		}
		if len(f) != 3 || !strings.HasPrefix(f[0], "id: ") || !strings.Contains(f[2], `"symbol":"SRB"`) {
			t.Fatalf("first frame after resume %q, want the missed SRB quote with an id", f)
		}
		break
	}
}

// /metrics counts the open streams.
func TestStreamMetricsCountOpenStreams(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	resp, err := http.Get(s.URL + "/api/stream?symbols=AAPL")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	m, err := http.Get(s.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer m.Body.Close()
	body, _ := io.ReadAll(m.Body)
	if !strings.Contains(string(body), "\nstream_open 1\n") {
		t.Fatalf("no stream_open 1 in /metrics")
	}
}

// A new article about a stream's symbol arrives as a news event with the
// REST API's NewsArticle JSON; one about other symbols does not.
func TestStreamNewsEvents(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	mustSeedAssets(t, s, "NWA", "NWB")
	st := openStream(t, s.URL+"/api/stream?symbols=NWA", "/api/stream", nil)
	now := time.Now().UTC().Truncate(time.Second)
	mustIngest(t, s, newsIn("https://example.com/b", "About B only", "s", "wire", now, "NWB"))
	mustIngest(t, s, newsIn("https://example.com/a", "About A and B", "s", "wire", now, "NWA", "NWB"))
	f := st.next()
	if f.Event != "news" || f.ID == "" || !strings.Contains(f.Data, `"title":"About A and B"`) {
		t.Fatalf("got %+v, want the article about NWA", f)
	}
}
