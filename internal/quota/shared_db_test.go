package quota_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/marketpulse/api/internal/provider"
	"github.com/marketpulse/api/internal/quota"
	"github.com/marketpulse/api/internal/testdb"
)

// Instances sharing one database and no Valkey share its count: spending
// at once they never exceed a budget together, the day's spend survives a
// reopen, and a pause one records holds the other.
func TestInstancesSharingTheDatabaseShareItsBudget(t *testing.T) {
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		c := newClock()
		b := quota.Budget{PerMinute: 50, PerDay: 30}
		var gates [2]*quota.Gate
		for i := range gates {
			st, _ := reopen(t, e)
			gates[i] = quota.New(quota.Options{Storage: st, Now: c.Now}).Gate("finnhub", b)
		}
		if n, err := admitAtOnce(gates[:], 4, 20); err != nil || n != 30 {
			t.Fatalf("two instances admitted %d (%v), one budget of 30", n, err)
		}

		st, _ := reopen(t, e)
		g := quota.New(quota.Options{Storage: st, Now: c.Now}).Gate("finnhub", b)
		var le *provider.LimitedError
		if err := g.Admit(demand); !errors.As(err, &le) || le.Reason != "budget:day" {
			t.Fatalf("an instance started later: %v, want the day spent", err)
		}
		if l, err := g.Left(context.Background()); err != nil || l.DayLeft != 0 || l.MinuteLeft != 20 {
			t.Fatalf("left %+v %v, want 0 of the day and 20 of the minute", l, err)
		}

		if err := gates[0].Pause(context.Background(), c.Now().Add(48*time.Hour), "429"); err != nil {
			t.Fatal(err)
		}
		c.Add(24 * time.Hour) // a new day: only the pause refuses
		if err := gates[1].Admit(demand); !errors.As(err, &le) || le.Reason != "paused:429" {
			t.Fatalf("the other instance under the pause: %v", err)
		}
	})
}

// admitAtOnce runs workers goroutines per gate, each trying tries
// admissions, and counts the admitted; an error other than a refusal is
// returned.
func admitAtOnce(gates []*quota.Gate, workers, tries int) (int, error) {
	var admitted atomic.Int64
	var mu sync.Mutex
	var errs []error
	var wg sync.WaitGroup
	for _, g := range gates {
		for range workers {
			wg.Go(func() {
				for range tries {
					err := g.Admit(demand)
					var le *provider.LimitedError
					switch {
					case err == nil:
						admitted.Add(1)
					case !errors.As(err, &le):
						mu.Lock()
						errs = append(errs, err)
						mu.Unlock()
						return
					}
				}
			})
		}
	}
	wg.Wait()
	return int(admitted.Load()), errors.Join(errs...)
}
