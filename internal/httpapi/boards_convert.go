package httpapi

import (
	"fmt"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/gen/oas"
)

func toDashboard(r db.Dashboard, widgetCount int64) oas.Dashboard {
	return oas.Dashboard{
		ID:          oas.ID(r.ID),
		Name:        oas.DashboardName(r.Name),
		Description: oas.DashboardDescription(r.Description),
		IsDefault:   r.IsDefault != 0,
		Version:     oas.Version(r.Version),
		WidgetCount: int32(widgetCount),
		CreatedAt:   r.CreatedAt.UTC(),
		UpdatedAt:   r.UpdatedAt.UTC(),
	}
}

func toDashboardCounted(r db.ListDashboardsCountedRow) oas.Dashboard {
	return toDashboard(db.Dashboard{
		ID: r.ID, OwnerID: r.OwnerID, Name: r.Name, Description: r.Description, IsDefault: r.IsDefault,
		Version: r.Version, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt,
	}, r.WidgetCount)
}

func toWidget(r db.Widget) (oas.Widget, error) {
	cfg, err := decodeConfig([]byte(r.Config))
	if err != nil {
		return oas.Widget{}, fmt.Errorf("widget %d: %w", r.ID, err)
	}
	return oas.Widget{
		ID:             oas.ID(r.ID),
		DashboardId:    oas.ID(r.DashboardID),
		Kind:           oas.WidgetKind(r.Kind),
		Title:          oas.WidgetTitle(r.Title),
		Position:       oas.GridPosition{X: int32(r.PosX), Y: int32(r.PosY), W: int32(r.Width), H: int32(r.Height)},
		Config:         cfg,
		RefreshSeconds: oas.RefreshSeconds(r.RefreshSeconds),
		Version:        oas.Version(r.Version),
		CreatedAt:      r.CreatedAt.UTC(),
		UpdatedAt:      r.UpdatedAt.UTC(),
	}, nil
}

func cacheWidget(r db.Widget) (*cachedWidget, error) {
	w, err := toWidget(r)
	if err != nil {
		return nil, err
	}
	return &cachedWidget{ETag: widgetETag(r.ID, r.Version, r.CreatedAt), Widget: &w}, nil
}

// toDetail assembles the rows of GetDashboardDetail (at least one).
func toDetail(rows []db.GetDashboardDetailRow) (*cachedDashboard, error) {
	d := rows[0]
	detail := &oas.DashboardDetail{
		ID:          oas.ID(d.ID),
		Name:        oas.DashboardName(d.Name),
		Description: oas.DashboardDescription(d.Description),
		IsDefault:   d.IsDefault != 0,
		Version:     oas.Version(d.Version),
		CreatedAt:   d.CreatedAt.UTC(),
		UpdatedAt:   d.UpdatedAt.UTC(),
		Widgets:     make([]oas.Widget, 0, len(rows)),
	}
	for _, r := range rows {
		if !r.WidgetID.Valid {
			continue // the LEFT JOIN row of a dashboard without widgets
		}
		w, err := toWidget(db.Widget{
			ID: r.WidgetID.Int64, DashboardID: d.ID, Kind: r.WidgetKind.String, Title: r.WidgetTitle.String,
			PosX: r.WidgetX.Int64, PosY: r.WidgetY.Int64, Width: r.WidgetW.Int64, Height: r.WidgetH.Int64,
			Config: r.WidgetConfig, RefreshSeconds: r.WidgetRefreshSeconds.Int64,
			Version: r.WidgetVersion.Int64, CreatedAt: r.WidgetCreatedAt.Time, UpdatedAt: r.WidgetUpdatedAt.Time,
		})
		if err != nil {
			return nil, err
		}
		detail.Widgets = append(detail.Widgets, w)
	}
	detail.WidgetCount = int32(len(detail.Widgets))
	return &cachedDashboard{ETag: dashboardETag(d.ID, d.Version, d.CreatedAt), Detail: detail}, nil
}
