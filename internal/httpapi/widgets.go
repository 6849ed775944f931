package httpapi

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/cache"
	"github.com/marketpulse/api/internal/store"
)

// defaultRefreshSeconds suits every kind (see refreshBounds).
const defaultRefreshSeconds = 60

// ListWidgets implements listWidgets: the dashboard's widgets, oldest first,
// keyset-paged on id.
func (h *Handler) ListWidgets(ctx context.Context, params oas.ListWidgetsParams) (*oas.WidgetPage, error) {
	p, err := requireUser(ctx)
	if err != nil {
		return nil, err
	}
	dash := int64(params.DashboardId)
	limit := int(params.Limit.Or(defaultPageSize))
	list := widgetListKey(p.UserID, dash)
	after, err := decodeIDCursor(params.Cursor.Value, params.Cursor.Set, list)
	if err != nil {
		return nil, err
	}
	rows, err := h.DB.Read.ListWidgets(ctx, db.ListWidgetsParams{
		DashboardID: dash, OwnerID: p.UserID, AfterID: after, MaxRows: int64(limit) + 1,
	})
	if err != nil {
		return nil, fmt.Errorf("list widgets of dashboard %d: %w", dash, err)
	}
	if len(rows) == 0 { // no more widgets, or no such dashboard
		if _, err := h.ownDashboard(ctx, h.DB.Read, p.UserID, dash); err != nil {
			return nil, err
		}
	}
	page := &oas.WidgetPage{Items: make([]oas.Widget, 0, min(len(rows), limit))}
	for _, r := range rows[:min(len(rows), limit)] {
		w, err := toWidget(r)
		if err != nil {
			return nil, err
		}
		page.Items = append(page.Items, w)
	}
	page.NextCursor.SetToNull()
	if len(rows) > limit {
		page.NextCursor = oas.NewNilString(encodeIDCursor(list, rows[limit-1].ID))
	}
	return page, nil
}

// CreateWidget implements createWidget: the config's kind is the widget's.
func (h *Handler) CreateWidget(ctx context.Context, req *oas.WidgetCreate, params oas.CreateWidgetParams) (*oas.WidgetHeaders, error) {
	p, err := requireUser(ctx)
	if err != nil {
		return nil, err
	}
	dash := int64(params.DashboardId)
	config, err := encodeConfig(req.Config)
	if err != nil {
		return nil, err
	}
	pos := rectOf(req.Position)
	refresh := int32(req.RefreshSeconds.Or(defaultRefreshSeconds))
	var row db.Widget
	err = h.DB.InTx(ctx, func(q *db.Queries) error {
		if _, err := h.ownDashboard(ctx, q, p.UserID, dash); err != nil {
			return err
		}
		rects, err := q.ListWidgetRects(ctx, dash)
		if err != nil {
			return fmt.Errorf("list widgets of dashboard %d: %w", dash, err)
		}
		if len(rects) >= maxWidgetsPerBoard {
			return apperr.New(apperr.Conflict, "too_many_widgets", "a dashboard holds at most %d widgets", maxWidgetsPerBoard)
		}
		if err := h.validateWidget(ctx, q, widgetDraft{
			Position: &pos, Config: newConfigDraft(req.Config), Refresh: refresh,
			kind: configKind(req.Config), interval: configInterval(req.Config),
			checkRefresh: true, refreshInBody: req.RefreshSeconds.Set, others: placedOf(rects),
		}); err != nil {
			return err
		}
		row, err = q.CreateWidget(ctx, db.CreateWidgetParams{
			Kind: configKind(req.Config), Title: string(req.Title),
			PosX: int64(pos.X), PosY: int64(pos.Y), Width: int64(pos.W), Height: int64(pos.H),
			Config: config, RefreshSeconds: int64(refresh), DashboardID: dash, OwnerID: p.UserID,
		})
		if err != nil {
			return store.Translate(err, "widget")
		}
		return bumpDashboard(ctx, q, p.UserID, dash)
	})
	if err != nil {
		return nil, err
	}
	h.invalidate(ctx, dashboardTag(dash), widgetTag(row.ID))
	return widgetHeaders(row)
}

