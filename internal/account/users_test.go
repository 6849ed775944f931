package account_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/marketpulse/api/internal/account"
	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/testdb"
)

// wantCode fails unless err is an apperr error of code (nil: no error).
func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	var ae *apperr.Error
	switch {
	case code == "" && err != nil:
		t.Errorf("%s: %v, want no error", what, err)
	case code != "" && (!errors.As(err, &ae) || ae.Code != code):
		t.Errorf("%s: %v, want code %s", what, err, code)
	}
}

// TestEmailsAreUniqueWhateverTheirCase: SQLite's NOCASE and PostgreSQL's
// lower() under COLLATE "C" fold ASCII letters, and only them.
func TestEmailsAreUniqueWhateverTheirCase(t *testing.T) {
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		t.Parallel()
		ctx := context.Background()
		s := newService(t, storageOf(e))
		first := mustRegister(t, s, "Ann@Example.com")

		_, err := s.Register(ctx, account.Registration{Email: "aNN@example.COM", Password: password, DisplayName: "Twin", ClientIP: clientIP})
		wantCode(t, "register the same email in another case", err, "email_taken")
		var ae *apperr.Error
		if errors.As(err, &ae) && (ae.Kind != apperr.Conflict || len(ae.Fields) != 1 || ae.Fields[0].Path != "email") {
			t.Errorf("email_taken = %+v, want a conflict at email", ae)
		}

		// Only ASCII letters fold: É and é are two emails on both engines.
		mustRegister(t, s, "Émile@example.com")
		mustRegister(t, s, "émile@example.com")

		// Login finds the account whatever the case typed.
		if sess := mustLogin(t, s, "ANN@EXAMPLE.COM"); sess.User.ID != first.ID || sess.User.Email != "Ann@Example.com" {
			t.Errorf("login in upper case = %+v, want account %d as registered", sess.User, first.ID)
		}

		// Changing one's email to another's, in any case, is taken too.
		other := mustRegister(t, s, "bob@example.com")
		taken := "ann@EXAMPLE.com"
		_, err = s.UpdateProfile(ctx, other.ID, account.ProfilePatch{Email: &taken, CurrentPassword: password})
		wantCode(t, "change an email to another account's", err, "email_taken")

		// Changing the case of one's own email is allowed.
		own := "BOB@example.com"
		u, err := s.UpdateProfile(ctx, other.ID, account.ProfilePatch{Email: &own, CurrentPassword: password})
		if err != nil || u.Email != own {
			t.Errorf("change the case of one's email = %+v, %v; want %s", u, err, own)
		}
	})
}

// TestConcurrentRegistrationsOfOneEmail: of registrations racing for one
// email in different cases, one wins and the others are 409, never 500.
func TestConcurrentRegistrationsOfOneEmail(t *testing.T) {
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		t.Parallel()
		s := newService(t, storageOf(e))
		emails := []string{"race@example.com", "RACE@example.com", "Race@Example.com", "race@EXAMPLE.COM"}
		errs := make([]error, len(emails))
		var wg sync.WaitGroup
		for i, email := range emails {
			wg.Go(func() {
				_, errs[i] = s.Register(context.Background(), account.Registration{
					Email: email, Password: password, DisplayName: "Racer", ClientIP: clientIP,
				})
			})
		}
		wg.Wait()
		won := 0
		for i, err := range errs {
			if err == nil {
				won++
				continue
			}
			wantCode(t, emails[i], err, "email_taken")
		}
		if won != 1 {
			t.Errorf("%d registrations succeeded, want 1: %v", won, errs)
		}
	})
}

