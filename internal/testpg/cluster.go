package testpg

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

const (
	dirPattern   = "testpg-*" // under os.TempDir()
	superuser    = "postgres"
	readyTimeout = 30 * time.Second // a loaded 2-core machine, a cold page cache
	stopTimeout  = 10 * time.Second
	startTries   = 3
	pollEvery    = 10 * time.Millisecond
)

// serverSettings fit a throwaway cluster: nothing is made durable, memory is
// small, and only loopback and the cluster's own socket directory listen.
var serverSettings = []string{
	"listen_addresses=127.0.0.1",
	"fsync=off",
	"synchronous_commit=off",
	"full_page_writes=off",
	"wal_level=minimal",
	"max_wal_senders=0",
	"shared_buffers=32MB",
	"max_connections=100",
	"dynamic_shared_memory_type=mmap", // segments live in the data directory, removed with it
	"huge_pages=off",
	"jit=off", // compiling tests' short queries only costs time
	"TimeZone=UTC",
	"log_min_messages=warning",
}

// cluster is one running PostgreSQL server in its own directory.
type cluster struct {
	dir     string // owns everything: data/, the socket, the log; removed by stop
	port    int
	admin   *pgxpool.Pool // to the postgres database, for CREATE and DROP DATABASE
	proc    *os.Process
	exited  chan error // receives Wait's result once the postmaster exits
	elapsed time.Duration

	mu        sync.Mutex
	templates map[string]*template
}

// template is a database that NewFrom copies, prepared once.
type template struct {
	name string
	once sync.Once
	err  error
}

// template returns the template of key, not yet prepared the first time.
func (c *cluster) template(key string) *template {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.templates == nil {
		c.templates = map[string]*template{}
	}
	t, ok := c.templates[key]
	if !ok {
		t = &template{name: identifier(fmt.Sprintf("tpl%d_", len(c.templates)+1), key)} // never a test's t<n>_…
		c.templates[key] = t
	}
	return t
}

// prepare creates the template database name and runs setup on it. Then
// it ends the sessions setup left behind, which would keep CREATE DATABASE
// from copying it, and refuses new ones.
func (c *cluster) prepare(name string, setup func(ctx context.Context, dsn string) error) error {
	ctx, cancel := context.WithTimeout(context.Background(), ddlTimeout)
	defer cancel()
	ident := pgx.Identifier{name}.Sanitize()
	if _, err := c.admin.Exec(ctx, "CREATE DATABASE "+ident); err != nil {
		return fmt.Errorf("create database: %w", err)
	}
	if err := setup(ctx, c.dsn(name)); err != nil {
		return fmt.Errorf("setup: %w", err)
	}
	if _, err := c.admin.Exec(ctx, "ALTER DATABASE "+ident+" WITH ALLOW_CONNECTIONS false IS_TEMPLATE true"); err != nil {
		return fmt.Errorf("make it a template: %w", err)
	}
	if _, err := c.admin.Exec(ctx, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", name); err != nil {
		return fmt.Errorf("end setup's sessions: %w", err)
	}
	return nil
}

// startCluster runs initdb into a new directory under os.TempDir() and starts
// postgres on a free loopback port, retrying when another process takes the
// port first. It returns errNoPostgres when the binaries are missing.
func startCluster() (_ *cluster, err error) {
	began := time.Now()
	bin, err := binDir(debianBinGlob)
	if err != nil {
		return nil, err
	}
	cred, uid, gid := serverUser()
	sweepStale(os.TempDir())
	// Not t.TempDir: its parents are private to us, and the server may run as
	// another user. MkdirTemp's 0700 directory is given to that user.
	dir, err := os.MkdirTemp("", dirPattern)
	if err != nil {
		return nil, fmt.Errorf("create cluster directory: %w", err)
	}
	c := &cluster{dir: dir}
	defer func() {
		if err != nil {
			_ = c.stop()
		}
	}()
	if stamp := ownerStamp(); stamp != "" {
		if err = os.WriteFile(filepath.Join(dir, ownerFile), []byte(stamp), 0o644); err != nil {
			return nil, fmt.Errorf("write owner: %w", err)
		}
	}
	if err = os.Chown(dir, uid, gid); err != nil {
		return nil, fmt.Errorf("give %s to uid %d: %w", dir, uid, err)
	}
	if err = c.run(bin, cred, "initdb", "-D", c.data(), "-U", superuser, "-A", "trust",
		"-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"); err != nil {
		return nil, err
	}
	for range startTries {
		if err = c.start(bin, cred); err == nil {
			break
		}
	}
	if err != nil {
		return nil, err
	}
	cfg, err := pgxpool.ParseConfig(c.dsn(superuser))
	if err != nil {
		return nil, fmt.Errorf("admin pool: %w", err)
	}
	cfg.MaxConns = 4
	if c.admin, err = pgxpool.NewWithConfig(context.Background(), cfg); err != nil {
		return nil, fmt.Errorf("admin pool: %w", err)
	}
	c.elapsed = time.Since(began)
	return c, nil
}

