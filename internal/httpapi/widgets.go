package httpapi

import (
	"context"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/boards"
)

// The widgets tag: the widgets of the caller's dashboards, through
// internal/boards.

// ListWidgets implements listWidgets: the dashboard's widgets, oldest first,
// keyset-paged on id.
func (h *Handler) ListWidgets(ctx context.Context, params oas.ListWidgetsParams) (*oas.WidgetPage, error) {
	p, err := requireUser(ctx)
	if err != nil {
		return nil, err
	}
	page, err := h.Boards.ListWidgets(ctx, p.UserID, int64(params.DashboardId), int(params.Limit.Or(defaultPageSize)), params.Cursor.Or(""))
	if err != nil {
		return nil, apperr.Within(err, "query")
	}
	out := &oas.WidgetPage{Items: make([]oas.Widget, len(page.Items)), NextCursor: nextCursor(page.NextCursor)}
	syms := newSymbolArena(page.Items)
	for i := range page.Items {
		out.Items[i] = toWidget(&page.Items[i], &syms)
	}
	return out, nil
}

// CreateWidget implements createWidget: the config's kind is the widget's.
func (h *Handler) CreateWidget(ctx context.Context, req *oas.WidgetCreate, params oas.CreateWidgetParams) (*oas.WidgetHeaders, error) {
	p, err := requireUser(ctx)
	if err != nil {
		return nil, err
	}
	w, err := h.Boards.CreateWidget(ctx, p.UserID, int64(params.DashboardId), boards.NewWidget{
		Title: string(req.Title), Position: rectOf(req.Position), Config: configOf(req.Config),
		RefreshSeconds: optional(int32(req.RefreshSeconds.Value), req.RefreshSeconds.Set),
	})
	if err != nil {
		return nil, boardsError(err)
	}
	return widgetHeaders(&w), nil
}

// GetWidget implements getWidget, from the cache when warm, or 304 when
// If-None-Match holds its ETag.
func (h *Handler) GetWidget(ctx context.Context, params oas.GetWidgetParams) (oas.GetWidgetRes, error) {
	p, err := requireUser(ctx)
	if err != nil {
		return nil, err
	}
	w, err := h.Boards.GetWidget(ctx, p.UserID, int64(params.DashboardId), int64(params.WidgetId))
	if err != nil {
		return nil, err
	}
	etag := widgetETag(w.Stamp())
	if field, ok := params.IfNoneMatch.Get(); ok && ifNoneMatch(field, etag) {
		return &oas.GetWidgetNotModified{ETag: oas.NewOptString(etag)}, nil
	}
	return &oas.WidgetHeaders{ETag: oas.NewOptString(etag), Response: toWidget(w, nil)}, nil
}

// UpdateWidget implements updateWidget with optimistic locking: a partial
// change, of which only what changes is checked.
func (h *Handler) UpdateWidget(ctx context.Context, req *oas.WidgetUpdate, params oas.UpdateWidgetParams) (*oas.WidgetHeaders, error) {
	p, err := requireUser(ctx)
	if err != nil {
		return nil, err
	}
	w, err := h.Boards.UpdateWidget(ctx, p.UserID, int64(params.DashboardId), int64(params.WidgetId), widgetUpdateOf(req, params))
	if err != nil {
		return nil, boardsError(err)
	}
	return widgetHeaders(&w), nil
}

// DeleteWidget implements deleteWidget, honouring If-Match.
func (h *Handler) DeleteWidget(ctx context.Context, params oas.DeleteWidgetParams) error {
	p, err := requireUser(ctx)
	if err != nil {
		return err
	}
	expect := precondition(boards.ResourceWidget, params.IfMatch, oas.OptVersion{})
	return boardsError(h.Boards.DeleteWidget(ctx, p.UserID, int64(params.DashboardId), int64(params.WidgetId), expect))
}
