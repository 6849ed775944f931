package testvalkey

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

const pingTimeout = 200 * time.Millisecond

// FreePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func FreePort(tb testing.TB) int {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("testvalkey: free port: %v", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// SilentAddr returns a loopback address that accepts TCP connections but never answers,
// like a hung server, until the test ends.
func SilentAddr(tb testing.TB) string {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("testvalkey: silent listener: %v", err)
	}
	tb.Cleanup(func() { _ = l.Close() })
	return l.Addr().String() // never accepted: the kernel completes handshakes, nobody reads
}

// lookPath finds valkey-server, or ends the test: skipped locally, failed in CI.
func lookPath(tb testing.TB) string {
	tb.Helper()
	bin, err := exec.LookPath(binary)
	if err == nil {
		return bin
	}
	if os.Getenv("CI") == "true" {
		tb.Fatalf("testvalkey: %s not on PATH in CI (%v): install it with scripts/install-valkey.sh", binary, err)
	}
	tb.Skip("valkey-server not installed: run scripts/install-valkey.sh")
	return ""
}

// ping sends an inline PING and expects +PONG.
func ping(addr string) error {
	conn, err := net.DialTimeout("tcp", addr, pingTimeout)
	if err != nil {
		return fmt.Errorf("dial: %w", err)
	}
	defer conn.Close()
	if err := conn.SetDeadline(time.Now().Add(pingTimeout)); err != nil {
		return fmt.Errorf("set deadline: %w", err)
	}
	if _, err := conn.Write([]byte("PING\r\n")); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		return fmt.Errorf("read: %w", err)
	}
	if strings.TrimSpace(line) != "+PONG" {
		return fmt.Errorf("unexpected reply %q", line)
	}
	return nil
}
