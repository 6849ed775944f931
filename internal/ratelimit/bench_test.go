package ratelimit_test

import (
	"net/netip"
	"testing"
	"time"

	"github.com/marketpulse/api/internal/ratelimit"
	"github.com/marketpulse/api/internal/testvalkey"
)

// BenchmarkTake is the request path of a rate limit: a take of one of 1024
// clients' buckets, alone, then shared with other instances approximately
// (the per-IP and per-user limits: the sync runs in the background) and
// exactly (the login throttles: a Valkey round trip each).
func BenchmarkTake(b *testing.B) {
	clients := make([]netip.Addr, 1024)
	for i := range clients {
		clients[i] = netip.AddrFrom4([4]byte{198, 51, byte(i >> 8), byte(i)})
	}
	run := func(b *testing.B, opt ratelimit.Option) {
		st := ratelimit.New[netip.Addr](1e9, 1_000_000, 0, opt)
		defer st.Close()
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if !st.Take(clients[i%len(clients)], time.Now()).OK {
				b.Fatal("refused")
			}
			i++
		}
	}
	b.Run("local", func(b *testing.B) { run(b, ratelimit.Approximate(nil, "ip")) }) // a nil cluster shares nothing
	srv := testvalkey.Start(b)
	c := mustCluster(b, srv)
	waitFor(b, "the cluster to come up", c.Up)
	b.Run("approximate", func(b *testing.B) { run(b, ratelimit.Approximate(c, "ip")) })
	b.Run("exact", func(b *testing.B) { run(b, ratelimit.Exact(c, "login-client")) })
}
