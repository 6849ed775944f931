package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"
)

// server is a marketpulse process on a loopback port with its temp files.
type server struct {
	URL  string
	dir  string
	bin  string // the built marketpulse
	addr string // host:port it listens on, the same across restarts
	cmd  *exec.Cmd
	log  *os.File
	done chan error
}

// startServer builds the binary into a temp dir, seeds a temp database and
// serves it on a free 127.0.0.1 port, returning once health answers.
func startServer(ctx context.Context, o options, progress io.Writer) (*server, error) {
	dir, err := os.MkdirTemp("", "marketpulse-loadtest-")
	if err != nil {
		return nil, err
	}
	s := &server{dir: dir}
	if err := s.start(ctx, o, progress); err != nil {
		return nil, errors.Join(err, s.Stop())
	}
	return s, nil
}

func (s *server) start(ctx context.Context, o options, progress io.Writer) error {
	s.bin = filepath.Join(s.dir, "marketpulse")
	fmt.Fprintln(progress, "building marketpulse …")
	build := exec.CommandContext(ctx, "go", "build", "-o", s.bin, "./cmd/marketpulse")
	build.Dir, build.Stdout, build.Stderr = o.Src, progress, progress
	if err := build.Run(); err != nil {
		return fmt.Errorf("build marketpulse: %w", err)
	}
	port, err := freePort()
	if err != nil {
		return err
	}
	s.addr = "127.0.0.1:" + strconv.Itoa(port)
	env := s.env(o, o.LogLevel, "")

	fmt.Fprintf(progress, "seeding the demo market with %d news articles …\n", o.Articles)
	seed := exec.CommandContext(ctx, s.bin, "seed-demo", "-news", strconv.Itoa(o.Articles))
	var out bytes.Buffer
	seed.Env, seed.Stdout, seed.Stderr = env, &out, &out
	if err := seed.Run(); err != nil {
		return fmt.Errorf("seed-demo: %w\n%s", err, out.String())
	}
	fmt.Fprint(progress, out.String())
	return s.serve(ctx, env)
}

// env is the server's environment at logLevel, logging to logFile ("":
// standard error, which goes to server.log).
func (s *server) env(o options, logLevel, logFile string) []string {
	env := serverEnv(filepath.Join(s.dir, "mp.db"), s.addr, logLevel)
	if logFile != "" {
		env = append(env, "LOG_FILE="+logFile)
	}
	if o.Streams {
		env = append(env, streamServerEnv...)
	}
	return append(env, o.ExtraEnv...)
}

// serve starts the server process with env and waits until it is healthy.
func (s *server) serve(ctx context.Context, env []string) error {
	var err error
	if s.log == nil {
		if s.log, err = os.Create(filepath.Join(s.dir, "server.log")); err != nil {
			return err
		}
	}
	s.cmd = exec.Command(s.bin, "serve")
	s.cmd.Env, s.cmd.Stdout, s.cmd.Stderr = env, s.log, s.log
	if err := s.cmd.Start(); err != nil {
		return fmt.Errorf("start server: %w", err)
	}
	s.done = make(chan error, 1)
	go func() { s.done <- s.cmd.Wait() }()
	s.URL = "http://" + s.addr
	return s.waitHealthy(ctx, 30*time.Second)
}

// restart stops the server process and serves the same database again at
// logLevel, logging to a file in the temp dir (the access log's cost
// includes the write).
func (s *server) restart(ctx context.Context, o options, logLevel string) error {
	if err := s.stopProcess(); err != nil {
		return err
	}
	return s.serve(ctx, s.env(o, logLevel, filepath.Join(s.dir, "access.log")))
}

// pid is the server process's id.
func (s *server) pid() int { return s.cmd.Process.Pid }

// serverEnv is the whole environment of the server: no inherited Valkey or
// database settings, rate limits at their maximum, news searches cached for
// the shortest allowed time (the uncached scenario relies on it).
func serverEnv(dbPath, addr, logLevel string) []string {
	env := []string{
		"DATABASE_PATH=" + dbPath, "HTTP_ADDR=" + addr, "LOG_LEVEL=" + logLevel,
		"RATE_LIMIT_RPS=100000", "RATE_LIMIT_BURST=100000",
		"RATE_LIMIT_USER_RPS=100000", "RATE_LIMIT_USER_BURST=100000",
		"CACHE_TTL_NEWS=1s", "ADMIN_TOKEN=" + loadtestAdminToken,
	}
	for _, k := range []string{"PATH", "HOME", "TMPDIR", "GOMAXPROCS"} {
		if v, ok := os.LookupEnv(k); ok {
			env = append(env, k+"="+v)
		}
	}
	return env
}

// waitHealthy polls /api/system/health until it answers 200.
func (s *server) waitHealthy(ctx context.Context, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		select {
		case err := <-s.done:
			s.done <- err
			return fmt.Errorf("server exited before it was healthy: %v\n%s", err, s.logTail())
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		resp, err := http.Get(s.URL + "/api/system/health")
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
	}
	return fmt.Errorf("server not healthy after %s\n%s", limit, s.logTail())
}

// Stop sends SIGINT, waits for the server to drain and removes the temp dir.
func (s *server) Stop() error {
	err := s.stopProcess()
	if s.log != nil {
		s.log.Close()
	}
	return errors.Join(err, os.RemoveAll(s.dir))
}

// stopProcess sends SIGINT and waits for the server to drain.
func (s *server) stopProcess() error {
	if s.cmd == nil || s.cmd.Process == nil {
		return nil
	}
	defer func() { s.cmd = nil }()
	select {
	case err := <-s.done: // already gone
		return fmt.Errorf("server exited during the run: %v\n%s", err, s.logTail())
	default:
	}
	_ = s.cmd.Process.Signal(os.Interrupt)
	select {
	case werr := <-s.done:
		if werr != nil {
			return fmt.Errorf("server stopped with %v\n%s", werr, s.logTail())
		}
		return nil
	case <-time.After(20 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.done
		return errors.New("server did not stop within 20s of SIGINT: killed")
	}
}

// logTail is the end of the server's log, for error messages.
func (s *server) logTail() string {
	b, _ := os.ReadFile(filepath.Join(s.dir, "server.log"))
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return string(b)
}

// freePort asks the kernel for an unused loopback port.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
