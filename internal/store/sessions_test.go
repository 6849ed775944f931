package store_test

import (
	"bytes"
	"crypto/sha256"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/internal/apperr"
)

func tokenHash(s string) []byte {
	h := sha256.Sum256([]byte(s))
	return h[:]
}

func mustSession(tb testing.TB, q *db.Queries, user int64, token string, expires time.Time) db.Session {
	tb.Helper()
	s, err := q.CreateSession(tb.Context(), db.CreateSessionParams{TokenHash: tokenHash(token), UserID: user, ExpiresAt: expires, UserAgent: "test"})
	if err != nil {
		tb.Fatalf("create session: %v", err)
	}
	return s
}

func TestSessionAuthentication(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	ctx := t.Context()
	u := mustUser(t, d.Write, "s@example.com")
	now := time.Now().UTC()
	expires := now.Add(time.Hour)
	s := mustSession(t, d.Write, u.ID, "tok", expires)
	if !bytes.Equal(s.TokenHash, tokenHash("tok")) || s.ExpiresAt.Sub(expires).Abs() >= time.Millisecond {
		t.Fatalf("created %+v, want expiry %v", s, expires)
	}

	got := must(d.Read.GetSessionByTokenHash(ctx, db.GetSessionByTokenHashParams{TokenHash: tokenHash("tok"), Now: now}))(t)
	if got.ID != s.ID || got.UserID != u.ID || got.Role != "user" || got.Email != u.Email {
		t.Errorf("GetSessionByTokenHash = %+v", got)
	}
	tests := []struct {
		name  string
		token string
		now   time.Time
	}{
		{"unknown token", "other", now},
		{"expired", "tok", expires.Add(time.Second)},
		// The same instant as the expiry, written in another zone, is not before it.
		{"expiry instant in another zone", "tok", s.ExpiresAt.In(time.FixedZone("", -5*3600))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := d.Read.GetSessionByTokenHash(ctx, db.GetSessionByTokenHashParams{TokenHash: tokenHash(tt.token), Now: tt.now})
			wantErr(t, err, apperr.NotFound, "not_found")
		})
	}
	must(d.Write.UpdateUserAccess(ctx, db.UpdateUserAccessParams{ID: u.ID, Role: "user", Active: 0}))(t)
	_, err := d.Read.GetSessionByTokenHash(ctx, db.GetSessionByTokenHashParams{TokenHash: tokenHash("tok"), Now: now})
	wantNoRows(t, err)
}

func TestTouchSession(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	ctx := t.Context()
	u := mustUser(t, d.Write, "t@example.com")
	s := mustSession(t, d.Write, u.ID, "tok", time.Now().Add(time.Hour))
	later := s.LastUsedAt.Add(10 * time.Minute)

	// last_used_at is not older than stale_before: nothing to record.
	if n := must(d.Write.TouchSession(ctx, db.TouchSessionParams{ID: s.ID, Now: later, StaleBefore: s.LastUsedAt}))(t); n != 0 {
		t.Errorf("fresh session touched: %d rows", n)
	}
	if n := must(d.Write.TouchSession(ctx, db.TouchSessionParams{ID: s.ID, Now: later, StaleBefore: later.Add(-time.Minute)}))(t); n != 1 {
		t.Fatalf("stale session not touched: %d rows", n)
	}
	got := must(d.Read.ListUserSessions(ctx, db.ListUserSessionsParams{UserID: u.ID, BeforeID: math.MaxInt64, Now: time.Now(), MaxRows: 5}))(t)
	if len(got) != 1 || !got[0].LastUsedAt.Equal(later) {
		t.Errorf("after touch: %+v, want last_used_at %v", got, later)
	}
}

