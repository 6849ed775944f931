package stream_test

import (
	"slices"
	"testing"

	"github.com/marketpulse/api/internal/stream"
)

// A subscriber that has gone may come back with Last-Event-ID while the
// ring still reaches back to where it left: changes of its keys must still
// be published meanwhile, or the resume would miss them. Once the ring has
// moved past, they are not wanted any more.
func TestWantedKeepsTheKeysOfAResumableSubscriber(t *testing.T) {
	h := stream.NewHub(stream.Options{ReplaySize: 2})
	s, err := h.Subscribe(stream.SubscribeOptions{Keys: []string{"AAPL"}})
	if err != nil {
		t.Fatal(err)
	}
	h.Unsubscribe(s)
	if got := h.Wanted([]string{"AAPL", "MSFT"}); !slices.Equal(got, []string{"AAPL"}) {
		t.Fatalf("wanted after leaving: %v, want [AAPL]", got)
	}
	for range 3 {
		h.Publish(stream.Event{Type: "quote", Key: "AAPL", Data: []byte(`{}`)})
	}
	if got := h.Wanted([]string{"AAPL"}); len(got) != 0 {
		t.Fatalf("wanted once the ring moved past: %v, want none", got)
	}
}
