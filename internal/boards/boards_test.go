package boards_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/boards"
	"github.com/marketpulse/api/internal/cache"
	"github.com/marketpulse/api/internal/testdb"
)

// recorder keeps what Changed was told.
type recorder struct {
	mu      sync.Mutex
	changes []boards.Change
}

func (r *recorder) changed(c boards.Change) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.changes = append(r.changes, c)
}

// take returns and forgets what was recorded.
func (r *recorder) take() []boards.Change {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.changes
	r.changes = nil
	return out
}

// mustService is a service on e's fresh database with user 1 and the
// assets AAPL and MSFT.
func mustService(tb testing.TB, e testdb.Engine, changed func(boards.Change)) (*boards.Service, int64) {
	tb.Helper()
	owner, _ := mustUser(tb, e, "a@example.com")
	mustAssets(tb, e, "AAPL", "MSFT")
	return newService(tb, storageOf(e), changed), owner
}

// newService is a service over st with an in-process cache of its own.
func newService(tb testing.TB, st boards.Storage, changed func(boards.Change)) *boards.Service {
	tb.Helper()
	c, err := cache.New(cache.Config{NotFoundTTL: time.Minute}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(c.Close)
	return boards.New(boards.Deps{Storage: st, Cache: c, Changed: changed})
}

// Every committed change tells Changed of each dashboard it changed, with
// the stamp a read sees next; a refused change tells nothing.
func TestChangedAfterEveryCommit(t *testing.T) {
	t.Parallel()
	testdb.Each(t, testChangedAfterEveryCommit)
}

func testChangedAfterEveryCommit(t *testing.T, e testdb.Engine) {
	var rec recorder
	s, owner := mustService(t, e, rec.changed)
	ctx := context.Background()
	current := func(id int64) boards.Change {
		t.Helper()
		d, err := s.GetDashboard(ctx, owner, id)
		if err != nil {
			t.Fatal(err)
		}
		return boards.Change{Owner: owner, Dashboard: d.Stamp()}
	}
	want := func(step string, ids ...int64) {
		t.Helper()
		var w []boards.Change
		for _, id := range ids {
			w = append(w, current(id))
		}
		if diff := cmp.Diff(w, rec.take()); diff != "" {
			t.Fatalf("%s: changes (-want +got):\n%s", step, diff)
		}
	}

	first, err := s.CreateDashboard(ctx, owner, boards.NewDashboard{Name: "first"})
	if err != nil {
		t.Fatal(err)
	}
	want("create", first.ID)
	second, err := s.CreateDashboard(ctx, owner, boards.NewDashboard{Name: "second", MakeDefault: true})
	if err != nil {
		t.Fatal(err)
	}
	want("create the new default", first.ID, second.ID) // first was demoted
	w, err := s.CreateWidget(ctx, owner, second.ID, boards.NewWidget{
		Title: "w", Position: boards.Rect{W: 4, H: 2}, Config: boards.Config{Watchlist: &boards.WatchlistConfig{Symbols: []string{"AAPL"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	want("create widget", second.ID)

	title := "renamed"
	if _, err := s.UpdateWidget(ctx, owner, second.ID, w.ID, boards.WidgetUpdate{Title: &title, Expect: boards.Precondition{Version: 9}}); !isStale(err) {
		t.Fatalf("stale update: %v", err)
	}
	if _, err := s.CreateWidget(ctx, owner, second.ID, boards.NewWidget{
		Title: "w", Position: boards.Rect{X: 2, W: 4, H: 2}, Config: boards.Config{Watchlist: &boards.WatchlistConfig{Symbols: []string{"NOPE"}}},
	}); apperr.KindOf(err) != apperr.Invalid {
		t.Fatalf("invalid widget: %v", err)
	}
	want("refused changes")

	if _, err := s.UpdateWidget(ctx, owner, second.ID, w.ID, boards.WidgetUpdate{Title: &title}); err != nil {
		t.Fatal(err)
	}
	want("update widget", second.ID)
	if _, err := s.PutLayout(ctx, owner, second.ID, boards.Layout{Items: []boards.Placement{{WidgetID: w.ID, Position: boards.Rect{Y: 3, W: 4, H: 2}}}}); err != nil {
		t.Fatal(err)
	}
	want("layout", second.ID)
	cp, err := s.DuplicateDashboard(ctx, owner, second.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	want("duplicate", cp.ID)
	if err := s.DeleteWidget(ctx, owner, second.ID, w.ID, boards.Precondition{}); err != nil {
		t.Fatal(err)
	}
	want("delete widget", second.ID)

	if err := s.DeleteDashboard(ctx, owner, second.ID, boards.Precondition{}); err != nil {
		t.Fatal(err)
	}
	got := rec.take()
	wantDeleted := []boards.Change{current(first.ID), {Owner: owner, Dashboard: boards.Stamp{ID: second.ID}, Deleted: true}}
	if diff := cmp.Diff(wantDeleted, got); diff != "" {
		t.Fatalf("delete the default promotes the oldest (-want +got):\n%s", diff)
	}
}

// A precondition that fails names the part that failed and the version
// found; If-Match is the caller's to evaluate.
func TestPreconditionFailure(t *testing.T) {
	t.Parallel()
	testdb.Each(t, testPreconditionFailure)
}

func testPreconditionFailure(t *testing.T, e testdb.Engine) {
	s, owner := mustService(t, e, nil)
	ctx := context.Background()
	d, err := s.CreateDashboard(ctx, owner, boards.NewDashboard{Name: "d"})
	if err != nil {
		t.Fatal(err)
	}
	never := func(boards.Stamp) bool { return false }
	name := "x"
	_, err = s.UpdateDashboard(ctx, owner, d.ID, boards.DashboardUpdate{Name: &name, Expect: boards.Precondition{IfMatch: never, Version: d.Version}})
	var stale *boards.StaleError
	if !errors.As(err, &stale) {
		t.Fatalf("error %v, want a StaleError", err)
	}
	want := boards.StaleError{Resource: boards.ResourceDashboard, Current: d.Stamp(), IfMatch: true}
	if diff := cmp.Diff(want, *stale); diff != "" {
		t.Fatalf("stale error (-want +got):\n%s", diff)
	}
	if apperr.KindOf(err) != apperr.PreconditionFailed || err.Error() != "the dashboard changed since you read it: read it again and retry" {
		t.Fatalf("kind %v, message %q", apperr.KindOf(err), err.Error())
	}
	always := func(boards.Stamp) bool { return true }
	if _, err := s.UpdateDashboard(ctx, owner, d.ID, boards.DashboardUpdate{Name: &name, Expect: boards.Precondition{IfMatch: always, Version: d.Version}}); err != nil {
		t.Fatalf("holding precondition: %v", err)
	}
}

func isStale(err error) bool {
	var s *boards.StaleError
	return errors.As(err, &s)
}
