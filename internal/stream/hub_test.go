package stream_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/marketpulse/api/internal/stream"
)

func quote(sym, v string) stream.Event {
	return stream.Event{Type: "quote", Key: sym, Data: []byte(`{"symbol":"` + sym + `","price":` + v + `}`)}
}

func next(t *testing.T, s *stream.Sub) []stream.Event {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	evs, err := s.Next(ctx)
	if err != nil {
		t.Fatalf("next: %v", err)
	}
	return evs
}

func TestCoalescingLatestWins(t *testing.T) {
	t.Parallel()
	h := stream.NewHub(stream.Options{})
	s, err := h.Subscribe(stream.SubscribeOptions{Keys: []string{"AAPL", "MSFT"}})
	if err != nil {
		t.Fatal(err)
	}
	h.Publish(quote("AAPL", "1"))
	h.Publish(quote("MSFT", "5"))
	h.Publish(quote("AAPL", "2"))
	h.Publish(quote("TSLA", "9")) // not subscribed
	evs := next(t, s)
	if len(evs) != 2 || evs[0].Key != "MSFT" || string(evs[1].Data) != `{"symbol":"AAPL","price":2}` {
		t.Fatalf("got %+v, want MSFT then AAPL at 2", evs)
	}
	if st := h.Stats(); st.Coalesced != 1 || st.Open != 1 {
		t.Fatalf("stats %+v, want 1 coalesced, 1 open", st)
	}
}

func TestSlowConsumerDroppedOthersUnaffected(t *testing.T) {
	t.Parallel()
	h := stream.NewHub(stream.Options{MaxPending: 2})
	slow, _ := h.Subscribe(stream.SubscribeOptions{Types: []string{"news"}})
	fast, _ := h.Subscribe(stream.SubscribeOptions{Types: []string{"news"}})
	for i := 0; i < 3; i++ {
		h.Publish(stream.Event{Type: "news", Data: []byte(`{}`)})
		if i < 2 {
			if got := len(next(t, fast)); got != 1 {
				t.Fatalf("fast got %d events, want 1", got)
			}
		}
	}
	<-slow.Done()
	if !errors.Is(slow.Err(), stream.ErrSlow) {
		t.Fatalf("slow err %v, want ErrSlow", slow.Err())
	}
	if got := len(next(t, fast)); got != 1 {
		t.Fatalf("fast got %d, want 1 after the slow one was dropped", got)
	}
	if st := h.Stats(); st.SlowDropped != 1 || st.Open != 1 {
		t.Fatalf("stats %+v", st)
	}
}

func TestResumeWithinAndBeyondRing(t *testing.T) {
	t.Parallel()
	h := stream.NewHub(stream.Options{ReplaySize: 2})
	var ids []uint64
	for _, v := range []string{"1", "2", "3", "4"} {
		ids = append(ids, h.Publish(quote("AAPL", v)))
	}
	s, _ := h.Subscribe(stream.SubscribeOptions{Keys: []string{"AAPL"}, LastEventID: ids[1]})
	if !s.Resumed() {
		t.Fatal("not resumed within the ring")
	}
	evs := next(t, s)
	if len(evs) != 1 || evs[0].ID != ids[3] {
		t.Fatalf("got %+v, want the latest AAPL (id %d) coalesced", evs, ids[3])
	}
	old, _ := h.Subscribe(stream.SubscribeOptions{Keys: []string{"AAPL"}, LastEventID: ids[0]})
	if old.Resumed() {
		t.Fatal("resumed from an id the ring no longer holds")
	}
}

func TestLimits(t *testing.T) {
	t.Parallel()
	h := stream.NewHub(stream.Options{MaxPerUser: 1, MaxPerClient: 2})
	a, err := h.Subscribe(stream.SubscribeOptions{User: "u1", Client: "c"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.Subscribe(stream.SubscribeOptions{User: "u1", Client: "d"}); !errors.Is(err, stream.ErrLimit) {
		t.Fatalf("second stream of u1: %v, want ErrLimit", err)
	}
	if _, err := h.Subscribe(stream.SubscribeOptions{Client: "c"}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.Subscribe(stream.SubscribeOptions{Client: "c"}); !errors.Is(err, stream.ErrLimit) {
		t.Fatalf("third stream of client c: %v, want ErrLimit", err)
	}
	h.Unsubscribe(a)
	if _, err := h.Subscribe(stream.SubscribeOptions{User: "u1"}); err != nil {
		t.Fatalf("after unsubscribe: %v", err)
	}
}

func TestCloseUserAndShutdown(t *testing.T) {
	t.Parallel()
	h := stream.NewHub(stream.Options{})
	u, _ := h.Subscribe(stream.SubscribeOptions{User: "u1"})
	o, _ := h.Subscribe(stream.SubscribeOptions{User: "u2"})
	h.CloseUser("u1")
	<-u.Done()
	select {
	case <-o.Done():
		t.Fatal("u2's stream closed by u1's revocation")
	default:
	}
	h.Close()
	<-o.Done()
	if !errors.Is(o.Err(), stream.ErrClosed) {
		t.Fatalf("err %v", o.Err())
	}
	if _, err := h.Subscribe(stream.SubscribeOptions{}); !errors.Is(err, stream.ErrClosed) {
		t.Fatalf("subscribe after close: %v", err)
	}
}
