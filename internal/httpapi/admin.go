package httpapi

import (
	"context"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/store"
)

// ListUsers implements listUsers: keyset pages, oldest account first.
func (h *Handler) ListUsers(ctx context.Context, params oas.ListUsersParams) (*oas.UserPage, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	limit := int(params.Limit.Or(defaultPageSize))
	arg := db.ListUsersParams{MaxRows: int64(limit) + 1} // one extra row tells whether a next page exists
	if c, ok := params.Cursor.Get(); ok {
		after, id, err := decodeUserCursor(c)
		if err != nil {
			return nil, err
		}
		arg.AfterCreatedAt, arg.AfterID = after, id
	}
	rows, err := h.DB.Read.ListUsers(ctx, arg)
	if err != nil {
		return nil, store.Translate(err, "accounts")
	}
	page := &oas.UserPage{Items: make([]oas.User, 0, min(len(rows), limit))}
	for _, r := range rows[:min(len(rows), limit)] {
		page.Items = append(page.Items, toUser(r))
	}
	if len(rows) > limit {
		last := rows[limit-1]
		page.NextCursor = oas.NewNilString(encodeUserCursor(last.CreatedAt, last.ID))
	} else {
		page.NextCursor.SetToNull()
	}
	return page, nil
}

// UpdateUser implements updateUser. Deactivating revokes the account's
// sessions; a role change drops their cached resolutions (which carry the
// role). An admin cannot deactivate or demote themselves (409 self_lockout).
func (h *Handler) UpdateUser(ctx context.Context, req *oas.AdminUserUpdate, params oas.UpdateUserParams) (*oas.User, error) {
	p, err := requireAdmin(ctx)
	if err != nil {
		return nil, err
	}
	target := int64(params.UserId)
	if p.UserID == target && ((req.Active.Set && !req.Active.Value) || (req.Role.Set && req.Role.Value != oas.RoleAdmin)) {
		return nil, apperr.New(apperr.Conflict, "self_lockout", "administrators cannot deactivate or demote themselves")
	}
	var (
		out     db.User
		revoked [][]byte
	)
	err = h.DB.InTx(ctx, func(q *db.Queries) error {
		u, err := q.GetUser(ctx, target)
		if err != nil {
			return store.Translate(err, "account")
		}
		out, err = q.UpdateUserAccess(ctx, db.UpdateUserAccessParams{
			ID:     target,
			Role:   string(req.Role.Or(oas.Role(u.Role))),
			Active: boolInt(req.Active.Or(u.Active != 0)),
		})
		if err != nil {
			return store.Translate(err, "account")
		}
		switch {
		case out.Active == 0:
			revoked, err = revokeSessions(ctx, q, target)
		case out.Role != u.Role:
			revoked, err = sessionDigests(ctx, q, target)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	h.tokens.forget(ctx, revoked)
	res := toUser(out)
	return &res, nil
}
