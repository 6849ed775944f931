package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
)

// The stream scenarios (-streams): idle streams held open and their memory
// on the server, then quotes fanned out to many streams and the delivery
// latency, from the ingest request to the event read by the client.

// streamTargets are issue 12's targets.
const (
	maxBytesPerIdleStream = 16 << 10
	maxFanoutP99          = 250 * time.Millisecond
	maxAcrossP99          = 100 * time.Millisecond
)

// streamOptions size the stream scenarios.
type streamOptions struct {
	Idle            int           // idle streams held open
	Streams         int           // streams of the fan-out scenario
	Symbols         int           // symbols they spread over
	PerStream       int           // symbols per stream
	UpdatesPerSec   int           // quote updates per second
	FanoutDuration  time.Duration // measured time of the fan-out scenario
	settleAfterIdle time.Duration
}

func defaultStreamOptions(quick bool) streamOptions {
	o := streamOptions{Idle: 10000, Streams: 1000, Symbols: 500, PerStream: 5, UpdatesPerSec: 200,
		FanoutDuration: 10 * time.Second, settleAfterIdle: 2 * time.Second}
	if quick {
		o.Idle, o.Streams, o.FanoutDuration, o.settleAfterIdle = 1000, 100, 2*time.Second, 500*time.Millisecond
	}
	return o
}

// idleResult is what holding idle streams cost the server.
type idleResult struct {
	Streams                    int
	RSSBefore, RSSAfter        int64
	HeapBefore, HeapAfter      float64
	GoroutinesBefore, GorAfter float64
}

func (r idleResult) perStream() float64 { return float64(r.RSSAfter-r.RSSBefore) / float64(r.Streams) }
func (r idleResult) heapPerStream() float64 {
	return (r.HeapAfter - r.HeapBefore) / float64(r.Streams)
}

// runIdleStreams opens o.Idle streams that read nothing and measures the
// server's RSS, heap in use and goroutines before and after.
func runIdleStreams(ctx context.Context, srv *server, o streamOptions, symbols []string) (idleResult, func(), error) {
	res := idleResult{Streams: o.Idle}
	var err error
	if res.RSSBefore, res.HeapBefore, res.GoroutinesBefore, err = srv.memory(); err != nil {
		return res, func() {}, err
	}
	addr := strings.TrimPrefix(srv.URL, "http://")
	conns := make([]net.Conn, 0, o.Idle)
	closeAll := func() {
		for _, c := range conns {
			c.Close()
		}
	}
	for i := 0; i < o.Idle; i++ {
		c, err := openRawStream(ctx, addr, "/api/stream?symbols="+symbols[i%len(symbols)])
		if err != nil {
			closeAll()
			return res, func() {}, fmt.Errorf("idle stream %d: %w", i, err)
		}
		conns = append(conns, c)
	}
	time.Sleep(o.settleAfterIdle) // a measurement pause, not a synchronisation
	if res.RSSAfter, res.HeapAfter, res.GorAfter, err = srv.memory(); err != nil {
		closeAll()
		return res, func() {}, err
	}
	return res, closeAll, nil
}

// openRawStream sends a GET over a new connection and returns it once the
// 200 headers are read; the caller reads the events, or leaves them.
func openRawStream(ctx context.Context, addr, path string) (net.Conn, error) {
	var d net.Dialer
	c, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: %s\r\nAccept: text/event-stream\r\n\r\n", path, addr)
	_ = c.SetReadDeadline(time.Now().Add(30 * time.Second))
	r := bufio.NewReaderSize(c, 512)
	status, err := r.ReadString('\n')
	if err != nil || !strings.Contains(status, " 200 ") {
		c.Close()
		return nil, fmt.Errorf("status %q: %v", strings.TrimSpace(status), err)
	}
	for {
		l, err := r.ReadString('\n')
		if err != nil {
			c.Close()
			return nil, err
		}
		if l == "\r\n" {
			break
		}
	}
	_ = c.SetReadDeadline(time.Time{})
	return &bufferedConn{Conn: c, r: r}, nil
}

// bufferedConn keeps what the header read buffered.
type bufferedConn struct {
	net.Conn
	r *bufio.Reader
}

func (b *bufferedConn) Read(p []byte) (int, error) { return b.r.Read(p) }

// memory reads the server's RSS from /proc and its heap in use and
// goroutines from /metrics.
func (s *server) memory() (rss int64, heap, goroutines float64, err error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0, 0, 0, fmt.Errorf("server RSS: %w", err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			rss = kb << 10
		}
	}
	m, err := scrape(s.URL + "/metrics")
	if err != nil {
		return rss, 0, 0, err
	}
	return rss, m["go_memstats_heap_inuse_bytes"], m["go_goroutines"], nil
}

// scrape reads the unlabelled samples of a Prometheus text page.
func scrape(url string) (map[string]float64, error) {
	resp, err := http.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, errors.New("metrics: " + resp.Status)
	}
	out := map[string]float64{}
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), " ")
		if !ok || strings.HasPrefix(name, "#") || strings.Contains(name, "{") {
			continue
		}
		if f, err := strconv.ParseFloat(value, 64); err == nil {
			out[name] = f
		}
	}
	return out, sc.Err()
}
