package cache

import "context"

// Admin is what cache administration (the admin endpoints, warming at
// start) can do with one namespace without knowing its value type. The
// package that owns a namespace makes its Admin, choosing how a bare key is
// checked and loaded.
type Admin struct {
	Name          string
	Invalidate    func(ctx context.Context, keys ...string)
	InvalidateAll func(ctx context.Context)
	// Load reads one bare key through the namespace, filling the tiers that
	// missed; nil when the namespace's keys are internal and cannot be
	// warmed one by one (they are rebuilt on the next read).
	Load func(ctx context.Context, key string) error
}

// Admin returns the administration of n, loading keys with load (nil: n
// cannot be warmed key by key).
func (n *Namespace[T]) Admin(load func(ctx context.Context, key string) error) Admin {
	return Admin{Name: n.name, Invalidate: n.Invalidate, InvalidateAll: n.InvalidateAll, Load: load}
}
