package ratelimit

import "time"

// Syncs is how many times s synced with its cluster, and the longest time
// between two syncs.
func Syncs[K comparable](s *Store[K]) (uint64, time.Duration) {
	return s.syncs.n.Load(), time.Duration(s.syncs.maxGap.Load())
}
