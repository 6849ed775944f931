package apitest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/account"
	"github.com/marketpulse/api/internal/auth"
)

// User is an account created directly in the database, with a session.
type User struct {
	ID    int64
	Token string // bearer token of the user's session
	// Client is the generated client sending Token.
	Client *oas.Client
}

// placeholderHash satisfies users_password_hash_format; no password matches
// it, so these users cannot log in, only use their session token.
const placeholderHash = "$argon2id$v=19$m=65536,t=1,p=1$YXBpdGVzdA$bm8tcGFzc3dvcmQ"

// NewUser creates a user with role user and a session of a day, as the
// security handler resolves them (sessions.token_hash = SHA-256 of the
// token), without going through registration and argon2id.
func NewUser(tb testing.TB, s *Server, email string) User {
	tb.Helper()
	ctx := context.Background()
	name, _, _ := strings.Cut(email, "@")
	st := s.Engine.Account()
	u, err := st.CreateUser(ctx, account.NewUser{
		Email: email, PasswordHash: placeholderHash, DisplayName: name, Role: account.RoleUser,
	})
	if err != nil {
		tb.Fatalf("create user %s: %v", email, err)
	}
	token, digest := auth.NewToken()
	if _, err := st.CreateSession(ctx, account.NewSession{
		Digest: digest, UserID: u.ID, ExpiresAt: time.Now().Add(24 * time.Hour), UserAgent: "apitest",
	}); err != nil {
		tb.Fatalf("create session of %s: %v", email, err)
	}
	return User{ID: u.ID, Token: token, Client: s.ClientWithToken(tb, token)}
}
