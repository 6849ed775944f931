//go:build linux

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apitest"
	"github.com/marketpulse/api/internal/contract"
	"github.com/marketpulse/api/internal/testdb"
	"github.com/marketpulse/api/internal/testvalkey"
)

// A process is one instance of the real binary: this test binary run again
// with instanceEnv set, which makes TestMain call main instead of the tests
// (so a SIGKILL kills a whole server, as it would in production).
type process struct {
	url    string
	cmd    *exec.Cmd
	stderr *syncBuffer
	exited chan struct{}
}

// startInstances starts n instances serving the PostgreSQL database at dsn
// and sharing the Valkey at valkeyURL, and waits until each is healthy.
func startInstances(t *testing.T, n int, dsn, valkeyURL string) []*process {
	t.Helper()
	ps := make([]*process, n)
	for i := range ps {
		ps[i] = startProcess(t, map[string]string{
			"HTTP_ADDR":    fmt.Sprintf("127.0.0.1:%d", testvalkey.FreePort(t)),
			"DATABASE_URL": dsn,
			"VALKEY_URL":   valkeyURL,
		})
	}
	for _, p := range ps {
		p.waitHealthy(t)
	}
	return ps
}

// instanceEnvOf is the environment of an instance: what extra says over
// cheap hashing, lifted limits and quiet logs. DATABASE_PATH points at a
// directory no instance may create a file in unnoticed.
func instanceEnvOf(t *testing.T, extra map[string]string) []string {
	env := map[string]string{
		instanceEnv:                    "1",
		"PATH":                         os.Getenv("PATH"),
		"TMPDIR":                       os.TempDir(),
		"APP_ENV":                      "test",
		"LOG_LEVEL":                    "warn",
		"DATABASE_PATH":                filepath.Join(t.TempDir(), "unused", "mp.db"),
		"REFRESH_ENABLED":              "false",
		"VALKEY_PROBE_INTERVAL":        "100ms",
		"RATE_LIMIT_RPS":               "100000",
		"RATE_LIMIT_BURST":             "100000",
		"RATE_LIMIT_USER_RPS":          "100000",
		"RATE_LIMIT_USER_BURST":        "100000",
		"ARGON2_MEMORY_KIB":            "64",
		"ARGON2_ITERATIONS":            "1",
		"ARGON2_PARALLELISM":           "1",
		"REGISTER_ATTEMPTS_PER_MINUTE": "100000",
		"REGISTER_BURST":               "100000",
		"HTTP_SHUTDOWN_TIMEOUT":        "5s",
	}
	for k, v := range extra {
		env[k] = v
	}
	out := make([]string, 0, len(env))
	for k, v := range env {
		out = append(out, k+"="+v)
	}
	return out
}

func startProcess(t *testing.T, extra map[string]string) *process {
	t.Helper()
	p := &process{url: "http://" + extra["HTTP_ADDR"], stderr: &syncBuffer{}, exited: make(chan struct{})}
	p.cmd = exec.Command(os.Args[0], "serve")
	p.cmd.Env = instanceEnvOf(t, extra)
	p.cmd.Stdout = &bytes.Buffer{}
	p.cmd.Stderr = p.stderr
	// The instance dies with the test binary, whatever ends it.
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("start instance: %v", err)
	}
	go func() { _ = p.cmd.Wait(); close(p.exited) }()
	t.Cleanup(func() { p.stop(t) })
	return p
}

// stop sends SIGTERM and waits for a clean exit; a process still running
// after 30 s is killed and the test fails.
func (p *process) stop(t *testing.T) {
	select {
	case <-p.exited:
		return
	default:
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.exited:
		if code := p.cmd.ProcessState.ExitCode(); code != 0 {
			t.Errorf("instance %s exited %d after SIGTERM:\n%s", p.url, code, p.stderr)
		}
	case <-time.After(30 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.exited
		t.Errorf("instance %s did not stop within 30 s of SIGTERM", p.url)
	}
}

func (p *process) kill(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatalf("SIGKILL %s: %v", p.url, err)
	}
	<-p.exited
}

