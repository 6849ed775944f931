package account_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/fx"

	"github.com/marketpulse/api/internal/account"
	"github.com/marketpulse/api/internal/app"
	"github.com/marketpulse/api/internal/auth"
	"github.com/marketpulse/api/internal/config"
	"github.com/marketpulse/api/internal/testdb"
)

const bootstrapPassword = "bootstrap password 1"

// startStop runs the whole application once and returns its log.
func startStop(t *testing.T, cfg config.Config) string {
	t.Helper()
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	a := fx.New(app.Options(cfg, log, io.Discard))
	ctx := context.Background()
	if err := a.Start(ctx); err != nil {
		t.Fatalf("start: %v\n%s", err, logs.String())
	}
	if err := a.Stop(ctx); err != nil {
		t.Fatalf("stop: %v", err)
	}
	return logs.String()
}

func bootstrapConfig(t *testing.T, email string) config.Config {
	t.Helper()
	cfg, err := config.Load(func(k string) string {
		return map[string]string{
			"HTTP_ADDR":          "127.0.0.1:0",
			"DATABASE_PATH":      filepath.Join(t.TempDir(), "mp.db"),
			"ADMIN_EMAIL":        email,
			"ADMIN_PASSWORD":     bootstrapPassword,
			"ARGON2_MEMORY_KIB":  "64",
			"ARGON2_ITERATIONS":  "1",
			"ARGON2_PARALLELISM": "1",
		}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// accountsOf lists the accounts of the SQLite database of cfg, with their
// password hashes.
func accountsOf(t *testing.T, cfg config.DB) []account.StoredUser {
	t.Helper()
	ctx := context.Background()
	d, err := app.OpenAndMigrate(ctx, cfg, slog.New(slog.DiscardHandler), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	st := account.SQLite(d)
	users, err := st.ListUsers(ctx, time.Time{}, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]account.StoredUser, len(users))
	for i, u := range users {
		if out[i], err = st.GetUser(ctx, u.ID); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func TestAdminBootstrapIsIdempotent(t *testing.T) {
	t.Parallel()
	cfg := bootstrapConfig(t, "Root@Example.com")
	var hashes []string
	for run, want := range []string{account.AdminCreated, account.AdminUnchanged} {
		log := startStop(t, cfg)
		if !strings.Contains(log, "outcome="+want) {
			t.Errorf("run %d: log lacks outcome=%s:\n%s", run, want, log)
		}
		if strings.Contains(log, bootstrapPassword) {
			t.Fatalf("run %d: the admin password is in the log", run)
		}
		users := accountsOf(t, cfg.DB)
		if len(users) != 1 || users[0].Email != "Root@Example.com" || users[0].Role != account.RoleAdmin || !users[0].Active {
			t.Fatalf("run %d: accounts = %+v, want one active admin", run, users)
		}
		hashes = append(hashes, users[0].PasswordHash)
	}
	if hashes[0] != hashes[1] {
		t.Error("a second start changed the admin's password hash")
	}
	h, err := auth.NewHasher(auth.Params{MemoryKiB: 64, Iterations: 1, Parallelism: 1}, 1, 4)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.Verify(context.Background(), bootstrapPassword, hashes[0]); err != nil {
		t.Errorf("ADMIN_PASSWORD does not verify against the stored hash: %v", err)
	}
}

// seedAccount creates an account of email and role in the database of cfg,
// deactivated unless active, and returns it.
func seedAccount(t *testing.T, cfg config.Config, email string, role account.Role, active bool) account.StoredUser {
	t.Helper()
	ctx := context.Background()
	d, err := app.OpenAndMigrate(ctx, cfg.DB, slog.New(slog.DiscardHandler), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	st := account.SQLite(d)
	u, err := st.CreateUser(ctx, account.NewUser{Email: email, PasswordHash: "$argon2id$v=19$m=64,t=1,p=1$c2FsdA$a2V5", DisplayName: "Ops", Role: role})
	if err == nil && !active {
		_, err = st.UpdateUserAccess(ctx, u.ID, role, false)
	}
	if err != nil {
		t.Fatal(err)
	}
	stored, err := st.GetUser(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return stored
}

// TestAdminBootstrapNeverPromotes: an account that registered the admin
// email (or changed its email to it) is not promoted at start; the start
// fails with one line that says what to do, and the account is unchanged.
func TestAdminBootstrapNeverPromotes(t *testing.T) {
	t.Parallel()
	cfg := bootstrapConfig(t, "OPS@example.com")
	u := seedAccount(t, cfg, "ops@example.com", "user", true)

	a := fx.New(app.Options(cfg, slog.New(slog.DiscardHandler), io.Discard))
	err := a.Start(context.Background())
	if err == nil {
		_ = a.Stop(context.Background())
		t.Fatal("the start succeeded with a non-admin account holding ADMIN_EMAIL")
	}
	msg := err.Error()
	if !errors.Is(err, account.ErrNotAdmin) || strings.Contains(msg, "\n") ||
		!strings.Contains(msg, "ADMIN_EMAIL OPS@example.com") || !strings.Contains(msg, "marketpulse user promote") {
		t.Errorf("start error = %q, want one line naming ADMIN_EMAIL, ErrNotAdmin and the promote command", msg)
	}
	users := accountsOf(t, cfg.DB)
	if len(users) != 1 || users[0].ID != u.ID || users[0].Role != account.RoleUser || users[0].PasswordHash != u.PasswordHash {
		t.Fatalf("accounts = %+v, want %d left a user with its own password", users, u.ID)
	}
}

func TestAdminBootstrapReactivatesTheAdmin(t *testing.T) {
	t.Parallel()
	cfg := bootstrapConfig(t, "OPS@example.com")
	u := seedAccount(t, cfg, "ops@example.com", "admin", false)

	if log := startStop(t, cfg); !strings.Contains(log, "outcome="+account.AdminReactivated) {
		t.Errorf("log lacks outcome=%s:\n%s", account.AdminReactivated, log)
	}
	users := accountsOf(t, cfg.DB)
	if len(users) != 1 || users[0].ID != u.ID || users[0].Role != account.RoleAdmin || !users[0].Active || users[0].PasswordHash != u.PasswordHash {
		t.Fatalf("accounts = %+v, want %d reactivated with its own password", users, u.ID)
	}
}

// TestAdminBootstrapLosesTheCreateRace: the account of the admin email
// appears between EnsureAdmin's read and its create (another instance
// bootstrapping, or a registration). The read pool here is a database
// without it, so the create always conflicts; EnsureAdmin must then judge
// the account that won, not fail on the read it made first.
func TestAdminBootstrapLosesTheCreateRace(t *testing.T) {
	t.Parallel()
	tests := []struct {
		role    account.Role
		want    string
		wantErr error
	}{
		{role: account.RoleAdmin, want: account.AdminUnchanged},
		{role: account.RoleUser, wantErr: account.ErrNotAdmin},
	}
	for _, tt := range tests {
		t.Run(string(tt.role), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			cfg := bootstrapConfig(t, "ops@example.com")
			seedAccount(t, cfg, "OPS@example.com", tt.role, true)
			s := newService(t, laggingReads(t, cfg.DB, bootstrapConfig(t, "ops@example.com").DB))

			got, err := s.EnsureAdmin(ctx, "ops@example.com", bootstrapPassword)
			if got != tt.want || !errors.Is(err, tt.wantErr) || (tt.wantErr == nil && err != nil) {
				t.Errorf("EnsureAdmin = %q, %v; want %q, %v", got, err, tt.want, tt.wantErr)
			}
			users := accountsOf(t, cfg.DB)
			if len(users) != 1 || users[0].Role != tt.role {
				t.Errorf("accounts = %+v, want the one %s", users, tt.role)
			}
		})
	}
}

// laggingReads is the storage of the SQLite database of cfg whose reads
// outside a transaction go to the database of lagging instead: a read pool
// that has not seen the latest writes.
func laggingReads(t *testing.T, cfg, lagging config.DB) account.Storage {
	t.Helper()
	ctx := context.Background()
	log := slog.New(slog.DiscardHandler)
	d, err := app.OpenAndMigrate(ctx, cfg, log, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = d.Close() })
	old, err := app.OpenAndMigrate(ctx, lagging, log, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = old.Close() })
	mixed := *d
	mixed.Read = old.Read
	return account.SQLite(&mixed)
}

// TestConcurrentEnsureAdmin: instances starting together on one database
// each bootstrap the admin. One creates it; each other's create conflicts
// (on PostgreSQL after waiting for the winner's commit), and it then finds
// the winner's admin and leaves it as it is.
func TestConcurrentEnsureAdmin(t *testing.T) {
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		t.Parallel()
		ctx := context.Background()
		st := storageOf(e)
		const instances = 4
		services := make([]*account.Service, instances)
		for i := range services {
			services[i] = newService(t, st)
		}
		var (
			wg       sync.WaitGroup
			start    = make(chan struct{})
			outcomes [instances]string
			errs     [instances]error
		)
		for i, s := range services {
			wg.Go(func() {
				<-start
				outcomes[i], errs[i] = s.EnsureAdmin(ctx, "Root@example.com", bootstrapPassword)
			})
		}
		close(start)
		wg.Wait()
		created := 0
		for i := range instances {
			switch {
			case errs[i] != nil:
				t.Errorf("instance %d: %v", i, errs[i])
			case outcomes[i] == account.AdminCreated:
				created++
			case outcomes[i] != account.AdminUnchanged:
				t.Errorf("instance %d: %q, want created or unchanged", i, outcomes[i])
			}
		}
		if created != 1 {
			t.Errorf("%d instances created the admin (%v), want 1", created, outcomes)
		}
		users, err := st.ListUsers(ctx, time.Time{}, 0, 10)
		if err != nil || len(users) != 1 || users[0].Role != account.RoleAdmin || !users[0].Active {
			t.Errorf("accounts = %+v, %v; want the one active admin", users, err)
		}
	})
}
