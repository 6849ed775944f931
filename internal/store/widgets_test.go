package store_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/internal/apperr"
)

func TestWidgetOwnership(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	ctx := t.Context()
	u, v := mustUser(t, d.Write, "u@example.com"), mustUser(t, d.Write, "v@example.com")
	b, theirs := mustDashboard(t, d.Write, u.ID, "Mine", 0), mustDashboard(t, d.Write, v.ID, "Theirs", 0)

	_, err := d.Write.CreateWidget(ctx, widgetParams(u.ID, theirs.ID, "Intruder"))
	wantNoRows(t, err)
	w := mustWidget(t, d.Write, u.ID, b.ID, "Watch")
	if w.Version != 1 || w.Config != `{"symbols":["AAPL"]}` || w.Kind != "watchlist" {
		t.Fatalf("created %+v", w)
	}
	get := db.GetWidgetParams{ID: w.ID, DashboardID: b.ID, OwnerID: u.ID}
	if got := must(d.Read.GetWidget(ctx, get))(t); got != w {
		t.Errorf("GetWidget = %+v, want %+v", got, w)
	}
	for _, p := range []db.GetWidgetParams{
		{ID: w.ID, DashboardID: b.ID, OwnerID: v.ID},
		{ID: w.ID, DashboardID: theirs.ID, OwnerID: v.ID},
	} {
		_, err := d.Read.GetWidget(ctx, p)
		wantErr(t, err, apperr.NotFound, "not_found")
	}

	upd := db.UpdateWidgetVersionParams{ID: w.ID, DashboardID: b.ID, OwnerID: u.ID, Version: 1, Kind: w.Kind,
		Title: "Moved", PosX: 8, PosY: 2, Width: 4, Height: 2, Config: `{"symbols":[]}`, RefreshSeconds: 30}
	w2 := must(d.Write.UpdateWidgetVersion(ctx, upd))(t)
	if w2.Version != 2 || w2.PosX != 8 || w2.Title != "Moved" || w2.RefreshSeconds != 30 || w2.Kind != "watchlist" {
		t.Errorf("UpdateWidgetVersion = %+v", w2)
	}
	stale := upd
	wrongOwner := upd
	wrongOwner.Version, wrongOwner.OwnerID = 2, v.ID
	for name, p := range map[string]db.UpdateWidgetVersionParams{"stale version": stale, "another owner": wrongOwner} {
		if _, err := d.Write.UpdateWidgetVersion(ctx, p); err == nil {
			t.Errorf("%s: update accepted", name)
		} else {
			wantNoRows(t, err)
		}
	}
	if n := must(d.Write.DeleteWidgetVersion(ctx, db.DeleteWidgetVersionParams{ID: w.ID, DashboardID: b.ID, OwnerID: v.ID, Version: w2.Version}))(t); n != 0 {
		t.Error("deleted through another owner")
	}
	if n := must(d.Write.DeleteWidgetVersion(ctx, db.DeleteWidgetVersionParams{ID: w.ID, DashboardID: b.ID, OwnerID: u.ID, Version: w2.Version}))(t); n != 1 {
		t.Errorf("DeleteWidgetVersion rows = %d", n)
	}
}

