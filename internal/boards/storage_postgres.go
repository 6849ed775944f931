package boards

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/marketpulse/api/gen/pgdb"
	"github.com/marketpulse/api/internal/pgstore"
)

// Postgres is the boards' storage on PostgreSQL: reads on the pool, writes
// in pgstore's SERIALIZABLE transactions. A rule that reads a version and
// then writes, racing another transaction that wrote it first, fails to
// serialize; pgstore runs it again, it reads the new version and answers
// as it would have on SQLite (412, say) without writing over the winner.
func Postgres(d *pgstore.DB) Storage {
	return &pgStorage{pgQueries: pgQueries{q: pgdb.New(d.Pool)}, d: d}
}

type pgStorage struct {
	pgQueries // on the pool
	d         *pgstore.DB
}

// pgQueries are the reads and writes over one set of queries: the pool's,
// or a transaction's. Their unclassified errors go through
// pgstore.Transient, so a read on the pool that cannot reach the server
// answers 503 as a write does (InTx classifies its own errors again, which
// changes nothing, and still sees the serialization failures it retries).
type pgQueries struct{ q *pgdb.Queries }

var (
	_ Storage = (*pgStorage)(nil)
	_ Tx      = pgQueries{}
)

func (s *pgStorage) InTx(ctx context.Context, fn func(tx Tx) error) error {
	return s.d.InTx(ctx, func(tx pgx.Tx) error { return fn(pgQueries{q: pgdb.New(tx)}) })
}

func (s *pgStorage) ListDashboards(ctx context.Context, owner, after int64, limit int) ([]Dashboard, error) {
	rows, err := s.q.ListDashboardsCounted(ctx, pgdb.ListDashboardsCountedParams{OwnerID: owner, AfterID: after, MaxRows: int64(limit)})
	if err != nil {
		return nil, failed("list dashboards: %w", err)
	}
	out := make([]Dashboard, len(rows))
	for i, r := range rows {
		out[i] = pgDashboard(pgdb.Dashboard{
			ID: r.ID, OwnerID: r.OwnerID, Name: r.Name, Description: r.Description, IsDefault: r.IsDefault,
			Version: r.Version, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt,
		})
		out[i].WidgetCount = int(r.WidgetCount)
	}
	return out, nil
}

func (s *pgStorage) ListWidgets(ctx context.Context, owner, dash, after int64, limit int) ([]widgetRow, error) {
	rows, err := s.q.ListWidgets(ctx, pgdb.ListWidgetsParams{DashboardID: dash, OwnerID: owner, AfterID: after, MaxRows: int64(limit)})
	if err != nil {
		return nil, failed("list widgets of dashboard %d: %w", dash, err)
	}
	out := make([]widgetRow, len(rows))
	for i, r := range rows {
		out[i] = pgWidget(r)
	}
	return out, nil
}

func (s *pgStorage) Watched(ctx context.Context, limit int) ([]WatchedSymbol, error) {
	rows, err := s.q.ListWatchedSymbols(ctx, int64(limit))
	if err != nil {
		return nil, pgstore.Translate(err, "watched symbols")
	}
	out := make([]WatchedSymbol, len(rows))
	for i, r := range rows {
		out[i] = WatchedSymbol{Symbol: r.Symbol, Type: r.Type}
	}
	return out, nil
}

// The tickets' statements run on the pool outside a transaction: each is
// one statement, atomic by itself; of two DELETEs of one ticket the second
// waits for the first and then finds no row.

func (s *pgStorage) IssueTicket(ctx context.Context, digest []byte, session, dash int64, expires time.Time) (bool, error) {
	n, err := s.q.CreateStreamTicket(ctx, pgdb.CreateStreamTicketParams{
		TokenHash: digest, SessionID: session, DashboardID: dash, ExpiresAt: expires.UTC(),
	})
	return n > 0, pgstore.Translate(err, "stream ticket")
}

func (s *pgStorage) RedeemTicket(ctx context.Context, digest []byte, now time.Time) (Watch, error) {
	row, err := s.q.RedeemStreamTicket(ctx, pgdb.RedeemStreamTicketParams{TokenHash: digest, Now: now.UTC()})
	if errors.Is(err, pgx.ErrNoRows) {
		return Watch{}, errNoRow
	}
	if err != nil {
		return Watch{}, pgstore.Translate(err, "stream ticket")
	}
	return Watch{Owner: row.UserID, Session: row.SessionID, Dashboard: row.DashboardID}, nil
}

func (s *pgStorage) SweepTickets(ctx context.Context, now time.Time, max int64) (int64, error) {
	n, err := s.q.DeleteExpiredStreamTickets(ctx, pgdb.DeleteExpiredStreamTicketsParams{Now: now.UTC(), MaxRows: max})
	return n, pgstore.Translate(err, "stream ticket")
}

