package boards

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/internal/store"
)

// SQLite is the boards' storage on SQLite: reads on the read pool, writes
// in the writer's transactions (one at a time, so a rule that reads and
// then writes in InTx sees no other writer).
func SQLite(d *store.DB) Storage {
	return &sqliteStorage{sqliteQueries: sqliteQueries{q: d.Read}, d: d}
}

type sqliteStorage struct {
	sqliteQueries // on the read pool
	d             *store.DB
}

// sqliteQueries are the reads and writes over one set of queries: the
// read pool's, or a transaction's.
type sqliteQueries struct{ q *db.Queries }

var (
	_ Storage = (*sqliteStorage)(nil)
	_ Tx      = sqliteQueries{}
)

func (s *sqliteStorage) InTx(ctx context.Context, fn func(tx Tx) error) error {
	return s.d.InTx(ctx, func(q *db.Queries) error { return fn(sqliteQueries{q: q}) })
}

func (s *sqliteStorage) ListDashboards(ctx context.Context, owner, after int64, limit int) ([]Dashboard, error) {
	rows, err := s.q.ListDashboardsCounted(ctx, db.ListDashboardsCountedParams{OwnerID: owner, AfterID: after, MaxRows: int64(limit)})
	if err != nil {
		return nil, fmt.Errorf("list dashboards: %w", err)
	}
	out := make([]Dashboard, len(rows))
	for i, r := range rows {
		out[i] = sqliteDashboard(db.Dashboard{
			ID: r.ID, OwnerID: r.OwnerID, Name: r.Name, Description: r.Description, IsDefault: r.IsDefault,
			Version: r.Version, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt,
		})
		out[i].WidgetCount = int(r.WidgetCount)
	}
	return out, nil
}

func (s *sqliteStorage) ListWidgets(ctx context.Context, owner, dash, after int64, limit int) ([]widgetRow, error) {
	rows, err := s.q.ListWidgets(ctx, db.ListWidgetsParams{DashboardID: dash, OwnerID: owner, AfterID: after, MaxRows: int64(limit)})
	if err != nil {
		return nil, fmt.Errorf("list widgets of dashboard %d: %w", dash, err)
	}
	out := make([]widgetRow, len(rows))
	for i, r := range rows {
		out[i] = sqliteWidget(r)
	}
	return out, nil
}

func (s *sqliteStorage) Watched(ctx context.Context, limit int) ([]WatchedSymbol, error) {
	rows, err := s.q.ListWatchedSymbols(ctx, int64(limit))
	if err != nil {
		return nil, store.Translate(err, "watched symbols")
	}
	out := make([]WatchedSymbol, len(rows))
	for i, r := range rows {
		out[i] = WatchedSymbol{Symbol: r.Symbol, Type: r.Type}
	}
	return out, nil
}

// The tickets' statements run on the writer outside a transaction: each is
// one statement, so atomic by itself.

func (s *sqliteStorage) IssueTicket(ctx context.Context, digest []byte, session, dash int64, expires time.Time) (bool, error) {
	n, err := s.d.Write.CreateStreamTicket(ctx, db.CreateStreamTicketParams{
		TokenHash: digest, SessionID: session, DashboardID: dash, ExpiresAt: expires.UTC(),
	})
	return n > 0, store.Translate(err, "stream ticket")
}

func (s *sqliteStorage) RedeemTicket(ctx context.Context, digest []byte, now time.Time) (Watch, error) {
	row, err := s.d.Write.RedeemStreamTicket(ctx, db.RedeemStreamTicketParams{TokenHash: digest, Now: now.UTC()})
	if errors.Is(err, sql.ErrNoRows) {
		return Watch{}, errNoRow
	}
	if err != nil {
		return Watch{}, store.Translate(err, "stream ticket")
	}
	return Watch{Owner: row.UserID, Session: row.SessionID, Dashboard: row.DashboardID}, nil
}

func (s *sqliteStorage) SweepTickets(ctx context.Context, now time.Time, max int64) (int64, error) {
	n, err := s.d.Write.DeleteExpiredStreamTickets(ctx, db.DeleteExpiredStreamTicketsParams{Now: now.UTC(), MaxRows: max})
	return n, store.Translate(err, "stream ticket")
}

func (x sqliteQueries) Dashboard(ctx context.Context, owner, id int64) (Dashboard, error) {
	r, err := x.q.GetDashboard(ctx, db.GetDashboardParams{ID: id, OwnerID: owner})
	if errors.Is(err, sql.ErrNoRows) {
		return Dashboard{}, errNoRow
	}
	if err != nil {
		return Dashboard{}, fmt.Errorf("get dashboard %d: %w", id, err)
	}
	return sqliteDashboard(r), nil
}

