package quota_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/valkey-io/valkey-go"

	"github.com/marketpulse/api/internal/provider"
	"github.com/marketpulse/api/internal/quota"
	"github.com/marketpulse/api/internal/testdb"
	"github.com/marketpulse/api/internal/testvalkey"
)

// clock is a settable clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newClock() *clock { return &clock{t: time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)} }

// admitN tries n admissions and counts the admitted; any other error fails.
func admitN(t *testing.T, ctx context.Context, g provider.Gate, n int) (admitted int, last *provider.LimitedError) {
	t.Helper()
	for range n {
		err := g.Admit(ctx)
		var le *provider.LimitedError
		switch {
		case err == nil:
			admitted++
		case errors.As(err, &le):
			last = le
		default:
			t.Fatalf("admit: %v", err)
		}
	}
	return admitted, last
}

var demand = quota.WithPriority(context.Background(), quota.Demand)

func TestMinuteAndDayNeverExceeded(t *testing.T) {
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		c := newClock()
		s := quota.New(quota.Options{Storage: storageOf(e), Now: c.Now})
		g := s.Gate("finnhub", quota.Budget{PerMinute: 5, PerDay: 12})
		total := 0
		for minute := range 5 {
			n, le := admitN(t, demand, g, 20)
			total += n
			if n > 5 {
				t.Fatalf("minute %d: %d admitted, budget 5", minute, n)
			}
			if le == nil || !le.Until.After(c.Now()) {
				t.Fatalf("minute %d: refusal %+v", minute, le)
			}
			c.Add(time.Minute)
		}
		if total != 12 {
			t.Fatalf("%d admitted in a day, budget 12", total)
		}
		c.Add(24 * time.Hour)
		if n, _ := admitN(t, demand, g, 3); n != 3 {
			t.Fatalf("a new day admitted %d of 3", n)
		}
	})
}

func TestRestartKeepsTheDaysSpend(t *testing.T) {
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		c := newClock()
		st, closeIt := reopen(t, e)
		g := quota.New(quota.Options{Storage: st, Now: c.Now}).Gate("alphavantage", quota.Budget{PerDay: 5})
		if n, _ := admitN(t, demand, g, 3); n != 3 {
			t.Fatalf("admitted %d of 3", n)
		}
		closeIt()
		st, _ = reopen(t, e)
		g = quota.New(quota.Options{Storage: st, Now: c.Now}).Gate("alphavantage", quota.Budget{PerDay: 5})
		n, le := admitN(t, demand, g, 10)
		if n != 2 || le == nil || le.Reason != "budget:day" {
			t.Fatalf("after a restart: %d admitted (want 2), refusal %+v", n, le)
		}
	})
}

func TestReserveIsForDemand(t *testing.T) {
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		c := newClock()
		g := quota.New(quota.Options{Storage: storageOf(e), Now: c.Now}).
			Gate("coingecko", quota.Budget{PerDay: 10, Reserve: 0.2})
		n, le := admitN(t, context.Background(), g, 20)
		if n != 8 || le == nil || le.Reason != "budget:reserve" {
			t.Fatalf("background: %d admitted (want 8), refusal %+v", n, le)
		}
		if n, _ := admitN(t, demand, g, 20); n != 2 {
			t.Fatalf("demand in the reserve: %d admitted, want 2", n)
		}
	})
}

// A request the day refuses spends nothing of the minute either: both
// windows are spent together or not at all.
func TestRefusedByTheDaySpendsNothingOfTheMinute(t *testing.T) {
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		c := newClock()
		g := quota.New(quota.Options{Storage: storageOf(e), Now: c.Now}).
			Gate("finnhub", quota.Budget{PerMinute: 3, PerDay: 10, Reserve: 0.5})
		if n, _ := admitN(t, context.Background(), g, 3); n != 3 {
			t.Fatalf("background, first minute: %d admitted of 3", n)
		}
		c.Add(time.Minute)
		n, le := admitN(t, context.Background(), g, 10)
		if n != 2 || le == nil || le.Reason != "budget:reserve" {
			t.Fatalf("background, second minute: %d admitted (want 2 to the reserve), refusal %+v", n, le)
		}
		if l, err := g.Left(context.Background()); err != nil || l.MinuteLeft != 1 || l.DayLeft != 5 {
			t.Fatalf("left %+v %v, want 1 of the minute (the refusals spent none) and 5 of the day", l, err)
		}
		if n, le := admitN(t, demand, g, 3); n != 1 || le == nil || le.Reason != "budget:minute" {
			t.Fatalf("demand: %d admitted (want the minute's last), refusal %+v", n, le)
		}
	})
}

