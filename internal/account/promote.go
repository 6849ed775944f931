package account

import (
	"context"
	"errors"
	"fmt"

	"github.com/marketpulse/api/internal/apperr"
)

// ErrNoSuchEmail is the error of Promote when no account has the email.
var ErrNoSuchEmail = errors.New("no account has this email")

// Promote makes the account of email (any case) an admin, for an operator
// at the command line: no principal is checked. Its active flag is left as
// it is. It reports whether the role changed. A running server learns the
// new role of the account's sessions when their cached resolutions expire
// (AUTH_TOKEN_CACHE_TTL), since only a server can drop its own cache.
func Promote(ctx context.Context, st Storage, email string) (User, bool, error) {
	var (
		out     User
		changed bool
	)
	err := st.InTx(ctx, func(tx Tx) error {
		u, err := tx.GetUserByEmail(ctx, email)
		if apperr.KindOf(err) == apperr.NotFound {
			return fmt.Errorf("promote %s: %w", email, ErrNoSuchEmail)
		}
		if err != nil {
			return fmt.Errorf("promote %s: %w", email, err)
		}
		if out, changed = u.User, u.Role != RoleAdmin; !changed {
			return nil
		}
		out, err = tx.UpdateUserAccess(ctx, u.ID, RoleAdmin, u.Active)
		if err != nil {
			return fmt.Errorf("promote user %d: %w", u.ID, err)
		}
		return nil
	})
	if err != nil {
		return User{}, false, err
	}
	return out, changed, nil
}
