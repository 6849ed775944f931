package boards

import (
	"context"
	"errors"
	"fmt"

	"github.com/marketpulse/api/internal/display"
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
		row     widgetRow
		changes []Change
	)
	err := s.st.InTx(ctx, func(tx Tx) error {
		cur, err := s.ownWidget(ctx, tx, owner, dash, id)
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
			rects, err := tx.WidgetRects(ctx, dash)
			if err != nil {
				return err
			}
			for _, o := range rects {
				if o.id != id {
					check.others = append(check.others, o)
				}
			}
		}
		if err := s.checkWidget(ctx, tx, check); err != nil {
			return err
		}
		row, err = tx.UpdateWidget(ctx, owner, cur.Version, next)
		if errors.Is(err, errNoRow) {
			return stale(ResourceWidget, rowStamp(cur))
		}
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
	s.invalidate(ctx, DashboardTag(dash), WidgetTag(id))
	s.notify(changes...)
	return widgetOf(row)
}

// mergeWidget applies in to cur, and returns what of the result needs
// checking.
func mergeWidget(cur widgetRow, in WidgetUpdate) (widgetRow, widgetCheck, error) {
	next := cur
	check := widgetCheck{kind: Kind(cur.Kind)}
	if in.Title != nil {
		next.Title = *in.Title
	}
	if r := in.Position; r != nil {
		check.position = r
		next.Position = *r
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
		next.RefreshSeconds = *in.RefreshSeconds
	}
	check.refresh = next.RefreshSeconds
	check.checkRefresh = in.Config != nil || in.RefreshSeconds != nil
	check.refreshInBody = in.RefreshSeconds != nil
	return next, check, nil
}
