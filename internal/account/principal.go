package account

import (
	"crypto/subtle"

	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/auth"
)

// Principal is who is calling, as a bearer token resolves.
type Principal struct {
	UserID  int64 // 0 for the static admin token (a machine, not a user)
	Admin   bool  // role admin, or the static admin token
	Machine bool  // authenticated with the static admin token
	// SessionID is the session the bearer token belongs to (0 for Machine).
	SessionID int64
}

// RequireUser refuses the machine token, which owns no dashboards and has
// no account (403).
func (p Principal) RequireUser() error {
	if p.UserID == 0 {
		return apperr.New(apperr.Forbidden, "forbidden", "this operation needs a user token")
	}
	return nil
}

// RequireAdmin refuses callers that are neither admin users nor the admin
// token (403).
func (p Principal) RequireAdmin() error {
	if !p.Admin {
		return apperr.New(apperr.Forbidden, "forbidden", "this operation is for administrators")
	}
	return nil
}

// ErrUnauthorized is every way a bearer token can be wrong (missing,
// malformed, unknown, expired, revoked, of an inactive user): one answer,
// so none can be told from another.
var ErrUnauthorized error = apperr.New(apperr.Unauthorized, "unauthorized", "a valid bearer token is required")

// machineToken is the digest of the static admin token.
type machineToken struct {
	digest  [32]byte
	enabled bool
}

func newMachineToken(token string) machineToken {
	if token == "" {
		return machineToken{}
	}
	return machineToken{digest: auth.Digest(token), enabled: true}
}

// is compares by digest in constant time, so neither the admin token's
// length nor its prefix leaks through timing.
func (m machineToken) is(digest [32]byte) bool {
	return m.enabled && subtle.ConstantTimeCompare(digest[:], m.digest[:]) == 1
}
