package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"slices"
)

// loadtestAdminToken is the throwaway server's ADMIN_TOKEN, new each run.
var loadtestAdminToken = func() string {
	var b [24]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}()

// streamServerEnv is what the stream scenarios add to the server's
// environment: streams from one address without a limit in the way, and no
// refresher, so that every quote change is one the scenario sent.
var streamServerEnv = []string{"STREAM_MAX_PER_CLIENT=100000", "REFRESH_ENABLED=false"}

// runStreamScenarios runs the idle and fan-out scenarios and prints them
// with their verdicts.
func runStreamScenarios(ctx context.Context, srv *server, lo options, o streamOptions, stdout, progress io.Writer) ([]verdict, error) {
	symbols := make([]string, o.Symbols)
	fmt.Fprintf(progress, "creating %d assets …\n", o.Symbols)
	for i := range symbols {
		symbols[i] = fmt.Sprintf("LT%04d", i+1)
		body := fmt.Sprintf(`{"symbol":%q,"name":"Load test %d","type":"crypto"}`, symbols[i], i+1)
		if err := srv.admin(ctx, http.MethodPost, "/api/assets", []byte(body)); err != nil {
			return nil, err
		}
	}
	fmt.Fprintf(progress, "holding %d idle streams …\n", o.Idle)
	idle, closeIdle, err := runIdleStreams(ctx, srv, o, symbols)
	closeIdle()
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(progress, "fanning %d updates/s out to %d streams for %s …\n", o.UpdatesPerSec, o.Streams, o.FanoutDuration)
	fan, err := runFanout(ctx, srv, srv, o, symbols)
	if err != nil {
		return nil, err
	}
	printStreams(stdout, idle, fan)
	verdicts := streamVerdicts(idle, fan)
	if len(lo.ExtraEnv) == 0 {
		return verdicts, nil
	}
	across, err := runAcross(ctx, srv, lo, o, symbols, progress)
	if err != nil {
		return nil, err
	}
	printAcross(stdout, across)
	return append(verdicts, acrossVerdicts(across)...), nil
}

// runAcross starts a second instance on the same database and Valkey and
// fans the updates ingested on the first out to streams on the second.
func runAcross(ctx context.Context, srv *server, lo options, o streamOptions, symbols []string, progress io.Writer) (fanoutResult, error) {
	fmt.Fprintln(progress, "starting a second instance on the same database and Valkey …")
	peer, err := srv.peer(ctx, lo, append(slices.Clone(streamServerEnv), lo.ExtraEnv...))
	if err != nil {
		return fanoutResult{}, err
	}
	defer peer.Stop()
	o.Streams = max(1, o.Streams/5)
	fmt.Fprintf(progress, "fanning %d updates/s from instance A out to %d streams on instance B for %s …\n",
		o.UpdatesPerSec, o.Streams, o.FanoutDuration)
	return runFanout(ctx, srv, peer, o, symbols)
}

func printAcross(w io.Writer, fan fanoutResult) {
	lat := slices.Clone(fan.Latencies)
	slices.Sort(lat)
	fmt.Fprintf(w, "\nacross instances (ingest on A, streams on B, one Valkey): %d streams, %d updates (%.0f/s)\n",
		fan.Streams, fan.Updates, float64(fan.Updates)/fan.Elapsed.Seconds())
	fmt.Fprintf(w, "  deliveries %d of %d expected, %d streams dropped as slow\n", fan.Received, fan.Expected, fan.Dropped)
	if len(lat) > 0 {
		fmt.Fprintf(w, "  ingest request on A → event read on B: p50 %s  p99 %s  max %s\n",
			fmtDuration(percentile(lat, 50)), fmtDuration(percentile(lat, 99)), fmtDuration(lat[len(lat)-1]))
	}
}

