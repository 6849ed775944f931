package cache_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/marketpulse/api/internal/cache"
)

func benchQuote(context.Context) (quote, error) { return quote{Symbol: "AAPL", Price: 187.5}, nil }

func BenchmarkGetL1Hit(b *testing.B) {
	c := mustNew(b, testConfig(""))
	ns := cache.NewNamespace[quote](c, "quotes", time.Hour)
	ctx := context.Background()
	mustGet(b, ns, "AAPL", benchQuote)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, tier, err := ns.Get(ctx, "AAPL", benchQuote); err != nil || tier != cache.TierL1 {
			b.Fatalf("Get = %s, %v", tier, err)
		}
	}
}

func BenchmarkGetL1HitParallel(b *testing.B) {
	c := mustNew(b, testConfig(""))
	ns := cache.NewNamespace[quote](c, "quotes", time.Hour)
	keys := make([]string, 1024)
	for i := range keys {
		keys[i] = strconv.Itoa(i)
		mustGet(b, ns, keys[i], benchQuote)
	}
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		ctx := context.Background()
		for i := 0; pb.Next(); i++ {
			if _, _, err := ns.Get(ctx, keys[i%len(keys)], benchQuote); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkGetL2Hit reads keys that another instance loaded: each Get misses L1 and
// hits L2 (GET + PTTL in one round trip, JSON decode, L1 fill).
func BenchmarkGetL2Hit(b *testing.B) {
	srv, writer := mustStartUp(b)
	reader := mustNew(b, testConfig(srv.URL()))
	waitL2(b, reader, cache.StateUp)
	nsW := cache.NewNamespace[quote](writer, "quotes", time.Hour)
	nsR := cache.NewNamespace[quote](reader, "quotes", time.Hour)
	keys := make([]string, b.N)
	for i := range keys {
		keys[i] = strconv.Itoa(i)
		mustGet(b, nsW, keys[i], benchQuote)
		if i%64 == 63 {
			writer.WaitL2Writes() // stay below the cap on writes in flight
		}
	}
	writer.WaitL2Writes()
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if _, tier, err := nsR.Get(ctx, keys[i], benchQuote); err != nil || tier != cache.TierL2 {
			b.Fatalf("Get(%s) = %s, %v", keys[i], tier, err)
		}
	}
}

// BenchmarkGetMiss loads every key from a trivial origin: the cost of the cache around
// a load (with L2: a GET that misses, the encoding and an async SET).
func BenchmarkGetMiss(b *testing.B) {
	for _, setup := range tierSetups {
		b.Run(setup.name, func(b *testing.B) {
			c := setup.new(b)
			ns := cache.NewNamespace[quote](c, "quotes", time.Hour)
			keys := make([]string, b.N)
			for i := range keys {
				keys[i] = strconv.Itoa(i)
			}
			ctx := context.Background()
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				if _, tier, err := ns.Get(ctx, keys[i], benchQuote); err != nil || tier != cache.TierOrigin {
					b.Fatalf("Get = %s, %v", tier, err)
				}
			}
			b.StopTimer()
			c.WaitL2Writes()
		})
	}
}
