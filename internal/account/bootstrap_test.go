package account_test

import (
	"bytes"
	"context"
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

func TestAdminBootstrapPromotesAnExistingAccount(t *testing.T) {
	t.Parallel()
	cfg := bootstrapConfig(t, "OPS@example.com")
	ctx := context.Background()
	d, err := app.OpenAndMigrate(ctx, cfg.DB, slog.New(slog.DiscardHandler), nil)
	if err != nil {
		t.Fatal(err)
	}
	u, err := d.Write.CreateUser(ctx, db.CreateUserParams{Email: "ops@example.com", PasswordHash: "$argon2id$v=19$m=64,t=1,p=1$c2FsdA$a2V5", DisplayName: "Ops", Role: "user"})
	if err == nil {
		_, err = d.Write.UpdateUserAccess(ctx, db.UpdateUserAccessParams{ID: u.ID, Role: "user", Active: 0})
	}
	if err != nil {
		t.Fatal(err)
	}
	_ = d.Close()

	if log := startStop(t, cfg); !strings.Contains(log, "outcome="+account.AdminPromoted) {
		t.Errorf("log lacks outcome=%s:\n%s", account.AdminPromoted, log)
	}
	users := accountsOf(t, cfg.DB.Path)
	if len(users) != 1 || users[0].ID != u.ID || users[0].Role != "admin" || users[0].Active != 1 || users[0].PasswordHash != u.PasswordHash {
		t.Fatalf("accounts = %+v, want %d promoted and reactivated with its own password", users, u.ID)
	}
}
