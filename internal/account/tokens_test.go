package account_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/marketpulse/api/internal/account"
	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/testdb"
)

// TestSessionTimesAtMilliseconds: both engines keep milliseconds, and
// store and compare a finer time as the millisecond it falls in (not
// rounded up, as timestamptz(3) alone would), so a session expires at the
// same instant on both.
func TestSessionTimesAtMilliseconds(t *testing.T) {
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		t.Parallel()
		ctx := context.Background()
		st := storageOf(e)
		u, err := st.CreateUser(ctx, account.NewUser{Email: "t@example.com", PasswordHash: "$argon2id$v=19$m=64,t=1,p=1$c2FsdA$a2V5", DisplayName: "T", Role: account.RoleUser})
		if err != nil {
			t.Fatal(err)
		}
		expires := time.Date(2040, 1, 2, 3, 4, 5, 123_987_654, time.FixedZone("UTC+1", 3600))
		want := time.Date(2040, 1, 2, 2, 4, 5, 123_000_000, time.UTC)
		digest := tokenHash(1)
		created, err := st.CreateSession(ctx, account.NewSession{Digest: digest, UserID: u.ID, ExpiresAt: expires, UserAgent: "t"})
		if err != nil {
			t.Fatal(err)
		}
		if !created.ExpiresAt.Equal(want) || created.ExpiresAt.Location() != time.UTC {
			t.Errorf("stored expiry = %v, want %v", created.ExpiresAt, want)
		}

		tests := []struct {
			give  time.Duration // now, relative to the stored expiry
			found bool
		}{
			{-time.Millisecond, true},
			{-400 * time.Microsecond, true}, // within the last millisecond: still valid
			{0, false},
			{400 * time.Microsecond, false},
		}
		for _, tt := range tests {
			got, role, err := st.GetSessionByDigest(ctx, digest, want.Add(tt.give))
			switch {
			case tt.found && (err != nil || got.ID != created.ID || role != account.RoleUser || !got.ExpiresAt.Equal(want)):
				t.Errorf("at expiry%+v: %+v, %q, %v; want session %d of a user", tt.give, got, role, err, created.ID)
			case !tt.found && apperr.KindOf(err) != apperr.NotFound:
				t.Errorf("at expiry%+v: %+v, %v; want NotFound", tt.give, got, err)
			}
		}

		used := want.Add(-time.Hour + 987_654*time.Nanosecond)
		if err := st.TouchSession(ctx, created.ID, used, want); err != nil {
			t.Fatal(err)
		}
		got, _, err := st.GetSessionByDigest(ctx, digest, used)
		if wantUsed := used.Truncate(time.Millisecond); err != nil || !got.LastUsedAt.Equal(wantUsed) {
			t.Errorf("last use = %v, %v; want %v", got.LastUsedAt, err, wantUsed)
		}
	})
}

func TestSessionLifecycle(t *testing.T) {
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		t.Parallel()
		ctx := context.Background()
		s := newService(t, storageOf(e))
		u := mustRegister(t, s, "erin@example.com")
		sess := mustLogin(t, s, u.Email)
		if !sess.ExpiresAt.Equal(sess.ExpiresAt.Truncate(time.Millisecond)) || sess.ExpiresAt.Location() != time.UTC {
			t.Errorf("session expiry %v, want UTC milliseconds", sess.ExpiresAt)
		}
		p, err := s.ResolveToken(ctx, sess.Token, sess.ExpiresAt.Add(-time.Millisecond))
		if err != nil || p.UserID != u.ID || p.Admin || p.SessionID == 0 {
			t.Fatalf("ResolveToken = %+v, %v; want user %d", p, err, u.ID)
		}
		if _, err := s.ResolveToken(ctx, sess.Token, sess.ExpiresAt); !errors.Is(err, account.ErrUnauthorized) {
			t.Errorf("ResolveToken at the expiry: %v, want ErrUnauthorized", err)
		}

		if err := s.Logout(ctx, p); err != nil {
			t.Fatalf("logout: %v", err)
		}
		if err := s.Logout(ctx, p); !errors.Is(err, account.ErrUnauthorized) {
			t.Errorf("second logout: %v, want ErrUnauthorized", err)
		}
		if _, err := s.ResolveToken(ctx, sess.Token, time.Now()); !errors.Is(err, account.ErrUnauthorized) {
			t.Errorf("token after logout: %v, want ErrUnauthorized", err)
		}
	})
}

// TestPasswordChangeRevokesEverySession: the sessions' digests are listed
// and deleted in the transaction that sets the password.
func TestPasswordChangeRevokesEverySession(t *testing.T) {
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		t.Parallel()
		ctx := context.Background()
		s := newService(t, storageOf(e))
		u := mustRegister(t, s, "fay@example.com")
		tokens := []string{mustLogin(t, s, u.Email).Token, mustLogin(t, s, u.Email).Token}
		for _, tok := range tokens { // cached resolutions, which must go too
			if _, err := s.ResolveToken(ctx, tok, time.Now()); err != nil {
				t.Fatal(err)
			}
		}
		const newPassword = "a new password, long enough"
		if err := s.ChangePassword(ctx, u.ID, account.PasswordChange{CurrentPassword: password, NewPassword: newPassword}); err != nil {
			t.Fatalf("change password: %v", err)
		}
		for i, tok := range tokens {
			if _, err := s.ResolveToken(ctx, tok, time.Now()); !errors.Is(err, account.ErrUnauthorized) {
				t.Errorf("token %d after the password change: %v, want ErrUnauthorized", i, err)
			}
		}
		if n := countSessions(t, e); n != 0 {
			t.Errorf("%d sessions left, want none", n)
		}
		if _, err := s.Login(ctx, account.Credentials{Email: u.Email, Password: newPassword, ClientIP: clientIP}); err != nil {
			t.Errorf("login with the new password: %v", err)
		}
	})
}
