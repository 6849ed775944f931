package boards

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/cache"
	"github.com/marketpulse/api/internal/display"
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

// widgetOf decodes a stored widget: whatever form of the JSON the engine
// hands back, the same Config comes out.
func widgetOf(r widgetRow) (Widget, error) {
	cfg, err := decodeConfig(r.Config)
	if err != nil {
		return Widget{}, fmt.Errorf("widget %d: %w", r.ID, err)
	}
	return Widget{
		ID: r.ID, DashboardID: r.DashboardID, Kind: Kind(r.Kind), Title: r.Title, Position: r.Position,
		Config: cfg, RefreshSeconds: r.RefreshSeconds, Version: r.Version,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
	}, nil
}

func rowStamp(r widgetRow) Stamp { return Stamp{ID: r.ID, Version: r.Version, Created: r.CreatedAt} }

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
		row     widgetRow
		changes []Change
	)
	err = s.st.InTx(ctx, func(tx Tx) error {
		if _, err := s.ownDashboard(ctx, tx, owner, dash); err != nil {
			return err
		}
		rects, err := tx.WidgetRects(ctx, dash)
		if err != nil {
			return err
		}
		if len(rects) >= MaxWidgetsPerBoard {
			return apperr.New(apperr.Conflict, "too_many_widgets", "a dashboard holds at most %d widgets", MaxWidgetsPerBoard)
		}
		if err := s.checkWidget(ctx, tx, widgetCheck{
			position: &pos, config: &in.Config, refresh: refresh,
			kind: in.Config.Kind(), interval: in.Config.interval(),
			checkRefresh: true, refreshInBody: in.RefreshSeconds != nil, others: rects,
		}); err != nil {
			return err
		}
		row, err = tx.CreateWidget(ctx, owner, dash, widgetRow{
			Kind: string(in.Config.Kind()), Title: in.Title, Position: pos, Config: config, RefreshSeconds: refresh,
		})
		if err != nil {
			return err
		}
		if err := tx.BumpDashboard(ctx, owner, dash); err != nil {
			return err
		}
		changes, err = s.restamp(ctx, tx, owner, dash)
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
		row, err := s.ownWidget(ctx, s.st, owner, dash, id)
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
	err := s.st.InTx(ctx, func(tx Tx) error {
		cur, err := s.ownWidget(ctx, tx, owner, dash, id)
		if err != nil {
			return err
		}
		if err := expect.check(ResourceWidget, rowStamp(cur)); err != nil {
			return err
		}
		deleted, err := tx.DeleteWidget(ctx, owner, dash, id, cur.Version)
		if err != nil {
			return err
		}
		if !deleted {
			return stale(ResourceWidget, rowStamp(cur))
		}
		if err := tx.BumpDashboard(ctx, owner, dash); err != nil {
			return err
		}
		changes, err = s.restamp(ctx, tx, owner, dash)
		return err
	})
	if err != nil {
		return err
	}
	s.invalidate(ctx, DashboardTag(dash), WidgetTag(id))
	s.notify(changes...)
	return nil
}

// ownWidget reads a widget of the owner's dashboard through r, or answers
// not found.
func (s *Service) ownWidget(ctx context.Context, r Reads, owner, dash, id int64) (widgetRow, error) {
	w, err := r.Widget(ctx, owner, dash, id)
	if errors.Is(err, errNoRow) {
		return w, s.widgetNotFound
	}
	return w, err
}
