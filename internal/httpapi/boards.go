package httpapi

import (
	"context"
	"strconv"
	"time"

	"github.com/go-playground/validator/v10"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/cache"
)

// Dashboards and widgets are read through the cache: a dashboard with its
// widgets per (owner, id), a widget per (owner, dashboard, id). Keys carry the
// owner, so a user never reads another's entry. Tags name what an entry
// depends on, and every write invalidates exactly the tags it changed, after
// it commits:
//
//	dashboard:<id>   the dashboard's entry
//	widget:<id>      the widget's entry
//	widgets-of:<id>  the entries of all the dashboard's widgets (layout, delete)
//
// Tombstones carry the tags too, so an id that was missing and is then
// created is found at once.
const boardsCacheTTL = 10 * time.Minute

// boards is the state of the dashboards and widgets operations.
type boards struct {
	details  *cache.Namespace[*cachedDashboard]
	widgets  *cache.Namespace[*cachedWidget]
	validate *validator.Validate
	// Not-found answers, the same whether the row is missing or another
	// user's. Cached tombstones are recognised by these values.
	dashboardNotFound error
	widgetNotFound    error
}

func newBoards(c *cache.Cache) *boards {
	b := &boards{
		validate:          newValidator(),
		dashboardNotFound: apperr.New(apperr.NotFound, "not_found", "dashboard not found"),
		widgetNotFound:    apperr.New(apperr.NotFound, "not_found", "widget not found"),
	}
	b.details = cache.NewNamespace[*cachedDashboard](c, "dashboard", boardsCacheTTL, cache.WithNotFound(b.dashboardNotFound))
	b.widgets = cache.NewNamespace[*cachedWidget](c, "widget", boardsCacheTTL, cache.WithNotFound(b.widgetNotFound))
	return b
}

// cachedDashboard is a dashboard with its widgets and its ETag. It must
// round-trip through encoding/json (the shared cache stores JSON).
type cachedDashboard struct {
	ETag   string               `json:"etag"`
	Detail *oas.DashboardDetail `json:"detail"`
}

type cachedWidget struct {
	ETag   string      `json:"etag"`
	Widget *oas.Widget `json:"widget"`
}

func dashboardKey(owner, id int64) string {
	return "u" + strconv.FormatInt(owner, 10) + "/d" + strconv.FormatInt(id, 10)
}

func widgetKey(owner, dashboard, id int64) string {
	return dashboardKey(owner, dashboard) + "/w" + strconv.FormatInt(id, 10)
}

func dashboardTag(id int64) string    { return "dashboard:" + strconv.FormatInt(id, 10) }
func widgetTag(id int64) string       { return "widget:" + strconv.FormatInt(id, 10) }
func boardWidgetsTag(id int64) string { return "widgets-of:" + strconv.FormatInt(id, 10) }

// invalidate drops the entries of tags once a write has committed, even if
// the client has gone: the next read must see the write.
func (h *Handler) invalidate(ctx context.Context, tags ...string) {
	ctx = context.WithoutCancel(ctx)
	for _, t := range tags {
		h.Cache.InvalidateTag(ctx, t)
	}
}
