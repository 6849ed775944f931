package testvalkey

import (
	"strings"
	"testing"
)

func TestServerLifecycle(t *testing.T) {
	t.Parallel()
	s := Start(t)
	addr := s.Addr
	if want := "valkey://" + addr; s.URL() != want {
		t.Errorf("URL() = %q, want %q", s.URL(), want)
	}

	steps := []struct {
		name    string
		do      func()
		wantUp  bool
		wantErr string // part of ping's error when down
	}{
		{"started", func() {}, true, ""},
		{"paused", s.Pause, false, "i/o timeout"},
		{"resumed", s.Resume, true, ""},
		{"killed", s.Kill, false, "connection refused"},
		{"killed twice", s.Kill, false, "connection refused"},
		{"restarted", s.Restart, true, ""},
	}
	for _, st := range steps {
		st.do()
		err := ping(addr)
		switch {
		case st.wantUp && err != nil:
			t.Fatalf("%s: PING failed: %v", st.name, err)
		case !st.wantUp && (err == nil || !strings.Contains(err.Error(), st.wantErr)):
			t.Fatalf("%s: PING error = %v, want one containing %q", st.name, err, st.wantErr)
		}
	}
	if s.Addr != addr {
		t.Errorf("Addr changed from %s to %s", addr, s.Addr)
	}
}

func TestHelperAddrs(t *testing.T) {
	t.Parallel()
	if port := FreePort(t); port <= 0 || port > 65535 {
		t.Errorf("FreePort() = %d", port)
	}
	tests := []struct {
		name    string
		addr    string
		wantErr string
	}{
		{"closed", ClosedAddr(t), "connection refused"},
		{"silent", SilentAddr(t), "i/o timeout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if err := ping(tt.addr); err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("PING %s error = %v, want one containing %q", tt.addr, err, tt.wantErr)
			}
		})
	}
}

func TestServersAreIndependent(t *testing.T) {
	t.Parallel()
	a, b := Start(t), Start(t)
	if a.Addr == b.Addr {
		t.Fatalf("two servers on %s", a.Addr)
	}
	a.Kill()
	if err := ping(b.Addr); err != nil {
		t.Errorf("killing one server stopped the other: %v", err)
	}
}
