package store_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/internal/apperr"
)

func TestUserQueries(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	ctx := t.Context()
	u := mustUser(t, d.Write, "Ada@Example.com")
	if u.Role != "user" || u.Active != 1 || u.CreatedAt.IsZero() {
		t.Fatalf("created %+v", u)
	}

	if got := must(d.Read.GetUser(ctx, u.ID))(t); !cmp.Equal(got, u) {
		t.Errorf("GetUser: %s", cmp.Diff(u, got))
	}
	if got := must(d.Read.GetUserByEmail(ctx, "ada@EXAMPLE.com"))(t); got.ID != u.ID {
		t.Errorf("GetUserByEmail is case-sensitive: got %+v", got)
	}
	if n := must(d.Read.CountUsers(ctx))(t); n != 1 {
		t.Errorf("CountUsers = %d, want 1", n)
	}

	p := must(d.Write.UpdateUserProfile(ctx, db.UpdateUserProfileParams{ID: u.ID, Email: "ada@lovelace.dev", DisplayName: "Ada"}))(t)
	if p.Email != "ada@lovelace.dev" || p.DisplayName != "Ada" || p.UpdatedAt.Before(u.UpdatedAt) {
		t.Errorf("UpdateUserProfile = %+v", p)
	}
	if n := must(d.Write.UpdateUserPassword(ctx, db.UpdateUserPasswordParams{ID: u.ID, PasswordHash: argon2 + "x"}))(t); n != 1 {
		t.Errorf("UpdateUserPassword rows = %d", n)
	}
	if got := must(d.Read.GetUser(ctx, u.ID))(t); got.PasswordHash != argon2+"x" {
		t.Errorf("password hash not updated: %q", got.PasswordHash)
	}
	a := must(d.Write.UpdateUserAccess(ctx, db.UpdateUserAccessParams{ID: u.ID, Role: "admin", Active: 0}))(t)
	if a.Role != "admin" || a.Active != 0 {
		t.Errorf("UpdateUserAccess = %+v", a)
	}
	_, err := d.Write.UpdateUserAccess(ctx, db.UpdateUserAccessParams{ID: u.ID + 99, Role: "admin", Active: 1})
	wantErr(t, err, apperr.NotFound, "not_found")

	if n := must(d.Write.DeleteUser(ctx, u.ID))(t); n != 1 {
		t.Errorf("DeleteUser rows = %d, want 1", n)
	}
	if n := must(d.Write.DeleteUser(ctx, u.ID))(t); n != 0 {
		t.Errorf("second DeleteUser rows = %d, want 0", n)
	}
	_, err = d.Read.GetUser(ctx, u.ID)
	wantErr(t, err, apperr.NotFound, "not_found")
}

func TestListUsersKeyset(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	ctx := t.Context()
	var want []int64
	for i, email := range []string{"a@x.io", "b@x.io", "c@x.io", "d@x.io", "e@x.io", "f@x.io", "g@x.io"} {
		u := mustUser(t, d.Write, email)
		if i%3 == 0 {
			must(d.Write.UpdateUserAccess(ctx, db.UpdateUserAccessParams{ID: u.ID, Role: "admin", Active: 1}))(t)
		}
	}
	// Ties on created_at (same millisecond) must be broken by id.
	must(d.Writer.ExecContext(ctx, `UPDATE users SET created_at = '2026-01-01 00:00:00.500' WHERE id IN (2, 3, 4)`))(t)
	must(d.Writer.ExecContext(ctx, `UPDATE users SET created_at = '2025-12-31 23:59:59.000' WHERE id = 6`))(t)
	want = []int64{6, 2, 3, 4, 1, 5, 7}

	tests := []struct {
		name string
		role *string
		want []int64
	}{
		{"all", nil, want},
		{"admins", ptr("admin"), []int64{4, 1, 7}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := db.ListUsersParams{MaxRows: 2}
			if tt.role != nil {
				p.Role.String, p.Role.Valid = *tt.role, true
			}
			var got []int64
			for range 10 {
				page := must(d.Read.ListUsers(ctx, p))(t)
				for _, u := range page {
					got = append(got, u.ID)
				}
				if len(page) < int(p.MaxRows) {
					break
				}
				last := page[len(page)-1]
				p.AfterCreatedAt, p.AfterID = last.CreatedAt, last.ID
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("pages (-want +got):\n%s", diff)
			}
		})
	}
}

func TestUserConstraints(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	ctx := t.Context()
	mustUser(t, d.Write, "taken@example.com")
	ok := db.CreateUserParams{Email: "ok@example.com", PasswordHash: argon2, DisplayName: "Ok", Role: "user"}
	tests := []struct {
		name string
		give func(p *db.CreateUserParams)
		kind apperr.Kind
		code string
	}{
		{"email without @", func(p *db.CreateUserParams) { p.Email = "nobody.example.com" }, apperr.Invalid, "invalid"},
		{"email starting with @", func(p *db.CreateUserParams) { p.Email = "@example.com" }, apperr.Invalid, "invalid"},
		{"email too short", func(p *db.CreateUserParams) { p.Email = "a@" }, apperr.Invalid, "invalid"},
		{"email too long", func(p *db.CreateUserParams) { p.Email = strings.Repeat("a", 250) + "@x.io" }, apperr.Invalid, "invalid"},
		{"email taken in another case", func(p *db.CreateUserParams) { p.Email = "TAKEN@example.com" }, apperr.Conflict, "conflict"},
		{"password not argon2id", func(p *db.CreateUserParams) { p.PasswordHash = "$2b$10$bcrypt" }, apperr.Invalid, "invalid"},
		{"empty display name", func(p *db.CreateUserParams) { p.DisplayName = "" }, apperr.Invalid, "invalid"},
		{"display name too long", func(p *db.CreateUserParams) { p.DisplayName = strings.Repeat("n", 101) }, apperr.Invalid, "invalid"},
		{"unknown role", func(p *db.CreateUserParams) { p.Role = "root" }, apperr.Invalid, "invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := ok
			tt.give(&p)
			_, err := d.Write.CreateUser(ctx, p)
			wantErr(t, err, tt.kind, tt.code)
		})
	}
	t.Run("active not boolean", func(t *testing.T) {
		u := mustUser(t, d.Write, "flag@example.com")
		_, err := d.Write.UpdateUserAccess(ctx, db.UpdateUserAccessParams{ID: u.ID, Role: "user", Active: 2})
		wantErr(t, err, apperr.Invalid, "invalid")
	})
	if n := count(t, d, "users", "1"); n != 2 {
		t.Errorf("%d users after rejected inserts, want 2", n)
	}
}

func ptr[T any](v T) *T { return &v }