func (p *process) waitHealthy(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second) // a bound for a loaded machine, not a target
	for {
		select {
		case <-p.exited:
			t.Fatalf("instance %s exited before it was healthy:\n%s", p.url, p.stderr)
		default:
		}
		if resp, err := http.Get(p.url + "/api/system/health"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("instance %s not healthy within 90 s:\n%s", p.url, p.stderr)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// client is the contract-checking generated client of p with token.
func (p *process) client(t *testing.T, token string) *oas.Client {
	t.Helper()
	hc := &http.Client{Transport: contract.Load(t).Transport(t, nil), Timeout: 10 * time.Second}
	c, err := oas.NewClient(p.url, apitest.Token(token), oas.WithClient(hc))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Three instances on one PostgreSQL database and one Valkey: a session
// made on one is good on every other, a write through any is read on all,
// optimistic locking has one winner across instances, and an instance
// SIGKILLed under write load loses no acknowledged write while clients
// that retry on another instance carry on.
func TestInstancesShareOnePostgreSQL(t *testing.T) {
	if testing.Short() {
		t.Skip("starts three server processes (-short)")
	}
	dsn := testdb.PostgresURL(t)
	vk := testvalkey.Start(t)
	seed := map[string]string{"DATABASE_URL": dsn}
	var out bytes.Buffer
	if err := run(t.Context(), []string{"seed-demo", "-assets-only"}, func(k string) string { return seed[k] }, &out, &out); err != nil {
		t.Fatalf("seed-demo on PostgreSQL: %v\n%s", err, out.String())
	}
	ps := startInstances(t, 3, dsn, vk.URL())

	ctx := t.Context()
	email := apitest.NewEmail()
	if _, err := ps[0].client(t, "").Register(ctx, &oas.RegisterRequest{
		Email: oas.Email(email), Password: apitest.Password, DisplayName: "Cluster",
	}); err != nil {
		t.Fatalf("register on instance 0: %v", err)
	}
	sess, err := ps[1].client(t, "").Login(ctx, &oas.LoginRequest{Email: email, Password: apitest.Password})
	if err != nil {
		t.Fatalf("login on instance 1 with the account made on 0: %v", err)
	}
	clients := make([]*oas.Client, len(ps))
	for i, p := range ps {
		clients[i] = p.client(t, sess.Token)
	}
	d, err := clients[2].CreateDashboard(ctx, &oas.DashboardCreate{Name: "shared"})
	if err != nil {
		t.Fatalf("create a dashboard on instance 2 with the session made on 1: %v", err)
	}
	id := d.Response.ID

	t.Run("a write through any instance is read on all", func(t *testing.T) {
		coherentReads(t, clients, id)
	})
	t.Run("optimistic locking has one winner across instances", func(t *testing.T) {
		oneWinner(t, clients, id)
	})
	t.Run("SIGKILL under write load loses no acknowledged write", func(t *testing.T) {
		killUnderLoad(t, ps, clients)
	})
}

// coherentReads renames the dashboard through each instance in turn and
// waits until every instance reads the new name and version, logging how
// long the slowest instance took after the write was acknowledged.
func coherentReads(t *testing.T, clients []*oas.Client, id oas.ID) {
	ctx := t.Context()
	const rounds = 15
	var lags []time.Duration
	for r := range rounds {
		w := clients[r%len(clients)]
		cur := mustGet(t, w, id)
		name := oas.DashboardName(fmt.Sprintf("round %d", r))
		upd, err := w.UpdateDashboard(ctx, &oas.DashboardUpdate{Name: oas.NewOptDashboardName(name)},
			oas.UpdateDashboardParams{DashboardId: id, IfMatch: cur.ETag})
		if err != nil {
			t.Fatalf("round %d: update through instance %d: %v", r, r%len(clients), err)
		}
		acked := time.Now()
		for i, c := range clients {
			// A bound that tells a missed invalidation (the entry would live
			// out its TTL) from a slow one, not the target: lags are logged.
			deadline := acked.Add(5 * time.Second)
			for {
				got := mustGet(t, c, id)
				if got.Response.Name == name && got.Response.Version == upd.Response.Version {
					if got.ETag != upd.ETag {
						t.Fatalf("round %d: instance %d ETag %q, the writer's %q", r, i, got.ETag.Value, upd.ETag.Value)
					}
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("round %d: instance %d still reads %q v%d 5 s after the write of %q v%d",
						r, i, got.Response.Name, got.Response.Version, name, upd.Response.Version)
				}
				time.Sleep(time.Millisecond)
			}
			lags = append(lags, time.Since(acked))
		}
	}
	slices.Sort(lags)
	t.Logf("write acknowledged → read on every instance: p50 %v, max %v over %d reads (target 100 ms)",
		lags[len(lags)/2], lags[len(lags)-1], len(lags))
}

func mustGet(t *testing.T, c *oas.Client, id oas.ID) *oas.DashboardDetailHeaders {
	t.Helper()
	res, err := c.GetDashboard(t.Context(), oas.GetDashboardParams{DashboardId: id})
	if err != nil {
		t.Fatalf("get dashboard %d: %v", id, err)
	}
	d, ok := res.(*oas.DashboardDetailHeaders)
	if !ok {
		t.Fatalf("get dashboard %d: %T, want 200", id, res)
	}
	return d
}

// oneWinner sends the same If-Match update through every instance at once,
// several times: exactly one succeeds each time, the others get 412.
func oneWinner(t *testing.T, clients []*oas.Client, id oas.ID) {
	for r := range 5 {
		cur := mustGet(t, clients[0], id)
		var won, lost atomic.Int32
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i, c := range clients {
			wg.Go(func() {
				<-start
				_, err := c.UpdateDashboard(t.Context(), &oas.DashboardUpdate{
					Name: oas.NewOptDashboardName(oas.DashboardName(fmt.Sprintf("race %d by %d", r, i))),
				}, oas.UpdateDashboardParams{DashboardId: id, IfMatch: cur.ETag})
				var p *oas.ProblemStatusCode
				switch {
				case err == nil:
					won.Add(1)
				case errors.As(err, &p) && p.StatusCode == http.StatusPreconditionFailed:
					lost.Add(1)
				default:
					t.Errorf("race %d: instance %d: %v", r, i, err)
				}
			})
		}
		close(start)
		wg.Wait()
		if won.Load() != 1 || lost.Load() != int32(len(clients)-1) {
			t.Fatalf("race %d: %d won, %d got 412; want exactly one winner", r, won.Load(), lost.Load())
		}
	}
}

// killUnderLoad runs writers that create dashboards round-robin over the
// instances, retrying a write that got no answer on the next instance;
// once a third of the writes are acknowledged, the last instance is
// SIGKILLed. Every acknowledged dashboard must then be read back.
func killUnderLoad(t *testing.T, ps []*process, clients []*oas.Client) {
	const writers, perWriter = 4, 30
	var (
		mu      sync.Mutex
		acked   = map[oas.ID]string{}
		retries atomic.Int32
		total   atomic.Int32
		killed  = make(chan struct{})
		once    sync.Once
	)
	victim := len(ps) - 1
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for n := range perWriter {
				name := fmt.Sprintf("load %d-%d", w, n)
				id, tries, err := createRetrying(t.Context(), clients, w+n, name)
				retries.Add(int32(tries - 1))
				if err != nil {
					t.Errorf("writer %d: %s: %v", w, name, err)
					return
				}
				mu.Lock()
				acked[id] = name
				mu.Unlock()
				if total.Add(1) == writers*perWriter/3 {
					once.Do(func() { ps[victim].kill(t); close(killed) })
				}
			}
		})
	}
	wg.Wait()
	select {
	case <-killed:
	default:
		t.Fatal("the instance was never killed")
	}
	if retries.Load() == 0 {
		t.Error("no write was retried on another instance after the kill: the victim got no traffic")
	}
	names := listNames(t, clients[0])
	for id, name := range acked {
		if names[id] != name {
			t.Errorf("acknowledged dashboard %d %q reads as %q after the kill", id, name, names[id])
		}
	}
	t.Logf("%d acknowledged writes, all read back; %d retried on another instance", len(acked), retries.Load())
}

