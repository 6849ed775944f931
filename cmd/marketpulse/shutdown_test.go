package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// partialRequest is a registration whose handler runs and waits for the
// body until finish sends it.
type partialRequest struct {
	conn net.Conn
	r    *bufio.Reader
	body string
}

func startPartialRequest(t *testing.T, addr, email string) *partialRequest {
	t.Helper()
	body := `{"email":"` + email + `","password":"correct horse battery","displayName":"Slow client"}`
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	head := fmt.Sprintf("POST /api/auth/register HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\n"+
		"Content-Length: %d\r\nExpect: 100-continue\r\n\r\n", addr, len(body))
	if _, err := io.WriteString(c, head); err != nil {
		t.Fatal(err)
	}
	// The server says 100 Continue when the handler first reads the body:
	// from then on the request is in flight.
	p := &partialRequest{conn: c, r: bufio.NewReader(c), body: body}
	if resp, err := p.answer(); err != nil || resp.StatusCode != http.StatusContinue {
		t.Fatalf("waiting for 100 Continue: %v, %v", resp, err)
	}
	return p
}

// finish sends the rest of the body and reads the answer.
func (p *partialRequest) finish() (*http.Response, error) {
	if _, err := io.WriteString(p.conn, p.body); err != nil {
		return nil, err
	}
	return p.answer()
}

func (p *partialRequest) answer() (*http.Response, error) {
	_ = p.conn.SetReadDeadline(time.Now().Add(60 * time.Second))
	resp, err := http.ReadResponse(p.r, nil)
	if err == nil && resp.StatusCode != http.StatusContinue {
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	return resp, err
}

// TestRunStopsCleanlyUnderLoad: a signal (the context run is given ends)
// arrives while readers run and two slow clients are in the middle of their
// requests. The one that finishes within HTTP_SHUTDOWN_TIMEOUT is answered;
// the one that does not is cut off at the drain deadline; either way run
// returns nil (exit 0) after closing the database, so no -wal is left.
func TestRunStopsCleanlyUnderLoad(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "data", "mp.db")
	inst := startRun(t, map[string]string{
		"DATABASE_PATH":         dbPath,
		"HTTP_SHUTDOWN_TIMEOUT": "8s", // a bound for a loaded machine: the finishing client needs far less
		"ARGON2_MEMORY_KIB":     "64", "ARGON2_ITERATIONS": "1", "ARGON2_PARALLELISM": "1",
		"REGISTER_BURST": "1000",
	})
	addr := strings.TrimPrefix(inst.url, "http://")

	stopLoad := make(chan struct{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	var failures []string
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-stopLoad:
					return
				default:
				}
				resp, err := http.Get(inst.url + "/api/assets?limit=5")
				if err != nil {
					continue // refused once the listener closed: never accepted
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					mu.Lock()
					failures = append(failures, resp.Status)
					mu.Unlock()
				}
			}
		})
	}
	finishing := startPartialRequest(t, addr, "slow-finishing@example.com")
	stuck := startPartialRequest(t, addr, "slow-stuck@example.com")

	stopped := make(chan error, 1)
	go func() { stopped <- inst.stop() }()
	waitRefused(t, addr)
	resp, err := finishing.finish()
	if err != nil || resp.StatusCode != http.StatusCreated {
		t.Errorf("the slow request finished within the drain: %v, %v; want 201", resp, err)
	}
	if err := <-stopped; err != nil {
		t.Errorf("run after a signal = %v, want nil (exit 0)\n%s", err, inst.stderr)
	}
	close(stopLoad)
	wg.Wait()
	for _, f := range failures {
		t.Errorf("an accepted request failed during the stop: %s", f)
	}
	if resp, err := stuck.answer(); err == nil {
		t.Errorf("the request still unfinished at the drain deadline got an answer: %s", resp.Status)
	}
	if !strings.Contains(inst.stderr.String(), "http drain deadline") {
		t.Errorf("the cut-short drain is not logged:\n%s", inst.stderr)
	}
	if _, err := os.Stat(dbPath + "-wal"); !os.IsNotExist(err) {
		t.Errorf("%s-wal left behind (stat: %v): the database was not closed cleanly", filepath.Base(dbPath), err)
	}
}

// waitRefused polls until addr refuses connections: the stop has begun.
func waitRefused(t *testing.T, addr string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			return
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatal("the listener still accepts 30 s after the stop began")
		}
		time.Sleep(5 * time.Millisecond)
	}
}
