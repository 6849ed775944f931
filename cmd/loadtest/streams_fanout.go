package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// fanoutResult is what the fan-out scenario measured.
type fanoutResult struct {
	Streams, Symbols, Updates int
	Expected, Received        int64 // deliveries: an update times its streams
	Dropped                   int64 // streams told they were too slow
	Errors                    int64
	Latencies                 []time.Duration
	Elapsed                   time.Duration
}

// fanout tracks the updates in flight: when each was sent.
type fanout struct {
	mu        sync.Mutex
	sent      map[string]time.Time // "SYMBOL|price" → send time
	latencies []time.Duration
	received  atomic.Int64
	dropped   atomic.Int64
}

func (f *fanout) arrived(key string, at time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if t, ok := f.sent[key]; ok {
		f.latencies = append(f.latencies, at.Sub(t))
		f.received.Add(1)
	}
}

// runFanout opens o.Streams streams of o.PerStream symbols each on
// streamsOn and sends o.UpdatesPerSec quote updates per second through srv's
// admin API for o.FanoutDuration, timing each event from its ingest request
// to its read.
func runFanout(ctx context.Context, srv, streamsOn *server, o streamOptions, symbols []string) (fanoutResult, error) {
	res := fanoutResult{Streams: o.Streams, Symbols: len(symbols)}
	f := &fanout{sent: map[string]time.Time{}}
	subscribers := make(map[string]int64, len(symbols))
	client := &http.Client{Transport: &http.Transport{MaxConnsPerHost: 0, DisableCompression: true}}
	sctx, stop := context.WithCancel(ctx)
	defer stop()
	var wg sync.WaitGroup
	for i := 0; i < o.Streams; i++ {
		var mine []string
		for k := 0; k < o.PerStream; k++ {
			sym := symbols[(i*o.PerStream+k)%len(symbols)]
			mine = append(mine, sym)
			subscribers[sym]++
		}
		req, _ := http.NewRequestWithContext(sctx, http.MethodGet, streamsOn.URL+"/api/stream?symbols="+strings.Join(mine, ","), nil)
		resp, err := client.Do(req)
		if err != nil || resp.StatusCode != http.StatusOK {
			return res, fmt.Errorf("fan-out stream %d: %v %v", i, err, resp)
		}
		wg.Go(func() { readQuotes(resp, f) })
	}
	start := time.Now()
	updates, errs := publishQuotes(sctx, srv, o, symbols, f, subscribers, &res.Expected)
	res.Elapsed, res.Updates, res.Errors = time.Since(start), updates, errs
	time.Sleep(time.Second) // the last updates' deliveries: a measurement pause
	stop()
	wg.Wait()
	res.Received, res.Dropped = f.received.Load(), f.dropped.Load()
	res.Latencies = f.latencies
	return res, nil
}

// readQuotes reads a stream's events until it ends, timing the quotes.
func readQuotes(resp *http.Response, f *fanout) {
	defer resp.Body.Close()
	r := bufio.NewReader(resp.Body)
	event := ""
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimSuffix(line, "\n")
		switch {
		case strings.HasPrefix(line, "event: "):
			event = strings.TrimPrefix(line, "event: ")
			if event == "dropped" {
				f.dropped.Add(1)
			}
		case strings.HasPrefix(line, "data: ") && event == "quote":
			at := time.Now()
			var q struct {
				Symbol string  `json:"symbol"`
				Price  float64 `json:"price"`
			}
			if json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &q) == nil {
				f.arrived(q.Symbol+"|"+strconv.FormatFloat(q.Price, 'f', -1, 64), at)
			}
		}
	}
}

// publishQuotes ingests batches every 50 ms, each symbol in turn with a
// price never sent before, and counts the deliveries they owe.
func publishQuotes(ctx context.Context, srv *server, o streamOptions, symbols []string, f *fanout,
	subscribers map[string]int64, expected *int64) (updates int, errs int64) {
	const tick = 50 * time.Millisecond
	perTick := max(1, o.UpdatesPerSec*int(tick)/int(time.Second))
	t := time.NewTicker(tick)
	defer t.Stop()
	end := time.Now().Add(o.FanoutDuration)
	next := 0
	for time.Now().Before(end) {
		select {
		case <-ctx.Done():
			return updates, errs
		case <-t.C:
		}
		type quoteIn struct {
			Symbol   string    `json:"symbol"`
			Price    float64   `json:"price"`
			AsOf     time.Time `json:"asOf"`
			Provider string    `json:"provider"`
		}
		batch := make([]quoteIn, 0, perTick)
		now := time.Now().UTC()
		f.mu.Lock()
		for range perTick {
			sym := symbols[next%len(symbols)]
			price := 100 + float64(next)/100
			next++
			batch = append(batch, quoteIn{Symbol: sym, Price: price, AsOf: now, Provider: "loadtest"})
			f.sent[sym+"|"+strconv.FormatFloat(price, 'f', -1, 64)] = time.Now()
			*expected += subscribers[sym]
		}
		f.mu.Unlock()
		body, _ := json.Marshal(map[string]any{"quotes": batch})
		if err := srv.admin(ctx, http.MethodPost, "/api/quotes", body); err != nil {
			errs++
			continue
		}
		updates += len(batch)
	}
	return updates, errs
}

// admin sends an admin request and wants a 2xx.
func (s *server) admin(ctx context.Context, method, path string, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, method, s.URL+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+loadtestAdminToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		var b bytes.Buffer
		_, _ = b.ReadFrom(resp.Body)
		return fmt.Errorf("%s %s: %s %s", method, path, resp.Status, b.String())
	}
	return nil
}
