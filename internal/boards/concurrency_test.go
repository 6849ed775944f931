package boards_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/boards"
	"github.com/marketpulse/api/internal/testdb"
)

// racers is how many callers race for one thing: as many as pgstore's
// default attempts at a transaction. PostgreSQL fails a transaction to
// serialize only once a transaction it conflicts with committed ("safe
// retry"), so each of n racers fails at most n-1 times, and 5 attempts see
// 5 racers through; a sixth writer of one hot row could get 503
// database_busy (see docs/postgres.md).
const racers = 5

// race runs fn(0) … fn(racers-1) at once (each waits for all to be ready)
// and returns their errors by index.
func race(fn func(i int) error) []error {
	errs := make([]error, racers)
	var ready, done sync.WaitGroup
	start := make(chan struct{})
	for i := range racers {
		ready.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			ready.Done()
			<-start
			errs[i] = fn(i)
		}()
	}
	ready.Wait()
	close(start)
	done.Wait()
	return errs
}

// oneWinner returns the index of the only nil error, failing unless every
// other error is what loser accepts.
func oneWinner(t *testing.T, errs []error, loser func(error) bool) int {
	t.Helper()
	winner := -1
	for i, err := range errs {
		switch {
		case err == nil && winner >= 0:
			t.Fatalf("callers %d and %d both won", winner, i)
		case err == nil:
			winner = i
		case !loser(err):
			t.Fatalf("caller %d lost with %v (kind %v)", i, err, apperr.KindOf(err))
		}
	}
	if winner < 0 {
		t.Fatalf("nobody won: %v", errs)
	}
	return winner
}

func isNotFound(err error) bool { return apperr.KindOf(err) == apperr.NotFound }

// Changes that expect the same version, at once: exactly one applies, the
// others answer 412 (or 404 when the winner deleted it), on both engines.
// On PostgreSQL the losers that had read the old version fail to
// serialize, run again, read the new one and lose as on SQLite; none
// writes over the winner and none surfaces as a 503 or a 500.
func TestOptimisticLockingOneWinner(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		ctx := context.Background()
		s, owner := mustService(t, e, nil)
		setup := func(t *testing.T) (boards.Dashboard, boards.Widget) {
			t.Helper()
			d, err := s.CreateDashboard(ctx, owner, boards.NewDashboard{Name: "d"})
			if err != nil {
				t.Fatal(err)
			}
			w, err := s.CreateWidget(ctx, owner, d.ID, boards.NewWidget{Title: "w", Position: boards.Rect{W: 2, H: 1}, Config: configs[0]})
			if err != nil {
				t.Fatal(err)
			}
			d.Version++ // the widget bumped it
			return d, w
		}
		tests := []struct {
			name  string
			call  func(d boards.Dashboard, w boards.Widget, i int) error
			loser func(error) bool
			check func(t *testing.T, d *boards.Detail, winner int)
		}{
			{"update dashboard", func(d boards.Dashboard, _ boards.Widget, i int) error {
				_, err := s.UpdateDashboard(ctx, owner, d.ID, boards.DashboardUpdate{Name: ptr(name(i)), Expect: boards.Precondition{Version: d.Version}})
				return err
			}, isStale, func(t *testing.T, d *boards.Detail, winner int) {
				if d.Name != name(winner) {
					t.Fatalf("name %q, want the winner's %q", d.Name, name(winner))
				}
			}},
			{"update widget", func(d boards.Dashboard, w boards.Widget, i int) error {
				_, err := s.UpdateWidget(ctx, owner, d.ID, w.ID, boards.WidgetUpdate{Title: ptr(name(i)), Expect: boards.Precondition{Version: w.Version}})
				return err
			}, isStale, func(t *testing.T, d *boards.Detail, winner int) {
				if w := d.Widgets[0]; w.Title != name(winner) || w.Version != 2 {
					t.Fatalf("widget %q version %d, want the winner's %q at 2", w.Title, w.Version, name(winner))
				}
			}},
			{"layout", func(d boards.Dashboard, w boards.Widget, i int) error {
				_, err := s.PutLayout(ctx, owner, d.ID, boards.Layout{
					Items:  []boards.Placement{{WidgetID: w.ID, Position: boards.Rect{Y: int32(i + 1), W: 2, H: 1}}},
					Expect: boards.Precondition{Version: d.Version},
				})
				return err
			}, isStale, func(t *testing.T, d *boards.Detail, winner int) {
				if y := d.Widgets[0].Position.Y; y != int32(winner+1) {
					t.Fatalf("widget at row %d, want the winner's %d", y, winner+1)
				}
			}},
			{"delete widget", func(d boards.Dashboard, w boards.Widget, _ int) error {
				return s.DeleteWidget(ctx, owner, d.ID, w.ID, boards.Precondition{Version: w.Version})
			}, isNotFound, func(t *testing.T, d *boards.Detail, _ int) {
				if len(d.Widgets) != 0 {
					t.Fatalf("widgets left: %+v", d.Widgets)
				}
			}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				d, w := setup(t)
				errs := race(func(i int) error { return tt.call(d, w, i) })
				winner := oneWinner(t, errs, tt.loser)
				got, err := newService(t, storageOf(e), nil).GetDashboard(ctx, owner, d.ID)
				if err != nil {
					t.Fatal(err)
				}
				if got.Version != d.Version+1 {
					t.Fatalf("dashboard version %d, want %d: one change", got.Version, d.Version+1)
				}
				tt.check(t, got, winner)
			})
		}
		t.Run("delete dashboard", func(t *testing.T) {
			d, _ := setup(t)
			errs := race(func(int) error { return s.DeleteDashboard(ctx, owner, d.ID, boards.Precondition{Version: d.Version}) })
			oneWinner(t, errs, isNotFound)
		})
	})
}

