package account_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"go.uber.org/fx"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/internal/account"
	"github.com/marketpulse/api/internal/app"
	"github.com/marketpulse/api/internal/auth"
	"github.com/marketpulse/api/internal/cache"
	"github.com/marketpulse/api/internal/config"
	"github.com/marketpulse/api/internal/store"
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

func accountsOf(t *testing.T, path string) []db.User {
	t.Helper()
	d, err := store.Open(context.Background(), path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	users, err := d.Read.ListUsers(context.Background(), db.ListUsersParams{MaxRows: 100})
	if err != nil {
		t.Fatal(err)
	}
	return users
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
		users := accountsOf(t, cfg.DB.Path)
		if len(users) != 1 || users[0].Email != "Root@Example.com" || users[0].Role != "admin" || users[0].Active != 1 {
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
func seedAccount(t *testing.T, cfg config.Config, email, role string, active bool) db.User {
	t.Helper()
	ctx := context.Background()
	d, err := app.OpenAndMigrate(ctx, cfg.DB, slog.New(slog.DiscardHandler), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	u, err := d.Write.CreateUser(ctx, db.CreateUserParams{Email: email, PasswordHash: "$argon2id$v=19$m=64,t=1,p=1$c2FsdA$a2V5", DisplayName: "Ops", Role: role})
	if err == nil && !active {
		u, err = d.Write.UpdateUserAccess(ctx, db.UpdateUserAccessParams{ID: u.ID, Role: role, Active: 0})
	}
	if err != nil {
		t.Fatal(err)
	}
	return u
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
	users := accountsOf(t, cfg.DB.Path)
	if len(users) != 1 || users[0].ID != u.ID || users[0].Role != "user" || users[0].PasswordHash != u.PasswordHash {
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
	users := accountsOf(t, cfg.DB.Path)
	if len(users) != 1 || users[0].ID != u.ID || users[0].Role != "admin" || users[0].Active != 1 || users[0].PasswordHash != u.PasswordHash {
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
		role    string
		want    string
		wantErr error
	}{
		{role: "admin", want: account.AdminUnchanged},
		{role: "user", wantErr: account.ErrNotAdmin},
	}
	for _, tt := range tests {
		t.Run(tt.role, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			cfg := bootstrapConfig(t, "ops@example.com")
			seedAccount(t, cfg, "OPS@example.com", tt.role, true)
			winner := mustOpen(t, cfg.DB)
			lagging := mustOpen(t, bootstrapConfig(t, "ops@example.com").DB)
			mixed := *winner
			mixed.Read = lagging.Read // has not seen the account yet
			s := mustService(t, &mixed)

			got, err := s.EnsureAdmin(ctx, "ops@example.com", bootstrapPassword)
			if got != tt.want || !errors.Is(err, tt.wantErr) || (tt.wantErr == nil && err != nil) {
				t.Errorf("EnsureAdmin = %q, %v; want %q, %v", got, err, tt.want, tt.wantErr)
			}
			users := accountsOf(t, cfg.DB.Path)
			if len(users) != 1 || users[0].Role != tt.role {
				t.Errorf("accounts = %+v, want the one %s", users, tt.role)
			}
		})
	}
}

func mustOpen(t *testing.T, cfg config.DB) *store.DB {
	t.Helper()
	d, err := app.OpenAndMigrate(context.Background(), cfg, slog.New(slog.DiscardHandler), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = d.Close() })
	return d
}

func mustService(t *testing.T, d *store.DB) *account.Service {
	t.Helper()
	c, err := cache.New(cache.Config{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	cfg := bootstrapConfig(t, "ops@example.com")
	s, err := account.New(account.Deps{DB: d, Cache: c, Log: slog.New(slog.DiscardHandler), Auth: cfg.Auth})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}
