package cache

import (
	"strconv"
	"sync"
	"sync/atomic"
)

// gens are the generations of a namespace. Every L1 key holds l1 and every L2 key holds
// l2, so raising them makes all the namespace's entries unreachable at once; the old
// entries expire by TTL. Both only grow, so an old entry never becomes reachable again.
type gens struct {
	l1     uint64 // local: raised with l2, and alone to drop the namespace from this L1
	l1ns   string // the ns of the namespace's L1 keys: "<namespace>:<l1>"
	l2     uint64 // shared through Valkey, so that all instances read the same L2 keys
	prefix string // of the namespace's L2 keys: "<namespace>:<l2>:"
	// synced says that l2 was agreed with Valkey since this instance last could have
	// missed a change: until then L2 is not used for the namespace.
	synced bool
}

// nsState is what the Cache knows of a registered namespace, whatever its type.
type nsState struct {
	name string
	gens atomic.Pointer[gens]
	mu   sync.Mutex // serialises updates of gens

	// bumpPending says that an InvalidateAll could not reach Valkey: it is replayed
	// before the namespace uses L2 again.
	bumpPending atomic.Bool
	// untracked says that tagged entries of the namespace are in L1 but not in the tag
	// index, which was full: a tag invalidation then drops the namespace from L1.
	untracked atomic.Bool

	counters nsCounters
}

func newNSState(name string) *nsState {
	s := &nsState{name: name}
	s.gens.Store(&gens{l1ns: l1NS(name, 0), prefix: l2Prefix(name, 0)})
	return s
}

func l1NS(ns string, gen uint64) string {
	return ns + ":" + strconv.FormatUint(gen, 10)
}

func l2Prefix(ns string, gen uint64) string {
	return ns + ":" + strconv.FormatUint(gen, 10) + ":"
}

// update applies f to a copy of the generations and publishes the copy.
func (s *nsState) update(f func(g *gens)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.gens.Load()
	g := *old
	f(&g)
	if g.l1 != old.l1 {
		g.l1ns = l1NS(s.name, g.l1)
	}
	if g.l2 != old.l2 {
		g.prefix = l2Prefix(s.name, g.l2)
	}
	if g != *old {
		s.gens.Store(&g)
	}
}

// agree takes gen, the namespace's generation in Valkey, unless this instance already
// has a newer one; synced marks the generation as agreed.
func (s *nsState) agree(gen uint64, synced bool) {
	s.update(func(g *gens) {
		if gen > g.l2 {
			g.l2 = gen
			g.l1++
		}
		// A bump still to replay means that peers read an older generation.
		g.synced = (g.synced || synced) && !s.bumpPending.Load()
	})
}

// bumpLocal is InvalidateAll without Valkey. The namespace stays out of L2 until the
// bump is replayed there, as peers still read the old generation.
func (s *nsState) bumpLocal(l2Configured bool) {
	s.update(func(g *gens) {
		g.l1++
		g.l2++
		g.synced = g.synced && !l2Configured
	})
}

// dropL1 makes the namespace's L1 entries unreachable on this instance only.
func (s *nsState) dropL1() {
	s.update(func(g *gens) { g.l1++ })
}

// unsync marks the generation as possibly outdated: peers may have raised it unheard.
func (s *nsState) unsync() {
	s.update(func(g *gens) { g.synced = false })
}
