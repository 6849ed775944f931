package boards

import (
	"context"
	"errors"
	"sync/atomic"

	"github.com/marketpulse/api/internal/cache"
)

// Detail is a dashboard with its widgets, as the cache holds it. It must
// round-trip through encoding/json (the shared cache stores JSON).
type Detail struct {
	Dashboard
	Widgets []Widget `json:"widgets"`
	// View is the slot where the HTTP layer keeps the response it made of
	// the detail on first use, so that a warm read converts nothing (its
	// operation answers with a typed response, not with encoded bytes that
	// a representation.Memo could hold). Like a Memo it lives beside the
	// value in L1, is dropped with it, and is not part of the JSON; boards
	// never reads it.
	View atomic.Value `json:"-"`
}

// UnmarshalJSON refuses what an older version cached in another form.
func (d *Detail) UnmarshalJSON(b []byte) error {
	type plain struct {
		Dashboard
		Widgets []Widget `json:"widgets"`
	}
	var p plain
	if err := decodeStrict(b, &p); err != nil {
		return err
	}
	d.Dashboard, d.Widgets = p.Dashboard, p.Widgets
	return nil
}

// Page is one page of a list: at most the limit asked for, and the cursor
// of the next page, "" on the last.
type Page[T any] struct {
	Items      []T
	NextCursor string
}

// ListDashboards returns a page of the owner's dashboards, oldest first,
// with their widget counts. cursor is "" or a NextCursor of this list.
func (s *Service) ListDashboards(ctx context.Context, owner int64, limit int, cursor string) (Page[Dashboard], error) {
	list := dashboardListKey(owner)
	after, err := decodeIDCursor(cursor, list)
	if err != nil {
		return Page[Dashboard]{}, err
	}
	rows, err := s.st.ListDashboards(ctx, owner, after, limit+1)
	if err != nil {
		return Page[Dashboard]{}, err
	}
	return pageOf(rows, limit, list, func(d Dashboard) (Dashboard, int64, error) { return d, d.ID, nil })
}

// GetDashboard returns the owner's dashboard id with its widgets, from the
// cache when warm. The value is shared: do not modify it.
func (s *Service) GetDashboard(ctx context.Context, owner, id int64) (*Detail, error) {
	d, _, err := s.details.Get(ctx, dashboardKey(owner, id), func(ctx context.Context) (*Detail, error) {
		return s.loadDetail(ctx, s.st, owner, id)
	}, cache.WithTags(DashboardTag(id)))
	return d, err
}

// loadDetail reads a dashboard with its widgets in one statement, through r:
// the read pool, or the transaction of a write that answers with it.
func (s *Service) loadDetail(ctx context.Context, r Reads, owner, id int64) (*Detail, error) {
	d, rows, err := r.Detail(ctx, owner, id, MaxWidgetsPerBoard)
	if errors.Is(err, errNoRow) {
		return nil, s.dashboardNotFound
	}
	if err != nil {
		return nil, err
	}
	detail := &Detail{Dashboard: d, Widgets: make([]Widget, 0, len(rows))}
	for _, row := range rows {
		w, err := widgetOf(row)
		if err != nil {
			return nil, err
		}
		detail.Widgets = append(detail.Widgets, w)
	}
	detail.WidgetCount = len(detail.Widgets)
	return detail, nil
}

// ListWidgets returns a page of the widgets of the owner's dashboard dash,
// oldest first. cursor is "" or a NextCursor of this list.
func (s *Service) ListWidgets(ctx context.Context, owner, dash int64, limit int, cursor string) (Page[Widget], error) {
	list := widgetListKey(owner, dash)
	after, err := decodeIDCursor(cursor, list)
	if err != nil {
		return Page[Widget]{}, err
	}
	rows, err := s.st.ListWidgets(ctx, owner, dash, after, limit+1)
	if err != nil {
		return Page[Widget]{}, err
	}
	if len(rows) == 0 { // no more widgets, or no such dashboard
		if _, err := s.ownDashboard(ctx, s.st, owner, dash); err != nil {
			return Page[Widget]{}, err
		}
	}
	return pageOf(rows, limit, list, func(r widgetRow) (Widget, int64, error) {
		w, err := widgetOf(r)
		return w, r.ID, err
	})
}

// pageOf is the page of the first limit of rows (limit+1 were asked for:
// one more means another page), converted by item, which also returns the
// row's id, the key of the list's cursor.
func pageOf[R, T any](rows []R, limit int, list string, item func(R) (T, int64, error)) (Page[T], error) {
	page := Page[T]{Items: make([]T, 0, min(len(rows), limit))}
	var last int64
	for _, r := range rows[:min(len(rows), limit)] {
		v, id, err := item(r)
		if err != nil {
			return Page[T]{}, err
		}
		page.Items, last = append(page.Items, v), id
	}
	if len(rows) > limit {
		page.NextCursor = encodeIDCursor(list, last)
	}
	return page, nil
}
