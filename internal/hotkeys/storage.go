package hotkeys

import (
	"context"
	"time"
)

// Storage is what hotkeys needs of a database engine (the cache_metadata
// table); SQLite and Postgres implement it. Errors come back translated
// into apperr kinds.
type Storage interface {
	// RecordHits adds a flush's hits, each key's to its count, in one
	// transaction, creating the keys it does not know; at is the flush's
	// time (a key's last hit only moves forward).
	RecordHits(ctx context.Context, hits []Hits, at time.Time) error
	// Hottest is up to top stored keys of namespace, most hit first.
	Hottest(ctx context.Context, namespace string, top int) ([]string, error)
}

// Hits are the reads of one key since the last flush.
type Hits struct {
	Key        string // as stored: StoredKey(Namespace, key)
	Namespace  string
	TTLSeconds int64 // the namespace's TTL, for the warmer
	Count      int64
}