func name(i int) string { return fmt.Sprintf("racer %d", i) }

// Rules that read and then write hold under concurrent writers: widgets
// placed at once on the same cells never overlap, and dashboards created
// at once by a user without any leave exactly one default.
func TestConcurrentRulesHold(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		ctx := context.Background()
		s, owner := mustService(t, e, nil)
		d, err := s.CreateDashboard(ctx, owner, boards.NewDashboard{Name: "d"})
		if err != nil {
			t.Fatal(err)
		}
		errs := race(func(i int) error {
			_, err := s.CreateWidget(ctx, owner, d.ID, boards.NewWidget{Title: name(i), Position: boards.Rect{X: int32(i % 2), W: 2, H: 2}, Config: configs[0]})
			return err
		})
		oneWinner(t, errs, func(err error) bool {
			var ae *apperr.Error
			return errors.As(err, &ae) && ae.Code == "invalid_widget" && ae.Fields[0].Path == "position"
		})

		for _, makeDefault := range []bool{false, true} {
			fresh, _ := mustUser(t, e, fmt.Sprintf("fresh-%t@example.com", makeDefault))
			errs := race(func(i int) error {
				_, err := s.CreateDashboard(ctx, fresh, boards.NewDashboard{Name: name(i), MakeDefault: makeDefault})
				return err
			})
			if err := errors.Join(errs...); err != nil {
				t.Fatalf("concurrent creates (make default %t): %v", makeDefault, err)
			}
			page, err := s.ListDashboards(ctx, fresh, 100, "")
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, d := range page.Items {
				if d.IsDefault {
					n++
				}
			}
			if len(page.Items) != racers || n != 1 {
				t.Fatalf("make default %t: %d dashboards, %d defaults; want %d and 1", makeDefault, len(page.Items), n, racers)
			}
		}
	})
}

// A ticket opens one stream: of callers redeeming it at once exactly one
// gets it. It expires after TicketTTL, cut to the millisecond alike on
// both engines, a redemption for another dashboard uses it up, and the sweep
// deletes the expired ones.
func TestTicketSingleUse(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		ctx := context.Background()
		st := storageOf(e)
		owner, session := mustUser(t, e, "a@example.com")
		s := newService(t, st, nil)
		d, err := s.CreateDashboard(ctx, owner, boards.NewDashboard{Name: "d"})
		if err != nil {
			t.Fatal(err)
		}
		// Expiring in a minute's last half millisecond, which the engines
		// would round apart (SQLite clamps to :59.999, PostgreSQL rounds up
		// to the next minute): boards cuts it to :59.999 first.
		now := time.Now().UTC().Truncate(time.Minute).Add(-time.Minute + 29*time.Second + 999_600*time.Microsecond)
		issue := func() string {
			t.Helper()
			tk, err := s.IssueTicket(ctx, owner, session, d.ID, now)
			if err != nil {
				t.Fatal(err)
			}
			if want := now.Add(boards.TicketTTL).Truncate(time.Millisecond); !tk.ExpiresAt.Equal(want) {
				t.Fatalf("expires at %s, want %s", tk.ExpiresAt.Format(time.RFC3339Nano), want.Format(time.RFC3339Nano))
			}
			return tk.Ticket
		}

		tk := issue()
		errs := race(func(int) error {
			w, err := s.RedeemTicket(ctx, tk, d.ID, now.Add(time.Second))
			if err == nil && (w != boards.Watch{Owner: owner, Session: session, Dashboard: d.ID}) {
				return fmt.Errorf("watch %+v", w)
			}
			return err
		})
		oneWinner(t, errs, func(err error) bool { return errors.Is(err, boards.ErrTicket) })

		last, expired, elsewhere := issue(), issue(), issue()
		if _, err := s.RedeemTicket(ctx, last, d.ID, now.Add(boards.TicketTTL-time.Millisecond)); err != nil {
			t.Fatalf("a millisecond before it expires: %v", err)
		}
		if _, err := s.RedeemTicket(ctx, expired, d.ID, now.Add(boards.TicketTTL)); !errors.Is(err, boards.ErrTicket) {
			t.Fatalf("when it expires: %v", err)
		}
		if _, err := s.RedeemTicket(ctx, elsewhere, d.ID+1, now); !errors.Is(err, boards.ErrTicket) {
			t.Fatalf("for another dashboard: %v", err)
		}
		if _, err := s.RedeemTicket(ctx, elsewhere, d.ID, now); !errors.Is(err, boards.ErrTicket) {
			t.Fatalf("after a redemption for another dashboard: %v", err)
		}
		n, err := boards.SweepExpiredTickets(ctx, st, now.Add(boards.TicketTTL), 100)
		if err != nil || n != 1 {
			t.Fatalf("sweep: %d, %v; want the expired one", n, err)
		}
	})
}
