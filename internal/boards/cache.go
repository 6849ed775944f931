package boards

import (
	"context"
	"strconv"
	"time"

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
const (
	NamespaceDashboard = "dashboard"
	NamespaceWidget    = "widget"

	cacheTTL = 10 * time.Minute
)

// The prefixes of the tags; the tag functions below append the id.
const (
	tagDashboard = "dashboard:"
	tagWidget    = "widget:"
	tagWidgetsOf = "widgets-of:"
)

// DashboardTag marks the cache entry of dashboard id.
func DashboardTag(id int64) string { return tagDashboard + strconv.FormatInt(id, 10) }

// WidgetTag marks the cache entry of widget id.
func WidgetTag(id int64) string { return tagWidget + strconv.FormatInt(id, 10) }

// WidgetsOfTag marks the cache entries of every widget of dashboard id.
func WidgetsOfTag(id int64) string { return tagWidgetsOf + strconv.FormatInt(id, 10) }

func dashboardKey(owner, id int64) string {
	return "u" + strconv.FormatInt(owner, 10) + "/d" + strconv.FormatInt(id, 10)
}

func widgetKey(owner, dashboard, id int64) string {
	return dashboardKey(owner, dashboard) + "/w" + strconv.FormatInt(id, 10)
}

// dashboardTags are the tags of the dashboards ids (0s skipped).
func dashboardTags(ids ...int64) []string {
	tags := make([]string, 0, len(ids))
	for _, id := range ids {
		if id != 0 {
			tags = append(tags, DashboardTag(id))
		}
	}
	return tags
}

// CacheAdmins is the administration of the dashboard and widget namespaces.
// Their keys are internal (they carry the owner): they are dropped, never
// warmed one by one.
func (s *Service) CacheAdmins() []cache.Admin {
	return []cache.Admin{s.details.Admin(nil), s.widgets.Admin(nil)}
}

// invalidate drops the entries of tags once a write has committed, even if
// the client has gone: the next read must see the write.
func (s *Service) invalidate(ctx context.Context, tags ...string) {
	ctx = context.WithoutCancel(ctx)
	for _, t := range tags {
		s.cache.InvalidateTag(ctx, t)
	}
}
