package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// baselineFlag makes this program serve a recorded response instead of
// measuring: the baseline runs in a process of its own, as the API does, so
// both pay the same cost of a second process on the same CPUs (a handler in
// the load generator's own process would share its Go runtime and
// scheduler, and flatter the baseline).
const baselineFlag = "-serve-baseline"

// recorded is the response a baseline answers every request with.
type recorded struct {
	Header http.Header `json:"header"`
	Body   []byte      `json:"body"`
}

// serveBaseline serves the response recorded in file on a free loopback
// port, prints the address on stdout, and stops when stdin closes.
func serveBaseline(file string, stdin io.Reader, stdout io.Writer) error {
	b, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	var rec recorded
	if err := json.Unmarshal(b, &rec); err != nil {
		return fmt.Errorf("read %s: %w", file, err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("baseline listener: %w", err)
	}
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			h := w.Header()
			for k, v := range rec.Header {
				h[k] = v
			}
			_, _ = w.Write(rec.Body)
		}),
		ReadHeaderTimeout: 5 * time.Second,
	}
	go func() { _ = srv.Serve(ln) }()
	fmt.Fprintln(stdout, ln.Addr().String())
	_, _ = io.Copy(io.Discard, stdin) // until the parent closes our stdin
	return srv.Close()
}

// startBaseline records rec in dir and starts this program as a baseline
// server on it; it returns the server's address and a function that stops
// it.
func startBaseline(ctx context.Context, dir string, rec recorded) (string, func(), error) {
	b, err := json.Marshal(rec)
	if err != nil {
		return "", nil, err
	}
	f, err := os.CreateTemp(dir, "baseline-*.json")
	if err != nil {
		return "", nil, err
	}
	_, werr := f.Write(b)
	if err := f.Close(); werr != nil || err != nil {
		return "", nil, fmt.Errorf("record baseline response: %v %v", werr, err)
	}
	self, err := os.Executable()
	if err != nil {
		return "", nil, err
	}
	cmd := exec.CommandContext(ctx, self, baselineFlag, filepath.Clean(f.Name()))
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return "", nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return "", nil, err
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return "", nil, fmt.Errorf("start baseline: %w", err)
	}
	stop := func() {
		_ = stdin.Close()
		_ = cmd.Wait()
		_ = os.Remove(f.Name())
	}
	addr, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		stop()
		return "", nil, fmt.Errorf("baseline address: %w", err)
	}
	return strings.TrimSpace(addr), stop, nil
}
