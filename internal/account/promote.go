package account

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/internal/store"
)

// ErrNoSuchEmail is the error of Promote when no account has the email.
var ErrNoSuchEmail = errors.New("no account has this email")

// Promote makes the account of email (any case) an admin, for an operator
// at the command line: no principal is checked. Its active flag is left as
// it is. It reports whether the role changed. A running server learns the
// new role of the account's sessions when their cached resolutions expire
// (AUTH_TOKEN_CACHE_TTL), since only a server can drop its own cache.
func Promote(ctx context.Context, d *store.DB, email string) (User, bool, error) {
	var (
		out     db.User
		changed bool
	)
	err := d.InTx(ctx, func(q *db.Queries) error {
		u, err := q.GetUserByEmail(ctx, email)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("promote %s: %w", email, ErrNoSuchEmail)
		}
		if err != nil {
			return fmt.Errorf("promote %s: %w", email, err)
		}
		if out, changed = u, Role(u.Role) != RoleAdmin; !changed {
			return nil
		}
		out, err = q.UpdateUserAccess(ctx, db.UpdateUserAccessParams{ID: u.ID, Role: string(RoleAdmin), Active: u.Active})
		if err != nil {
			return fmt.Errorf("promote user %d: %w", u.ID, err)
		}
		return nil
	})
	if err != nil {
		return User{}, false, err
	}
	return userOf(out), changed, nil
}
