package httpapi

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"runtime/metrics"
	"time"

	"github.com/prometheus/common/expfmt"

	"github.com/marketpulse/api/gen/oas"
)

const healthTimeout = 2 * time.Second

// Database is what the system operations read of the database, whatever its
// engine: a ping and its storage for /health and its connection pools'
// figures for /metrics.
type Database interface {
	Ping(context.Context) error
	Pools() (reader, writer Pool)
	Storage() (Storage, error)
}

// Storage is the state of the database's storage.
type Storage struct {
	FreeBytes    int64 // -1: the platform cannot tell
	MinFreeBytes int64 // under it the storage is degraded (0: no threshold)
	// LastWriteError is when a write last failed for lack of space or an
	// I/O error; zero: never.
	LastWriteError time.Time
}

// writeErrorWindow is how long a failed write keeps the storage degraded.
const writeErrorWindow = time.Minute

// Pool is the figures of one connection pool.
type Pool struct {
	Open, InUse, Idle int
	WaitCount         int64
	Wait              time.Duration // waited for a connection, in total
}

// GetHealth implements getHealth: 503 only when the database is unusable.
func (h *Handler) GetHealth(ctx context.Context) (oas.GetHealthRes, error) {
	ctx, cancel := context.WithTimeout(ctx, healthTimeout)
	defer cancel()
	res := oas.Health{
		Status:        oas.HealthStatusOk,
		Version:       h.Build.Version,
		UptimeSeconds: time.Since(h.StartedAt).Seconds(),
	}
	start := time.Now()
	err := h.Database.Ping(ctx)
	res.Checks.Database = oas.HealthChecksDatabase{
		Status:    oas.HealthChecksDatabaseStatusUp,
		LatencyMs: float64(time.Since(start).Microseconds()) / 1000,
	}
	if err != nil {
		h.Log.WarnContext(ctx, "health: database check failed", "err", err)
		res.Checks.Database.Status = oas.HealthChecksDatabaseStatusDown
		res.Checks.Database.Error = oas.NewOptString("database unavailable")
		res.Status = oas.HealthStatusDown
	}
	if st, ok := h.storageCheck(ctx); ok {
		res.Checks.Storage = oas.NewOptHealthChecksStorage(st)
		if st.Status == oas.HealthChecksStorageStatusDegraded && res.Status == oas.HealthStatusOk {
			res.Status = oas.HealthStatusDegraded
		}
	}
	ch := h.Cache.Health()
	res.Checks.Cache = oas.HealthChecksCache{L1: oas.HealthChecksCacheL1Up, L2: oas.HealthChecksCacheL2(ch.L2)}
	if ch.L2 == "down" {
		if !ch.L2DownSince.IsZero() {
			res.Checks.Cache.L2DownSince = oas.NewOptDateTime(ch.L2DownSince.UTC())
		}
		if res.Status == oas.HealthStatusOk {
			res.Status = oas.HealthStatusDegraded
		}
	}
	if h.Providers != nil {
		ps := h.providersState(ctx)
		res.Checks.Providers = oas.NewOptProvidersState(ps)
		if ps.Status == oas.ProvidersStateStatusDegraded && res.Status == oas.HealthStatusOk {
			res.Status = oas.HealthStatusDegraded
		}
	}
	if h.Stream != nil {
		st := oas.HealthChecksStreams{Open: int64(h.Stream.Hub().Stats().Open), Fanout: oas.HealthChecksStreamsFanout(h.Stream.State())}
		res.Checks.Streams = oas.NewOptHealthChecksStreams(st)
		if st.Fanout == oas.HealthChecksStreamsFanoutDown && res.Status == oas.HealthStatusOk {
			res.Status = oas.HealthStatusDegraded
		}
	}
	if res.Status == oas.HealthStatusDown {
		r := oas.GetHealthServiceUnavailable(res)
		return &r, nil
	}
	r := oas.GetHealthOK(res)
	return &r, nil
}

