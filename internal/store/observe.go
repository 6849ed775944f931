package store

import (
	"context"
	"database/sql"
	"log/slog"
	"strings"
	"sync"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/metric/noop"

	"github.com/marketpulse/api/gen/db"
)

// observer times every sqlc query by its name (the "-- name: X" header sqlc
// puts in each query) into a histogram and logs the slow ones. Arguments are
// never logged: they may hold secrets.
type observer struct {
	hist metric.Float64Histogram
	slow time.Duration
	log  *slog.Logger
	opts sync.Map // query text → per-pool measurement options
	// writeFailure is the last storage error of a write (see DB.Storage).
	writeFailure writeFailure
}

// queryOpts are a query's histogram attributes per pool, kept as slices so
// that recording does not allocate the variadic argument.
type queryOpts struct {
	name           string
	reader, writer []metric.RecordOption
}

func newObserver(meter metric.Meter, slow time.Duration, log *slog.Logger) (*observer, error) {
	if meter == nil {
		meter = noop.NewMeterProvider().Meter("")
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	hist, err := meter.Float64Histogram("db.client.query.duration",
		metric.WithUnit("s"),
		metric.WithDescription("Duration of database queries by sqlc query name and pool."),
		metric.WithExplicitBucketBoundaries(0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1))
	if err != nil {
		return nil, err
	}
	return &observer{hist: hist, slow: slow, log: log}, nil
}

func (o *observer) record(ctx context.Context, pool, query string, d time.Duration) {
	v, ok := o.opts.Load(query)
	if !ok {
		name := queryName(query)
		v, _ = o.opts.LoadOrStore(query, &queryOpts{
			name:   name,
			reader: []metric.RecordOption{metric.WithAttributeSet(attribute.NewSet(attribute.String("query", name), attribute.String("pool", "reader")))},
			writer: []metric.RecordOption{metric.WithAttributeSet(attribute.NewSet(attribute.String("query", name), attribute.String("pool", "writer")))},
		})
	}
	q := v.(*queryOpts)
	opt := q.writer
	if pool == "reader" {
		opt = q.reader
	}
	o.hist.Record(ctx, d.Seconds(), opt...)
	if o.slow > 0 && d >= o.slow {
		o.log.WarnContext(ctx, "slow query", "query", q.name, "pool", pool, "duration_ms", float64(d.Microseconds())/1000)
	}
}

// queryName reads sqlc's "-- name: GetAsset :one" header; hand-written SQL
// without one is reported as "other".
func queryName(q string) string {
	rest, ok := strings.CutPrefix(q, "-- name: ")
	if !ok {
		return "other"
	}
	name, _, _ := strings.Cut(rest, " ")
	return name
}

// observed is a db.DBTX that reports each call to the observer.
type observed struct {
	next db.DBTX
	obs  *observer
	pool string
}

func (o observed) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	start := time.Now()
	res, err := o.next.ExecContext(ctx, q, args...)
	o.obs.record(ctx, o.pool, q, time.Since(start))
	if err != nil && o.pool == "writer" {
		o.obs.writeFailure.note(err)
	}
	return res, err
}

func (o observed) PrepareContext(ctx context.Context, q string) (*sql.Stmt, error) {
	return o.next.PrepareContext(ctx, q)
}

// QueryContext times the query up to its first row; iterating the rows is
// the caller's time.
func (o observed) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	start := time.Now()
	rows, err := o.next.QueryContext(ctx, q, args...)
	o.obs.record(ctx, o.pool, q, time.Since(start))
	return rows, err
}

func (o observed) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	start := time.Now()
	row := o.next.QueryRowContext(ctx, q, args...)
	o.obs.record(ctx, o.pool, q, time.Since(start))
	return row
}