// TestAccessChanges: the active flag (an integer on SQLite, a boolean on
// PostgreSQL) and the role read back as set, and take effect on tokens.
func TestAccessChanges(t *testing.T) {
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		t.Parallel()
		ctx := context.Background()
		s := newService(t, storageOf(e))
		root := account.Principal{Admin: true, Machine: true}
		u := mustRegister(t, s, "carol@example.com")
		if u.Role != account.RoleUser || !u.Active {
			t.Fatalf("registered %+v, want an active user", u)
		}
		sess := mustLogin(t, s, u.Email)
		resolve := func() (account.Principal, error) {
			return s.ResolveToken(ctx, sess.Token, time.Now())
		}

		admin := account.RoleAdmin
		got, err := s.UpdateAccess(ctx, root, u.ID, account.AccessPatch{Role: &admin})
		if err != nil || got.Role != account.RoleAdmin || !got.Active {
			t.Fatalf("promote = %+v, %v; want an active admin", got, err)
		}
		if p, err := resolve(); err != nil || !p.Admin || p.UserID != u.ID {
			t.Errorf("token of the promoted user = %+v, %v; want an admin", p, err)
		}

		off := false
		if got, err = s.UpdateAccess(ctx, root, u.ID, account.AccessPatch{Active: &off}); err != nil || got.Active || got.Role != account.RoleAdmin {
			t.Fatalf("deactivate = %+v, %v; want an inactive admin", got, err)
		}
		if _, err := resolve(); !errors.Is(err, account.ErrUnauthorized) {
			t.Errorf("token of a deactivated user: %v, want ErrUnauthorized", err)
		}
		_, err = s.Login(ctx, account.Credentials{Email: u.Email, Password: password, ClientIP: clientIP})
		wantCode(t, "login of a deactivated user", err, "invalid_credentials")

		on, user := true, account.RoleUser
		if got, err = s.UpdateAccess(ctx, root, u.ID, account.AccessPatch{Active: &on, Role: &user}); err != nil || !got.Active || got.Role != account.RoleUser {
			t.Fatalf("reactivate and demote = %+v, %v; want an active user", got, err)
		}
		if me, err := s.Me(ctx, u.ID); err != nil || me != got {
			t.Errorf("Me = %+v, %v; want %+v", me, err, got)
		}
		again := mustLogin(t, s, u.Email)
		if p, err := s.ResolveToken(ctx, again.Token, time.Now()); err != nil || p.Admin {
			t.Errorf("token after the demotion = %+v, %v; want a user", p, err)
		}
	})
}

// TestListUsersPages: keyset pages in (created_at, id) order, the same on
// both engines, though accounts share their creation millisecond.
func TestListUsersPages(t *testing.T) {
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		t.Parallel()
		ctx := context.Background()
		s := newService(t, storageOf(e))
		var want []int64
		for i := range 7 {
			want = append(want, mustRegister(t, s, fmt.Sprintf("u%d@example.com", i)).ID)
		}
		var got []int64
		cursor := ""
		for range len(want) {
			page, err := s.ListUsers(ctx, 3, cursor)
			if err != nil {
				t.Fatal(err)
			}
			for _, u := range page.Items {
				got = append(got, u.ID)
			}
			if cursor = page.NextCursor; cursor == "" {
				break
			}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("accounts over the pages (-want +got):\n%s", diff)
		}
	})
}

// TestConcurrentProfileChanges: writers racing on one account. PostgreSQL
// retries the transactions that fail to serialize; none may answer 500.
func TestConcurrentProfileChanges(t *testing.T) {
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		t.Parallel()
		ctx := context.Background()
		s := newService(t, storageOf(e))
		u := mustRegister(t, s, "dave@example.com")
		const writers = 4
		errs := make([]error, writers)
		var wg sync.WaitGroup
		for i := range writers {
			wg.Go(func() {
				name := fmt.Sprintf("Dave %d", i)
				_, errs[i] = s.UpdateProfile(ctx, u.ID, account.ProfilePatch{DisplayName: &name})
			})
		}
		wg.Wait()
		for i, err := range errs {
			// A conflict that outlasts the retries is 503 database_busy.
			if err != nil && apperr.KindOf(err) != apperr.Unavailable {
				t.Errorf("writer %d: %v (kind %v), want success or database_busy", i, err, apperr.KindOf(err))
			}
		}
		if me, err := s.Me(ctx, u.ID); err != nil || me.DisplayName == "Test" {
			t.Errorf("after the writers: %+v, %v; want one of their names", me, err)
		}
	})
}

func TestPromote(t *testing.T) {
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		t.Parallel()
		ctx := context.Background()
		st := storageOf(e)
		s := newService(t, st)
		u := mustRegister(t, s, "ops@example.com")
		off := false
		if _, err := s.UpdateAccess(ctx, account.Principal{Admin: true, Machine: true}, u.ID, account.AccessPatch{Active: &off}); err != nil {
			t.Fatal(err)
		}
		for _, wantChanged := range []bool{true, false} {
			got, changed, err := account.Promote(ctx, st, "OPS@example.com")
			if err != nil || changed != wantChanged || got.ID != u.ID || got.Role != account.RoleAdmin || got.Active {
				t.Errorf("Promote = %+v, %v, %v; want %d an inactive admin, changed %v", got, changed, err, u.ID, wantChanged)
			}
		}
		if _, _, err := account.Promote(ctx, st, "nobody@example.com"); !errors.Is(err, account.ErrNoSuchEmail) {
			t.Errorf("Promote of an unknown email: %v, want ErrNoSuchEmail", err)
		}
	})
}
