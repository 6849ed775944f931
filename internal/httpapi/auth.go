package httpapi

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/auth"
	"github.com/marketpulse/api/internal/store"
)

// maxUserAgent mirrors sessions_user_agent_length.
const maxUserAgent = 512

// Register implements register: a new account of role user. Throttled per
// client address.
func (h *Handler) Register(ctx context.Context, req *oas.RegisterRequest) (*oas.User, error) {
	if ok, wait := h.Accounts.RegisterPerIP.Allow(ctx, exchangeFrom(ctx).clientIP); !ok {
		return nil, tooManyAttempts(ctx, wait)
	}
	hash, err := h.Accounts.Hasher.Hash(ctx, string(req.Password))
	if err != nil {
		return nil, fmt.Errorf("register: %w", err)
	}
	u, err := h.DB.Write.CreateUser(ctx, db.CreateUserParams{
		Email: string(req.Email), PasswordHash: hash, DisplayName: string(req.DisplayName), Role: roleUser,
	})
	if err != nil {
		return nil, accountWriteError(err, "register")
	}
	out := toUser(u)
	return &out, nil
}

// Login implements login. Throttled per client address and per account;
// an unknown email, a wrong password and a deactivated account are the same
// 401 invalid_credentials after the same work (one argon2id verification).
func (h *Handler) Login(ctx context.Context, req *oas.LoginRequest) (*oas.Session, error) {
	x := exchangeFrom(ctx)
	if ok, wait := h.Accounts.LoginPerIP.Allow(ctx, x.clientIP); !ok {
		return nil, tooManyAttempts(ctx, wait)
	}
	if ok, wait := h.Accounts.LoginPerAccount.Allow(ctx, strings.ToLower(req.Email)); !ok {
		return nil, tooManyAttempts(ctx, wait)
	}
	u, err := h.checkCredentials(ctx, req.Email, req.Password)
	if err != nil {
		return nil, err
	}
	token, digest := auth.NewToken()
	s, err := h.DB.Write.CreateSession(ctx, db.CreateSessionParams{
		TokenHash: digest[:], UserID: u.ID,
		ExpiresAt: time.Now().Add(h.Accounts.SessionTTL).UTC(),
		UserAgent: clip(x.userAgent, maxUserAgent),
	})
	if err != nil {
		return nil, fmt.Errorf("login: create session: %w", store.Translate(err, "session"))
	}
	return &oas.Session{Token: token, ExpiresAt: s.ExpiresAt.UTC(), User: toUser(u)}, nil
}

// checkCredentials returns the active account of email if password is its
// password, upgrading the stored hash when its parameters are outdated.
func (h *Handler) checkCredentials(ctx context.Context, email, password string) (db.User, error) {
	hasher := h.Accounts.Hasher
	u, err := h.DB.Read.GetUserByEmail(ctx, email)
	if errors.Is(err, sql.ErrNoRows) {
		hasher.VerifyDummy(ctx, password)
		return db.User{}, invalidCredentials()
	}
	if err != nil {
		return db.User{}, fmt.Errorf("login: %w", store.Translate(err, "account"))
	}
	needsRehash, err := hasher.Verify(ctx, password, u.PasswordHash)
	switch {
	case errors.Is(err, auth.ErrMismatch):
		return db.User{}, invalidCredentials()
	case err != nil:
		return db.User{}, fmt.Errorf("login: verify password of user %d: %w", u.ID, err)
	case u.Active == 0:
		return db.User{}, invalidCredentials()
	}
	if needsRehash {
		h.rehash(ctx, u.ID, password)
	}
	return u, nil
}

// rehash stores password with the current parameters. Failing only delays
// the upgrade to the next login, so it is logged, not returned.
func (h *Handler) rehash(ctx context.Context, userID int64, password string) {
	hash, err := h.Accounts.Hasher.Hash(ctx, password)
	if err == nil {
		_, err = h.DB.Write.UpdateUserPassword(ctx, db.UpdateUserPasswordParams{PasswordHash: hash, ID: userID})
	}
	if err != nil {
		h.Log.WarnContext(ctx, "upgrade password hash", "user_id", userID, "err", err)
	}
}

// Logout implements logout: the token that authenticated the call stops
// working at once, on every instance.
func (h *Handler) Logout(ctx context.Context) error {
	p, err := requireUser(ctx)
	if err != nil {
		return err
	}
	digest, err := h.DB.Write.DeleteSessionReturningHash(ctx, db.DeleteSessionReturningHashParams{ID: p.SessionID, UserID: p.UserID})
	if errors.Is(err, sql.ErrNoRows) { // revoked meanwhile, e.g. by a concurrent logout
		return unauthorized()
	}
	if err != nil {
		return fmt.Errorf("logout: %w", store.Translate(err, "session"))
	}
	h.tokens.forget(ctx, [][]byte{digest})
	return nil
}

func invalidCredentials() error {
	return apperr.New(apperr.Unauthorized, "invalid_credentials", "the email or password is wrong")
}

// accountWriteError names the conflict of an account write: its email.
func accountWriteError(err error, op string) error {
	err = store.Translate(err, "account")
	if apperr.KindOf(err) == apperr.Conflict {
		return &apperr.Error{Kind: apperr.Conflict, Code: "email_taken",
			Message: "an account with this email already exists", Err: err,
			Fields: []apperr.FieldError{{Path: "body/email", Message: "already registered"}}}
	}
	return fmt.Errorf("%s: %w", op, err)
}

// clip makes s valid UTF-8 of at most n bytes, without splitting a character.
func clip(s string, n int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