// createRetrying creates a dashboard through clients[start%n], moving on to
// the next instance when one gives no answer (refused, reset); an answer,
// even an error, ends the tries.
func createRetrying(ctx context.Context, clients []*oas.Client, start int, name string) (oas.ID, int, error) {
	var err error
	for try := range 2 * len(clients) {
		c := clients[(start+try)%len(clients)]
		var d *oas.DashboardHeaders
		d, err = c.CreateDashboard(ctx, &oas.DashboardCreate{Name: oas.DashboardName(name)})
		if err == nil {
			return d.Response.ID, try + 1, nil
		}
		var p *oas.ProblemStatusCode
		if errors.As(err, &p) {
			return 0, try + 1, err
		}
	}
	return 0, 2 * len(clients), err
}

// listNames reads every dashboard of the session's user.
func listNames(t *testing.T, c *oas.Client) map[oas.ID]string {
	t.Helper()
	names := map[oas.ID]string{}
	params := oas.ListDashboardsParams{Limit: oas.NewOptInt32(100)}
	for {
		page, err := c.ListDashboards(t.Context(), params)
		if err != nil {
			t.Fatalf("list dashboards: %v", err)
		}
		for _, d := range page.Items {
			names[d.ID] = string(d.Name)
		}
		if page.NextCursor.IsNull() {
			return names
		}
		params.Cursor = oas.NewOptString(page.NextCursor.Value)
	}
}
