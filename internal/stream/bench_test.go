package stream_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/marketpulse/api/internal/stream"
)

// BenchmarkPublishFanOut measures one Publish to 1,000 subscribers over 500
// symbols (two per symbol), each drained by its own goroutine.
func BenchmarkPublishFanOut(b *testing.B) {
	h := stream.NewHub(stream.Options{MaxPerClient: 1 << 20})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for i := 0; i < 1000; i++ {
		s, err := h.Subscribe(stream.SubscribeOptions{Keys: []string{fmt.Sprintf("S%d", i%500)}})
		if err != nil {
			b.Fatal(err)
		}
		go func() {
			for {
				if _, err := s.Next(ctx); err != nil {
					return
				}
			}
		}()
	}
	ev := quote("S1", "1")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ev.Key = fmt.Sprintf("S%d", i%500)
		h.Publish(ev)
	}
	b.StopTimer()
	h.Close()
}
