package httpapi

import (
	"context"
	"fmt"
	"unicode/utf8"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/store"
)

// DuplicateDashboard implements duplicateDashboard: the copy and its widgets
// are written in one transaction. The copy is never the default.
func (h *Handler) DuplicateDashboard(ctx context.Context, req oas.OptDashboardDuplicate, params oas.DuplicateDashboardParams) (*oas.DashboardDetailHeaders, error) {
	p, err := requireUser(ctx)
	if err != nil {
		return nil, err
	}
	id := int64(params.DashboardId)
	var d *cachedDashboard
	err = h.DB.InTx(ctx, func(q *db.Queries) error {
		src, err := h.ownDashboard(ctx, q, p.UserID, id)
		if err != nil {
			return err
		}
		name := copyName(src.Name)
		if n, ok := req.Value.Name.Get(); ok && req.Set {
			name = string(n)
		}
		row, err := q.CreateDashboard(ctx, db.CreateDashboardParams{
			OwnerID: p.UserID, Name: name, Description: src.Description, IsDefault: 0,
		})
		if err != nil {
			return store.Translate(err, "dashboard")
		}
		if _, err := q.CopyWidgets(ctx, db.CopyWidgetsParams{ToID: row.ID, FromID: src.ID}); err != nil {
			return fmt.Errorf("copy widgets of dashboard %d: %w", id, err)
		}
		d, err = h.loadDetail(ctx, q, p.UserID, row.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	newID := int64(d.Detail.ID)
	h.invalidate(ctx, dashboardTag(newID), boardWidgetsTag(newID))
	return &oas.DashboardDetailHeaders{ETag: oas.NewOptString(d.ETag), Response: *d.Detail}, nil
}

// copyName is "<name> (copy)", the name shortened so that the whole fits the
// 100 characters a dashboard name may have.
func copyName(name string) string {
	const suffix, maxLen = " (copy)", 100
	keep := maxLen - utf8.RuneCountInString(suffix)
	if utf8.RuneCountInString(name) > keep {
		name = string([]rune(name)[:keep])
	}
	return name + suffix
}
