package testpg_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/marketpulse/api/internal/testpg"
)

const childEnv = "TESTPG_DEATHSIG_CHILD"

// TestServerDiesWithTheTestBinary runs this test binary again; the child starts
// a cluster, reports the postmaster's pid and sleeps until it is SIGKILLed,
// which must take the postmaster with it.
func TestServerDiesWithTheTestBinary(t *testing.T) {
	if os.Getenv(childEnv) == "1" {
		conn := mustConnect(t, testpg.New(t))
		var dataDir string
		if err := conn.QueryRow(context.Background(), "SELECT current_setting('data_directory')").Scan(&dataDir); err != nil {
			t.Fatalf("data_directory: %v", err)
		}
		pidFile, err := os.ReadFile(filepath.Join(dataDir, "postmaster.pid"))
		if err != nil {
			t.Fatalf("postmaster.pid: %v", err)
		}
		fmt.Printf("postmaster %s %s\n", strings.SplitN(string(pidFile), "\n", 2)[0], filepath.Dir(dataDir))
		select {} // until killed
	}
	t.Parallel()

	cmd := exec.Command(os.Args[0], "-test.run=^TestServerDiesWithTheTestBinary$", "-test.count=1")
	cmd.Env = append(os.Environ(), childEnv+"=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start child: %v", err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	var pid int
	var dir string
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if n, _ := fmt.Sscanf(sc.Text(), "postmaster %d %s", &pid, &dir); n == 2 {
			break
		}
	}
	if pid == 0 {
		t.Fatalf("the child reported no postmaster (%v)", sc.Err())
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) }) // what a killed test binary leaves behind
	if !alive(pid) {
		t.Fatalf("postmaster %d is not running before the kill", pid)
	}

	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	deadline := time.Now().Add(10 * time.Second)
	for alive(pid) {
		if time.Now().After(deadline) {
			t.Fatalf("postmaster %d still runs 10s after its test binary was killed", pid)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// alive reports whether pid runs: it exists and is not a zombie nobody reaped.
func alive(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	// pid (comm) state ...: comm may hold spaces, so read after the last ')'.
	s := string(b)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	return len(fields) > 0 && fields[0] != "Z"
}
