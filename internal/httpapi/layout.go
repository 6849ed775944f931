package httpapi

import (
	"context"
	"fmt"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/gen/oas"
)

// PutLayout implements putLayout: all or nothing, in one transaction. Every
// widget of the dashboard is listed once, on the grid, overlapping none;
// moved widgets and the dashboard get new versions.
func (h *Handler) PutLayout(ctx context.Context, req *oas.LayoutUpdate, params oas.PutLayoutParams) (*oas.DashboardDetailHeaders, error) {
	p, err := requireUser(ctx)
	if err != nil {
		return nil, err
	}
	id := int64(params.DashboardId)
	var d *cachedDashboard
	err = h.DB.InTx(ctx, func(q *db.Queries) error {
		if _, err := h.ownCurrentDashboard(ctx, q, p.UserID, id, params.IfMatch, req.Version); err != nil {
			return err
		}
		rects, err := q.ListWidgetRects(ctx, id)
		if err != nil {
			return fmt.Errorf("list widgets of dashboard %d: %w", id, err)
		}
		layout := layoutDraft{Items: make([]layoutItem, len(req.Items)), current: placedOf(rects)}
		for i, it := range req.Items {
			layout.Items[i] = layoutItem{WidgetID: int64(it.WidgetId), Position: rectOf(it.Position)}
		}
		if err := bodyProblem(h.boards.validate.StructCtx(ctx, layout), "invalid_layout", "the layout is not valid"); err != nil {
			return err
		}
		if err := moveWidgets(ctx, q, id, layout); err != nil {
			return err
		}
		if _, err := q.BumpDashboardVersion(ctx, db.BumpDashboardVersionParams{ID: id, OwnerID: p.UserID}); err != nil {
			return fmt.Errorf("bump dashboard %d: %w", id, err)
		}
		d, err = h.loadDetail(ctx, q, p.UserID, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	h.invalidate(ctx, dashboardTag(id), boardWidgetsTag(id))
	return &oas.DashboardDetailHeaders{ETag: oas.NewOptString(d.ETag), Response: *d.Detail}, nil
}

// moveWidgets writes the positions of a valid layout that differ from the
// current ones.
func moveWidgets(ctx context.Context, q *db.Queries, dashboard int64, l layoutDraft) error {
	was := make(map[int64]gridRect, len(l.current))
	for _, c := range l.current {
		was[c.id] = c.rect
	}
	for _, it := range l.Items {
		r := it.Position
		if was[it.WidgetID] == r {
			continue
		}
		if _, err := q.MoveWidget(ctx, db.MoveWidgetParams{
			PosX: int64(r.X), PosY: int64(r.Y), Width: int64(r.W), Height: int64(r.H),
			ID: it.WidgetID, DashboardID: dashboard,
		}); err != nil {
			return fmt.Errorf("move widget %d: %w", it.WidgetID, err)
		}
	}
	return nil
}