func (x pgQueries) Dashboard(ctx context.Context, owner, id int64) (Dashboard, error) {
	r, err := x.q.GetDashboard(ctx, pgdb.GetDashboardParams{ID: id, OwnerID: owner})
	if errors.Is(err, pgx.ErrNoRows) {
		return Dashboard{}, errNoRow
	}
	if err != nil {
		return Dashboard{}, failed("get dashboard %d: %w", id, err)
	}
	return pgDashboard(r), nil
}

func (x pgQueries) Detail(ctx context.Context, owner, id int64, maxWidgets int) (Dashboard, []widgetRow, error) {
	rows, err := x.q.GetDashboardDetail(ctx, pgdb.GetDashboardDetailParams{ID: id, OwnerID: owner, MaxRows: int64(maxWidgets)})
	if err != nil {
		return Dashboard{}, nil, failed("get dashboard %d: %w", id, err)
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
		widgets = append(widgets, pgWidget(pgdb.Widget{
			ID: r.WidgetID.Int64, DashboardID: d.ID, Kind: r.WidgetKind.String, Title: r.WidgetTitle.String,
			PosX: r.WidgetX.Int64, PosY: r.WidgetY.Int64, Width: r.WidgetW.Int64, Height: r.WidgetH.Int64,
			Config: r.WidgetConfig, RefreshSeconds: r.WidgetRefreshSeconds.Int64,
			Version: r.WidgetVersion.Int64, CreatedAt: r.WidgetCreatedAt.Time, UpdatedAt: r.WidgetUpdatedAt.Time,
		}))
	}
	return pgDashboard(pgdb.Dashboard{
		ID: d.ID, OwnerID: owner, Name: d.Name, Description: d.Description, IsDefault: d.IsDefault,
		Version: d.Version, CreatedAt: d.CreatedAt, UpdatedAt: d.UpdatedAt,
	}), widgets, nil
}

func (x pgQueries) Widget(ctx context.Context, owner, dash, id int64) (widgetRow, error) {
	w, err := x.q.GetWidget(ctx, pgdb.GetWidgetParams{ID: id, DashboardID: dash, OwnerID: owner})
	if errors.Is(err, pgx.ErrNoRows) {
		return widgetRow{}, errNoRow
	}
	if err != nil {
		return widgetRow{}, failed("get widget %d: %w", id, err)
	}
	return pgWidget(w), nil
}

func (x pgQueries) DefaultDashboard(ctx context.Context, owner int64) (int64, error) {
	d, err := x.q.GetDefaultDashboard(ctx, owner)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, failed("get default dashboard: %w", err)
	}
	return d.ID, nil
}

func (x pgQueries) ClearDefault(ctx context.Context, owner, keep int64) error {
	if _, err := x.q.ClearDefaultDashboard(ctx, pgdb.ClearDefaultDashboardParams{OwnerID: owner, KeepID: keep}); err != nil {
		return failed("clear default dashboard: %w", err)
	}
	return nil
}

func (x pgQueries) CreateDashboard(ctx context.Context, owner int64, f dashboardFields) (Dashboard, error) {
	r, err := x.q.CreateDashboard(ctx, pgdb.CreateDashboardParams{
		OwnerID: owner, Name: f.Name, Description: f.Description, IsDefault: f.IsDefault,
	})
	if err != nil {
		return Dashboard{}, pgstore.Translate(err, "dashboard")
	}
	return pgDashboard(r), nil
}

func (x pgQueries) UpdateDashboard(ctx context.Context, owner, id, version int64, f dashboardFields) (Dashboard, error) {
	r, err := x.q.UpdateDashboardFields(ctx, pgdb.UpdateDashboardFieldsParams{
		Name: f.Name, Description: f.Description, IsDefault: f.IsDefault,
		ID: id, OwnerID: owner, Version: version,
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return Dashboard{}, errNoRow
	}
	if err != nil {
		return Dashboard{}, pgstore.Translate(err, "dashboard")
	}
	return pgDashboard(r), nil
}

func (x pgQueries) DeleteDashboard(ctx context.Context, owner, id, version int64) (bool, error) {
	n, err := x.q.DeleteDashboardVersion(ctx, pgdb.DeleteDashboardVersionParams{ID: id, OwnerID: owner, Version: version})
	if err != nil {
		return false, failed("delete dashboard %d: %w", id, err)
	}
	return n > 0, nil
}

func (x pgQueries) PromoteOldest(ctx context.Context, owner int64) (int64, error) {
	id, err := x.q.PromoteOldestDashboard(ctx, owner)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, failed("promote a default dashboard: %w", err)
	}
	return id, nil
}

