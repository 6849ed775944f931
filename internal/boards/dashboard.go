package boards

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/internal/display"
	"github.com/marketpulse/api/internal/store"
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

func stampOf(r db.Dashboard) Stamp { return Stamp{ID: r.ID, Version: r.Version, Created: r.CreatedAt} }

func dashboardOf(r db.Dashboard, widgetCount int64) Dashboard {
	return Dashboard{
		ID: r.ID, Name: r.Name, Description: r.Description, IsDefault: r.IsDefault != 0,
		Version: r.Version, WidgetCount: int(widgetCount),
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
	}
}

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
		row     db.Dashboard
		demoted int64
		changes []Change
	)
	err := s.db.InTx(ctx, func(q *db.Queries) error {
		prev, err := defaultDashboard(ctx, q, owner)
		if err != nil {
			return err
		}
		makeDefault := prev == 0 || in.MakeDefault
		if makeDefault && prev != 0 {
			if err := clearDefault(ctx, q, owner, 0); err != nil {
				return err
			}
			demoted = prev
		}
		row, err = q.CreateDashboard(ctx, db.CreateDashboardParams{
			OwnerID: owner, Name: in.Name, Description: in.Description, IsDefault: sqlBool(makeDefault),
		})
		if err != nil {
			return store.Translate(err, "dashboard")
		}
		changes, err = s.restamp(ctx, q, owner, demoted)
		return err
	})
	if err != nil {
		return Dashboard{}, err
	}
	s.invalidate(ctx, dashboardTags(row.ID, demoted)...)
	s.notify(append(changes, changeOf(row))...)
	return dashboardOf(row, 0), nil
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
		row            db.Dashboard
		count, demoted int64
		changes        []Change
	)
	err := s.db.InTx(ctx, func(q *db.Queries) error {
		cur, err := s.ownCurrentDashboard(ctx, q, owner, id, in.Expect)
		if err != nil {
			return err
		}
		isDefault := cur.IsDefault
		if in.MakeDefault && cur.IsDefault == 0 {
			if demoted, err = defaultDashboard(ctx, q, owner); err != nil {
				return err
			}
			if err := clearDefault(ctx, q, owner, id); err != nil {
				return err
			}
			isDefault = 1
		}
		row, err = q.UpdateDashboardFields(ctx, db.UpdateDashboardFieldsParams{
			Name: or(in.Name, cur.Name), Description: or(in.Description, cur.Description), IsDefault: isDefault,
			ID: id, OwnerID: owner, Version: cur.Version,
		})
		if errors.Is(err, sql.ErrNoRows) {
			return stale(ResourceDashboard, stampOf(cur))
		}
		if err != nil {
			return store.Translate(err, "dashboard")
		}
		if count, err = q.CountWidgets(ctx, id); err != nil {
			return fmt.Errorf("count widgets of dashboard %d: %w", id, err)
		}
		changes, err = s.restamp(ctx, q, owner, demoted)
		return err
	})
	if err != nil {
		return Dashboard{}, err
	}
	s.invalidate(ctx, dashboardTags(id, demoted)...)
	s.notify(append(changes, changeOf(row))...)
	return dashboardOf(row, count), nil
}

// DeleteDashboard deletes the owner's dashboard id with its widgets, if
// expect holds. When it was the default, the oldest remaining dashboard
// becomes the default.
func (s *Service) DeleteDashboard(ctx context.Context, owner, id int64, expect Precondition) error {
	var (
		promoted int64
		changes  []Change
	)
	err := s.db.InTx(ctx, func(q *db.Queries) error {
		cur, err := s.ownCurrentDashboard(ctx, q, owner, id, expect)
		if err != nil {
			return err
		}
		n, err := q.DeleteDashboardVersion(ctx, db.DeleteDashboardVersionParams{ID: id, OwnerID: owner, Version: cur.Version})
		if err != nil {
			return fmt.Errorf("delete dashboard %d: %w", id, err)
		}
		if n == 0 {
			return stale(ResourceDashboard, stampOf(cur))
		}
		if cur.IsDefault == 0 {
			return nil
		}
		promoted, err = q.PromoteOldestDashboard(ctx, owner)
		if errors.Is(err, sql.ErrNoRows) {
			return nil // that was the last dashboard
		}
		if err != nil {
			return fmt.Errorf("promote a default dashboard: %w", err)
		}
		changes, err = s.restamp(ctx, q, owner, promoted)
		return err
	})
	if err != nil {
		return err
	}
	s.invalidate(ctx, append(dashboardTags(id, promoted), WidgetsOfTag(id))...)
	s.notify(append(changes, Change{Owner: owner, Dashboard: Stamp{ID: id}, Deleted: true})...)
	return nil
}

// ownDashboard reads the owner's dashboard id, or answers not found.
func (s *Service) ownDashboard(ctx context.Context, q *db.Queries, owner, id int64) (db.Dashboard, error) {
	d, err := q.GetDashboard(ctx, db.GetDashboardParams{ID: id, OwnerID: owner})
	if errors.Is(err, sql.ErrNoRows) {
		return d, s.dashboardNotFound
	}
	if err != nil {
		return d, fmt.Errorf("get dashboard %d: %w", id, err)
	}
	return d, nil
}

// ownCurrentDashboard is ownDashboard for a change that expects something
// of the current version.
func (s *Service) ownCurrentDashboard(ctx context.Context, q *db.Queries, owner, id int64, expect Precondition) (db.Dashboard, error) {
	d, err := s.ownDashboard(ctx, q, owner, id)
	if err != nil {
		return d, err
	}
	return d, expect.check(ResourceDashboard, stampOf(d))
}

// defaultDashboard returns the id of the owner's default dashboard, 0 if none.
func defaultDashboard(ctx context.Context, q *db.Queries, owner int64) (int64, error) {
	d, err := q.GetDefaultDashboard(ctx, owner)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("get default dashboard: %w", err)
	}
	return d.ID, nil
}

// clearDefault takes the default flag from the owner's dashboards but keep.
func clearDefault(ctx context.Context, q *db.Queries, owner, keep int64) error {
	if _, err := q.ClearDefaultDashboard(ctx, db.ClearDefaultDashboardParams{OwnerID: owner, KeepID: keep}); err != nil {
		return fmt.Errorf("clear default dashboard: %w", err)
	}
	return nil
}

func sqlBool(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func or[T any](p *T, keep T) T {
	if p != nil {
		return *p
	}
	return keep
}
