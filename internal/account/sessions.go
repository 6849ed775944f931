package account

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/auth"
)

// maxUserAgent mirrors sessions_user_agent_length.
const maxUserAgent = 512

// sweepBatch bounds one DELETE, so the writer is never held for long.
const sweepBatch = 500

// startSession mints a token for userID and stores its digest with a
// session of SESSION_TTL, recording userAgent (clipped to what the column
// holds).
func (s *Service) startSession(ctx context.Context, u User, userAgent string) (Session, error) {
	token, digest := auth.NewToken()
	row, err := s.st.CreateSession(ctx, NewSession{
		Digest: digest, UserID: u.ID,
		ExpiresAt: time.Now().Add(s.cfg.SessionTTL),
		UserAgent: clip(userAgent, maxUserAgent),
	})
	if err != nil {
		return Session{}, fmt.Errorf("login: create session: %w", err)
	}
	return Session{Token: token, ExpiresAt: row.ExpiresAt, User: u}, nil
}

// Logout ends the session that authenticated p: its token stops working at
// once, on every instance.
func (s *Service) Logout(ctx context.Context, p Principal) error {
	if err := p.RequireUser(); err != nil {
		return err
	}
	digest, err := s.st.DeleteSession(ctx, p.SessionID, p.UserID)
	if apperr.KindOf(err) == apperr.NotFound { // revoked meanwhile, e.g. by a concurrent logout
		return ErrUnauthorized
	}
	if err != nil {
		return fmt.Errorf("logout: %w", err)
	}
	s.tokens.forget(ctx, [][]byte{digest})
	s.notifyChange(Change{Kind: SessionEnded, UserID: p.UserID, SessionID: p.SessionID})
	return nil
}

// SweepExpiredSessions deletes every session expired at now, in batches,
// and returns how many it deleted. Expired tokens are already refused; this
// only keeps the table small. Instances sharing a database may sweep at the
// same time: they share the work (see Storage.DeleteExpiredSessions).
func SweepExpiredSessions(ctx context.Context, st Storage, now time.Time) (int64, error) {
	var total int64
	for {
		n, err := st.DeleteExpiredSessions(ctx, now, sweepBatch)
		total += n
		if err != nil || n < sweepBatch {
			return total, err
		}
	}
}

// sessionDigests lists the token digests of userID's unexpired sessions
// (expired ones no longer resolve), to forget them after revoking them in
// the same transaction.
func sessionDigests(ctx context.Context, tx Tx, userID int64) ([][]byte, error) {
	const page = 500
	var out [][]byte
	before := int64(math.MaxInt64)
	now := time.Now()
	for {
		rows, err := tx.ListSessions(ctx, userID, before, now, page)
		if err != nil {
			return nil, fmt.Errorf("list sessions of user %d: %w", userID, err)
		}
		for _, r := range rows {
			out = append(out, r.Digest)
		}
		if len(rows) < page {
			return out, nil
		}
		before = rows[len(rows)-1].ID
	}
}

// revokeSessions deletes every session of userID and returns their digests
// for forget.
func revokeSessions(ctx context.Context, tx Tx, userID int64) ([][]byte, error) {
	digests, err := sessionDigests(ctx, tx, userID)
	if err != nil {
		return nil, err
	}
	if err := tx.DeleteUserSessions(ctx, userID); err != nil {
		return nil, fmt.Errorf("revoke sessions of user %d: %w", userID, err)
	}
	return digests, nil
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