func (x pgQueries) BumpDashboard(ctx context.Context, owner, id int64) error {
	if _, err := x.q.BumpDashboardVersion(ctx, pgdb.BumpDashboardVersionParams{ID: id, OwnerID: owner}); err != nil {
		return failed("bump dashboard %d: %w", id, err)
	}
	return nil
}

func (x pgQueries) CountWidgets(ctx context.Context, dash int64) (int64, error) {
	n, err := x.q.CountWidgets(ctx, dash)
	if err != nil {
		return 0, failed("count widgets of dashboard %d: %w", dash, err)
	}
	return n, nil
}

func (x pgQueries) CopyWidgets(ctx context.Context, from, to int64) error {
	if _, err := x.q.CopyWidgets(ctx, pgdb.CopyWidgetsParams{ToID: to, FromID: from}); err != nil {
		return failed("copy widgets of dashboard %d: %w", from, err)
	}
	return nil
}

func (x pgQueries) WidgetRects(ctx context.Context, dash int64) ([]placed, error) {
	rows, err := x.q.ListWidgetRects(ctx, dash)
	if err != nil {
		return nil, failed("list widgets of dashboard %d: %w", dash, err)
	}
	out := make([]placed, len(rows))
	for i, r := range rows {
		out[i] = placed{id: r.ID, rect: rectOf(r.PosX, r.PosY, r.Width, r.Height)}
	}
	return out, nil
}

func (x pgQueries) KnownSymbols(ctx context.Context, symbols []string) ([]string, error) {
	rows, err := x.q.ListKnownSymbols(ctx, symbols)
	if err != nil {
		return nil, failed("look up widget symbols: %w", err)
	}
	return rows, nil
}

func (x pgQueries) CreateWidget(ctx context.Context, owner, dash int64, w widgetRow) (widgetRow, error) {
	p := w.Position
	r, err := x.q.CreateWidget(ctx, pgdb.CreateWidgetParams{
		Kind: w.Kind, Title: w.Title, PosX: int64(p.X), PosY: int64(p.Y), Width: int64(p.W), Height: int64(p.H),
		Config: w.Config, RefreshSeconds: int64(w.RefreshSeconds), DashboardID: dash, OwnerID: owner,
	})
	if err != nil {
		return widgetRow{}, pgstore.Translate(err, "widget")
	}
	return pgWidget(r), nil
}

func (x pgQueries) UpdateWidget(ctx context.Context, owner, version int64, next widgetRow) (widgetRow, error) {
	p := next.Position
	r, err := x.q.UpdateWidgetVersion(ctx, pgdb.UpdateWidgetVersionParams{
		Kind: next.Kind, Title: next.Title, PosX: int64(p.X), PosY: int64(p.Y), Width: int64(p.W), Height: int64(p.H),
		Config: next.Config, RefreshSeconds: int64(next.RefreshSeconds),
		ID: next.ID, DashboardID: next.DashboardID, Version: version, OwnerID: owner,
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return widgetRow{}, errNoRow
	}
	if err != nil {
		return widgetRow{}, pgstore.Translate(err, "widget")
	}
	return pgWidget(r), nil
}

func (x pgQueries) DeleteWidget(ctx context.Context, owner, dash, id, version int64) (bool, error) {
	n, err := x.q.DeleteWidgetVersion(ctx, pgdb.DeleteWidgetVersionParams{ID: id, DashboardID: dash, Version: version, OwnerID: owner})
	if err != nil {
		return false, failed("delete widget %d: %w", id, err)
	}
	return n > 0, nil
}

func (x pgQueries) MoveWidget(ctx context.Context, dash, id int64, r Rect) error {
	if _, err := x.q.MoveWidget(ctx, pgdb.MoveWidgetParams{
		PosX: int64(r.X), PosY: int64(r.Y), Width: int64(r.W), Height: int64(r.H), ID: id, DashboardID: dash,
	}); err != nil {
		return failed("move widget %d: %w", id, err)
	}
	return nil
}

func pgDashboard(r pgdb.Dashboard) Dashboard {
	return Dashboard{
		ID: r.ID, Name: r.Name, Description: r.Description, IsDefault: r.IsDefault, Version: r.Version,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
	}
}

func pgWidget(r pgdb.Widget) widgetRow {
	return widgetRow{
		ID: r.ID, DashboardID: r.DashboardID, Kind: r.Kind, Title: r.Title,
		Position: rectOf(r.PosX, r.PosY, r.Width, r.Height), Config: r.Config,
		RefreshSeconds: int32(r.RefreshSeconds), Version: r.Version,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
	}
}

// failed wraps an error with context and classifies what says the
// server's state rather than the request's (see pgstore.Transient).
func failed(format string, args ...any) error {
	return pgstore.Transient(fmt.Errorf(format, args...))
}
