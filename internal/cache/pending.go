package cache

import "sync"

// maxPending bounds each set of invalidations remembered while L2 cannot be reached.
const maxPending = 10_000

// pendingSet is a bounded set of L2 keys (or tags) invalidated while L2 was unreachable,
// replayed before L2 is used again.
type pendingSet struct {
	mu         sync.Mutex
	items      map[string]struct{}
	overflowed bool
}

// add remembers items; first reports the first overflow since the last take.
func (p *pendingSet) add(items []string) (first bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.items == nil {
		p.items = make(map[string]struct{})
	}
	for _, it := range items {
		if len(p.items) >= maxPending {
			first = !p.overflowed
			p.overflowed = true
			return first
		}
		p.items[it] = struct{}{}
	}
	return false
}

// take returns and forgets the remembered items.
func (p *pendingSet) take() (items []string, overflowed bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	items = make([]string, 0, len(p.items))
	for it := range p.items {
		items = append(items, it)
	}
	clear(p.items)
	overflowed, p.overflowed = p.overflowed, false
	return items, overflowed
}

// putBack returns items that take gave out but could not be replayed.
func (p *pendingSet) putBack(items []string) {
	p.add(items)
}