func TestSessionListsAndDeletes(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	ctx := t.Context()
	u, other := mustUser(t, d.Write, "u@example.com"), mustUser(t, d.Write, "o@example.com")
	now := time.Now().UTC()
	var ids []int64
	for i := range 5 {
		ids = append(ids, mustSession(t, d.Write, u.ID, "u"+string(rune('a'+i)), now.Add(time.Hour)).ID)
	}
	theirs := mustSession(t, d.Write, other.ID, "theirs", now.Add(time.Hour))
	// Two of u's sessions expire; they are no longer listed.
	must(d.Writer.ExecContext(ctx, `UPDATE sessions SET created_at = '2020-01-01 00:00:00.000', expires_at = '2020-01-02 00:00:00.000' WHERE id IN (?, ?)`, ids[1], ids[3]))(t)

	var got []int64
	p := db.ListUserSessionsParams{UserID: u.ID, BeforeID: math.MaxInt64, Now: now, MaxRows: 2}
	for range 5 {
		page := must(d.Read.ListUserSessions(ctx, p))(t)
		for _, s := range page {
			got = append(got, s.ID)
		}
		if len(page) < 2 {
			break
		}
		p.BeforeID = page[len(page)-1].ID
	}
	if want := []int64{ids[4], ids[2], ids[0]}; !slices.Equal(got, want) {
		t.Errorf("ListUserSessions pages = %v, want %v", got, want)
	}

	if n := must(d.Write.DeleteSession(ctx, db.DeleteSessionParams{ID: theirs.ID, UserID: u.ID}))(t); n != 0 {
		t.Errorf("deleted another user's session")
	}
	if n := must(d.Write.DeleteSession(ctx, db.DeleteSessionParams{ID: ids[4], UserID: u.ID}))(t); n != 1 {
		t.Errorf("DeleteSession rows = %d", n)
	}
	if n := must(d.Write.DeleteSessionByTokenHash(ctx, tokenHash("theirs")))(t); n != 1 {
		t.Errorf("DeleteSessionByTokenHash rows = %d", n)
	}
	// Expired sessions go in bounded batches.
	for i, want := range []int64{1, 1, 0} {
		if n := must(d.Write.DeleteExpiredSessions(ctx, db.DeleteExpiredSessionsParams{Now: now.In(time.FixedZone("", 5*3600+1800)), MaxRows: 1}))(t); n != want {
			t.Errorf("DeleteExpiredSessions call %d = %d, want %d", i, n, want)
		}
	}
	if n := must(d.Write.DeleteUserSessions(ctx, db.DeleteUserSessionsParams{UserID: u.ID, KeepID: ids[0]}))(t); n != 1 {
		t.Errorf("DeleteUserSessions rows = %d, want 1 (ids[2])", n)
	}
	if n := count(t, d, "sessions", "1"); n != 1 {
		t.Errorf("%d sessions left, want the kept one", n)
	}
}

func TestSessionConstraints(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	ctx := t.Context()
	u := mustUser(t, d.Write, "c@example.com")
	mustSession(t, d.Write, u.ID, "taken", time.Now().Add(time.Hour))
	ok := db.CreateSessionParams{TokenHash: tokenHash("new"), UserID: u.ID, ExpiresAt: time.Now().Add(time.Hour)}
	tests := []struct {
		name string
		give func(p *db.CreateSessionParams)
		kind apperr.Kind
		code string
	}{
		{"token hash too short", func(p *db.CreateSessionParams) { p.TokenHash = p.TokenHash[:31] }, apperr.Invalid, "invalid"},
		{"token hash reused", func(p *db.CreateSessionParams) { p.TokenHash = tokenHash("taken") }, apperr.Conflict, "conflict"},
		{"unknown user", func(p *db.CreateSessionParams) { p.UserID = u.ID + 1 }, apperr.Invalid, "invalid_reference"},
		{"user agent too long", func(p *db.CreateSessionParams) { p.UserAgent = strings.Repeat("u", 513) }, apperr.Invalid, "invalid"},
		{"expires before creation", func(p *db.CreateSessionParams) { p.ExpiresAt = time.Now().Add(-time.Minute) }, apperr.Invalid, "invalid"},
		{"no expiry", func(p *db.CreateSessionParams) { p.ExpiresAt = nil }, apperr.Invalid, "invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := ok
			tt.give(&p)
			_, err := d.Write.CreateSession(ctx, p)
			wantErr(t, err, tt.kind, tt.code)
		})
	}
}