func (x sqliteQueries) Detail(ctx context.Context, owner, id int64, maxWidgets int) (Dashboard, []widgetRow, error) {
	rows, err := x.q.GetDashboardDetail(ctx, db.GetDashboardDetailParams{ID: id, OwnerID: owner, MaxRows: int64(maxWidgets)})
	if err != nil {
		return Dashboard{}, nil, fmt.Errorf("get dashboard %d: %w", id, err)
	}
	if len(rows) == 0 {
		return Dashboard{}, nil, errNoRow
	}
	d := rows[0]
	widgets := make([]widgetRow, 0, len(rows))
	for _, r := range rows {
		if !r.WidgetID.Valid {
			continue // the LEFT JOIN row of a dashboard without widgets
		}
		widgets = append(widgets, sqliteWidget(db.Widget{
			ID: r.WidgetID.Int64, DashboardID: d.ID, Kind: r.WidgetKind.String, Title: r.WidgetTitle.String,
			PosX: r.WidgetX.Int64, PosY: r.WidgetY.Int64, Width: r.WidgetW.Int64, Height: r.WidgetH.Int64,
			Config: r.WidgetConfig, RefreshSeconds: r.WidgetRefreshSeconds.Int64,
			Version: r.WidgetVersion.Int64, CreatedAt: r.WidgetCreatedAt.Time, UpdatedAt: r.WidgetUpdatedAt.Time,
		}))
	}
	return sqliteDashboard(db.Dashboard{
		ID: d.ID, OwnerID: owner, Name: d.Name, Description: d.Description, IsDefault: d.IsDefault,
		Version: d.Version, CreatedAt: d.CreatedAt, UpdatedAt: d.UpdatedAt,
	}), widgets, nil
}

func (x sqliteQueries) Widget(ctx context.Context, owner, dash, id int64) (widgetRow, error) {
	w, err := x.q.GetWidget(ctx, db.GetWidgetParams{ID: id, DashboardID: dash, OwnerID: owner})
	if errors.Is(err, sql.ErrNoRows) {
		return widgetRow{}, errNoRow
	}
	if err != nil {
		return widgetRow{}, fmt.Errorf("get widget %d: %w", id, err)
	}
	return sqliteWidget(w), nil
}

func (x sqliteQueries) DefaultDashboard(ctx context.Context, owner int64) (int64, error) {
	d, err := x.q.GetDefaultDashboard(ctx, owner)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("get default dashboard: %w", err)
	}
	return d.ID, nil
}

func (x sqliteQueries) ClearDefault(ctx context.Context, owner, keep int64) error {
	if _, err := x.q.ClearDefaultDashboard(ctx, db.ClearDefaultDashboardParams{OwnerID: owner, KeepID: keep}); err != nil {
		return fmt.Errorf("clear default dashboard: %w", err)
	}
	return nil
}

func (x sqliteQueries) CreateDashboard(ctx context.Context, owner int64, f dashboardFields) (Dashboard, error) {
	r, err := x.q.CreateDashboard(ctx, db.CreateDashboardParams{
		OwnerID: owner, Name: f.Name, Description: f.Description, IsDefault: sqlBool(f.IsDefault),
	})
	if err != nil {
		return Dashboard{}, store.Translate(err, "dashboard")
	}
	return sqliteDashboard(r), nil
}

func (x sqliteQueries) UpdateDashboard(ctx context.Context, owner, id, version int64, f dashboardFields) (Dashboard, error) {
	r, err := x.q.UpdateDashboardFields(ctx, db.UpdateDashboardFieldsParams{
		Name: f.Name, Description: f.Description, IsDefault: sqlBool(f.IsDefault),
		ID: id, OwnerID: owner, Version: version,
	})
	if errors.Is(err, sql.ErrNoRows) {
		return Dashboard{}, errNoRow
	}
	if err != nil {
		return Dashboard{}, store.Translate(err, "dashboard")
	}
	return sqliteDashboard(r), nil
}

func (x sqliteQueries) DeleteDashboard(ctx context.Context, owner, id, version int64) (bool, error) {
	n, err := x.q.DeleteDashboardVersion(ctx, db.DeleteDashboardVersionParams{ID: id, OwnerID: owner, Version: version})
	if err != nil {
		return false, fmt.Errorf("delete dashboard %d: %w", id, err)
	}
	return n > 0, nil
}

func (x sqliteQueries) PromoteOldest(ctx context.Context, owner int64) (int64, error) {
	id, err := x.q.PromoteOldestDashboard(ctx, owner)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("promote a default dashboard: %w", err)
	}
	return id, nil
}

