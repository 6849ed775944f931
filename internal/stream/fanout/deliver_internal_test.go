package fanout

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/marketpulse/api/internal/stream"
)

// What another instance sends reaches the local hub; this instance's own
// messages, malformed and oversized ones do not, and a revocation closes
// the session's streams.
func TestDeliver(t *testing.T) {
	t.Parallel()
	hub := stream.NewHub(stream.Options{})
	r := New(hub, Options{Origin: "me"})
	sub, err := hub.Subscribe(stream.SubscribeOptions{Keys: []string{"AAPL"}, Session: "s1"})
	if err != nil {
		t.Fatal(err)
	}
	msg := func(origin string, price string) string {
		b, _ := json.Marshal(message{Origin: origin, At: time.Now().UnixNano(), Events: []wire{
			{Type: "quote", Key: "AAPL", Data: json.RawMessage(`{"price":` + price + `}`)},
		}})
		return string(b)
	}
	r.deliver(msg("me", "1"))
	r.deliver(`{"o":"other","e":[{"t":"quote","k":"AAPL","d":`) // malformed
	r.deliver(msg("other", "3") + strings.Repeat(" ", maxMessage))
	r.deliver(msg("other", "2"))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	evs, err := sub.Next(ctx)
	if err != nil || len(evs) != 1 || string(evs[0].Data) != `{"price":2}` {
		t.Fatalf("got %+v, %v; want only the other instance's well-formed price 2", evs, err)
	}
	if st := hub.Stats(); st.Published != 1 {
		t.Fatalf("published %d, want 1", st.Published)
	}
	b, _ := json.Marshal(message{Origin: "other", CloseSession: "s1"})
	r.deliver(string(b))
	select {
	case <-sub.Done():
	case <-ctx.Done():
		t.Fatal("a revoked session's stream stays open")
	}
	if got := r.Wanted([]string{"MSFT"}); len(got) != 0 {
		t.Fatalf("wanted %v with nobody streaming MSFT anywhere", got)
	}
	b, _ = json.Marshal(message{Origin: "other", Listening: true})
	r.deliver(string(b))
	if got := r.Wanted([]string{"MSFT"}); r.RemoteListeners() != 1 || len(got) != 1 {
		t.Fatalf("wanted %v, %d remote listeners, once another instance streams", got, r.RemoteListeners())
	}
	if r.State() != StateLocal || r.Shared() {
		t.Fatalf("without Valkey: state %s, shared %v", r.State(), r.Shared())
	}
}
