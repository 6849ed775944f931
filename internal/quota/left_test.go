package quota_test

import (
	"context"
	"testing"
	"time"

	"github.com/marketpulse/api/internal/quota"
	"github.com/marketpulse/api/internal/testdb"
	"github.com/marketpulse/api/internal/testvalkey"
)

func TestLeftLocal(t *testing.T) {
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		c := newClock()
		g := quota.New(quota.Options{Storage: storageOf(e), Now: c.Now}).
			Gate("finnhub", quota.Budget{PerMinute: 5, PerDay: 12})
		admitN(t, demand, g, 3)
		l, err := g.Left(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if l.PerMinute != 5 || l.MinuteLeft != 2 || l.PerDay != 12 || l.DayLeft != 9 || !l.MinuteEnds.Equal(c.Now().Add(time.Minute)) {
			t.Fatalf("left %+v, want 2 of 5 this minute and 9 of 12 today", l)
		}
		c.Add(time.Minute)
		if l, _ := g.Left(context.Background()); l.MinuteLeft != 5 || l.DayLeft != 9 {
			t.Fatalf("next minute: %+v", l)
		}
	})
}

func TestLeftSharedSeesTheOtherInstance(t *testing.T) {
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		srv := testvalkey.Start(t)
		c := newClock()
		b := quota.Budget{PerDay: 30}
		var gates [2]*quota.Gate
		for i := range gates {
			s := quota.New(quota.Options{Storage: storageOf(testdb.Open(t, e.Name)), Valkey: client(t, srv.URL()), Now: c.Now, Prefix: t.Name() + ":"})
			gates[i] = s.Gate("coingecko", b)
		}
		admitN(t, demand, gates[0], 7)
		l, err := gates[1].Left(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if l.DayLeft != 23 || l.PerMinute != 0 || l.MinuteLeft != 0 {
			t.Fatalf("the other instance reads %+v, want 23 of 30 left today and no minute limit", l)
		}
		srv.Kill()
		if l, err := gates[0].Left(context.Background()); err != nil || l.DayLeft != 23 {
			t.Fatalf("with Valkey down: %+v %v, want the spending instance's local copy (23 left)", l, err)
		}
	})
}
