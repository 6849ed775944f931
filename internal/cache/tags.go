package cache

import (
	"sync"
	"sync/atomic"
)

// maxTagRefs bounds the (tag, L1 entry) pairs of the tag index. Beyond it, tagged entries
// are not indexed, and a tag invalidation drops their whole namespace from L1 instead.
const maxTagRefs = 100_000

// tagIndex maps each tag to the L1 entries carrying it, so that a tag invalidation drops
// exactly those. Entries leave it when L1 deletes them (OnAtomicDeletion), so its size
// follows L1's.
type tagIndex struct {
	mu    sync.Mutex
	byTag map[string]map[l1Key]*entryMeta
	refs  int
	max   int
	// epoch counts tag invalidations applied here; a load that saw another epoch when it
	// started may hold data from before one of them.
	epoch atomic.Uint64
}

func newTagIndex(max int) *tagIndex {
	return &tagIndex{byTag: make(map[string]map[l1Key]*entryMeta), max: max}
}

// add indexes the entry m of k under its tags. stale reports that a tag invalidation
// happened since since (an epoch), so the entry must not be cached; full reports that the
// index had no room for it.
func (x *tagIndex) add(k l1Key, m *entryMeta, since uint64) (stale, full bool) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.epoch.Load() != since { // read under mu: drop bumps it under mu too
		return true, false
	}
	added := 0 // a refreshed entry takes the place of its predecessor
	for _, t := range m.tags {
		if _, ok := x.byTag[t][k]; !ok {
			added++
		}
	}
	if x.refs+added > x.max {
		return false, true
	}
	for _, t := range m.tags {
		entries := x.byTag[t]
		if entries == nil {
			entries = make(map[l1Key]*entryMeta)
			x.byTag[t] = entries
		}
		entries[k] = m
	}
	x.refs += added
	return false, false
}

// remove forgets the entry m of k, unless a newer entry of k took its place. It runs
// under an otter bucket lock and must not call the cache.
func (x *tagIndex) remove(k l1Key, m *entryMeta) {
	x.mu.Lock()
	defer x.mu.Unlock()
	for _, t := range m.tags {
		entries := x.byTag[t]
		if entries[k] != m {
			continue
		}
		delete(entries, k)
		x.refs--
		if len(entries) == 0 {
			delete(x.byTag, t)
		}
	}
}

// drop forgets tag and returns the keys of the entries that carried it. The caller
// invalidates them in L1, which removes their other tags.
func (x *tagIndex) drop(tag string) []l1Key {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.epoch.Add(1)
	entries := x.byTag[tag]
	delete(x.byTag, tag)
	x.refs -= len(entries)
	keys := make([]l1Key, 0, len(entries))
	for k := range entries {
		keys = append(keys, k)
	}
	return keys
}