func acrossVerdicts(fan fanoutResult) []verdict {
	lat := slices.Clone(fan.Latencies)
	slices.Sort(lat)
	v := verdict{Scenario: "across instances", Target: "delivery p99 ≤ " + fmtDuration(maxAcrossP99), Status: fail, Detail: "no deliveries"}
	if len(lat) > 0 {
		v.Detail = fmtDuration(percentile(lat, 99))
		if percentile(lat, 99) <= maxAcrossP99 {
			v.Status = pass
		}
	}
	all := verdict{Scenario: "across instances", Target: "every delivery made", Status: pass,
		Detail: fmt.Sprintf("%d of %d delivered, %d dropped", fan.Received, fan.Expected, fan.Dropped)}
	if fan.Received < fan.Expected || fan.Dropped > 0 || fan.Errors > 0 {
		all.Status = fail
	}
	return []verdict{v, all}
}

func printStreams(w io.Writer, idle idleResult, fan fanoutResult) {
	const kib = 1024.0
	fmt.Fprintf(w, "\nidle streams: %d held\n", idle.Streams)
	fmt.Fprintf(w, "  server RSS %.1f → %.1f MiB: %.1f KiB per stream\n",
		float64(idle.RSSBefore)/kib/kib, float64(idle.RSSAfter)/kib/kib, idle.perStream()/kib)
	fmt.Fprintf(w, "  heap in use %.1f → %.1f MiB: %.1f KiB per stream; goroutines %.0f → %.0f (%.1f per stream)\n",
		idle.HeapBefore/kib/kib, idle.HeapAfter/kib/kib, idle.heapPerStream()/kib,
		idle.GoroutinesBefore, idle.GorAfter, (idle.GorAfter-idle.GoroutinesBefore)/float64(idle.Streams))
	lat := slices.Clone(fan.Latencies)
	slices.Sort(lat)
	fmt.Fprintf(w, "\nfan-out: %d streams × %d symbols each over %d symbols, %d updates in %s (%.0f/s), %d ingest errors\n",
		fan.Streams, fanPerStream(fan), fan.Symbols, fan.Updates, fmtDuration(fan.Elapsed),
		float64(fan.Updates)/fan.Elapsed.Seconds(), fan.Errors)
	fmt.Fprintf(w, "  deliveries %d of %d expected, %d streams dropped as slow\n", fan.Received, fan.Expected, fan.Dropped)
	if len(lat) > 0 {
		fmt.Fprintf(w, "  ingest request → event read: p50 %s  p99 %s  max %s\n",
			fmtDuration(percentile(lat, 50)), fmtDuration(percentile(lat, 99)), fmtDuration(lat[len(lat)-1]))
	}
}

func fanPerStream(fan fanoutResult) int {
	if fan.Streams == 0 {
		return 0
	}
	return int(fan.Expected) / max(1, fan.Updates) * fan.Symbols / fan.Streams
}

func streamVerdicts(idle idleResult, fan fanoutResult) []verdict {
	per := idle.perStream()
	v := []verdict{{Scenario: "idle streams", Target: "server RSS ≤ 16 KiB per stream", Status: pass,
		Detail: fmt.Sprintf("%.1f KiB", per/1024)}}
	if per > maxBytesPerIdleStream {
		v[0].Status = fail
	}
	lat := slices.Clone(fan.Latencies)
	slices.Sort(lat)
	p99 := verdict{Scenario: "fan-out", Target: "delivery p99 ≤ " + fmtDuration(maxFanoutP99), Status: fail, Detail: "no deliveries"}
	if len(lat) > 0 {
		p99.Detail = fmtDuration(percentile(lat, 99))
		if percentile(lat, 99) <= maxFanoutP99 {
			p99.Status = pass
		}
	}
	drops := verdict{Scenario: "fan-out", Target: "no drops, every delivery made", Status: pass,
		Detail: fmt.Sprintf("%d dropped, %d of %d delivered, %d ingest errors", fan.Dropped, fan.Received, fan.Expected, fan.Errors)}
	if fan.Dropped > 0 || fan.Received < fan.Expected || fan.Errors > 0 {
		drops.Status = fail
	}
	return append(v, p99, drops)
}
