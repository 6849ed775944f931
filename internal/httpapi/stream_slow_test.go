//go:build linux

package httpapi_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apitest"
	"github.com/marketpulse/api/internal/config"
)

// roundWait bounds how long a client that reads may wait for one change.
// It is shorter than the server's write deadline (stream.ServeOptions
// WriteSlack, 10 s): were a write blocked on the slow client to hold up the
// others, they would wait for that deadline and fail here.
const roundWait = 5 * time.Second

// streamConn is a stream over a connection of its own, kept so that the
// test can bound its reads.
type streamConn struct {
	*eventStream
	conn net.Conn
}

// openStreamConn opens GET /api/stream?symbols=... on a connection of its
// own. A tiny one has the smallest receive buffer and segments the kernel
// allows (set before connecting, so the window and the server's send
// buffer, sized from the segment size, stay small): while the test does not
// read it, the server's writes to it block after a few dozen KiB.
func openStreamConn(t *testing.T, s *apitest.Server, symbols []string, tiny bool) *streamConn {
	t.Helper()
	d := &net.Dialer{}
	if tiny {
		d.Control = func(_, _ string, rc syscall.RawConn) error {
			var serr error
			err := rc.Control(func(fd uintptr) {
				serr = errors.Join(
					syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 1),
					syscall.SetsockoptInt(int(fd), syscall.IPPROTO_TCP, syscall.TCP_MAXSEG, 536))
			})
			return errors.Join(err, serr)
		}
	}
	conns := make(chan net.Conn, 1)
	tr := &http.Transport{DisableCompression: true, DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := d.DialContext(ctx, network, addr)
		if err == nil {
			conns <- c
		}
		return c, err
	}}
	t.Cleanup(tr.CloseIdleConnections)
	es := openStreamWith(t, &http.Client{Transport: tr}, s.URL+"/api/stream?symbols="+strings.Join(symbols, ","), "/api/stream", nil)
	return &streamConn{eventStream: es, conn: <-conns}
}

// quote returns the next event, which must be a quote, decoded.
func (c *streamConn) quote() (id uint64, sym string, price float64) {
	c.t.Helper()
	f := c.next()
	var q struct {
		Symbol string  `json:"symbol"`
		Price  float64 `json:"price"`
	}
	if f.Event != "quote" {
		c.t.Fatalf("got %+v, want a quote", f)
	}
	if err := json.Unmarshal([]byte(f.Data), &q); err != nil {
		c.t.Fatalf("quote %q: %v", f.Data, err)
	}
	id, err := strconv.ParseUint(f.ID, 10, 64)
	if err != nil {
		c.t.Fatalf("quote id %q: %v", f.ID, err)
	}
	return id, q.Symbol, q.Price
}

// stalled is a slow and a fast client of the same symbols after stallSlow.
type stalled struct {
	s          *apitest.Server
	symbols    []string
	slow, fast *streamConn
	t0         time.Time
	rounds     int // changes of each symbol published so far; the last price is rounds
	lastID     uint64
}

// round ingests a quote of each symbol at price r+1 and checks that the
// fast client receives every one, in order, within roundWait.
func (st *stalled) round(t *testing.T) {
	t.Helper()
	st.rounds++
	price := float64(st.rounds)
	in := make([]oas.QuoteInput, len(st.symbols))
	for i, sym := range st.symbols {
		in[i] = quoteIn(sym, price, st.t0.Add(time.Duration(st.rounds)*time.Second))
	}
	mustIngestQuotes(t, st.s, in...)
	_ = st.fast.conn.SetReadDeadline(time.Now().Add(roundWait))
	seen := map[string]bool{}
	for range st.symbols {
		id, sym, p := st.fast.quote()
		if id <= st.lastID || p != price || seen[sym] {
			t.Fatalf("round %d: fast client got %s at %v (id %d after %d), want each symbol once at %v, in order",
				st.rounds, sym, p, id, st.lastID, price)
		}
		seen[sym] = true
		st.lastID = id
	}
}

// stallSlow opens a tiny slow client that reads nothing and a fast client
// of symbols, then publishes rounds of changes, each read by the fast
// client, until the server has not taken a single event for the slow one
// over stuckRounds rounds: its write to the slow client is blocked. Those
// rounds coalesce every symbol for the slow client, so each adds exactly
// len(symbols) to the hub's Coalesced (the fast client, which reads each
// round before the next, never coalesces), unless the slow client is
// dropped first.
func stallSlow(t *testing.T, s *apitest.Server, symbols []string, stuckRounds int) *stalled {
	t.Helper()
	mustSeedAssets(t, s, symbols...)
	st := &stalled{
		s: s, symbols: symbols, t0: time.Now().UTC().Truncate(time.Second).Add(-time.Hour),
		slow: openStreamConn(t, s, symbols, true),
		fast: openStreamConn(t, s, symbols, false),
	}
	hub := s.API.Stream.Hub()
	for stuck := 0; stuck < stuckRounds; {
		if st.rounds == 2000 {
			t.Fatalf("the server's writes to the slow client never blocked in %d rounds (stats %+v)", st.rounds, hub.Stats())
		}
		before := hub.Stats()
		st.round(t)
		after := hub.Stats()
		if after.SlowDropped > 0 {
			return st
		}
		if after.Coalesced-before.Coalesced == uint64(len(symbols)) {
			stuck++
		} else {
			stuck = 0
		}
	}
	return st
}

