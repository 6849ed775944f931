package httpapi

import (
	"context"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/account"
	"github.com/marketpulse/api/internal/apperr"
)

// ListUsers implements listUsers.
func (h *Handler) ListUsers(ctx context.Context, params oas.ListUsersParams) (*oas.UserPage, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	page, err := h.Account.ListUsers(ctx, int(params.Limit.Or(defaultPageSize)), params.Cursor.Or(""))
	if err != nil {
		return nil, apperr.Within(err, "query")
	}
	out := &oas.UserPage{Items: make([]oas.User, 0, len(page.Items))}
	for _, u := range page.Items {
		out.Items = append(out.Items, toUser(u))
	}
	if page.NextCursor != "" {
		out.NextCursor = oas.NewNilString(page.NextCursor)
	} else {
		out.NextCursor.SetToNull()
	}
	return out, nil
}

// UpdateUser implements updateUser.
func (h *Handler) UpdateUser(ctx context.Context, req *oas.AdminUserUpdate, params oas.UpdateUserParams) (*oas.User, error) {
	p, err := requireAdmin(ctx)
	if err != nil {
		return nil, err
	}
	var patch account.AccessPatch
	if v, ok := req.Active.Get(); ok {
		patch.Active = new(v)
	}
	if v, ok := req.Role.Get(); ok {
		patch.Role = new(account.Role(v))
	}
	u, err := h.Account.UpdateAccess(ctx, p, int64(params.UserId), patch)
	if err != nil {
		return nil, apperr.Within(err, "body")
	}
	out := toUser(u)
	return &out, nil
}