func TestListWidgetsKeysetAndCascade(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	ctx := t.Context()
	u, v := mustUser(t, d.Write, "u@example.com"), mustUser(t, d.Write, "v@example.com")
	b, other := mustDashboard(t, d.Write, u.ID, "B", 0), mustDashboard(t, d.Write, u.ID, "Other", 0)
	var want []int64
	for i := range 5 {
		want = append(want, mustWidget(t, d.Write, u.ID, b.ID, "W"+string(rune('a'+i))).ID)
		mustWidget(t, d.Write, u.ID, other.ID, "X")
	}
	if got := must(d.Read.ListWidgets(ctx, db.ListWidgetsParams{DashboardID: b.ID, OwnerID: v.ID, MaxRows: 10}))(t); len(got) != 0 {
		t.Errorf("another owner listed %d widgets", len(got))
	}
	var got []int64
	p := db.ListWidgetsParams{DashboardID: b.ID, OwnerID: u.ID, MaxRows: 2}
	for range 5 {
		page := must(d.Read.ListWidgets(ctx, p))(t)
		for _, w := range page {
			got = append(got, w.ID)
		}
		if len(page) < 2 {
			break
		}
		p.AfterID = page[len(page)-1].ID
	}
	if !slices.Equal(got, want) {
		t.Errorf("pages = %v, want %v", got, want)
	}
	if n := must(d.Read.CountWidgets(ctx, b.ID))(t); n != 5 {
		t.Errorf("CountWidgets = %d", n)
	}
	cur := must(d.Read.GetDashboard(ctx, db.GetDashboardParams{ID: b.ID, OwnerID: u.ID}))(t)
	must(d.Write.DeleteDashboardVersion(ctx, db.DeleteDashboardVersionParams{ID: b.ID, OwnerID: u.ID, Version: cur.Version}))(t)
	if n := count(t, d, "widgets", "1"); n != 5 {
		t.Errorf("after deleting a dashboard: %d widgets, want the other dashboard's 5", n)
	}
}

func TestWidgetConstraints(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	ctx := t.Context()
	u := mustUser(t, d.Write, "u@example.com")
	b := mustDashboard(t, d.Write, u.ID, "B", 0)
	tests := []struct {
		name string
		give func(p *db.CreateWidgetParams)
	}{
		{"unknown kind", func(p *db.CreateWidgetParams) { p.Kind = "clock" }},
		{"empty title", func(p *db.CreateWidgetParams) { p.Title = "" }},
		{"title too long", func(p *db.CreateWidgetParams) { p.Title = strings.Repeat("t", 101) }},
		{"negative x", func(p *db.CreateWidgetParams) { p.PosX = -1 }},
		{"negative y", func(p *db.CreateWidgetParams) { p.PosY = -1 }},
		{"y off the grid", func(p *db.CreateWidgetParams) { p.PosY = 1000 }},
		{"zero width", func(p *db.CreateWidgetParams) { p.Width = 0 }},
		{"too tall", func(p *db.CreateWidgetParams) { p.Height = 13 }},
		{"past the right edge", func(p *db.CreateWidgetParams) { p.PosX, p.Width = 9, 4 }},
		{"config not JSON", func(p *db.CreateWidgetParams) { p.Config = `{"a":` }},
		{"config not an object", func(p *db.CreateWidgetParams) { p.Config = `["a"]` }},
		{"config too large", func(p *db.CreateWidgetParams) { p.Config = `{"a":"` + strings.Repeat("x", 16384) + `"}` }},
		{"refresh too fast", func(p *db.CreateWidgetParams) { p.RefreshSeconds = 4 }},
		{"refresh too slow", func(p *db.CreateWidgetParams) { p.RefreshSeconds = 86401 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := widgetParams(u.ID, b.ID, "W")
			tt.give(&p)
			_, err := d.Write.CreateWidget(ctx, p)
			wantErr(t, err, apperr.Invalid, "invalid")
		})
	}
	t.Run("largest widget fits", func(t *testing.T) {
		p := widgetParams(u.ID, b.ID, "Full")
		p.PosX, p.Width, p.Height, p.PosY = 0, 12, 12, 999
		must(d.Write.CreateWidget(ctx, p))(t)
	})
	t.Run("version below 1", func(t *testing.T) {
		w := mustWidget(t, d.Write, u.ID, b.ID, "V")
		_, err := d.Writer.ExecContext(ctx, `UPDATE widgets SET version = 0 WHERE id = ?`, w.ID)
		wantErr(t, err, apperr.Invalid, "invalid")
	})
	t.Run("unknown dashboard", func(t *testing.T) {
		_, err := d.Writer.ExecContext(ctx, `INSERT INTO widgets (dashboard_id, kind, title, pos_x, pos_y, width, height) VALUES (?, 'heatmap', 'H', 0, 0, 1, 1)`, b.ID+100)
		wantErr(t, err, apperr.Invalid, "invalid_reference")
	})
}
