package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// load is one measurement: a closed loop of workers, each sending its next
// request as soon as the previous answer has been read.
type load struct {
	URLs        []string // requested in turn across all workers
	Start       int      // index of the first URL requested
	Concurrency int
	Warmup      time.Duration
	Duration    time.Duration
}

// result is what a load measured.
type result struct {
	Requests  int             // completed in the measured window
	Errors    int             // of which non-2xx or failed
	Elapsed   time.Duration   // the measured window
	Latencies []time.Duration // of the successful requests, sorted
	Samples   []string        // a few distinct error descriptions
}

// RPS is the throughput of successful and failed requests alike.
func (r result) RPS() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Requests) / r.Elapsed.Seconds()
}

const maxSamples = 3

// newClient is a keep-alive client with one idle connection per worker.
// Compression is off so the server and the baseline send the same bytes.
func newClient(workers int) *http.Client {
	return &http.Client{
		Timeout: 10 * time.Second,
		Transport: &http.Transport{
			MaxIdleConns:        workers,
			MaxIdleConnsPerHost: workers,
			IdleConnTimeout:     time.Minute,
			DisableCompression:  true,
		},
	}
}

// run drives l against its URLs: warm-up, then the measured window.
func (l load) run(ctx context.Context) result {
	client := newClient(l.Concurrency)
	defer client.CloseIdleConnections()
	start := time.Now()
	measureFrom := start.Add(l.Warmup)
	end := measureFrom.Add(l.Duration)

	var next atomic.Uint64
	next.Store(uint64(l.Start))
	per := make([]workerResult, l.Concurrency)
	var wg sync.WaitGroup
	for w := range l.Concurrency {
		wg.Go(func() {
			per[w] = l.worker(ctx, client, &next, measureFrom, end)
		})
	}
	wg.Wait()

	var r result
	r.Elapsed = min(time.Since(measureFrom), l.Duration)
	for _, p := range per {
		r.Requests += p.requests
		r.Errors += p.errors
		r.Latencies = append(r.Latencies, p.latencies...)
		for _, s := range p.samples {
			if len(r.Samples) < maxSamples && !slices.Contains(r.Samples, s) {
				r.Samples = append(r.Samples, s)
			}
		}
	}
	slices.Sort(r.Latencies)
	return r
}

// workerResult is one worker's share of a result.
type workerResult struct {
	requests, errors int
	latencies        []time.Duration
	samples          []string
}

func (l load) worker(ctx context.Context, client *http.Client, next *atomic.Uint64, measureFrom, end time.Time) workerResult {
	wr := workerResult{latencies: make([]time.Duration, 0, 1<<14)}
	// One URL: reuse one request; several: build each (the URL changes).
	var fixed *http.Request
	if len(l.URLs) == 1 {
		fixed, _ = http.NewRequestWithContext(ctx, http.MethodGet, l.URLs[0], nil)
	}
	for ctx.Err() == nil {
		req := fixed
		if req == nil {
			u := l.URLs[(next.Add(1)-1)%uint64(len(l.URLs))]
			req, _ = http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		}
		t0 := time.Now()
		if !t0.Before(end) {
			break
		}
		errText := do(client, req)
		d := time.Since(t0)
		if t0.Before(measureFrom) {
			continue
		}
		wr.requests++
		if errText != "" {
			wr.errors++
			if len(wr.samples) < maxSamples && !slices.Contains(wr.samples, errText) {
				wr.samples = append(wr.samples, errText)
			}
			continue
		}
		wr.latencies = append(wr.latencies, d)
	}
	return wr
}

// do sends req and reads the whole body. It returns "" on a 2xx, else a
// short description of what went wrong.
func do(client *http.Client, req *http.Request) string {
	resp, err := client.Do(req)
	if err != nil {
		return err.Error()
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 == 2 {
		if _, err := io.Copy(io.Discard, resp.Body); err != nil {
			return "reading body: " + err.Error()
		}
		return ""
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 300))
	io.Copy(io.Discard, resp.Body)
	return fmt.Sprintf("%s %s → %d %s", req.Method, req.URL.RequestURI(), resp.StatusCode, body)
}