func (x sqliteQueries) BumpDashboard(ctx context.Context, owner, id int64) error {
	if _, err := x.q.BumpDashboardVersion(ctx, db.BumpDashboardVersionParams{ID: id, OwnerID: owner}); err != nil {
		return fmt.Errorf("bump dashboard %d: %w", id, err)
	}
	return nil
}

func (x sqliteQueries) CountWidgets(ctx context.Context, dash int64) (int64, error) {
	n, err := x.q.CountWidgets(ctx, dash)
	if err != nil {
		return 0, fmt.Errorf("count widgets of dashboard %d: %w", dash, err)
	}
	return n, nil
}

func (x sqliteQueries) CopyWidgets(ctx context.Context, from, to int64) error {
	if _, err := x.q.CopyWidgets(ctx, db.CopyWidgetsParams{ToID: to, FromID: from}); err != nil {
		return fmt.Errorf("copy widgets of dashboard %d: %w", from, err)
	}
	return nil
}

func (x sqliteQueries) WidgetRects(ctx context.Context, dash int64) ([]placed, error) {
	rows, err := x.q.ListWidgetRects(ctx, dash)
	if err != nil {
		return nil, fmt.Errorf("list widgets of dashboard %d: %w", dash, err)
	}
	out := make([]placed, len(rows))
	for i, r := range rows {
		out[i] = placed{id: r.ID, rect: rectOf(r.PosX, r.PosY, r.Width, r.Height)}
	}
	return out, nil
}

func (x sqliteQueries) KnownSymbols(ctx context.Context, symbols []string) ([]string, error) {
	rows, err := x.q.ListKnownSymbols(ctx, symbols)
	if err != nil {
		return nil, fmt.Errorf("look up widget symbols: %w", err)
	}
	return rows, nil
}

func (x sqliteQueries) CreateWidget(ctx context.Context, owner, dash int64, w widgetRow) (widgetRow, error) {
	p := w.Position
	r, err := x.q.CreateWidget(ctx, db.CreateWidgetParams{
		Kind: w.Kind, Title: w.Title, PosX: int64(p.X), PosY: int64(p.Y), Width: int64(p.W), Height: int64(p.H),
		Config: w.Config, RefreshSeconds: int64(w.RefreshSeconds), DashboardID: dash, OwnerID: owner,
	})
	if err != nil {
		return widgetRow{}, store.Translate(err, "widget")
	}
	return sqliteWidget(r), nil
}

func (x sqliteQueries) UpdateWidget(ctx context.Context, owner, version int64, next widgetRow) (widgetRow, error) {
	p := next.Position
	r, err := x.q.UpdateWidgetVersion(ctx, db.UpdateWidgetVersionParams{
		Kind: next.Kind, Title: next.Title, PosX: int64(p.X), PosY: int64(p.Y), Width: int64(p.W), Height: int64(p.H),
		Config: next.Config, RefreshSeconds: int64(next.RefreshSeconds),
		ID: next.ID, DashboardID: next.DashboardID, Version: version, OwnerID: owner,
	})
	if errors.Is(err, sql.ErrNoRows) {
		return widgetRow{}, errNoRow
	}
	if err != nil {
		return widgetRow{}, store.Translate(err, "widget")
	}
	return sqliteWidget(r), nil
}

func (x sqliteQueries) DeleteWidget(ctx context.Context, owner, dash, id, version int64) (bool, error) {
	n, err := x.q.DeleteWidgetVersion(ctx, db.DeleteWidgetVersionParams{ID: id, DashboardID: dash, Version: version, OwnerID: owner})
	if err != nil {
		return false, fmt.Errorf("delete widget %d: %w", id, err)
	}
	return n > 0, nil
}

func (x sqliteQueries) MoveWidget(ctx context.Context, dash, id int64, r Rect) error {
	if _, err := x.q.MoveWidget(ctx, db.MoveWidgetParams{
		PosX: int64(r.X), PosY: int64(r.Y), Width: int64(r.W), Height: int64(r.H), ID: id, DashboardID: dash,
	}); err != nil {
		return fmt.Errorf("move widget %d: %w", id, err)
	}
	return nil
}

func sqliteDashboard(r db.Dashboard) Dashboard {
	return Dashboard{
		ID: r.ID, Name: r.Name, Description: r.Description, IsDefault: r.IsDefault != 0, Version: r.Version,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
	}
}

func sqliteWidget(r db.Widget) widgetRow {
	return widgetRow{
		ID: r.ID, DashboardID: r.DashboardID, Kind: r.Kind, Title: r.Title,
		Position: rectOf(r.PosX, r.PosY, r.Width, r.Height), Config: r.Config,
		RefreshSeconds: int32(r.RefreshSeconds), Version: r.Version,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
	}
}

// sqlBool is SQLite's 0/1 flag of b.
func sqlBool(b bool) int64 {
	if b {
		return 1
	}
	return 0
}
