package httpapi_test

import (
	"context"
	"testing"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apitest"
)

func TestListUsersWalksEveryAccountOnceOldestFirst(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	ctx := context.Background()
	var want []oas.ID
	for range 7 {
		want = append(want, s.Register(t, apitest.NewEmail()).ID)
	}
	var got []oas.ID
	params := oas.ListUsersParams{Limit: oas.NewOptInt32(3)}
	for pages := 0; ; pages++ {
		if pages > 10 {
			t.Fatal("cursor never ends")
		}
		page, err := s.Admin.ListUsers(ctx, params)
		if err != nil {
			t.Fatal(err)
		}
		for i, u := range page.Items {
			if i > 0 && u.CreatedAt.Before(page.Items[i-1].CreatedAt) {
				t.Errorf("page not oldest first: %v after %v", u.CreatedAt, page.Items[i-1].CreatedAt)
			}
			got = append(got, u.ID)
		}
		c, ok := page.NextCursor.Get()
		if !ok {
			break
		}
		params.Cursor = oas.NewOptString(c)
	}
	if len(got) != len(want) {
		t.Fatalf("listed %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("listed %v, want %v (registration order)", got, want)
		}
	}
}

func TestListUsersRejectsForeignCursors(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	for _, cursor := range []string{"bm9wZQ", "dTF8MTIzfDA", "dTF8MDEyM3w1", "MXxhYmNkZWZnfEFBUEw"} {
		_, err := s.Admin.ListUsers(context.Background(), oas.ListUsersParams{Cursor: oas.NewOptString(cursor)})
		wantProblem(t, err, 400, "invalid_cursor")
	}
}

func TestAdminOperationsNeedAnAdmin(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	ctx := context.Background()
	user, u := s.RegisterAndLogin(t)
	admin, _ := s.RegisterAdmin(t)
	deactivate := &oas.AdminUserUpdate{Active: oas.NewOptBool(false)}

	_, err := user.ListUsers(ctx, oas.ListUsersParams{})
	wantProblem(t, err, 403, "forbidden")
	_, err = user.UpdateUser(ctx, &oas.AdminUserUpdate{Role: oas.NewOptRole(oas.RoleAdmin)}, oas.UpdateUserParams{UserId: u.ID})
	wantProblem(t, err, 403, "forbidden")
	_, err = s.Client.ListUsers(ctx, oas.ListUsersParams{})
	wantProblem(t, err, 401, "unauthorized")

	for name, c := range map[string]*oas.Client{"admin user": admin, "admin token": s.Admin} {
		if _, err := c.ListUsers(ctx, oas.ListUsersParams{}); err != nil {
			t.Errorf("%s: list users: %v", name, err)
		}
	}
	_, err = admin.UpdateUser(ctx, deactivate, oas.UpdateUserParams{UserId: 999_999})
	wantProblem(t, err, 404, "not_found")
}

func TestRoleChangesTakeEffectAtOnce(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	ctx := context.Background()
	c, u := s.RegisterAndLogin(t)
	_, err := c.ListUsers(ctx, oas.ListUsersParams{}) // the token is now cached as a user's
	wantProblem(t, err, 403, "forbidden")

	promoted, err := s.Admin.UpdateUser(ctx, &oas.AdminUserUpdate{Role: oas.NewOptRole(oas.RoleAdmin)}, oas.UpdateUserParams{UserId: u.ID})
	if err != nil || promoted.Role != oas.RoleAdmin || !promoted.Active {
		t.Fatalf("promote: %+v, %v", promoted, err)
	}
	if _, err := c.ListUsers(ctx, oas.ListUsersParams{}); err != nil {
		t.Fatalf("promoted user's token: %v", err)
	}
	if _, err := s.Admin.UpdateUser(ctx, &oas.AdminUserUpdate{Role: oas.NewOptRole(oas.RoleUser)}, oas.UpdateUserParams{UserId: u.ID}); err != nil {
		t.Fatal(err)
	}
	_, err = c.ListUsers(ctx, oas.ListUsersParams{})
	wantProblem(t, err, 403, "forbidden")
	wantAccepted(t, c, "a demotion (the session stays)")
}

func TestAdminsCannotLockThemselvesOut(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	ctx := context.Background()
	admin, me := s.RegisterAdmin(t)
	self := oas.UpdateUserParams{UserId: me.ID}
	for name, req := range map[string]*oas.AdminUserUpdate{
		"deactivate": {Active: oas.NewOptBool(false)},
		"demote":     {Role: oas.NewOptRole(oas.RoleUser)},
		"both":       {Active: oas.NewOptBool(false), Role: oas.NewOptRole(oas.RoleUser)},
	} {
		_, err := admin.UpdateUser(ctx, req, self)
		wantProblem(t, err, 409, "self_lockout")
		if t.Failed() {
			t.Fatalf("%s: allowed", name)
		}
	}
	// Harmless self-updates are fine, and the admin is intact.
	if _, err := admin.UpdateUser(ctx, &oas.AdminUserUpdate{Active: oas.NewOptBool(true), Role: oas.NewOptRole(oas.RoleAdmin)}, self); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.ListUsers(ctx, oas.ListUsersParams{}); err != nil {
		t.Fatalf("admin after refused self-lockout: %v", err)
	}
	// Another admin (or the machine token) may do it.
	got, err := s.Admin.UpdateUser(ctx, &oas.AdminUserUpdate{Role: oas.NewOptRole(oas.RoleUser)}, self)
	if err != nil || got.Role != oas.RoleUser {
		t.Fatalf("admin token demoting an admin: %+v, %v", got, err)
	}
}
