package httpapi

import (
	"context"
	"slices"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/cache"
)

// cacheAdmins collects the administration of the namespaces that the
// CacheNamespace enum of openapi.yaml names, from every domain. The others
// (sessions, dashboards, …) are not administered through the API.
func cacheAdmins(d Deps) map[oas.CacheNamespace]cache.Admin {
	named := map[oas.CacheNamespace]cache.Admin{}
	for _, admins := range [][]cache.Admin{d.Market.CacheAdmins(), d.News.CacheAdmins()} {
		for _, a := range admins {
			ns := oas.CacheNamespace(a.Name)
			if ns.Validate() == nil {
				named[ns] = a
			}
		}
	}
	return named
}

// namespaceAdmin is the administration of ns; a namespace without a cache
// behind it (news without a cache) has nothing to drop or load.
func (h *Handler) namespaceAdmin(ns oas.CacheNamespace) cache.Admin {
	if a, ok := h.admins[ns]; ok {
		return a
	}
	return cache.Admin{Name: string(ns), Invalidate: func(context.Context, ...string) {}, InvalidateAll: func(context.Context) {}}
}

// GetCacheStats implements getCacheStats.
func (h *Handler) GetCacheStats(context.Context) (*oas.CacheStats, error) {
	st := h.Cache.Stats()
	health := h.Cache.Health()
	out := &oas.CacheStats{
		OriginLoads: int64(st.OriginLoads),
		Breaker:     oas.CacheStatsBreaker{State: oas.CacheStatsBreakerState(st.Breaker.State), Transitions: int64(st.Breaker.Transitions)},
		Invalidations: oas.CacheStatsInvalidations{
			Sent: int64(st.Invalidations.Sent), Received: int64(st.Invalidations.Received), Subscriptions: int64(st.Invalidations.Subscriptions),
		},
		Refreshes: oas.CacheStatsRefreshes{
			Started: int64(st.Refreshes.Started), FromL2: int64(st.Refreshes.FromL2),
			FromOrigin: int64(st.Refreshes.FromOrigin), Failed: int64(st.Refreshes.Failed),
		},
		Namespaces: make([]oas.CacheStatsNamespacesItem, 0, len(st.Namespaces)),
	}
	out.L1.Hits, out.L1.Misses, out.L1.HitRatio = int64(st.L1.Hits), int64(st.L1.Misses), ratio(st.L1.Hits, st.L1.Misses)
	out.L1.Evictions, out.L1.Entries, out.L1.Bytes = int64(st.L1.Evictions), int64(st.L1.Entries), int64(st.L1.Weight)
	out.L2.Hits, out.L2.Misses, out.L2.HitRatio = int64(st.L2.Hits), int64(st.L2.Misses), ratio(st.L2.Hits, st.L2.Misses)
	out.L2.Status = oas.CacheStatsL2Status(health.L2)
	out.L2.Errors, out.L2.Skipped = int64(st.L2.Errors), int64(st.L2.Skipped)
	if !health.L2DownSince.IsZero() {
		out.L2.DownSince = oas.NewOptDateTime(health.L2DownSince.UTC())
	}
	for _, name := range sortedKeys(st.Namespaces) {
		ns := st.Namespaces[name]
		out.Namespaces = append(out.Namespaces, oas.CacheStatsNamespacesItem{
			Name: name, Hits: int64(ns.Hits), Misses: int64(ns.Misses), HitRatio: ratio(ns.Hits, ns.Misses),
		})
	}
	return out, nil
}

// InvalidateCache implements invalidateCache (admin).
func (h *Handler) InvalidateCache(ctx context.Context, req *oas.CacheInvalidation) (*oas.CacheInvalidationResult, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	ns, hasNS := req.Namespace.Get()
	tag, hasTag := req.Tag.Get()
	switch {
	case hasTag && (hasNS || len(req.Keys) > 0):
		return nil, invalidScope("give either a tag or a namespace (with or without keys), not both")
	case hasTag:
		h.Cache.InvalidateTag(ctx, tag)
		return &oas.CacheInvalidationResult{Scope: oas.CacheInvalidationResultScopeTag, Invalidated: 1}, nil
	case !hasNS:
		return nil, invalidScope("keys need the namespace they belong to")
	case len(req.Keys) > 0:
		h.namespaceAdmin(ns).Invalidate(ctx, req.Keys...)
		return &oas.CacheInvalidationResult{Scope: oas.CacheInvalidationResultScopeKeys, Invalidated: int32(len(req.Keys))}, nil
	default:
		h.namespaceAdmin(ns).InvalidateAll(ctx)
		return &oas.CacheInvalidationResult{Scope: oas.CacheInvalidationResultScopeNamespace, Invalidated: 1}, nil
	}
}

// RefreshCache implements refreshCache (admin): drop the keys, then load
// them from the database at once.
func (h *Handler) RefreshCache(ctx context.Context, req *oas.CacheRefresh) (*oas.CacheWarmResult, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	admin := h.namespaceAdmin(req.Namespace)
	admin.Invalidate(ctx, req.Keys...)
	if admin.Load == nil {
		return &oas.CacheWarmResult{}, nil // dropped; rebuilt on the next read
	}
	return h.loadKeys(ctx, admin, req.Keys), nil
}

// WarmCache implements warmCache (admin).
func (h *Handler) WarmCache(ctx context.Context, req oas.OptCacheWarm) (*oas.CacheWarmResult, error) {
	if _, err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	top := 100
	if w, ok := req.Get(); ok {
		top = int(w.Top.Or(100))
	}
	return h.Warm(ctx, top)
}

// Warm loads the top most-read keys of every namespace that can be warmed.
// The server also calls it at start.
func (h *Handler) Warm(ctx context.Context, top int) (*oas.CacheWarmResult, error) {
	res := &oas.CacheWarmResult{}
	for _, ns := range h.Hot.Namespaces() {
		admin, ok := h.admins[oas.CacheNamespace(ns)]
		if !ok || admin.Load == nil {
			continue
		}
		keys, err := h.Hot.Hottest(ctx, ns, top)
		if err != nil {
			return nil, err
		}
		r := h.loadKeys(ctx, admin, keys)
		res.Loaded += r.Loaded
		res.Failed += r.Failed
	}
	return res, nil
}

func (h *Handler) loadKeys(ctx context.Context, admin cache.Admin, keys []string) *oas.CacheWarmResult {
	res := &oas.CacheWarmResult{}
	for _, k := range keys {
		if err := admin.Load(ctx, k); err != nil && !apperr.IsNotFound(err) {
			res.Failed++
			continue
		}
		res.Loaded++
	}
	return res
}

func invalidScope(msg string) error {
	e := apperr.New(apperr.Invalid, "invalid_body", "%s", msg)
	e.Fields = []apperr.FieldError{{Path: "body", Message: msg}}
	return e
}

func ratio(hits, misses uint64) float64 {
	if hits+misses == 0 {
		return 0
	}
	return float64(hits) / float64(hits+misses)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
