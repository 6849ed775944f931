// Command loadtest measures the API on loopback: it builds marketpulse,
// seeds a throwaway database with the demo market, starts the server with
// the rate limits lifted and drives each scenario with a closed-loop
// generator, next to a bare net/http server answering the same bytes.
//
//	go run ./cmd/loadtest [-duration 5s] [-concurrency 32] [-quick] [-strict]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	if len(os.Args) == 3 && os.Args[1] == baselineFlag {
		if err := serveBaseline(os.Args[2], os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "loadtest baseline:", err)
			os.Exit(1)
		}
		return
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

// options are the command-line flags.
type options struct {
	Duration, Warmup time.Duration
	Concurrency      int
	Articles         int
	Src, LogLevel    string
	Strict           bool
	Streams          bool // the stream scenarios instead of the HTTP ones
	Quick            bool
	ExtraEnv         []string // more of the server's environment
}

// errTargetsMissed is returned with -strict when a target fails.
var errTargetsMissed = errors.New("targets missed")

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.DurationVar(&o.Duration, "duration", 5*time.Second, "measured time per scenario")
	fs.DurationVar(&o.Warmup, "warmup", time.Second, "unmeasured load before each scenario")
	fs.IntVar(&o.Concurrency, "concurrency", 32, "concurrent workers (and keep-alive connections)")
	fs.IntVar(&o.Articles, "news", 10000, "news articles in the seeded database")
	fs.StringVar(&o.Src, "src", ".", "module root to build ./cmd/marketpulse from")
	fs.StringVar(&o.LogLevel, "log-level", "warn", "LOG_LEVEL of the server (info logs every request)")
	fs.BoolVar(&o.Strict, "strict", false, "exit non-zero when a target fails")
	quick := fs.Bool("quick", false, "1s per scenario, 200ms warm-up (a smoke run, not a measurement)")
	fs.BoolVar(&o.Streams, "streams", false, "the stream scenarios: 10,000 idle streams, then 200 quote updates/s to 1,000 streams")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	o.Quick = *quick
	if *quick {
		o.Duration, o.Warmup = time.Second, 200*time.Millisecond
	}
	switch {
	case o.Duration <= 0 || o.Duration > 10*time.Minute:
		return o, fmt.Errorf("-duration %s: want (0, 10m]", o.Duration)
	case o.Warmup < 0 || o.Warmup > time.Minute:
		return o, fmt.Errorf("-warmup %s: want [0, 1m]", o.Warmup)
	case o.Concurrency < 1 || o.Concurrency > 1024:
		return o, fmt.Errorf("-concurrency %d: want 1..1024", o.Concurrency)
	case o.Articles < 1 || o.Articles > 100000:
		return o, fmt.Errorf("-news %d: want 1..100000", o.Articles)
	}
	return o, nil
}

// run is the whole program; main supplies the process's context, arguments
// and output streams.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	if o.Streams {
		return runStreamsMain(ctx, o, stdout, stderr)
	}
	srv, err := startServer(ctx, o, stderr)
	if err != nil {
		return err
	}
	results, mem, runErr := runAll(ctx, srv, o, stderr)
	stopErr := srv.Stop()
	if runErr != nil {
		return errors.Join(runErr, stopErr)
	}
	fmt.Fprintf(stdout, "\n%d workers, %s per scenario after %s warm-up, %d news articles, server log level %s (then info, to a file)\n\n",
		o.Concurrency, o.Duration, o.Warmup, o.Articles, o.LogLevel)
	printResults(stdout, results)
	verdicts := append(evaluate(results), mem...)
	fmt.Fprintln(stdout)
	printVerdicts(stdout, verdicts)
	printErrors(stdout, results)
	if stopErr != nil {
		return stopErr
	}
	if o.Strict && !allPass(verdicts) {
		return errTargetsMissed
	}
	return nil
}

// idleSettle is how long the server runs untouched before its idle memory
// is read: start-up work (warming, the first simulated quotes) is over.
const idleSettle = 3 * time.Second

// runAll reads the idle memory, runs the scenarios at o.LogLevel, reads the
// peak memory, then restarts the server at info level logging to a file
// and runs the warm scenarios again.
func runAll(ctx context.Context, srv *server, o options, progress io.Writer) ([]scenarioResult, []verdict, error) {
	select {
	case <-ctx.Done():
		return nil, nil, ctx.Err()
	case <-time.After(idleSettle):
	}
	idle, idleErr := readMemory(srv.pid())
	var results []scenarioResult
	for _, sc := range scenarios() {
		r, err := runScenarios(ctx, srv.URL, o, []scenario{sc}, progress)
		if err != nil {
			return nil, nil, err
		}
		if m, err := readMemory(srv.pid()); err == nil {
			fmt.Fprintf(progress, "  server RSS %.1f MiB (%.1f anonymous), high-water mark %.1f MiB\n", mib(m.RSS), mib(m.Anon), mib(m.Peak))
		}
		results = append(results, r...)
	}
	peak, peakErr := readMemory(srv.pid())
	mem := []verdict{
		memoryVerdict(fmt.Sprintf("idle RSS ≤ %.0f MiB", maxIdleMiB), idle.RSS, maxIdleMiB, idle, idleErr),
		memoryVerdict(fmt.Sprintf("peak RSS ≤ %.0f MiB", maxPeakMiB), peak.Peak, maxPeakMiB, peak, peakErr),
	}
	if o.LogLevel == "info" {
		return results, mem, nil
	}
	fmt.Fprintln(progress, "restarting the server with LOG_LEVEL=info, logging to a file …")
	if err := srv.restart(ctx, o, "info"); err != nil {
		return nil, nil, err
	}
	info, err := runScenarios(ctx, srv.URL, o, infoScenarios(), progress)
	if err != nil {
		return nil, nil, err
	}
	return append(results, info...), mem, nil
}

// runStreamsMain starts valkey-server (when on the PATH) and the server,
// runs the stream scenarios and stops both.
func runStreamsMain(ctx context.Context, o options, stdout, stderr io.Writer) error {
	v, err := startValkey(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "no Valkey (%v): the scenario across instances is skipped\n", err)
		v = nil
	} else {
		defer v.Stop()
		o.ExtraEnv = append(o.ExtraEnv, "VALKEY_URL="+v.URL)
	}
	srv, err := startServer(ctx, o, stderr)
	if err != nil {
		return err
	}
	verdicts, runErr := runStreamScenarios(ctx, srv, o, defaultStreamOptions(o.Quick), stdout, stderr)
	stopErr := srv.Stop()
	if runErr != nil {
		return errors.Join(runErr, stopErr)
	}
	fmt.Fprintln(stdout)
	printVerdicts(stdout, verdicts)
	if stopErr != nil {
		return stopErr
	}
	if o.Strict && !allPass(verdicts) {
		return errTargetsMissed
	}
	return nil
}
