package httpapi

import (
	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/boards"
)

// Converters between the dashboards and widgets of internal/boards and
// their wire types.

func toDashboard(d *boards.Dashboard) oas.Dashboard {
	return oas.Dashboard{
		ID:          oas.ID(d.ID),
		Name:        oas.DashboardName(d.Name),
		Description: oas.DashboardDescription(d.Description),
		IsDefault:   d.IsDefault,
		Version:     oas.Version(d.Version),
		WidgetCount: int32(d.WidgetCount),
		CreatedAt:   d.CreatedAt,
		UpdatedAt:   d.UpdatedAt,
	}
}

func toDetail(d *boards.Detail) oas.DashboardDetail {
	out := oas.DashboardDetail{
		ID:          oas.ID(d.ID),
		Name:        oas.DashboardName(d.Name),
		Description: oas.DashboardDescription(d.Description),
		IsDefault:   d.IsDefault,
		Version:     oas.Version(d.Version),
		WidgetCount: int32(d.WidgetCount),
		CreatedAt:   d.CreatedAt,
		UpdatedAt:   d.UpdatedAt,
		Widgets:     make([]oas.Widget, len(d.Widgets)),
	}
	syms := newSymbolArena(d.Widgets)
	for i := range d.Widgets {
		out.Widgets[i] = toWidget(&d.Widgets[i], &syms)
	}
	return out
}

func detailHeaders(d *boards.Detail) *oas.DashboardDetailHeaders {
	return &oas.DashboardDetailHeaders{ETag: oas.NewOptString(dashboardETag(d.Stamp())), Response: toDetail(d)}
}

func dashboardHeaders(d boards.Dashboard) *oas.DashboardHeaders {
	return &oas.DashboardHeaders{ETag: oas.NewOptString(dashboardETag(d.Stamp())), Response: toDashboard(&d)}
}

// toWidget takes the symbol lists from syms (nil: allocated for it).
func toWidget(w *boards.Widget, syms *symbolArena) oas.Widget {
	return oas.Widget{
		ID:             oas.ID(w.ID),
		DashboardId:    oas.ID(w.DashboardID),
		Kind:           oas.WidgetKind(w.Kind),
		Title:          oas.WidgetTitle(w.Title),
		Position:       toPosition(w.Position),
		Config:         toConfig(w.Config, syms),
		RefreshSeconds: oas.RefreshSeconds(w.RefreshSeconds),
		Version:        oas.Version(w.Version),
		CreatedAt:      w.CreatedAt,
		UpdatedAt:      w.UpdatedAt,
	}
}

func widgetHeaders(w *boards.Widget) *oas.WidgetHeaders {
	return &oas.WidgetHeaders{ETag: oas.NewOptString(widgetETag(w.Stamp())), Response: toWidget(w, nil)}
}

func toPosition(r boards.Rect) oas.GridPosition {
	return oas.GridPosition{X: r.X, Y: r.Y, W: r.W, H: r.H}
}

func rectOf(p oas.GridPosition) boards.Rect { return boards.Rect{X: p.X, Y: p.Y, W: p.W, H: p.H} }

func layoutOf(req *oas.LayoutUpdate, params oas.PutLayoutParams) boards.Layout {
	l := boards.Layout{
		Items:  make([]boards.Placement, len(req.Items)),
		Expect: precondition(boards.ResourceDashboard, params.IfMatch, req.Version),
	}
	for i, it := range req.Items {
		l.Items[i] = boards.Placement{WidgetID: int64(it.WidgetId), Position: rectOf(it.Position)}
	}
	return l
}

func widgetUpdateOf(req *oas.WidgetUpdate, params oas.UpdateWidgetParams) boards.WidgetUpdate {
	u := boards.WidgetUpdate{
		Title:          optional(string(req.Title.Value), req.Title.Set),
		RefreshSeconds: optional(int32(req.RefreshSeconds.Value), req.RefreshSeconds.Set),
		Expect:         precondition(boards.ResourceWidget, params.IfMatch, req.Version),
	}
	if p, ok := req.Position.Get(); ok {
		r := rectOf(p)
		u.Position = &r
	}
	if c, ok := req.Config.Get(); ok {
		cfg := configOf(c)
		u.Config = &cfg
	}
	return u
}

// optional is a pointer to v when ok, else nil: an optional field of the
// API as boards takes it.
func optional[T any](v T, ok bool) *T {
	if !ok {
		return nil
	}
	return &v
}

// opt is the wire form of an optional value p, made by set.
func opt[T, O any](p *T, set func(T) O) O {
	if p == nil {
		var unset O
		return unset
	}
	return set(*p)
}
