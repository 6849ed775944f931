package httpapi

import (
	"context"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/boards"
)

// The dashboards tag: the caller's dashboards, through internal/boards.

// ListDashboards implements listDashboards: the caller's dashboards, oldest
// first, keyset-paged on id.
func (h *Handler) ListDashboards(ctx context.Context, params oas.ListDashboardsParams) (*oas.DashboardPage, error) {
	p, err := requireUser(ctx)
	if err != nil {
		return nil, err
	}
	page, err := h.Boards.ListDashboards(ctx, p.UserID, int(params.Limit.Or(defaultPageSize)), params.Cursor.Or(""))
	if err != nil {
		return nil, apperr.Within(err, "query")
	}
	out := &oas.DashboardPage{Items: make([]oas.Dashboard, len(page.Items)), NextCursor: nextCursor(page.NextCursor)}
	for i := range page.Items {
		out.Items[i] = toDashboard(&page.Items[i])
	}
	return out, nil
}

// CreateDashboard implements createDashboard. The caller's first dashboard,
// or one created with isDefault, becomes the default.
func (h *Handler) CreateDashboard(ctx context.Context, req *oas.DashboardCreate) (*oas.DashboardHeaders, error) {
	p, err := requireUser(ctx)
	if err != nil {
		return nil, err
	}
	d, err := h.Boards.CreateDashboard(ctx, p.UserID, boards.NewDashboard{
		Name: string(req.Name), Description: string(req.Description.Or("")), MakeDefault: req.IsDefault.Or(false),
	})
	if err != nil {
		return nil, boardsError(err)
	}
	return dashboardHeaders(d), nil
}

// GetDashboard implements getDashboard: the dashboard with its widgets, from
// the cache when warm, converted once per cached value, or 304 when
// If-None-Match holds its ETag.
func (h *Handler) GetDashboard(ctx context.Context, params oas.GetDashboardParams) (oas.GetDashboardRes, error) {
	p, err := requireUser(ctx)
	if err != nil {
		return nil, err
	}
	d, err := h.Boards.GetDashboard(ctx, p.UserID, int64(params.DashboardId))
	if err != nil {
		return nil, err
	}
	v, ok := d.View.Load().(*oas.DashboardDetailHeaders)
	if !ok {
		v = detailHeaders(d)
		d.View.Store(v)
	}
	if field, ok := params.IfNoneMatch.Get(); ok && ifNoneMatch(field, v.ETag.Value) {
		return &oas.GetDashboardNotModified{ETag: v.ETag}, nil
	}
	res := *v // ogen only reads the response; the widgets are shared
	return &res, nil
}

// UpdateDashboard implements updateDashboard with optimistic locking.
// isDefault moves the default flag from the previous default atomically.
func (h *Handler) UpdateDashboard(ctx context.Context, req *oas.DashboardUpdate, params oas.UpdateDashboardParams) (*oas.DashboardHeaders, error) {
	p, err := requireUser(ctx)
	if err != nil {
		return nil, err
	}
	d, err := h.Boards.UpdateDashboard(ctx, p.UserID, int64(params.DashboardId), boards.DashboardUpdate{
		Name:        optional(string(req.Name.Value), req.Name.Set),
		Description: optional(string(req.Description.Value), req.Description.Set),
		MakeDefault: req.IsDefault.Set,
		Expect:      precondition(boards.ResourceDashboard, params.IfMatch, req.Version),
	})
	if err != nil {
		return nil, boardsError(err)
	}
	return dashboardHeaders(d), nil
}

// DeleteDashboard implements deleteDashboard, honouring If-Match. Its
// widgets go with it; when it was the default, the oldest remaining
// dashboard becomes the default.
func (h *Handler) DeleteDashboard(ctx context.Context, params oas.DeleteDashboardParams) error {
	p, err := requireUser(ctx)
	if err != nil {
		return err
	}
	expect := precondition(boards.ResourceDashboard, params.IfMatch, oas.OptVersion{})
	return boardsError(h.Boards.DeleteDashboard(ctx, p.UserID, int64(params.DashboardId), expect))
}

// DuplicateDashboard implements duplicateDashboard: a copy with its
// widgets, never the default.
func (h *Handler) DuplicateDashboard(ctx context.Context, req oas.OptDashboardDuplicate, params oas.DuplicateDashboardParams) (*oas.DashboardDetailHeaders, error) {
	p, err := requireUser(ctx)
	if err != nil {
		return nil, err
	}
	name := optional(string(req.Value.Name.Value), req.Set && req.Value.Name.Set)
	d, err := h.Boards.DuplicateDashboard(ctx, p.UserID, int64(params.DashboardId), name)
	if err != nil {
		return nil, boardsError(err)
	}
	return detailHeaders(d), nil
}

// PutLayout implements putLayout: all or nothing. Every widget of the
// dashboard is listed once, on the grid, overlapping none.
func (h *Handler) PutLayout(ctx context.Context, req *oas.LayoutUpdate, params oas.PutLayoutParams) (*oas.DashboardDetailHeaders, error) {
	p, err := requireUser(ctx)
	if err != nil {
		return nil, err
	}
	d, err := h.Boards.PutLayout(ctx, p.UserID, int64(params.DashboardId), layoutOf(req, params))
	if err != nil {
		return nil, boardsError(err)
	}
	return detailHeaders(d), nil
}

// nextCursor is the nextCursor of a page: null on the last.
func nextCursor(c string) oas.NilString {
	if c == "" {
		return oas.NilString{Null: true}
	}
	return oas.NewNilString(c)
}