// storageCheck is the storage's health: degraded when the free space is
// under the threshold or a write failed within writeErrorWindow. It
// reports false when the storage cannot be examined (logged).
func (h *Handler) storageCheck(ctx context.Context) (oas.HealthChecksStorage, bool) {
	st, err := h.Database.Storage()
	if err != nil {
		h.Log.WarnContext(ctx, "health: storage check failed", "err", err)
		return oas.HealthChecksStorage{}, false
	}
	c := oas.HealthChecksStorage{Status: oas.HealthChecksStorageStatusUp, MinFreeBytes: oas.NewOptInt64(st.MinFreeBytes)}
	if st.FreeBytes >= 0 {
		c.FreeBytes = oas.NewOptInt64(st.FreeBytes)
	}
	if !st.LastWriteError.IsZero() {
		c.LastWriteErrorAt = oas.NewOptDateTime(st.LastWriteError.UTC())
	}
	switch {
	case !st.LastWriteError.IsZero() && time.Since(st.LastWriteError) < writeErrorWindow:
		c.Status, c.Error = oas.HealthChecksStorageStatusDegraded, oas.NewOptString("a write failed for lack of space or an I/O error")
	case st.FreeBytes >= 0 && st.FreeBytes < st.MinFreeBytes:
		c.Status, c.Error = oas.HealthChecksStorageStatusDegraded, oas.NewOptString("free space is under DB_MIN_FREE_BYTES")
	}
	return c, true
}

// GetInfo implements getInfo.
func (h *Handler) GetInfo(context.Context) (*oas.SystemInfo, error) {
	return &oas.SystemInfo{
		Name:        "marketpulse",
		Version:     h.Build.Version,
		Commit:      h.Build.Commit,
		BuildTime:   h.Build.BuildTime,
		GoVersion:   h.Build.GoVersion,
		Environment: h.Env,
		StartedAt:   h.StartedAt.UTC(),
	}, nil
}

// GetMetrics implements getMetrics.
func (h *Handler) GetMetrics(context.Context) (*oas.SystemMetrics, error) {
	ops, err := h.Telemetry.RequestStats()
	if err != nil {
		return nil, err
	}
	out := &oas.SystemMetrics{Requests: make([]oas.OperationMetrics, 0, len(ops))}
	for _, o := range ops {
		out.Requests = append(out.Requests, oas.OperationMetrics{
			Operation: o.Operation, Count: int64(o.Count), Errors: int64(o.Errors),
			MeanMs: o.MeanMs, P50Ms: o.P50Ms, P99Ms: o.P99Ms,
		})
	}
	reader, writer := h.Database.Pools()
	out.Database.Reader, out.Database.Writer = poolMetrics(reader), poolMetrics(writer)
	st := h.Cache.Stats()
	out.Cache = oas.CacheMetrics{
		L1: oas.CacheMetricsL1{Hits: int64(st.L1.Hits), Misses: int64(st.L1.Misses), Entries: int64(st.L1.Entries)},
		L2: oas.CacheMetricsL2{
			Status: oas.CacheMetricsL2Status(h.Cache.Health().L2),
			Hits:   int64(st.L2.Hits), Misses: int64(st.L2.Misses), Errors: int64(st.L2.Errors), Skipped: int64(st.L2.Skipped),
		},
		OriginLoads: int64(st.OriginLoads),
	}
	samples := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/gc/cycles/total:gc-cycles"}}
	metrics.Read(samples)
	out.Runtime = oas.SystemMetricsRuntime{
		Goroutines: int64(runtime.NumGoroutine()),
		HeapBytes:  int64(samples[0].Value.Uint64()),
		GcCycles:   int64(samples[1].Value.Uint64()),
	}
	return out, nil
}

// GetPrometheusMetrics implements getPrometheusMetrics in text format 0.0.4.
func (h *Handler) GetPrometheusMetrics(context.Context) (oas.GetPrometheusMetricsOK, error) {
	families, err := h.Telemetry.Registry.Gather()
	if err != nil {
		return oas.GetPrometheusMetricsOK{}, fmt.Errorf("gather metrics: %w", err)
	}
	var buf bytes.Buffer
	enc := expfmt.NewEncoder(&buf, expfmt.NewFormat(expfmt.TypeTextPlain))
	for _, mf := range families {
		if err := enc.Encode(mf); err != nil {
			return oas.GetPrometheusMetricsOK{}, fmt.Errorf("encode metrics: %w", err)
		}
	}
	return oas.GetPrometheusMetricsOK{Data: &buf}, nil
}

func poolMetrics(p Pool) oas.PoolMetrics {
	return oas.PoolMetrics{
		Open:      int64(p.Open),
		InUse:     int64(p.InUse),
		Idle:      int64(p.Idle),
		WaitCount: p.WaitCount,
		WaitMs:    float64(p.Wait.Microseconds()) / 1000,
	}
}
