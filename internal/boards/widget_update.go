package boards

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/internal/display"
	"github.com/marketpulse/api/internal/store"
)

// WidgetUpdate is a partial change of a widget; nil fields keep their
// value. A config is always a complete one of its kind, so a new config may
// change the kind.
type WidgetUpdate struct {
	Title          *string
	Position       *Rect
	Config         *Config
	RefreshSeconds *int32
	Expect         Precondition
}

// UpdateWidget changes the widget id of the owner's dashboard dash, if
// in.Expect holds. Only what changes is checked: symbols with a new config,
// the refresh interval against the kind when either changes, the grid and
// overlaps when the position changes.
func (s *Service) UpdateWidget(ctx context.Context, owner, dash, id int64, in WidgetUpdate) (Widget, error) {
	var text display.Fields
	if text.CheckOpt("title", in.Title); text.Err() != nil {
		return Widget{}, text.Err()
	}
	var (
		row     db.Widget
		changes []Change
	)
	err := s.db.InTx(ctx, func(q *db.Queries) error {
		cur, err := s.ownWidget(ctx, q, owner, dash, id)
		if err != nil {
			return err
		}
		if err := in.Expect.check(ResourceWidget, rowStamp(cur)); err != nil {
			return err
		}
		next, check, err := mergeWidget(cur, in)
		if err != nil {
			return err
		}
		if check.position != nil {
			rects, err := q.ListWidgetRects(ctx, dash)
			if err != nil {
				return fmt.Errorf("list widgets of dashboard %d: %w", dash, err)
			}
			for _, o := range placedOf(rects) {
				if o.id != id {
					check.others = append(check.others, o)
				}
			}
		}
		if err := s.checkWidget(ctx, q, check); err != nil {
			return err
		}
		row, err = q.UpdateWidgetVersion(ctx, db.UpdateWidgetVersionParams{
			Kind: next.Kind, Title: next.Title, PosX: next.PosX, PosY: next.PosY, Width: next.Width, Height: next.Height,
			Config: next.Config, RefreshSeconds: next.RefreshSeconds,
			ID: id, DashboardID: dash, Version: cur.Version, OwnerID: owner,
		})
		if errors.Is(err, sql.ErrNoRows) {
			return stale(ResourceWidget, rowStamp(cur))
		}
		if err != nil {
			return store.Translate(err, "widget")
		}
		if err := bumpDashboard(ctx, q, owner, dash); err != nil {
			return err
		}
		changes, err = s.restamp(ctx, q, owner, dash)
		return err
	})
	if err != nil {
		return Widget{}, err
	}
	s.invalidate(ctx, DashboardTag(dash), WidgetTag(id))
	s.notify(changes...)
	return widgetOf(row)
}

// mergeWidget applies in to cur, and returns what of the result needs
// checking.
func mergeWidget(cur db.Widget, in WidgetUpdate) (db.Widget, widgetCheck, error) {
	next := cur
	check := widgetCheck{kind: Kind(cur.Kind)}
	if in.Title != nil {
		next.Title = *in.Title
	}
	if r := in.Position; r != nil {
		check.position = r
		next.PosX, next.PosY, next.Width, next.Height = int64(r.X), int64(r.Y), int64(r.W), int64(r.H)
	}
	if c := in.Config; c != nil {
		config, err := encodeConfig(*c)
		if err != nil {
			return next, check, err
		}
		next.Config, next.Kind = config, string(c.Kind())
		check.config, check.kind, check.interval = c, c.Kind(), c.interval()
	} else if in.RefreshSeconds != nil {
		old, err := decodeConfig(cur.Config)
		if err != nil {
			return next, check, fmt.Errorf("widget %d: %w", cur.ID, err)
		}
		check.interval = old.interval()
	}
	if in.RefreshSeconds != nil {
		next.RefreshSeconds = int64(*in.RefreshSeconds)
	}
	check.refresh = int32(next.RefreshSeconds)
	check.checkRefresh = in.Config != nil || in.RefreshSeconds != nil
	check.refreshInBody = in.RefreshSeconds != nil
	return next, check, nil
}
