package cache

import "sync"

// maxPendingDeletes bounds the keys remembered while L2 cannot be reached.
const maxPendingDeletes = 10_000

// pendingDeletes are L2 keys invalidated while L2 was down, deleted before it is used
// again.
type pendingDeletes struct {
	mu         sync.Mutex
	keys       map[string]struct{}
	overflowed bool
}

// add remembers keys; first reports the first overflow since the last take.
func (p *pendingDeletes) add(keys []string) (first bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, k := range keys {
		if len(p.keys) >= maxPendingDeletes {
			first = !p.overflowed
			p.overflowed = true
			return first
		}
		p.keys[k] = struct{}{}
	}
	return false
}

// take returns and forgets the remembered keys.
func (p *pendingDeletes) take() (keys []string, overflowed bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	keys = make([]string, 0, len(p.keys))
	for k := range p.keys {
		keys = append(keys, k)
	}
	clear(p.keys)
	overflowed, p.overflowed = p.overflowed, false
	return keys, overflowed
}

// putBack returns keys that take gave out but could not be deleted.
func (p *pendingDeletes) putBack(keys []string) {
	p.add(keys)
}
