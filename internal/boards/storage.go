package boards

import (
	"context"
	"errors"
	"time"
)

// Storage is what boards needs of a database engine; SQLite and Postgres
// implement it. Its errors come back translated as the domain used to
// translate them (store.Translate / pgstore.Translate with the same what),
// except errNoRow, which the rules turn into their own answers.
type Storage interface {
	// Reads on the read pool, outside a transaction.
	Reads
	// ListDashboards returns at most limit of the owner's dashboards with
	// an id above after, by id, each with its WidgetCount.
	ListDashboards(ctx context.Context, owner, after int64, limit int) ([]Dashboard, error)
	// ListWidgets returns at most limit widgets of the owner's dashboard
	// dash with an id above after, by id; none when it is not the owner's.
	ListWidgets(ctx context.Context, owner, dash, after int64, limit int) ([]widgetRow, error)
	// Watched lists the distinct active assets any widget's config names,
	// at most limit, by symbol.
	Watched(ctx context.Context, limit int) ([]WatchedSymbol, error)

	// IssueTicket stores the digest of a ticket for dashboard dash, when it
	// is a dashboard of the session's user, in one statement; false when it
	// is not (or is gone).
	IssueTicket(ctx context.Context, digest []byte, session, dash int64, expires time.Time) (bool, error)
	// RedeemTicket deletes the ticket of digest and says what it opens,
	// when it, its session and its user are still valid at now; errNoRow
	// when not (unknown, used, expired, revoked). Of two concurrent
	// redemptions at most one gets it.
	RedeemTicket(ctx context.Context, digest []byte, now time.Time) (Watch, error)
	// SweepTickets deletes up to max tickets expired at now.
	SweepTickets(ctx context.Context, now time.Time, max int64) (int64, error)

	// InTx runs fn in one write transaction and commits when fn returns nil.
	// fn may run more than once (PostgreSQL retries serialization failures):
	// it must not have effects outside the transaction, and must set every
	// result it hands out afresh on each run (notify, cache invalidation
	// happen after InTx returns).
	InTx(ctx context.Context, fn func(tx Tx) error) error
}

// Reads are what both the read pool and a write transaction read.
type Reads interface {
	// Dashboard reads the owner's dashboard id (WidgetCount 0); errNoRow
	// when it is missing or another user's.
	Dashboard(ctx context.Context, owner, id int64) (Dashboard, error)
	// Detail reads the owner's dashboard id and at most maxWidgets of its
	// widgets, by id, in one statement, so one snapshot; errNoRow when it
	// is missing or another user's.
	Detail(ctx context.Context, owner, id int64, maxWidgets int) (Dashboard, []widgetRow, error)
	// Widget reads the widget id of the owner's dashboard dash; errNoRow
	// when it is missing, of another dashboard or another user's.
	Widget(ctx context.Context, owner, dash, id int64) (widgetRow, error)
}

// Tx is what boards does inside one write transaction. Versioned writes
// match the version the rule checked in the same transaction.
type Tx interface {
	Reads
	// DefaultDashboard is the id of the owner's default dashboard, 0 if none.
	DefaultDashboard(ctx context.Context, owner int64) (int64, error)
	// ClearDefault takes the default flag (bumping the version) from the
	// owner's dashboards but keep.
	ClearDefault(ctx context.Context, owner, keep int64) error
	CreateDashboard(ctx context.Context, owner int64, f dashboardFields) (Dashboard, error)
	// UpdateDashboard writes f over the owner's dashboard id at version and
	// bumps the version; errNoRow when the version is not current.
	UpdateDashboard(ctx context.Context, owner, id, version int64, f dashboardFields) (Dashboard, error)
	// DeleteDashboard deletes the owner's dashboard id at version with its
	// widgets; false when the version is not current.
	DeleteDashboard(ctx context.Context, owner, id, version int64) (bool, error)
	// PromoteOldest makes the owner's oldest dashboard the default unless
	// there is one, and returns its id; 0 when nothing was promoted.
	PromoteOldest(ctx context.Context, owner int64) (int64, error)
	// BumpDashboard gives the owner's dashboard id a new version.
	BumpDashboard(ctx context.Context, owner, id int64) error
	CountWidgets(ctx context.Context, dash int64) (int64, error)
	// CopyWidgets copies the widgets of from to to, in their order.
	CopyWidgets(ctx context.Context, from, to int64) error

	// WidgetRects are where the widgets of dash are, by id.
	WidgetRects(ctx context.Context, dash int64) ([]placed, error)
	// KnownSymbols returns which of symbols are assets.
	KnownSymbols(ctx context.Context, symbols []string) ([]string, error)
	// CreateWidget adds w (its fields but the ids, version and times) to
	// the owner's dashboard dash.
	CreateWidget(ctx context.Context, owner, dash int64, w widgetRow) (widgetRow, error)
	// UpdateWidget writes next's fields over the widget next.ID of the
	// owner's dashboard next.DashboardID at version and bumps its version;
	// errNoRow when the version is not current.
	UpdateWidget(ctx context.Context, owner, version int64, next widgetRow) (widgetRow, error)
	// DeleteWidget deletes the widget id of the owner's dashboard dash at
	// version; false when the version is not current.
	DeleteWidget(ctx context.Context, owner, dash, id, version int64) (bool, error)
	// MoveWidget puts the widget id of dash at r and bumps its version.
	MoveWidget(ctx context.Context, dash, id int64, r Rect) error
}

// errNoRow is a read or a versioned write that found no row: the rules
// answer not found, or stale, or nothing, as the case may be.
var errNoRow = errors.New("boards: no such row")

// dashboardFields are what a create or an update writes of a dashboard.
type dashboardFields struct {
	Name, Description string
	IsDefault         bool
}

// widgetRow is a widget as stored. Config is the JSON encodeConfig wrote;
// the engine may hand it back in another form of the same JSON (jsonb
// reorders keys and drops whitespace), which widgetOf decodes into the
// same Config, so the API never answers with the stored bytes.
type widgetRow struct {
	ID, DashboardID      int64
	Kind                 string
	Title                string
	Position             Rect
	Config               string
	RefreshSeconds       int32
	Version              int64
	CreatedAt, UpdatedAt time.Time
}