// A client that stops reading does not delay another client of the same
// symbols: while the server's write to the slow one is blocked, the other
// gets every change, in order, each within roundWait; the slow one, on few
// symbols, is not dropped.
func TestStreamSlowConsumerDoesNotDelayOthers(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	st := stallSlow(t, s, []string{"SLA", "SLB", "SLC"}, 5)
	for range 20 {
		st.round(t)
	}
	if stats := s.API.Stream.Hub().Stats(); stats.SlowDropped != 0 || stats.Open != 2 {
		t.Fatalf("stats %+v, want both streams open", stats)
	}
	t.Logf("the slow client's writes blocked after %d rounds of %d quotes", st.rounds-20, len(st.symbols))
}

// A slow client's undelivered changes coalesce per symbol: when it reads
// again it gets what the connection held, then the latest quote of each
// symbol, not every one in between, and nothing else.
func TestStreamSlowConsumerCoalesces(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	st := stallSlow(t, s, []string{"SCA", "SCB"}, 5)
	stats := s.API.Stream.Hub().Stats()
	if stats.SlowDropped != 0 || stats.Coalesced < 5*uint64(len(st.symbols)) {
		t.Fatalf("stats %+v, want the slow client's changes coalesced, none dropped", stats)
	}
	published := st.rounds * len(st.symbols)

	_ = st.slow.conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	last := map[string]float64{}
	received := 0
	var lastID uint64
	for len(last) < len(st.symbols) || !allAt(last, float64(st.rounds)) {
		id, sym, p := st.slow.quote()
		if id <= lastID || p <= last[sym] {
			t.Fatalf("slow client got %s at %v (id %d after %d) after %v", sym, p, id, lastID, last[sym])
		}
		lastID, last[sym] = id, p
		received++
	}
	if want := published - int(stats.Coalesced); received != want {
		t.Fatalf("slow client got %d quotes, want %d: %d published less %d coalesced", received, want, published, stats.Coalesced)
	}
	t.Logf("%d quotes published, %d coalesced for the slow client", published, stats.Coalesced)
	if stats := s.API.Stream.Hub().Stats(); stats.Open != 2 || stats.SlowDropped != 0 {
		t.Fatalf("stats %+v after the slow client read, want both streams open", stats)
	}
}

func allAt(m map[string]float64, v float64) bool {
	for _, x := range m {
		if x != v {
			return false
		}
	}
	return true
}

// A slow client more than STREAM_MAX_PENDING symbols behind is dropped:
// the other client of its symbols goes on, /metrics counts the drop, and
// when the slow one reads again it gets what was written and pending, then
// a dropped event, then the end of the stream.
func TestStreamSlowConsumerDropped(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t, func(c *config.Config) { c.Stream.MaxPending = 2 })
	// One symbol a round, so the fast client never has more than one
	// pending; the slow one, once stuck, has 2, then a third overflows.
	symbols := []string{"SDA", "SDB", "SDC", "SDD"}
	mustSeedAssets(t, s, symbols...)
	st := &stalled{
		s: s, t0: time.Now().UTC().Truncate(time.Second).Add(-time.Hour),
		slow: openStreamConn(t, s, symbols, true),
		fast: openStreamConn(t, s, symbols, false),
	}
	hub := s.API.Stream.Hub()
	for hub.Stats().SlowDropped == 0 {
		if st.rounds == 8000 {
			t.Fatalf("the slow client was never dropped in %d rounds (stats %+v)", st.rounds, hub.Stats())
		}
		st.symbols = symbols[st.rounds%len(symbols) : st.rounds%len(symbols)+1]
		st.round(t)
	}
	if stats := hub.Stats(); stats.SlowDropped != 1 || stats.Open != 1 || stats.Coalesced != 0 {
		t.Fatalf("stats %+v, want the slow stream dropped, the fast one open, nothing coalesced", stats)
	}
	st.round(t) // the fast client goes on
	if m := mustMetrics(t, s); !strings.Contains(m, "\nstream_slow_consumers_dropped_total 1\n") {
		t.Fatalf("no stream_slow_consumers_dropped_total 1 in /metrics")
	}

	_ = st.slow.conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	quotes := 0
	for {
		f := st.slow.next()
		if f.Event == "dropped" {
			if f.Data != `{"reason":"slow_consumer"}` {
				t.Fatalf("dropped event %+v", f)
			}
			break
		}
		if f.Event != "quote" {
			t.Fatalf("slow client got %+v before the dropped event", f)
		}
		quotes++
	}
	// What the connection held, and the MaxPending pending: not the quote
	// that overflowed, nor the round after the drop.
	if want := st.rounds - 2; quotes != want {
		t.Fatalf("slow client got %d quotes before the dropped event, want %d", quotes, want)
	}
	if _, err := io.ReadAll(st.slow.resp.Body); err != nil {
		t.Fatalf("after the dropped event: %v, want the end of the stream", err)
	}
	t.Logf("the slow client was dropped after %d rounds of one quote", st.rounds-1)
}

// mustMetrics returns the body of GET /metrics.
func mustMetrics(t *testing.T, s *apitest.Server) string {
	t.Helper()
	resp, err := http.Get(s.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(body)
}
