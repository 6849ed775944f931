package main

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/internal/account"
	"github.com/marketpulse/api/internal/app"
	"github.com/marketpulse/api/internal/config"
)

func TestUserPromote(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "mp.db")
	d, err := app.OpenAndMigrate(ctx, config.DB{Path: path, Migrate: "auto"}, slog.New(slog.DiscardHandler), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	u, err := d.Write.CreateUser(ctx, db.CreateUserParams{Email: "ops@example.com", PasswordHash: "$argon2id$v=19$m=64,t=1,p=1$c2FsdA$a2V5", DisplayName: "Ops", Role: "user"})
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"DATABASE_PATH": path, "LOG_LEVEL": "warn"}
	getenv := func(k string) string { return env[k] }
	promote := func(email string) (string, error) {
		var out bytes.Buffer
		err := run(ctx, []string{"user", "promote", email}, getenv, &out, &out)
		return out.String(), err
	}

	for _, want := range []string{"is now an admin", "is already an admin"} {
		out, err := promote("OPS@example.com")
		if err != nil || !strings.Contains(out, want) {
			t.Fatalf("user promote = %q, %v; want %q", out, err, want)
		}
		got, err := d.Read.GetUser(ctx, u.ID)
		if err != nil || got.Role != "admin" || got.Active != 1 || got.PasswordHash != u.PasswordHash {
			t.Fatalf("after promote: %+v, %v; want an active admin with its own password", got, err)
		}
	}
	if _, err := promote("nobody@example.com"); !errors.Is(err, account.ErrNoSuchEmail) {
		t.Errorf("unknown email: %v, want ErrNoSuchEmail", err)
	}
	for _, args := range [][]string{{"user"}, {"user", "promote"}, {"user", "demote", "ops@example.com"}, {"user", "promote", "a", "b"}} {
		if err := run(ctx, args, getenv, &bytes.Buffer{}, &bytes.Buffer{}); !errors.Is(err, errUsage) {
			t.Errorf("%v: %v, want a usage error", args, err)
		}
	}
}
