package httpapi

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/store"
)

// UpdateWidget implements updateWidget with optimistic locking. A config is
// always a complete one of its kind, so a new config may change the kind.
// Only what changes is checked: symbols with a new config, the refresh
// interval against the kind when either changes, overlaps when the position
// changes.
func (h *Handler) UpdateWidget(ctx context.Context, req *oas.WidgetUpdate, params oas.UpdateWidgetParams) (*oas.WidgetHeaders, error) {
	p, err := requireUser(ctx)
	if err != nil {
		return nil, err
	}
	dash, id := int64(params.DashboardId), int64(params.WidgetId)
	var row db.Widget
	err = h.DB.InTx(ctx, func(q *db.Queries) error {
		cur, err := h.ownWidget(ctx, q, p.UserID, dash, id)
		if err != nil {
			return err
		}
		etag := widgetETag(cur.ID, cur.Version, cur.CreatedAt)
		if err := checkVersion("widget", params.IfMatch, req.Version, etag, cur.Version); err != nil {
			return err
		}
		next, draft, err := mergeWidget(cur, req)
		if err != nil {
			return err
		}
		if draft.Position != nil {
			rects, err := q.ListWidgetRects(ctx, dash)
			if err != nil {
				return fmt.Errorf("list widgets of dashboard %d: %w", dash, err)
			}
			for _, o := range placedOf(rects) {
				if o.id != id {
					draft.others = append(draft.others, o)
				}
			}
		}
		if err := h.validateWidget(ctx, q, draft); err != nil {
			return err
		}
		row, err = q.UpdateWidgetVersion(ctx, db.UpdateWidgetVersionParams{
			Kind: next.Kind, Title: next.Title, PosX: next.PosX, PosY: next.PosY, Width: next.Width, Height: next.Height,
			Config: next.Config, RefreshSeconds: next.RefreshSeconds,
			ID: id, DashboardID: dash, Version: cur.Version, OwnerID: p.UserID,
		})
		if errors.Is(err, sql.ErrNoRows) {
			return versionMismatch("widget")
		}
		if err != nil {
			return store.Translate(err, "widget")
		}
		return bumpDashboard(ctx, q, p.UserID, dash)
	})
	if err != nil {
		return nil, err
	}
	h.invalidate(ctx, dashboardTag(dash), widgetTag(id))
	return widgetHeaders(row)
}

// mergeWidget applies the fields of req to cur, and returns what of the
// result needs checking.
func mergeWidget(cur db.Widget, req *oas.WidgetUpdate) (db.Widget, widgetDraft, error) {
	next := cur
	draft := widgetDraft{kind: cur.Kind}
	if t, ok := req.Title.Get(); ok {
		next.Title = string(t)
	}
	if pos, ok := req.Position.Get(); ok {
		r := rectOf(pos)
		draft.Position = &r
		next.PosX, next.PosY, next.Width, next.Height = int64(r.X), int64(r.Y), int64(r.W), int64(r.H)
	}
	if c, ok := req.Config.Get(); ok {
		config, err := encodeConfig(c)
		if err != nil {
			return next, draft, err
		}
		next.Config, next.Kind = config, configKind(c)
		draft.Config = newConfigDraft(c)
		draft.kind, draft.interval = configKind(c), configInterval(c)
	} else if req.RefreshSeconds.Set {
		old, err := decodeConfig([]byte(cur.Config))
		if err != nil {
			return next, draft, fmt.Errorf("widget %d: %w", cur.ID, err)
		}
		draft.interval = configInterval(old)
	}
	if r, ok := req.RefreshSeconds.Get(); ok {
		next.RefreshSeconds = int64(r)
	}
	draft.Refresh = int32(next.RefreshSeconds)
	draft.checkRefresh = req.Config.Set || req.RefreshSeconds.Set
	draft.refreshInBody = req.RefreshSeconds.Set
	return next, draft, nil
}