func (c *cluster) data() string    { return filepath.Join(c.dir, "data") }
func (c *cluster) logPath() string { return filepath.Join(c.dir, "postgres.log") }

// dsn is the URL of database name as the superuser, over TCP.
func (c *cluster) dsn(name string) string {
	return fmt.Sprintf("postgres://%s@127.0.0.1:%d/%s?sslmode=disable", superuser, c.port, name)
}

// run runs a PostgreSQL tool to completion, its output in the cluster's log.
func (c *cluster) run(bin string, cred *syscall.Credential, name string, args ...string) error {
	cmd := c.command(bin, cred, name, args...)
	if err := startLogged(cmd, c.logPath()); err != nil {
		return err
	}
	if err := cmd.Wait(); err != nil {
		return fmt.Errorf("%s: %w: %s", name, err, tail(c.logPath()))
	}
	return nil
}

func (c *cluster) command(bin string, cred *syscall.Credential, name string, args ...string) *exec.Cmd {
	cmd := exec.Command(filepath.Join(bin, name), args...)
	cmd.Dir = c.dir
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "LC_ALL=C", "TZ=UTC"}
	cmd.SysProcAttr = sysProcAttr(cred)
	return cmd
}

// startLogged starts cmd with its output appended to the log at path.
func startLogged(cmd *exec.Cmd, path string) error {
	out, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("open log: %w", err)
	}
	defer out.Close() // the child has its own descriptor once started
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("run %s: %w", cmd.Path, err)
	}
	return nil
}

// start launches the postmaster on a free port and waits until it accepts a
// connection, or exits, or readyTimeout passes.
func (c *cluster) start(bin string, cred *syscall.Credential) error {
	port, err := freePort()
	if err != nil {
		return err
	}
	c.port = port
	args := []string{"-D", c.data(), "-p", strconv.Itoa(port), "-k", c.dir}
	for _, s := range serverSettings {
		args = append(args, "-c", s)
	}
	cmd := c.command(bin, cred, "postgres", args...)
	if err := startLogged(cmd, c.logPath()); err != nil {
		return err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()

	var last error
	for deadline := time.Now().Add(readyTimeout); time.Now().Before(deadline); time.Sleep(pollEvery) {
		select {
		case err := <-exited:
			return fmt.Errorf("postgres on port %d exited (%v): %s", port, err, tail(c.logPath()))
		default:
		}
		if last = ping(c.dsn(superuser)); last == nil {
			c.proc, c.exited = cmd.Process, exited
			return nil
		}
	}
	_ = cmd.Process.Kill()
	<-exited
	return fmt.Errorf("postgres on port %d not ready after %v (%v): %s", port, readyTimeout, last, tail(c.logPath()))
}

// stop shuts the server down (immediate mode: nothing needs to survive) and
// removes the cluster's directory.
func (c *cluster) stop() error {
	if c.admin != nil {
		c.admin.Close()
	}
	var errs []error
	if c.proc != nil {
		_ = c.proc.Signal(syscall.SIGQUIT)
		select {
		case <-c.exited:
		case <-time.After(stopTimeout):
			_ = c.proc.Kill()
			<-c.exited
			errs = append(errs, fmt.Errorf("postgres ignored SIGQUIT for %v: killed", stopTimeout))
		}
		c.proc = nil
	}
	if err := os.RemoveAll(c.dir); err != nil {
		errs = append(errs, fmt.Errorf("remove cluster directory: %w", err))
	}
	return errors.Join(errs...)
}

// ping is pg_isready's question, asked with a real login.
func ping(dsn string) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return err
	}
	return conn.Close(ctx)
}

// freePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// tail is the end of the cluster's log, for error messages.
func tail(path string) string {
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
