package httpapi

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/cache"
	"github.com/marketpulse/api/internal/store"
)

// ListDashboards implements listDashboards: the caller's dashboards, oldest
// first, keyset-paged on id.
func (h *Handler) ListDashboards(ctx context.Context, params oas.ListDashboardsParams) (*oas.DashboardPage, error) {
	p, err := requireUser(ctx)
	if err != nil {
		return nil, err
	}
	limit := int(params.Limit.Or(defaultPageSize))
	list := dashboardListKey(p.UserID)
	after, err := decodeIDCursor(params.Cursor.Value, params.Cursor.Set, list)
	if err != nil {
		return nil, err
	}
	rows, err := h.DB.Read.ListDashboardsCounted(ctx, db.ListDashboardsCountedParams{
		OwnerID: p.UserID, AfterID: after, MaxRows: int64(limit) + 1,
	})
	if err != nil {
		return nil, fmt.Errorf("list dashboards: %w", err)
	}
	page := &oas.DashboardPage{Items: make([]oas.Dashboard, 0, min(len(rows), limit))}
	for _, r := range rows[:min(len(rows), limit)] {
		page.Items = append(page.Items, toDashboardCounted(r))
	}
	page.NextCursor.SetToNull()
	if len(rows) > limit {
		page.NextCursor = oas.NewNilString(encodeIDCursor(list, rows[limit-1].ID))
	}
	return page, nil
}

// CreateDashboard implements createDashboard. The caller's first dashboard,
// or one created with isDefault, becomes the default in the same transaction
// that takes the flag from the previous one.
func (h *Handler) CreateDashboard(ctx context.Context, req *oas.DashboardCreate) (*oas.DashboardHeaders, error) {
	p, err := requireUser(ctx)
	if err != nil {
		return nil, err
	}
	var (
		row     db.Dashboard
		demoted int64
	)
	err = h.DB.InTx(ctx, func(q *db.Queries) error {
		prev, err := defaultDashboard(ctx, q, p.UserID)
		if err != nil {
			return err
		}
		makeDefault := prev == 0 || req.IsDefault.Or(false)
		if makeDefault && prev != 0 {
			if err := clearDefault(ctx, q, p.UserID, 0); err != nil {
				return err
			}
			demoted = prev
		}
		row, err = q.CreateDashboard(ctx, db.CreateDashboardParams{
			OwnerID: p.UserID, Name: string(req.Name), Description: string(req.Description.Or("")),
			IsDefault: sqlBool(makeDefault),
		})
		return store.Translate(err, "dashboard")
	})
	if err != nil {
		return nil, err
	}
	h.invalidate(ctx, dashboardTags(row.ID, demoted)...)
	return &oas.DashboardHeaders{
		ETag:     oas.NewOptString(dashboardETag(row.ID, row.Version, row.CreatedAt)),
		Response: toDashboard(row, 0),
	}, nil
}

// GetDashboard implements getDashboard: the dashboard with its widgets, from
// the cache when warm, or 304 when If-None-Match holds its ETag.
func (h *Handler) GetDashboard(ctx context.Context, params oas.GetDashboardParams) (oas.GetDashboardRes, error) {
	p, err := requireUser(ctx)
	if err != nil {
		return nil, err
	}
	id := int64(params.DashboardId)
	d, _, err := h.boards.details.Get(ctx, dashboardKey(p.UserID, id), func(ctx context.Context) (*cachedDashboard, error) {
		return h.loadDetail(ctx, h.DB.Read, p.UserID, id)
	}, cache.WithTags(dashboardTag(id)))
	if err != nil {
		return nil, err
	}
	if field, ok := params.IfNoneMatch.Get(); ok && ifNoneMatch(field, d.ETag) {
		return &oas.GetDashboardNotModified{ETag: oas.NewOptString(d.ETag)}, nil
	}
	return &oas.DashboardDetailHeaders{ETag: oas.NewOptString(d.ETag), Response: *d.Detail}, nil
}

// loadDetail reads a dashboard with its widgets in one statement, through q:
// the read pool, or the transaction of a write that answers with it.
func (h *Handler) loadDetail(ctx context.Context, q *db.Queries, owner, id int64) (*cachedDashboard, error) {
	rows, err := q.GetDashboardDetail(ctx, db.GetDashboardDetailParams{ID: id, OwnerID: owner, MaxRows: maxWidgetsPerBoard + 1})
	if err != nil {
		return nil, fmt.Errorf("get dashboard %d: %w", id, err)
	}
	if len(rows) == 0 {
		return nil, h.boards.dashboardNotFound
	}
	return toDetail(rows[:min(len(rows), maxWidgetsPerBoard)])
}

