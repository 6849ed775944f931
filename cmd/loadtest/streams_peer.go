package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// valkeyProc is a throwaway valkey-server on a loopback port.
type valkeyProc struct {
	URL string
	cmd *exec.Cmd
}

// startValkey starts valkey-server, or returns an error when it is not on
// the PATH or does not answer PING.
func startValkey(ctx context.Context) (*valkeyProc, error) {
	bin, err := exec.LookPath("valkey-server")
	if err != nil {
		return nil, err
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, bin, "--port", strconv.Itoa(port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no")
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	v := &valkeyProc{URL: fmt.Sprintf("valkey://127.0.0.1:%d", port), cmd: cmd}
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if ping(addr) == nil {
			return v, nil
		}
	}
	v.Stop()
	return nil, errors.New("valkey-server did not answer PING within 10s")
}

func ping(addr string) error {
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(time.Second))
	if _, err := c.Write([]byte("PING\r\n")); err != nil {
		return err
	}
	l, err := bufio.NewReader(c).ReadString('\n')
	if err != nil || !strings.HasPrefix(l, "+PONG") {
		return fmt.Errorf("PING: %q %v", l, err)
	}
	return nil
}

// Stop kills valkey-server.
func (v *valkeyProc) Stop() {
	if v != nil && v.cmd.Process != nil {
		_ = v.cmd.Process.Kill()
		_ = v.cmd.Wait()
	}
}

// peer starts a second server process of s's binary on s's database with
// its own port and log: another instance.
func (s *server) peer(ctx context.Context, o options, extra []string) (*server, error) {
	dir, err := os.MkdirTemp("", "marketpulse-loadtest-peer-")
	if err != nil {
		return nil, err
	}
	p := &server{dir: dir}
	port, err := freePort()
	if err != nil {
		return nil, errors.Join(err, p.Stop())
	}
	env := append(serverEnv(filepath.Join(s.dir, "mp.db"), "127.0.0.1:"+strconv.Itoa(port), o.LogLevel), extra...)
	if p.log, err = os.Create(filepath.Join(dir, "server.log")); err != nil {
		return nil, errors.Join(err, p.Stop())
	}
	p.cmd = exec.Command(filepath.Join(s.dir, "marketpulse"), "serve")
	p.cmd.Env, p.cmd.Stdout, p.cmd.Stderr = env, p.log, p.log
	if err := p.cmd.Start(); err != nil {
		return nil, errors.Join(err, p.Stop())
	}
	p.done = make(chan error, 1)
	go func() { p.done <- p.cmd.Wait() }()
	p.URL = "http://127.0.0.1:" + strconv.Itoa(port)
	if err := p.waitHealthy(ctx, 30*time.Second); err != nil {
		return nil, errors.Join(err, p.Stop())
	}
	return p, nil
}
