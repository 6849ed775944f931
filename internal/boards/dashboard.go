package boards

import (
	"context"
	"errors"
	"time"

	"github.com/marketpulse/api/internal/display"
)

// Dashboard is a dashboard of one owner. Its version changes with every
// change of the dashboard, of its widgets and of their layout. An owner has
// one default dashboard as soon as it has any.
type Dashboard struct {
	ID          int64     `json:"id"`
	Name        string    `json:"name"`
	Description string    `json:"description"`
	IsDefault   bool      `json:"isDefault"`
	Version     int64     `json:"version"`
	WidgetCount int       `json:"widgetCount"`
	CreatedAt   time.Time `json:"createdAt"`
	UpdatedAt   time.Time `json:"updatedAt"`
}

// Stamp is the dashboard's version, the input of its ETag.
func (d *Dashboard) Stamp() Stamp { return Stamp{ID: d.ID, Version: d.Version, Created: d.CreatedAt} }

// NewDashboard is a dashboard to create.
type NewDashboard struct {
	Name, Description string
	// MakeDefault takes the default flag from the previous default. The
	// owner's first dashboard is the default anyway.
	MakeDefault bool
}

// CreateDashboard creates a dashboard of owner, the default one when it is
// the first or asks to be, in the same transaction that takes the flag from
// the previous default.
func (s *Service) CreateDashboard(ctx context.Context, owner int64, in NewDashboard) (Dashboard, error) {
	var text display.Fields
	text.Check("name", in.Name)
	text.Check("description", in.Description)
	if err := text.Err(); err != nil {
		return Dashboard{}, err
	}
	var (
		row     Dashboard
		demoted int64
		changes []Change
	)
	err := s.st.InTx(ctx, func(tx Tx) error {
		demoted = 0
		prev, err := tx.DefaultDashboard(ctx, owner)
		if err != nil {
			return err
		}
		makeDefault := prev == 0 || in.MakeDefault
		if makeDefault && prev != 0 {
			if err := tx.ClearDefault(ctx, owner, 0); err != nil {
				return err
			}
			demoted = prev
		}
		row, err = tx.CreateDashboard(ctx, owner, dashboardFields{Name: in.Name, Description: in.Description, IsDefault: makeDefault})
		if err != nil {
			return err
		}
		changes, err = s.restamp(ctx, tx, owner, demoted)
		return err
	})
	if err != nil {
		return Dashboard{}, err
	}
	s.invalidate(ctx, dashboardTags(row.ID, demoted)...)
	s.notify(append(changes, changeOf(owner, row))...)
	return row, nil
}

// DashboardUpdate is a change of a dashboard's fields; nil fields keep
// their value.
type DashboardUpdate struct {
	Name, Description *string
	// MakeDefault moves the default flag from the previous default.
	MakeDefault bool
	Expect      Precondition
}

// UpdateDashboard changes the owner's dashboard id, if in.Expect holds.
func (s *Service) UpdateDashboard(ctx context.Context, owner, id int64, in DashboardUpdate) (Dashboard, error) {
	var text display.Fields
	text.CheckOpt("name", in.Name)
	text.CheckOpt("description", in.Description)
	if err := text.Err(); err != nil {
		return Dashboard{}, err
	}
	var (
		row     Dashboard
		demoted int64
		changes []Change
	)
	err := s.st.InTx(ctx, func(tx Tx) error {
		demoted = 0
		cur, err := s.ownCurrentDashboard(ctx, tx, owner, id, in.Expect)
		if err != nil {
			return err
		}
		isDefault := cur.IsDefault
		if in.MakeDefault && !cur.IsDefault {
			if demoted, err = tx.DefaultDashboard(ctx, owner); err != nil {
				return err
			}
			if err := tx.ClearDefault(ctx, owner, id); err != nil {
				return err
			}
			isDefault = true
		}
		row, err = tx.UpdateDashboard(ctx, owner, id, cur.Version, dashboardFields{
			Name: or(in.Name, cur.Name), Description: or(in.Description, cur.Description), IsDefault: isDefault,
		})
		if errors.Is(err, errNoRow) {
			return stale(ResourceDashboard, cur.Stamp())
		}
		if err != nil {
			return err
		}
		count, err := tx.CountWidgets(ctx, id)
		if err != nil {
			return err
		}
		row.WidgetCount = int(count)
		changes, err = s.restamp(ctx, tx, owner, demoted)
		return err
	})
	if err != nil {
		return Dashboard{}, err
	}
	s.invalidate(ctx, dashboardTags(id, demoted)...)
	s.notify(append(changes, changeOf(owner, row))...)
	return row, nil
}

// DeleteDashboard deletes the owner's dashboard id with its widgets, if
// expect holds. When it was the default, the oldest remaining dashboard
// becomes the default.
func (s *Service) DeleteDashboard(ctx context.Context, owner, id int64, expect Precondition) error {
	var (
		promoted int64
		changes  []Change
	)
	err := s.st.InTx(ctx, func(tx Tx) error {
		promoted, changes = 0, nil
		cur, err := s.ownCurrentDashboard(ctx, tx, owner, id, expect)
		if err != nil {
			return err
		}
		deleted, err := tx.DeleteDashboard(ctx, owner, id, cur.Version)
		if err != nil {
			return err
		}
		if !deleted {
			return stale(ResourceDashboard, cur.Stamp())
		}
		if !cur.IsDefault {
			return nil
		}
		// 0 when that was the last dashboard: nothing to restamp.
		if promoted, err = tx.PromoteOldest(ctx, owner); err != nil {
			return err
		}
		changes, err = s.restamp(ctx, tx, owner, promoted)
		return err
	})
	if err != nil {
		return err
	}
	s.invalidate(ctx, append(dashboardTags(id, promoted), WidgetsOfTag(id))...)
	s.notify(append(changes, Change{Owner: owner, Dashboard: Stamp{ID: id}, Deleted: true})...)
	return nil
}

// ownDashboard reads the owner's dashboard id through r, or answers not found.
func (s *Service) ownDashboard(ctx context.Context, r Reads, owner, id int64) (Dashboard, error) {
	d, err := r.Dashboard(ctx, owner, id)
	if errors.Is(err, errNoRow) {
		return d, s.dashboardNotFound
	}
	return d, err
}

// ownCurrentDashboard is ownDashboard for a change that expects something
// of the current version.
func (s *Service) ownCurrentDashboard(ctx context.Context, tx Tx, owner, id int64, expect Precondition) (Dashboard, error) {
	d, err := s.ownDashboard(ctx, tx, owner, id)
	if err != nil {
		return d, err
	}
	return d, expect.check(ResourceDashboard, d.Stamp())
}

func or[T any](p *T, keep T) T {
	if p != nil {
		return *p
	}
	return keep
}
