package account

import (
	"context"
	"encoding/base64"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/maypok86/otter/v2"

	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/auth"
	"github.com/marketpulse/api/internal/cache"
)

// ResolveToken returns the caller a bearer token stands for at now: the
// machine for the static admin token, else the user of the unexpired
// session whose token it is, if that user is active. Every way a token can
// be wrong is ErrUnauthorized; only a database failure differs (Internal).
// A session's use is recorded in the background, at most once per
// SESSION_TOUCH_INTERVAL.
func (s *Service) ResolveToken(ctx context.Context, token string, now time.Time) (Principal, error) {
	digest := auth.Digest(token)
	if s.admin.is(digest) {
		return Principal{Admin: true, Machine: true}, nil
	}
	if !auth.LooksLikeToken(token) {
		return Principal{}, ErrUnauthorized
	}
	e, err := s.tokens.resolve(ctx, digest, now)
	if err != nil {
		return Principal{}, err
	}
	return Principal{UserID: e.UserID, Admin: e.Admin, SessionID: e.SessionID}, nil
}

// tokenEntry is a session token resolved to its session and active user.
// Values are shared by the cache: read-only.
type tokenEntry struct {
	SessionID  int64     `json:"s"`
	UserID     int64     `json:"u"`
	Admin      bool      `json:"a"`
	ExpiresAt  time.Time `json:"e"`
	LastUsedAt time.Time `json:"l"`
}

// tokens resolve session tokens through the cache. An entry is keyed by the
// token's digest and tagged with it: revocation drops the tag, which (unlike
// a key invalidation) also discards a resolution that was loading from the
// database at that moment. Unknown tokens are not cached, so random tokens
// cannot fill the cache; the per-IP rate limit bounds their database reads.
type tokens struct {
	st         Storage
	cache      *cache.Cache
	entries    *cache.Namespace[*tokenEntry]
	touchEvery time.Duration
	touched    *otter.Cache[int64, struct{}] // sessions whose use was recorded lately here
	touches    sync.WaitGroup
	log        *slog.Logger
}

func newTokens(d Deps) *tokens {
	return &tokens{
		st:         d.Storage,
		cache:      d.Cache,
		entries:    cache.NewNamespace[*tokenEntry](d.Cache, string(CacheSessionToken), d.Auth.TokenCacheTTL),
		touchEvery: d.Auth.SessionTouchEvery,
		touched: otter.Must(&otter.Options[int64, struct{}]{
			MaximumSize:      100_000,
			ExpiryCalculator: otter.ExpiryWriting[int64, struct{}](d.Auth.SessionTouchEvery),
		}),
		log: d.Log,
	}
}

// tagPrefix starts the tag of a token's entry.
const tagPrefix = string(CacheSessionToken) + ":"

// tokenTag is the tag of a token digest's entry; its key is the tag without
// tagPrefix. Both come from one allocation: this runs on every request.
func tokenTag(digest [32]byte) (tag, key string) {
	var b [len(tagPrefix) + 43]byte
	copy(b[:], tagPrefix)
	base64.RawURLEncoding.Encode(b[len(tagPrefix):], digest[:])
	tag = string(b[:])
	return tag, tag[len(tagPrefix):]
}

// resolve returns the session of digest unexpired at now and its active
// user, or ErrUnauthorized.
func (t *tokens) resolve(ctx context.Context, digest [32]byte, now time.Time) (*tokenEntry, error) {
	tag, key := tokenTag(digest)
	e, _, err := t.entries.Get(ctx, key, func(ctx context.Context) (*tokenEntry, error) {
		return t.load(ctx, digest)
	}, cache.WithTags(tag))
	if err != nil {
		return nil, err
	}
	if !now.Before(e.ExpiresAt) {
		return nil, ErrUnauthorized
	}
	t.touch(ctx, e, now)
	return e, nil
}

func (t *tokens) load(ctx context.Context, digest [32]byte) (*tokenEntry, error) {
	row, role, err := t.st.GetSessionByDigest(ctx, digest, time.Now())
	if apperr.KindOf(err) == apperr.NotFound {
		return nil, ErrUnauthorized
	}
	if err != nil {
		return nil, fmt.Errorf("resolve session token: %w", err)
	}
	return &tokenEntry{
		SessionID: row.ID, UserID: row.UserID, Admin: role == RoleAdmin,
		ExpiresAt: row.ExpiresAt, LastUsedAt: row.LastUsedAt,
	}, nil
}

// touch records the use of a session in the background, at most once per
// touchEvery on this instance; the query itself skips a session recorded
// less than touchEvery ago, by this or another instance.
func (t *tokens) touch(ctx context.Context, e *tokenEntry, now time.Time) {
	if now.Sub(e.LastUsedAt) < t.touchEvery {
		return
	}
	if _, first := t.touched.SetIfAbsent(e.SessionID, struct{}{}); !first {
		return
	}
	ctx = context.WithoutCancel(ctx)
	t.touches.Go(func() {
		ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		if err := t.st.TouchSession(ctx, e.SessionID, now, now.Add(-t.touchEvery)); err != nil {
			t.log.WarnContext(ctx, "record session use", "session_id", e.SessionID, "err", err)
		}
	})
}

// forget drops the cached resolutions of the token digests, on every
// instance. It runs after the commit that revoked them.
func (t *tokens) forget(ctx context.Context, digests [][]byte) {
	ctx = context.WithoutCancel(ctx) // the sessions are gone: finish
	for _, d := range digests {
		if len(d) == 32 {
			tag, _ := tokenTag([32]byte(d))
			t.cache.InvalidateTag(ctx, tag)
		}
	}
}

// close waits for the session uses being recorded.
func (t *tokens) close() {
	t.touches.Wait()
	t.touched.StopAllGoroutines()
}
