package httpapi_test

import (
	"bufio"
	"fmt"
	"net"
	"runtime"
	"strings"
	"testing"

	"github.com/marketpulse/api/internal/apitest"
	"github.com/marketpulse/api/internal/config"
)

// BenchmarkIdleStreamMemory holds 1,000 idle streams of GET /api/stream on
// one in-process server and reports what each costs: heap and goroutine
// stacks in use, and goroutines.
func BenchmarkIdleStreamMemory(b *testing.B) {
	const n = 1000
	for b.Loop() {
		b.StopTimer()
		s := apitest.Start(b, func(c *config.Config) { c.Stream.MaxPerClient = 100000 })
		addr := strings.TrimPrefix(s.URL, "http://")
		b.StartTimer()
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		g0 := runtime.NumGoroutine()
		conns := make([]net.Conn, 0, n)
		for range n {
			c, err := net.Dial("tcp", addr)
			if err != nil {
				b.Fatal(err)
			}
			fmt.Fprintf(c, "GET /api/stream?symbols=AAPL HTTP/1.1\r\nHost: x\r\n\r\n")
			if l, _ := bufio.NewReader(c).ReadString('\n'); !strings.Contains(l, " 200 ") {
				b.Fatalf("status line %q", l)
			}
			conns = append(conns, c)
		}
		for s.API.Stream.Hub().Stats().Open < n {
			runtime.Gosched()
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapInuse-before.HeapInuse)/n, "heap-B/stream")
		b.ReportMetric(float64(after.StackInuse-before.StackInuse)/n, "stack-B/stream")
		b.ReportMetric(float64(runtime.NumGoroutine()-g0)/n, "goroutines/stream")
		for _, c := range conns {
			c.Close()
		}
		s.API.Stream.Hub().Close() // a closed peer is only noticed at the next write
	}
}
