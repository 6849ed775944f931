package account_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/internal/account"
	"github.com/marketpulse/api/internal/app"
	"github.com/marketpulse/api/internal/config"
	"github.com/marketpulse/api/internal/store"
)

func TestSweepExpiredSessions(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d, err := app.OpenAndMigrate(ctx, config.DB{Path: filepath.Join(t.TempDir(), "mp.db"), Migrate: "auto"},
		slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = d.Close() })
	now := time.Now()
	const expired = 1201 // more than two batches
	err = d.InTx(ctx, func(q *db.Queries) error {
		u, err := q.CreateUser(ctx, db.CreateUserParams{Email: "s@example.com", PasswordHash: "$argon2id$v=19$m=65536,t=1,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA", DisplayName: "S", Role: "user"})
		if err != nil {
			return err
		}
		for i := range expired + 1 {
			// Sessions must expire after their creation: sweep at now+1h.
			expires := now.Add(time.Minute + time.Duration(i)*time.Millisecond)
			if i == expired {
				expires = now.Add(2 * time.Hour) // the one live session
			}
			if _, err := q.CreateSession(ctx, db.CreateSessionParams{
				TokenHash: tokenHash(i), UserID: u.ID, ExpiresAt: expires, UserAgent: "test",
			}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	later := now.Add(time.Hour)
	n, err := account.SweepExpiredSessions(ctx, d, later)
	if err != nil || n != expired {
		t.Fatalf("SweepExpiredSessions = %d, %v; want %d", n, err, expired)
	}
	if left := countSessions(t, d); left != 1 {
		t.Errorf("%d sessions left, want the live one", left)
	}
	if n, err := account.SweepExpiredSessions(ctx, d, later); err != nil || n != 0 {
		t.Errorf("second sweep = %d, %v; want 0", n, err)
	}
}

// tokenHash is a distinct 32-byte digest per i, the shape the schema requires.
func tokenHash(i int) []byte {
	h := sha256.Sum256(fmt.Appendf(nil, "token-%d", i))
	return h[:]
}

func countSessions(t *testing.T, d *store.DB) int {
	t.Helper()
	var n int
	if err := d.Reader.QueryRowContext(context.Background(), "SELECT count(*) FROM sessions").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
