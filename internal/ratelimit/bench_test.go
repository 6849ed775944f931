package ratelimit_test

import (
	"net/netip"
	"testing"
	"time"

	"github.com/valkey-io/valkey-go"

	"github.com/marketpulse/api/internal/ratelimit"
	"github.com/marketpulse/api/internal/testvalkey"
)

// BenchmarkTake is the request path of a rate limit: a take of one of 1024
// clients' buckets, alone, then shared with other instances approximately
// (the per-IP and per-user limits: the sync of the 1024 buckets runs in the
// background every 200 ms) and
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
	cluster := func(syncEvery time.Duration) *ratelimit.Cluster {
		opt, err := valkey.ParseURL(srv.URL())
		if err != nil {
			b.Fatal(err)
		}
		c := ratelimit.NewCluster(ratelimit.ClusterOptions{Valkey: opt, SyncEvery: syncEvery})
		b.Cleanup(c.Close)
		waitFor(b, "the cluster to come up", c.Up)
		return c
	}
	c := cluster(0) // DefaultSyncEvery
	b.Run("approximate", func(b *testing.B) { run(b, ratelimit.Approximate(c, "ip")) })
	// The request path alone: no sync competes for the CPU.
	quiet := cluster(time.Hour)
	b.Run("approximate-between-syncs", func(b *testing.B) { run(b, ratelimit.Approximate(quiet, "ip")) })
	b.Run("exact", func(b *testing.B) { run(b, ratelimit.Exact(c, "login-client")) })
}
