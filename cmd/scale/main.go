// Command scale measures how the service's cost grows with its data: it
// bulk-loads SQLite databases of growing size into a temp dir (demo.Bulk)
// and measures the uncached p50 and p99 of reads, searches and writes
// through the domain services at each size, then prints one growth table.
//
//	go run ./cmd/scale [-quick] [-out docs/scale.md] [-baseline docs/scale-baseline.json] [-check] [-record]
//
// -quick stops at 100,000 articles with fewer samples; -check fails when a
// search figure at that size is more than twice its recorded baseline;
// -record rewrites the baseline from this run.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "scale:", err)
		os.Exit(1)
	}
}

type options struct {
	Quick, Check, Record bool
	Out, Baseline, Dir   string
	Only, CPUProfile     string
	Samples              int
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("scale", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.BoolVar(&o.Quick, "quick", false, "stop at 100,000 articles, with fewer samples (CI)")
	fs.BoolVar(&o.Check, "check", false, "fail when a search at 100,000 articles is past 2x its baseline")
	fs.BoolVar(&o.Record, "record", false, "write the baseline file from this run")
	fs.StringVar(&o.Out, "out", "", "write the growth table as Markdown to this file")
	fs.StringVar(&o.Baseline, "baseline", "docs/scale-baseline.json", "the recorded search figures at 100,000 articles")
	fs.StringVar(&o.Dir, "dir", "", "where the databases go, kept (default: a new temp dir, removed at the end)")
	fs.StringVar(&o.Only, "only", "", "measure only the operations whose name contains this")
	fs.StringVar(&o.CPUProfile, "cpuprofile", "", "write a CPU profile of the measurements (not the loads) here")
	fs.IntVar(&o.Samples, "samples", 0, "samples per operation (0: 100, or 40 with -quick)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if o.Samples == 0 {
		o.Samples = 100
		if o.Quick {
			o.Samples = 40
		}
	}
	if o.Samples < 1 || o.Samples > 10000 {
		return o, fmt.Errorf("-samples %d: want 1..10000", o.Samples)
	}
	return o, nil
}

// result is everything measured at one size.
type result struct {
	Size  size
	Built *built
	Names []string
	Figs  map[string]figure
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	dir := o.Dir
	if dir == "" {
		if dir, err = os.MkdirTemp("", "marketpulse-scale-"); err != nil {
			return err
		}
		defer os.RemoveAll(dir)
	}
	sizes := fullSizes
	if o.Quick {
		sizes = quickSizes
	}
	t0 := time.Now()
	var results []result
	for i, s := range sizes {
		prof := ""
		if i == len(sizes)-1 {
			prof = o.CPUProfile
		}
		r, err := runSize(ctx, dir, s, o, prof, stderr)
		if err != nil {
			return err
		}
		results = append(results, r)
	}
	fmt.Fprintf(stdout, "\n%d samples per operation, uncached, in %s\n\n", o.Samples, time.Since(t0).Round(time.Second))
	printTable(stdout, results)
	if o.Out != "" {
		if err := writeMarkdown(o.Out, results, o.Samples); err != nil {
			return err
		}
	}
	return checkBaseline(stdout, o, results)
}

// runSize builds one size, measures it (with a CPU profile written to
// prof unless it is "") and removes its database unless o.Dir is set.
func runSize(ctx context.Context, dir string, s size, o options, prof string, progress io.Writer) (result, error) {
	b, err := build(ctx, dir, s, progress)
	if err != nil {
		return result{}, fmt.Errorf("build %s: %w", s.Name, err)
	}
	stop, err := startProfile(prof)
	if err != nil {
		return result{}, errors.Join(err, b.DB.Close())
	}
	names, figs, err := measureSize(ctx, b, s, o.Samples, o.Only)
	err = errors.Join(err, stop())
	closeErr := b.DB.Close()
	var rmErr error
	if o.Dir == "" {
		rmErr = removeDB(b.Path)
	}
	if err = errors.Join(err, closeErr, rmErr); err != nil {
		return result{}, err
	}
	return result{Size: s, Built: b, Names: names, Figs: figs}, nil
}

func removeDB(path string) error {
	return errors.Join(os.Remove(path), ignoreMissing(os.Remove(path+"-wal")), ignoreMissing(os.Remove(path+"-shm")))
}

func ignoreMissing(err error) error {
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return err
}

// startProfile starts a CPU profile into path ("": none) and returns what
// stops it.
func startProfile(path string) (stop func() error, _ error) {
	if path == "" {
		return func() error { return nil }, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		return nil, errors.Join(err, f.Close())
	}
	return func() error { pprof.StopCPUProfile(); return f.Close() }, nil
}