// GetWidget implements getWidget, from the cache when warm, or 304 when
// If-None-Match holds its ETag.
func (h *Handler) GetWidget(ctx context.Context, params oas.GetWidgetParams) (oas.GetWidgetRes, error) {
	p, err := requireUser(ctx)
	if err != nil {
		return nil, err
	}
	dash, id := int64(params.DashboardId), int64(params.WidgetId)
	w, _, err := h.boards.widgets.Get(ctx, widgetKey(p.UserID, dash, id), func(ctx context.Context) (*cachedWidget, error) {
		row, err := h.ownWidget(ctx, h.DB.Read, p.UserID, dash, id)
		if err != nil {
			return nil, err
		}
		return cacheWidget(row)
	}, cache.WithTags(widgetTag(id), boardWidgetsTag(dash)))
	if err != nil {
		return nil, err
	}
	if field, ok := params.IfNoneMatch.Get(); ok && ifNoneMatch(field, w.ETag) {
		return &oas.GetWidgetNotModified{ETag: oas.NewOptString(w.ETag)}, nil
	}
	return &oas.WidgetHeaders{ETag: oas.NewOptString(w.ETag), Response: *w.Widget}, nil
}

// DeleteWidget implements deleteWidget, honouring If-Match.
func (h *Handler) DeleteWidget(ctx context.Context, params oas.DeleteWidgetParams) error {
	p, err := requireUser(ctx)
	if err != nil {
		return err
	}
	dash, id := int64(params.DashboardId), int64(params.WidgetId)
	err = h.DB.InTx(ctx, func(q *db.Queries) error {
		cur, err := h.ownWidget(ctx, q, p.UserID, dash, id)
		if err != nil {
			return err
		}
		etag := widgetETag(cur.ID, cur.Version, cur.CreatedAt)
		if err := checkVersion("widget", params.IfMatch, oas.OptVersion{}, etag, cur.Version); err != nil {
			return err
		}
		n, err := q.DeleteWidgetVersion(ctx, db.DeleteWidgetVersionParams{ID: id, DashboardID: dash, Version: cur.Version, OwnerID: p.UserID})
		if err != nil {
			return fmt.Errorf("delete widget %d: %w", id, err)
		}
		if n == 0 {
			return versionMismatch("widget")
		}
		return bumpDashboard(ctx, q, p.UserID, dash)
	})
	if err != nil {
		return err
	}
	h.invalidate(ctx, dashboardTag(dash), widgetTag(id))
	return nil
}

// ownWidget reads a widget of the owner's dashboard, or answers not found.
func (h *Handler) ownWidget(ctx context.Context, q *db.Queries, owner, dash, id int64) (db.Widget, error) {
	w, err := q.GetWidget(ctx, db.GetWidgetParams{ID: id, DashboardID: dash, OwnerID: owner})
	if errors.Is(err, sql.ErrNoRows) {
		return w, h.boards.widgetNotFound
	}
	if err != nil {
		return w, fmt.Errorf("get widget %d: %w", id, err)
	}
	return w, nil
}

// bumpDashboard gives the dashboard a new version: one of its widgets changed,
// so its representation (with widgets) and ETag did too.
func bumpDashboard(ctx context.Context, q *db.Queries, owner, dash int64) error {
	if _, err := q.BumpDashboardVersion(ctx, db.BumpDashboardVersionParams{ID: dash, OwnerID: owner}); err != nil {
		return fmt.Errorf("bump dashboard %d: %w", dash, err)
	}
	return nil
}

func widgetHeaders(row db.Widget) (*oas.WidgetHeaders, error) {
	w, err := cacheWidget(row)
	if err != nil {
		return nil, err
	}
	return &oas.WidgetHeaders{ETag: oas.NewOptString(w.ETag), Response: *w.Widget}, nil
}
