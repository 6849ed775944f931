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
	bin := filepath.Join(s.dir, "marketpulse")
	fmt.Fprintln(progress, "building marketpulse …")
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/marketpulse")
	build.Dir, build.Stdout, build.Stderr = o.Src, progress, progress
	if err := build.Run(); err != nil {
		return fmt.Errorf("build marketpulse: %w", err)
	}
	port, err := freePort()
	if err != nil {
		return err
	}
	env := serverEnv(filepath.Join(s.dir, "mp.db"), "127.0.0.1:"+strconv.Itoa(port), o.LogLevel)
	if o.Streams {
		env = append(env, streamServerEnv...)
	}
	env = append(env, o.ExtraEnv...)

	fmt.Fprintf(progress, "seeding the demo market with %d news articles …\n", o.Articles)
	seed := exec.CommandContext(ctx, bin, "seed-demo", "-news", strconv.Itoa(o.Articles))
	var out bytes.Buffer
	seed.Env, seed.Stdout, seed.Stderr = env, &out, &out
	if err := seed.Run(); err != nil {
		return fmt.Errorf("seed-demo: %w\n%s", err, out.String())
	}
	fmt.Fprint(progress, out.String())

	if s.log, err = os.Create(filepath.Join(s.dir, "server.log")); err != nil {
		return err
	}
	s.cmd = exec.Command(bin, "serve")
	s.cmd.Env, s.cmd.Stdout, s.cmd.Stderr = env, s.log, s.log
	if err := s.cmd.Start(); err != nil {
		return fmt.Errorf("start server: %w", err)
	}
	s.done = make(chan error, 1)
	go func() { s.done <- s.cmd.Wait() }()
	s.URL = "http://127.0.0.1:" + strconv.Itoa(port)
	return s.waitHealthy(ctx, 30*time.Second)
}

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
	var err error
	if s.cmd != nil && s.cmd.Process != nil {
		select {
		case err = <-s.done: // already gone
			err = fmt.Errorf("server exited during the run: %v\n%s", err, s.logTail())
		default:
			_ = s.cmd.Process.Signal(os.Interrupt)
			select {
			case werr := <-s.done:
				if werr != nil {
					err = fmt.Errorf("server stopped with %v\n%s", werr, s.logTail())
				}
			case <-time.After(20 * time.Second):
				_ = s.cmd.Process.Kill()
				<-s.done
				err = errors.New("server did not stop within 20s of SIGINT: killed")
			}
		}
	}
	if s.log != nil {
		s.log.Close()
	}
	return errors.Join(err, os.RemoveAll(s.dir))
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
