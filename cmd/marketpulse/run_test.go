package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apitest"
	"github.com/marketpulse/api/internal/contract"
	"github.com/marketpulse/api/internal/testvalkey"
)

// syncBuffer is a bytes.Buffer safe for the server goroutine and the test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

type instance struct {
	url    string
	client *oas.Client
	stdout *syncBuffer
	stderr *syncBuffer
	stop   func() error // cancels the context and waits for run to return
}

// startRun seeds a fresh database with run("seed-demo") and then runs
// run("serve") in the background, polling health until it answers.
func startRun(t *testing.T, extra map[string]string) *instance {
	t.Helper()
	env := map[string]string{
		"HTTP_ADDR":             fmt.Sprintf("127.0.0.1:%d", testvalkey.FreePort(t)),
		"DATABASE_PATH":         filepath.Join(t.TempDir(), "data", "mp.db"),
		"LOG_LEVEL":             "debug",
		"APP_ENV":               "test",
		"VALKEY_PROBE_INTERVAL": "100ms",
		"RATE_LIMIT_RPS":        "100000", // the load below is one client
		"RATE_LIMIT_BURST":      "100000",
	}
	for k, v := range extra {
		env[k] = v
	}
	getenv := func(k string) string { return env[k] }
	inst := &instance{url: "http://" + env["HTTP_ADDR"], stdout: &syncBuffer{}, stderr: &syncBuffer{}}

	if err := run(t.Context(), []string{"seed-demo", "-assets-only"}, getenv, inst.stdout, inst.stderr); err != nil {
		t.Fatalf("seed-demo: %v\n%s", err, inst.stderr)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, nil, getenv, inst.stdout, inst.stderr) }()
	var once sync.Once
	var runErr error
	inst.stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case runErr = <-done:
			case <-time.After(60 * time.Second):
				runErr = fmt.Errorf("run did not return within 60s of cancellation")
			}
		})
		return runErr
	}
	t.Cleanup(func() { _ = inst.stop() })

	hc := &http.Client{Transport: contract.Load(t).Transport(t, nil), Timeout: 5 * time.Second}
	client, err := oas.NewClient(inst.url, noToken{}, oas.WithClient(hc))
	if err != nil {
		t.Fatal(err)
	}
	inst.client = client
	deadline := time.Now().Add(60 * time.Second)
	for {
		select {
		case err := <-done:
			t.Fatalf("run returned early: %v\n%s", err, inst.stderr)
		default:
		}
		if resp, err := http.Get(inst.url + "/api/system/health"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return inst
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("server not healthy within 60s (a bound for a loaded machine, not a target)\n%s", inst.stderr)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

type noToken struct{}

func (noToken) BearerAuth(context.Context, oas.OperationName) (oas.BearerAuth, error) {
	return oas.BearerAuth{}, nil
}

func TestRunServesAndShutsDownCleanly(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	inst := startRun(t, nil)
	ctx := t.Context()

	if !strings.Contains(inst.stdout.String(), "listening on "+inst.url) {
		t.Errorf("stdout does not announce %s:\n%s", inst.url, inst.stdout)
	}
	health, err := inst.client.GetHealth(ctx)
	if err != nil {
		t.Fatal(err)
	}
	h, ok := health.(*oas.GetHealthOK)
	if !ok || h.Status != oas.HealthStatusOk || h.Checks.Cache.L2 != oas.HealthChecksCacheL2Disabled {
		t.Errorf("health = %#v, want ok with l2 disabled", health)
	}
	page, _, err := apitest.Body[oas.AssetPage](inst.client.ListAssets(ctx, oas.ListAssetsParams{Limit: oas.NewOptInt32(10)}))
	if err != nil || len(page.Items) != 10 || page.NextCursor.IsNull() {
		t.Fatalf("ListAssets = %v, %v", page, err)
	}
	a, _, err := apitest.Body[oas.Asset](inst.client.GetAsset(ctx, oas.GetAssetParams{Symbol: page.Items[3].Symbol}))
	if err != nil || a.Name != page.Items[3].Name {
		t.Fatalf("GetAsset(%s) = %v, %v", page.Items[3].Symbol, a, err)
	}
	// Access log lines carry the operation and request id.
	if !strings.Contains(inst.stderr.String(), `"operation":"getAsset"`) {
		t.Errorf("no access log line for getAsset in:\n%s", inst.stderr)
	}

	http.DefaultClient.CloseIdleConnections()
	if err := inst.stop(); err != nil {
		t.Fatalf("run after cancel: %v", err)
	}
	if _, err := http.Get(inst.url + "/api/system/health"); err == nil {
		t.Error("server still answers after shutdown")
	}
}

func TestRunWithValkeyDegradesWithoutFailing(t *testing.T) {
	vk := testvalkey.Start(t)
	inst := startRun(t, map[string]string{"VALKEY_URL": vk.URL()})
	ctx := t.Context()

	waitHealth(t, inst, oas.HealthChecksCacheL2Up, oas.HealthStatusOk)
	for _, sym := range []oas.Symbol{"AAPL", "MSFT", "BTC-USD"} {
		if _, err := inst.client.GetAsset(ctx, oas.GetAssetParams{Symbol: sym}); err != nil {
			t.Fatalf("GetAsset(%s) with Valkey up: %v", sym, err)
		}
	}

	// Kill Valkey while readers run: no request may fail.
	var wg sync.WaitGroup
	errs := make(chan error, 10)
	report := func(err error) {
		select {
		case errs <- err:
		default: // enough reported
		}
	}
	stopReaders := make(chan struct{})
	for i := range 4 {
		wg.Go(func() {
			syms := []oas.Symbol{"AAPL", "NVDA", "ETH-USD", "SPY", "^GSPC", "GC=F"}
			for n := 0; ; n++ {
				select {
				case <-stopReaders:
					return
				default:
				}
				if _, err := inst.client.GetAsset(ctx, oas.GetAssetParams{Symbol: syms[(n+i)%len(syms)]}); err != nil {
					report(err)
				}
				if _, err := inst.client.ListAssets(ctx, oas.ListAssetsParams{Limit: oas.NewOptInt32(5)}); err != nil {
					report(err)
				}
			}
		})
	}
	time.Sleep(200 * time.Millisecond)
	vk.Kill()
	time.Sleep(500 * time.Millisecond)
	close(stopReaders)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("request failed while Valkey died: %v", err)
	}
	waitHealth(t, inst, oas.HealthChecksCacheL2Down, oas.HealthStatusDegraded)

	// It comes back on its own.
	vk.Restart()
	waitHealth(t, inst, oas.HealthChecksCacheL2Up, oas.HealthStatusOk)
}

func TestRunWithUnreachableValkeyStartsDegraded(t *testing.T) {
	port := testvalkey.FreePort(t) // nothing listens there
	inst := startRun(t, map[string]string{"VALKEY_URL": fmt.Sprintf("valkey://127.0.0.1:%d", port)})
	waitHealth(t, inst, oas.HealthChecksCacheL2Down, oas.HealthStatusDegraded)
	start := time.Now()
	if _, err := inst.client.GetAsset(t.Context(), oas.GetAssetParams{Symbol: "AAPL"}); err != nil {
		t.Fatalf("GetAsset with Valkey down: %v", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("GetAsset took %v with Valkey down", d)
	}
}

func waitHealth(t *testing.T, inst *instance, l2 oas.HealthChecksCacheL2, status oas.HealthStatus) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	var last oas.GetHealthRes
	for time.Now().Before(deadline) {
		res, err := inst.client.GetHealth(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		last = res
		if h, ok := res.(*oas.GetHealthOK); ok && h.Checks.Cache.L2 == l2 && h.Status == status {
			if l2 == oas.HealthChecksCacheL2Down && !h.Checks.Cache.L2DownSince.Set {
				t.Errorf("l2 down without l2DownSince")
			}
			return
		}
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatalf("health never reached l2=%s status=%s; last %#v", l2, status, last)
}

func TestRunRejectsBadConfigBeforeStarting(t *testing.T) {
	t.Parallel()
	dbPath := filepath.Join(t.TempDir(), "never.db")
	env := map[string]string{"HTTP_ADDR": "not-an-address", "LOG_LEVEL": "chatty", "DATABASE_PATH": dbPath}
	var stdout, stderr bytes.Buffer
	err := run(t.Context(), nil, func(k string) string { return env[k] }, &stdout, &stderr)
	if err == nil {
		t.Fatal("run accepted a bad configuration")
	}
	for _, want := range []string{"HTTP_ADDR: must be host:port", "LOG_LEVEL: must be one of"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if _, statErr := os.Stat(dbPath); !os.IsNotExist(statErr) {
		t.Errorf("database created despite the bad configuration")
	}
}

func TestRunHelpAndUnknownCommand(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	getenv := func(string) string { return "" }
	if err := run(t.Context(), []string{"serve", "--help"}, getenv, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"migrate up", "seed-demo", "HTTP_ADDR", "127.0.0.1:8080", "VALKEY_URL", "DATABASE_PATH"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("serve --help lacks %q", want)
		}
	}
	if err := run(t.Context(), []string{"frobnicate"}, getenv, &stdout, &stderr); err == nil {
		t.Error("unknown command accepted")
	}
}

func TestRunMigrateStatusAndUp(t *testing.T) {
	t.Parallel()
	env := map[string]string{"DATABASE_PATH": filepath.Join(t.TempDir(), "m.db")}
	getenv := func(k string) string { return env[k] }
	var out bytes.Buffer
	if err := run(t.Context(), []string{"migrate", "status"}, getenv, &out, &out); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "pending:  0") || !strings.Contains(out.String(), "applied:  0") {
		t.Errorf("status before up:\n%s", out.String())
	}
	out.Reset()
	if err := run(t.Context(), []string{"migrate", "up"}, getenv, &out, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "applied 2") {
		t.Errorf("up output:\n%s", out.String())
	}
	out.Reset()
	if err := run(t.Context(), []string{"migrate", "status"}, getenv, &out, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "pending:  0") {
		t.Errorf("status after up:\n%s", out.String())
	}
}

func TestRunBackupAndCheck(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	env := map[string]string{"DATABASE_PATH": filepath.Join(dir, "live.db")}
	getenv := func(k string) string { return env[k] }
	var out bytes.Buffer
	if err := run(t.Context(), []string{"seed-demo", "-news", "200", "-bar-assets", "2"}, getenv, &out, &out); err != nil {
		t.Fatal(err)
	}
	copyPath := filepath.Join(dir, "copy.db")
	if err := run(t.Context(), []string{"backup", copyPath}, getenv, &out, &out); err != nil {
		t.Fatalf("backup: %v\n%s", err, out.String())
	}
	// The database and its copy hold password hashes and token digests.
	for _, p := range []string{env["DATABASE_PATH"], copyPath} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %04o, want 0600", filepath.Base(p), fi.Mode().Perm())
		}
	}
	env["DATABASE_PATH"] = copyPath
	out.Reset()
	if err := run(t.Context(), []string{"db", "check"}, getenv, &out, &out); err != nil {
		t.Fatalf("db check on the backup: %v\n%s", err, out.String())
	}
	// The restored copy serves the same data: migrations verify as current.
	env["DB_MIGRATE"] = "verify"
	out.Reset()
	if err := run(t.Context(), []string{"seed-demo", "-news", "200", "-bar-assets", "2"}, getenv, &out, &out); err != nil {
		t.Fatalf("seed-demo on the backup with DB_MIGRATE=verify: %v", err)
	}
}

// With DATABASE_URL set, the commands that work on the SQLite file itself
// stop at once, touching nothing and showing no password.
func TestRunRefusesSQLiteCommandsWithDatabaseURL(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "mp.db")
	env := map[string]string{"DATABASE_URL": "postgres://u:secret@127.0.0.1:1/db", "DATABASE_PATH": dbPath}
	for _, args := range [][]string{{"backup", filepath.Join(t.TempDir(), "copy.db")}, {"db", "check"}} {
		var out, errOut bytes.Buffer
		err := run(context.Background(), args, func(k string) string { return env[k] }, &out, &errOut)
		if !errors.Is(err, errSQLiteOnly) {
			t.Errorf("%v with DATABASE_URL: %v, want errSQLiteOnly", args, err)
		}
		if strings.Contains(err.Error()+out.String()+errOut.String(), "secret") {
			t.Errorf("%v: the password is shown", args)
		}
	}
	if _, err := os.Stat(dbPath); !os.IsNotExist(err) {
		t.Errorf("the SQLite file was touched: %v", err)
	}
}