// UpdateDashboard implements updateDashboard with optimistic locking.
// isDefault moves the default flag from the previous default atomically.
func (h *Handler) UpdateDashboard(ctx context.Context, req *oas.DashboardUpdate, params oas.UpdateDashboardParams) (*oas.DashboardHeaders, error) {
	p, err := requireUser(ctx)
	if err != nil {
		return nil, err
	}
	id := int64(params.DashboardId)
	var (
		row            db.Dashboard
		count, demoted int64
	)
	err = h.DB.InTx(ctx, func(q *db.Queries) error {
		cur, err := h.ownCurrentDashboard(ctx, q, p.UserID, id, params.IfMatch, req.Version)
		if err != nil {
			return err
		}
		isDefault := cur.IsDefault
		if req.IsDefault.Set && cur.IsDefault == 0 {
			if demoted, err = defaultDashboard(ctx, q, p.UserID); err != nil {
				return err
			}
			if err := clearDefault(ctx, q, p.UserID, id); err != nil {
				return err
			}
			isDefault = 1
		}
		row, err = q.UpdateDashboardFields(ctx, db.UpdateDashboardFieldsParams{
			Name:        string(req.Name.Or(oas.DashboardName(cur.Name))),
			Description: string(req.Description.Or(oas.DashboardDescription(cur.Description))),
			IsDefault:   isDefault,
			ID:          id, OwnerID: p.UserID, Version: cur.Version,
		})
		if errors.Is(err, sql.ErrNoRows) {
			return versionMismatch("dashboard")
		}
		if err != nil {
			return store.Translate(err, "dashboard")
		}
		if count, err = q.CountWidgets(ctx, id); err != nil {
			return fmt.Errorf("count widgets of dashboard %d: %w", id, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	h.invalidate(ctx, dashboardTags(id, demoted)...)
	return &oas.DashboardHeaders{
		ETag:     oas.NewOptString(dashboardETag(row.ID, row.Version, row.CreatedAt)),
		Response: toDashboard(row, count),
	}, nil
}

// DeleteDashboard implements deleteDashboard. Its widgets go with it; when it
// was the default, the oldest remaining dashboard becomes the default.
func (h *Handler) DeleteDashboard(ctx context.Context, params oas.DeleteDashboardParams) error {
	p, err := requireUser(ctx)
	if err != nil {
		return err
	}
	id := int64(params.DashboardId)
	var promoted int64
	err = h.DB.InTx(ctx, func(q *db.Queries) error {
		cur, err := h.ownCurrentDashboard(ctx, q, p.UserID, id, params.IfMatch, oas.OptVersion{})
		if err != nil {
			return err
		}
		n, err := q.DeleteDashboardVersion(ctx, db.DeleteDashboardVersionParams{ID: id, OwnerID: p.UserID, Version: cur.Version})
		if err != nil {
			return fmt.Errorf("delete dashboard %d: %w", id, err)
		}
		if n == 0 {
			return versionMismatch("dashboard")
		}
		if cur.IsDefault == 0 {
			return nil
		}
		promoted, err = q.PromoteOldestDashboard(ctx, p.UserID)
		if errors.Is(err, sql.ErrNoRows) {
			return nil // that was the last dashboard
		}
		if err != nil {
			return fmt.Errorf("promote a default dashboard: %w", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	h.invalidate(ctx, append(dashboardTags(id, promoted), boardWidgetsTag(id))...)
	return nil
}

// ownDashboard reads the owner's dashboard id, or answers not found.
func (h *Handler) ownDashboard(ctx context.Context, q *db.Queries, owner, id int64) (db.Dashboard, error) {
	d, err := q.GetDashboard(ctx, db.GetDashboardParams{ID: id, OwnerID: owner})
	if errors.Is(err, sql.ErrNoRows) {
		return d, h.boards.dashboardNotFound
	}
	if err != nil {
		return d, fmt.Errorf("get dashboard %d: %w", id, err)
	}
	return d, nil
}

// ownCurrentDashboard is ownDashboard for a change: the If-Match header and
// the version of the body, when given, must be the dashboard's current ones
// (checkVersion).
func (h *Handler) ownCurrentDashboard(ctx context.Context, q *db.Queries, owner, id int64, ifMatch oas.OptString, version oas.OptVersion) (db.Dashboard, error) {
	d, err := h.ownDashboard(ctx, q, owner, id)
	if err != nil {
		return d, err
	}
	return d, checkVersion("dashboard", ifMatch, version, dashboardETag(d.ID, d.Version, d.CreatedAt), d.Version)
}

// defaultDashboard returns the id of the owner's default dashboard, 0 if none.
func defaultDashboard(ctx context.Context, q *db.Queries, owner int64) (int64, error) {
	d, err := q.GetDefaultDashboard(ctx, owner)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("get default dashboard: %w", err)
	}
	return d.ID, nil
}

// clearDefault takes the default flag from the owner's dashboards but keep.
func clearDefault(ctx context.Context, q *db.Queries, owner, keep int64) error {
	if _, err := q.ClearDefaultDashboard(ctx, db.ClearDefaultDashboardParams{OwnerID: owner, KeepID: keep}); err != nil {
		return fmt.Errorf("clear default dashboard: %w", err)
	}
	return nil
}

// dashboardTags are the cache tags of the dashboards ids (0s skipped).
func dashboardTags(ids ...int64) []string {
	tags := make([]string, 0, len(ids))
	for _, id := range ids {
		if id != 0 {
			tags = append(tags, dashboardTag(id))
		}
	}
	return tags
}

func sqlBool(b bool) int64 {
	if b {
		return 1
	}
	return 0
}
