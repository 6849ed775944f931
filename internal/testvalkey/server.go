// Package testvalkey runs a real valkey-server as a child process for tests.
package testvalkey

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"
)

const (
	binary       = "valkey-server"
	readyTimeout = 5 * time.Second
	startTries   = 3
)

// Server is a valkey-server child process listening on 127.0.0.1.
// Its methods are safe for concurrent use.
type Server struct {
	// Addr is host:port of the server, stable across Restart.
	Addr string

	tb   testing.TB
	bin  string
	port int
	dir  string

	mu     sync.Mutex
	proc   *os.Process // nil while not running
	exited chan error  // receives the result of Wait once the process exits
}

// Start launches valkey-server on a free loopback port, waits until it answers PING and
// registers a cleanup that kills it. Without valkey-server on PATH it skips the test, or
// fails it when CI=true.
func Start(tb testing.TB) *Server {
	tb.Helper()
	s := &Server{tb: tb, bin: lookPath(tb), dir: tb.TempDir()}
	tb.Cleanup(s.Kill)

	var err error
	for range startTries { // another process may take the free port before valkey binds it
		s.port = FreePort(tb)
		s.Addr = net.JoinHostPort("127.0.0.1", strconv.Itoa(s.port))
		if err = s.start(); err == nil {
			return s
		}
	}
	tb.Fatalf("testvalkey: start: %v", err)
	return nil
}

// URL returns the valkey:// URL of the server.
func (s *Server) URL() string {
	return "valkey://" + s.Addr
}

// Kill sends SIGKILL and waits for the process to exit. It does nothing if the server
// is not running.
func (s *Server) Kill() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.proc == nil {
		return
	}
	_ = s.proc.Kill() // also ends a stopped process
	<-s.exited
	s.proc, s.exited = nil, nil
}

// Pause stops the process with SIGSTOP: connections stay open but nothing is answered.
func (s *Server) Pause() {
	s.tb.Helper()
	s.signal(syscall.SIGSTOP)
}

// Resume continues a paused process with SIGCONT.
func (s *Server) Resume() {
	s.tb.Helper()
	s.signal(syscall.SIGCONT)
}

// Restart kills the server if it runs and starts a new, empty one on the same port.
func (s *Server) Restart() {
	s.tb.Helper()
	s.Kill()
	var err error
	for deadline := time.Now().Add(readyTimeout); time.Now().Before(deadline); {
		if err = s.start(); err == nil {
			return
		}
		time.Sleep(20 * time.Millisecond) // the old socket may hold the port for a moment
	}
	s.tb.Fatalf("testvalkey: restart on %s: %v", s.Addr, err)
}

func (s *Server) signal(sig syscall.Signal) {
	s.tb.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.proc == nil {
		s.tb.Fatalf("testvalkey: %v: server on %s is not running", sig, s.Addr)
	}
	if err := s.proc.Signal(sig); err != nil {
		s.tb.Fatalf("testvalkey: %v: %v", sig, err)
	}
}

// start launches the process and waits until it answers PING or exits.
func (s *Server) start() error {
	s.mu.Lock()
	defer s.mu.Unlock()

	logPath := filepath.Join(s.dir, fmt.Sprintf("valkey-%d-%d.log", s.port, time.Now().UnixNano()))
	out, err := os.Create(logPath)
	if err != nil {
		return fmt.Errorf("create log: %w", err)
	}
	defer out.Close() // the child has its own descriptor

	cmd := exec.Command(s.bin,
		"--bind", "127.0.0.1",
		"--port", strconv.Itoa(s.port),
		"--save", "",
		"--appendonly", "no",
		"--daemonize", "no",
		"--dir", s.dir,
	)
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = sysProcAttr()
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("run %s: %w", s.bin, err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()

	for deadline := time.Now().Add(readyTimeout); time.Now().Before(deadline); {
		select {
		case err := <-exited:
			return fmt.Errorf("valkey-server exited (%v): %s", err, readLog(logPath))
		default:
		}
		if ping(s.Addr) == nil {
			s.proc, s.exited = cmd.Process, exited
			return nil
		}
		time.Sleep(5 * time.Millisecond)
	}
	_ = cmd.Process.Kill()
	<-exited
	return fmt.Errorf("valkey-server on %s not ready after %v: %s", s.Addr, readyTimeout, readLog(logPath))
}

func readLog(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Sprintf("(no log: %v)", err)
	}
	const max = 2000
	if len(b) > max {
		b = b[len(b)-max:]
	}
	return string(b)
}
