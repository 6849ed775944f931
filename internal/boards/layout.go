package boards

import (
	"context"
	"strconv"
	"strings"
)

// Layout is a complete new layout of a dashboard: every widget of it listed
// once, on the grid, overlapping none.
type Layout struct {
	Items  []Placement
	Expect Precondition
}

// Placement puts one widget at Position.
type Placement struct {
	WidgetID int64
	Position Rect
}

// PutLayout moves the widgets of the owner's dashboard id as l says, all or
// nothing, in one transaction, if l.Expect holds: the moved widgets and the
// dashboard get new versions. It answers with the dashboard as it is then.
func (s *Service) PutLayout(ctx context.Context, owner, id int64, l Layout) (*Detail, error) {
	var d *Detail
	err := s.st.InTx(ctx, func(tx Tx) error {
		if _, err := s.ownCurrentDashboard(ctx, tx, owner, id, l.Expect); err != nil {
			return err
		}
		current, err := tx.WidgetRects(ctx, id)
		if err != nil {
			return err
		}
		if err := checkLayout(l.Items, current).err("invalid_layout", "the layout is not valid"); err != nil {
			return err
		}
		if err := moveWidgets(ctx, tx, id, l.Items, current); err != nil {
			return err
		}
		if err := tx.BumpDashboard(ctx, owner, id); err != nil {
			return err
		}
		d, err = s.loadDetail(ctx, tx, owner, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	s.invalidate(ctx, DashboardTag(id), WidgetsOfTag(id))
	s.notify(Change{Owner: owner, Dashboard: d.Stamp()})
	return d, nil
}

// checkLayout lists what is wrong with items as the layout of the widgets
// current: positions off the grid, widgets that are not the dashboard's or
// listed twice, widgets missing, overlaps. Paths point into Layout
// ("items/2/position").
func checkLayout(items []Placement, current []placed) fieldErrors {
	var f fieldErrors
	for i, it := range items {
		checkGrid(&f, "items/"+strconv.Itoa(i)+"/position", it.Position)
	}
	known := make(map[int64]bool, len(current))
	for _, c := range current {
		known[c.id] = true
	}
	seen := make(map[int64]bool, len(items))
	for i, it := range items {
		switch {
		case !known[it.WidgetID]:
			f.add("items/"+strconv.Itoa(i)+"/widgetId", "not a widget of this dashboard")
		case seen[it.WidgetID]:
			f.add("items/"+strconv.Itoa(i)+"/widgetId", "widget listed more than once")
		}
		seen[it.WidgetID] = true
	}
	var missing []string
	for _, c := range current {
		if !seen[c.id] {
			missing = append(missing, strconv.FormatInt(c.id, 10))
		}
	}
	if len(missing) > 0 {
		f.add("items", "every widget of the dashboard must be listed; missing: "+strings.Join(missing, ", "))
	}
	for j := range items {
		for i := range j {
			if items[j].Position.overlaps(items[i].Position) {
				f.add("items/"+strconv.Itoa(j)+"/position", "overlaps widget "+strconv.FormatInt(items[i].WidgetID, 10))
				break
			}
		}
	}
	return f
}

// moveWidgets writes the positions of a valid layout that differ from the
// current ones.
func moveWidgets(ctx context.Context, tx Tx, dashboard int64, items []Placement, current []placed) error {
	was := make(map[int64]Rect, len(current))
	for _, c := range current {
		was[c.id] = c.rect
	}
	for _, it := range items {
		if was[it.WidgetID] == it.Position {
			continue
		}
		if err := tx.MoveWidget(ctx, dashboard, it.WidgetID, it.Position); err != nil {
			return err
		}
	}
	return nil
}
