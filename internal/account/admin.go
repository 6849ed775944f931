package account

import (
	"context"
	"strconv"
	"time"

	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/cursor"
)

// UserPage is a page of accounts, oldest first. NextCursor is empty on the
// last page.
type UserPage struct {
	Items      []User
	NextCursor string
}

// ListUsers returns limit accounts after the cursor of the previous page
// (empty: from the oldest), in keyset order (created_at, id).
func (s *Service) ListUsers(ctx context.Context, limit int, after string) (UserPage, error) {
	if limit < 1 {
		return UserPage{}, apperr.NewField(apperr.Invalid, "invalid_parameter", "limit", "limit must be at least 1")
	}
	var (
		afterCreatedAt time.Time
		afterID        int64
	)
	if after != "" {
		var err error
		if afterCreatedAt, afterID, err = decodeUserCursor(after); err != nil {
			return UserPage{}, err
		}
	}
	rows, err := s.st.ListUsers(ctx, afterCreatedAt, afterID, limit+1) // one extra row tells whether a next page exists
	if err != nil {
		return UserPage{}, err
	}
	page := UserPage{Items: rows[:min(len(rows), limit)]}
	if len(rows) > limit {
		last := rows[limit-1]
		page.NextCursor = encodeUserCursor(last.CreatedAt, last.ID)
	}
	return page, nil
}

// A users cursor is version "u1", then createdAt in Unix milliseconds and
// the id: the keyset of the last account of the page. Stored times have
// millisecond precision, so the cursor is exact.
const userCursorVersion = "u1"

func encodeUserCursor(createdAt time.Time, id int64) string {
	return cursor.Encode(userCursorVersion, strconv.FormatInt(createdAt.UnixMilli(), 10), strconv.FormatInt(id, 10))
}

// decodeUserCursor returns the keyset of the previous page's last account.
func decodeUserCursor(c string) (time.Time, int64, error) {
	version, fields, ok := cursor.Decode(c)
	if !ok || version != userCursorVersion || len(fields) != 2 {
		return time.Time{}, 0, cursor.Invalid()
	}
	ms, err1 := strconv.ParseInt(fields[0], 10, 64)
	id, err2 := strconv.ParseInt(fields[1], 10, 64)
	// Years 0000 to 9999 are what the stored text form can hold.
	const minMs, maxMs = -62167219200000, 253402300799999
	if err1 != nil || err2 != nil || ms < minMs || ms > maxMs || id < 1 ||
		fields[0] != strconv.FormatInt(ms, 10) || fields[1] != strconv.FormatInt(id, 10) {
		return time.Time{}, 0, cursor.Invalid()
	}
	return time.UnixMilli(ms).UTC(), id, nil
}

// AccessPatch changes what is set of an account's access.
type AccessPatch struct {
	Active *bool
	Role   *Role
}

// locksOut reports whether the patch would take an admin's own access.
func (p AccessPatch) locksOut() bool {
	return (p.Active != nil && !*p.Active) || (p.Role != nil && *p.Role != RoleAdmin)
}

// UpdateAccess activates, deactivates, promotes or demotes the account
// target, for the admin by. Deactivating revokes the account's sessions; a
// role change drops their cached resolutions (which carry the role). An
// admin cannot deactivate or demote themselves (409 self_lockout).
func (s *Service) UpdateAccess(ctx context.Context, by Principal, target int64, patch AccessPatch) (User, error) {
	if err := by.RequireAdmin(); err != nil {
		return User{}, err
	}
	if by.UserID == target && patch.locksOut() {
		return User{}, apperr.New(apperr.Conflict, "self_lockout", "administrators cannot deactivate or demote themselves")
	}
	var (
		out     User
		revoked [][]byte
	)
	err := s.st.InTx(ctx, func(tx Tx) error {
		u, err := tx.GetUser(ctx, target)
		if err != nil {
			return err
		}
		out, err = tx.UpdateUserAccess(ctx, target, or(patch.Role, u.Role), or(patch.Active, u.Active))
		if err != nil {
			return err
		}
		switch {
		case !out.Active:
			revoked, err = revokeSessions(ctx, tx, target)
		case out.Role != u.Role:
			revoked, err = sessionDigests(ctx, tx, target)
		default:
			revoked = nil // an earlier attempt of this transaction may have set it
		}
		return err
	})
	if err != nil {
		return User{}, err
	}
	s.tokens.forget(ctx, revoked)
	s.notify(AccessChanged, target)
	return out, nil
}
