package account_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/marketpulse/api/internal/account"
	"github.com/marketpulse/api/internal/testdb"
)

// seedSessions stores expired sessions, expiring a millisecond apart from
// a minute after now, and one live session, of one new user. The expired
// ones go in with one statement of the engine's own: the sweep, not the
// insert, is under test, and a thousand commits are slow on a busy machine.
func seedSessions(t *testing.T, e testdb.Engine, now time.Time, expired int) {
	t.Helper()
	ctx := context.Background()
	st := storageOf(e)
	u, err := st.CreateUser(ctx, account.NewUser{Email: "s@example.com", PasswordHash: "$argon2id$v=19$m=65536,t=1,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA", DisplayName: "S", Role: account.RoleUser})
	if err != nil {
		t.Fatal(err)
	}
	first := now.Add(time.Minute).UTC() // sessions must expire after their creation: sweep at now+1h
	if e.Postgres != nil {
		_, err = e.Postgres.Pool.Exec(ctx, `INSERT INTO sessions (token_hash, user_id, expires_at, user_agent)
			SELECT sha256(('token-' || i)::bytea), $1, $2::timestamptz(3) + i * interval '1 millisecond', 'test'
			FROM generate_series(0, $3::int - 1) AS i`, u.ID, first, expired)
	} else {
		_, err = e.SQLite.Writer.ExecContext(ctx, `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?)
			INSERT INTO sessions (token_hash, user_id, expires_at, user_agent)
			SELECT randomblob(32), ?, strftime('%Y-%m-%d %H:%M:%f', ?, '+' || (i / 1000.0) || ' seconds'), 'test' FROM n`,
			expired, u.ID, first)
	}
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateSession(ctx, account.NewSession{
		Digest: tokenHash(-1), UserID: u.ID, ExpiresAt: now.Add(2 * time.Hour), UserAgent: "test",
	}); err != nil {
		t.Fatal(err)
	}
	if n := countSessions(t, e); n != expired+1 {
		t.Fatalf("%d sessions stored, want %d", n, expired+1)
	}
}

func TestSweepExpiredSessions(t *testing.T) {
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		t.Parallel()
		ctx := context.Background()
		st := storageOf(e)
		now := time.Now()
		const expired = 1201 // more than two batches
		seedSessions(t, e, now, expired)

		later := now.Add(time.Hour)
		n, err := account.SweepExpiredSessions(ctx, st, later)
		if err != nil || n != expired {
			t.Fatalf("SweepExpiredSessions = %d, %v; want %d", n, err, expired)
		}
		if left := countSessions(t, e); left != 1 {
			t.Errorf("%d sessions left, want the live one", left)
		}
		if n, err := account.SweepExpiredSessions(ctx, st, later); err != nil || n != 0 {
			t.Errorf("second sweep = %d, %v; want 0", n, err)
		}
	})
}

// TestConcurrentSweepsShareTheWork: instances sharing a database sweep at
// the same moment. Together they delete each expired session once, and
// neither fails (on PostgreSQL, neither waits for the other's rows nor
// loses a serialization conflict).
func TestConcurrentSweepsShareTheWork(t *testing.T) {
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		t.Parallel()
		ctx := context.Background()
		st := storageOf(e)
		now := time.Now()
		const expired, sweepers = 2503, 4
		seedSessions(t, e, now, expired)

		var (
			wg    sync.WaitGroup
			start = make(chan struct{})
			got   [sweepers]int64
			errs  [sweepers]error
		)
		for i := range sweepers {
			wg.Go(func() {
				<-start
				got[i], errs[i] = account.SweepExpiredSessions(ctx, st, now.Add(time.Hour))
			})
		}
		close(start)
		wg.Wait()
		var total int64
		for i := range sweepers {
			if errs[i] != nil {
				t.Errorf("sweeper %d: %v", i, errs[i])
			}
			total += got[i]
		}
		if total != expired {
			t.Errorf("the sweeps deleted %d sessions in all (%v), want %d", total, got, expired)
		}
		if left := countSessions(t, e); left != 1 {
			t.Errorf("%d sessions left, want the live one", left)
		}
	})
}

// tokenHash is a distinct 32-byte digest per i, the shape the schema requires.
func tokenHash(i int) [32]byte {
	return sha256.Sum256(fmt.Appendf(nil, "token-%d", i))
}

// TestSweepSkipsWhatAnotherSweepHolds: on PostgreSQL a sweep passes over
// the expired sessions another instance's sweep has locked, rather than
// waiting for it; they are that sweep's to delete.
func TestSweepSkipsWhatAnotherSweepHolds(t *testing.T) {
	t.Parallel()
	e := testdb.Open(t, testdb.NamePostgres)
	ctx := context.Background()
	now := time.Now()
	const expired, held = 1201, 100
	seedSessions(t, e, now, expired)
	later := now.Add(time.Hour)

	other, err := e.Postgres.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = other.Rollback(ctx) }()
	// The oldest: the first rows every batch of the sweep would take.
	if _, err := other.Exec(ctx, `SELECT id FROM sessions WHERE expires_at <= $1
		ORDER BY expires_at LIMIT $2 FOR UPDATE`, later, held); err != nil {
		t.Fatal(err)
	}
	// Were the sweep to wait for the held rows, it would hit this deadline.
	wctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if n, err := account.SweepExpiredSessions(wctx, storageOf(e), later); err != nil || n != expired-held {
		t.Fatalf("sweep beside a holder = %d, %v; want %d", n, err, expired-held)
	}
	if err := other.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	if n, err := account.SweepExpiredSessions(ctx, storageOf(e), later); err != nil || n != held {
		t.Errorf("sweep after the holder let go = %d, %v; want %d", n, err, held)
	}
}
