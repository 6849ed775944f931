// Package boards owns the users' dashboards and their widgets: ownership
// (another user's dashboard or widget is exactly like a missing one), the
// default dashboard and its promotion, the five widget configs and their
// rules (known symbols, refresh bounds), the 12-column grid and the layout,
// optimistic locking by version, the transactions of every change, and the
// cache entries of dashboards and widgets with their invalidation. Its
// types are plain Go; the HTTP layer converts them.
package boards

import (
	"context"
	"fmt"

	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/cache"
)

// Deps are what the service needs; Storage and Cache are required.
type Deps struct {
	Storage Storage // SQLite(d) or Postgres(d)
	Cache   *cache.Cache
	// Changed, if not nil, is told of every dashboard whose representation
	// changed (its fields, its default flag, its widgets or their layout),
	// once the change committed and its cache entries were dropped. It is
	// called on the goroutine of the change, so it must not block: hand the
	// change on (a buffered channel, a goroutine) and return.
	Changed func(Change)
}

// Change tells that a dashboard of Owner changed.
type Change struct {
	Owner int64
	// Dashboard is the stamp of its new version, the input of its ETag;
	// only the ID when Deleted.
	Dashboard Stamp
	Deleted   bool
}

// Service runs the dashboards and widgets operations.
type Service struct {
	st      Storage
	cache   *cache.Cache
	changed func(Change)
	details *cache.Namespace[*Detail]
	widgets *cache.Namespace[*Widget]
	// Not-found answers, the same whether the row is missing or another
	// user's. Cached tombstones are recognised by these values.
	dashboardNotFound error
	widgetNotFound    error
}

// New builds the service and its cache namespaces.
func New(d Deps) *Service {
	s := &Service{
		st: d.Storage, cache: d.Cache, changed: d.Changed,
		dashboardNotFound: apperr.New(apperr.NotFound, "not_found", "dashboard not found"),
		widgetNotFound:    apperr.New(apperr.NotFound, "not_found", "widget not found"),
	}
	s.details = cache.NewNamespace[*Detail](d.Cache, NamespaceDashboard, cacheTTL, cache.WithNotFound(s.dashboardNotFound))
	s.widgets = cache.NewNamespace[*Widget](d.Cache, NamespaceWidget, cacheTTL, cache.WithNotFound(s.widgetNotFound))
	return s
}

// restamp reads, in the transaction of a change, the new stamps of the
// owner's dashboards ids (0s skipped) whose versions the change bumped
// without returning them, for Changed. Nobody listening, it reads nothing.
func (s *Service) restamp(ctx context.Context, tx Tx, owner int64, ids ...int64) ([]Change, error) {
	if s.changed == nil {
		return nil, nil
	}
	out := make([]Change, 0, len(ids))
	for _, id := range ids {
		if id == 0 {
			continue
		}
		d, err := tx.Dashboard(ctx, owner, id)
		if err != nil { // errNoRow too: this transaction just wrote it, so no 404
			return nil, fmt.Errorf("restamp dashboard %d: %w", id, err)
		}
		out = append(out, changeOf(owner, d))
	}
	return out, nil
}

// notify tells Changed of committed changes.
func (s *Service) notify(changes ...Change) {
	if s.changed == nil {
		return
	}
	for _, c := range changes {
		s.changed(c)
	}
}

// changeOf is the Change of the owner's dashboard d as the change left it.
func changeOf(owner int64, d Dashboard) Change {
	return Change{Owner: owner, Dashboard: d.Stamp()}
}