func TestPauseRefusesUntilItEnds(t *testing.T) {
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		c := newClock()
		g := quota.New(quota.Options{Storage: storageOf(e), Now: c.Now}).
			Gate("yahoo", quota.Budget{PerMinute: 100})
		until := c.Now().Add(30 * time.Second)
		if err := g.Pause(context.Background(), until, "429"); err != nil {
			t.Fatal(err)
		}
		if err := g.Pause(context.Background(), c.Now().Add(10*time.Second), "note"); err != nil {
			t.Fatal(err)
		}
		var le *provider.LimitedError
		if err := g.Admit(demand); !errors.As(err, &le) || !le.Until.Equal(until) || le.Reason != "paused:429" {
			t.Fatalf("paused admit: %v, want the longer pause", err)
		}
		c.Add(31 * time.Second)
		if err := g.Admit(demand); err != nil {
			t.Fatalf("after the pause: %v", err)
		}
	})
}

func client(t *testing.T, url string) valkey.Client {
	t.Helper()
	opt, err := valkey.ParseURL(url)
	if err != nil {
		t.Fatal(err)
	}
	opt.DisableCache = true
	c, err := valkey.NewClient(opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

// Two instances, each with a database of its own, share one budget
// through Valkey.
func TestTwoInstancesShareOneBudget(t *testing.T) {
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		srv := testvalkey.Start(t)
		c := newClock()
		b := quota.Budget{PerMinute: 50, PerDay: 30}
		var gates [2]*quota.Gate
		for i := range gates {
			s := quota.New(quota.Options{Storage: storageOf(testdb.Open(t, e.Name)), Valkey: client(t, srv.URL()), Now: c.Now, Prefix: t.Name() + ":"})
			gates[i] = s.Gate("finnhub", b)
		}
		var wg sync.WaitGroup
		counts := make([]int, 2)
		for i, g := range gates {
			wg.Go(func() { counts[i], _ = admitN(t, demand, g, 40) })
		}
		wg.Wait()
		if counts[0]+counts[1] != 30 {
			t.Fatalf("two instances admitted %d+%d, one budget of 30", counts[0], counts[1])
		}
		// A pause by one instance holds the other.
		if err := gates[0].Pause(context.Background(), time.Now().Add(time.Hour), "note"); err != nil {
			t.Fatal(err)
		}
		c.Add(24 * time.Hour)
		var le *provider.LimitedError
		if err := gates[1].Admit(demand); !errors.As(err, &le) || le.Reason != "paused:note" {
			t.Fatalf("the other instance under a shared pause: %v", err)
		}
	})
}

func TestValkeyDownFallsBackToTheLocalCount(t *testing.T) {
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		srv := testvalkey.Start(t)
		c := newClock()
		s := quota.New(quota.Options{Storage: storageOf(e), Valkey: client(t, srv.URL()), Now: c.Now, Prefix: t.Name() + ":"})
		g := s.Gate("finnhub", quota.Budget{PerDay: 6})
		if n, _ := admitN(t, demand, g, 4); n != 4 {
			t.Fatalf("admitted %d of 4", n)
		}
		srv.Kill()
		if n, le := admitN(t, demand, g, 10); n != 2 || le == nil {
			t.Fatalf("with Valkey down: %d admitted (want 2 left of the day), refusal %+v", n, le)
		}
	})
}
