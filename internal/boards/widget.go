package boards

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/cache"
	"github.com/marketpulse/api/internal/display"
	"github.com/marketpulse/api/internal/store"
)

// DefaultRefreshSeconds suits every kind (see refreshBounds).
const DefaultRefreshSeconds = 60

// Widget is one widget of a dashboard, reached only through it.
type Widget struct {
	ID             int64     `json:"id"`
	DashboardID    int64     `json:"dashboardId"`
	Kind           Kind      `json:"kind"` // the config's
	Title          string    `json:"title"`
	Position       Rect      `json:"position"`
	Config         Config    `json:"config"`
	RefreshSeconds int32     `json:"refreshSeconds"`
	Version        int64     `json:"version"`
	CreatedAt      time.Time `json:"createdAt"`
	UpdatedAt      time.Time `json:"updatedAt"`
}

// Stamp is the widget's version, the input of its ETag.
func (w *Widget) Stamp() Stamp { return Stamp{ID: w.ID, Version: w.Version, Created: w.CreatedAt} }

// UnmarshalJSON refuses what an older version cached in another form.
func (w *Widget) UnmarshalJSON(b []byte) error {
	type plain Widget
	return decodeStrict(b, (*plain)(w))
}

func widgetOf(r db.Widget) (Widget, error) {
	cfg, err := decodeConfig(r.Config)
	if err != nil {
		return Widget{}, fmt.Errorf("widget %d: %w", r.ID, err)
	}
	return Widget{
		ID: r.ID, DashboardID: r.DashboardID, Kind: Kind(r.Kind), Title: r.Title,
		Position: Rect{X: int32(r.PosX), Y: int32(r.PosY), W: int32(r.Width), H: int32(r.Height)},
		Config:   cfg, RefreshSeconds: int32(r.RefreshSeconds), Version: r.Version,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
	}, nil
}

func rowStamp(r db.Widget) Stamp { return Stamp{ID: r.ID, Version: r.Version, Created: r.CreatedAt} }

// NewWidget is a widget to create; its config's kind is the widget's.
type NewWidget struct {
	Title          string
	Position       Rect
	Config         Config
	RefreshSeconds *int32 // nil: DefaultRefreshSeconds
}

// CreateWidget adds a widget to the owner's dashboard dash: at most
// MaxWidgetsPerBoard, on the grid, overlapping none, with known symbols and
// a refresh interval that suits its kind.
func (s *Service) CreateWidget(ctx context.Context, owner, dash int64, in NewWidget) (Widget, error) {
	var text display.Fields
	if text.Check("title", in.Title); text.Err() != nil {
		return Widget{}, text.Err()
	}
	config, err := encodeConfig(in.Config)
	if err != nil {
		return Widget{}, err
	}
	pos, refresh := in.Position, or(in.RefreshSeconds, DefaultRefreshSeconds)
	var (
		row     db.Widget
		changes []Change
	)
	err = s.db.InTx(ctx, func(q *db.Queries) error {
		if _, err := s.ownDashboard(ctx, q, owner, dash); err != nil {
			return err
		}
		rects, err := q.ListWidgetRects(ctx, dash)
		if err != nil {
			return fmt.Errorf("list widgets of dashboard %d: %w", dash, err)
		}
		if len(rects) >= MaxWidgetsPerBoard {
			return apperr.New(apperr.Conflict, "too_many_widgets", "a dashboard holds at most %d widgets", MaxWidgetsPerBoard)
		}
		if err := s.checkWidget(ctx, q, widgetCheck{
			position: &pos, config: &in.Config, refresh: refresh,
			kind: in.Config.Kind(), interval: in.Config.interval(),
			checkRefresh: true, refreshInBody: in.RefreshSeconds != nil, others: placedOf(rects),
		}); err != nil {
			return err
		}
		row, err = q.CreateWidget(ctx, db.CreateWidgetParams{
			Kind: string(in.Config.Kind()), Title: in.Title,
			PosX: int64(pos.X), PosY: int64(pos.Y), Width: int64(pos.W), Height: int64(pos.H),
			Config: config, RefreshSeconds: int64(refresh), DashboardID: dash, OwnerID: owner,
		})
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
	s.invalidate(ctx, DashboardTag(dash), WidgetTag(row.ID))
	s.notify(changes...)
	return widgetOf(row)
}

// GetWidget returns the widget id of the owner's dashboard dash, from the
// cache when warm. The value is shared: do not modify it.
func (s *Service) GetWidget(ctx context.Context, owner, dash, id int64) (*Widget, error) {
	w, _, err := s.widgets.Get(ctx, widgetKey(owner, dash, id), func(ctx context.Context) (*Widget, error) {
		row, err := s.ownWidget(ctx, s.db.Read, owner, dash, id)
		if err != nil {
			return nil, err
		}
		w, err := widgetOf(row)
		if err != nil {
			return nil, err
		}
		return &w, nil
	}, cache.WithTags(WidgetTag(id), WidgetsOfTag(dash)))
	return w, err
}

// DeleteWidget deletes the widget id of the owner's dashboard dash, if
// expect holds.
func (s *Service) DeleteWidget(ctx context.Context, owner, dash, id int64, expect Precondition) error {
	var changes []Change
	err := s.db.InTx(ctx, func(q *db.Queries) error {
		cur, err := s.ownWidget(ctx, q, owner, dash, id)
		if err != nil {
			return err
		}
		if err := expect.check(ResourceWidget, rowStamp(cur)); err != nil {
			return err
		}
		n, err := q.DeleteWidgetVersion(ctx, db.DeleteWidgetVersionParams{ID: id, DashboardID: dash, Version: cur.Version, OwnerID: owner})
		if err != nil {
			return fmt.Errorf("delete widget %d: %w", id, err)
		}
		if n == 0 {
			return stale(ResourceWidget, rowStamp(cur))
		}
		if err := bumpDashboard(ctx, q, owner, dash); err != nil {
			return err
		}
		changes, err = s.restamp(ctx, q, owner, dash)
		return err
	})
	if err != nil {
		return err
	}
	s.invalidate(ctx, DashboardTag(dash), WidgetTag(id))
	s.notify(changes...)
	return nil
}

// ownWidget reads a widget of the owner's dashboard, or answers not found.
func (s *Service) ownWidget(ctx context.Context, q *db.Queries, owner, dash, id int64) (db.Widget, error) {
	w, err := q.GetWidget(ctx, db.GetWidgetParams{ID: id, DashboardID: dash, OwnerID: owner})
	if errors.Is(err, sql.ErrNoRows) {
		return w, s.widgetNotFound
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
