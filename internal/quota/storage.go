package quota

import (
	"context"
	"math"
	"time"
)

// Storage is what quota needs of a database engine; SQLite and Postgres
// implement it. A window is named by its span ("minute", "day") and its
// start in Unix seconds; a provider's row holds the spend of its current
// window of each span only.
type Storage interface {
	// Spent is the spend of the provider's window of span that starts at
	// start, read outside a transaction (0 when the stored one is another
	// window).
	Spent(ctx context.Context, provider, span string, start int64) (int64, error)
	// RaiseSpent raises the spend of that window to at least used (a spend
	// learnt from the shared budget), in a transaction of its own.
	RaiseSpent(ctx context.Context, provider, span string, start, used int64) error
	// Pause refuses the provider until until, in a transaction of its own;
	// a later pause already recorded wins.
	Pause(ctx context.Context, provider string, until time.Time, reason string) error

	// InTx runs fn in one write transaction and commits when fn returns nil.
	// fn may run more than once (PostgreSQL retries serialization failures
	// and deadlocks): it must not have effects outside the transaction.
	InTx(ctx context.Context, fn func(tx Tx) error) error
}

// Tx is what an admission does inside one write transaction.
type Tx interface {
	// Paused is the provider's recorded pause (the zero Pause when it was
	// never paused).
	Paused(ctx context.Context, provider string) (Pause, error)
	// Take spends one request of the provider's window of span that starts
	// at start unless limit requests are spent in it already (limit 0: no
	// limit). ok says whether it did; used is the window's spend after it,
	// or the spend that refused it. Instances sharing the database never
	// spend past limit together: the check and the spend are one statement.
	Take(ctx context.Context, provider, span string, start, limit int64) (used int64, ok bool, err error)
}

// Pause is a provider's recorded pause.
type Pause struct {
	Until  time.Time
	Reason string // "429", "note"
}

// maxUsed is the bound of a window's spend the queries take for a Take's
// limit (0: none).
func maxUsed(limit int64) int64 {
	if limit <= 0 {
		return math.MaxInt64
	}
	return limit
}
