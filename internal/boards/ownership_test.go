package boards_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/boards"
	"github.com/marketpulse/api/internal/testdb"
)

// Another user's dashboard, and its widgets, are exactly like missing
// ones for every read and change, on both engines; nothing of them changes.
func TestAnotherUsersDashboardIsNotFound(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		ctx := context.Background()
		s, owner := mustService(t, e, nil)
		other, otherSession := mustUser(t, e, "b@example.com")
		d, err := s.CreateDashboard(ctx, owner, boards.NewDashboard{Name: "mine"})
		if err != nil {
			t.Fatal(err)
		}
		w, err := s.CreateWidget(ctx, owner, d.ID, boards.NewWidget{Title: "w", Position: boards.Rect{W: 2, H: 1}, Config: configs[0]})
		if err != nil {
			t.Fatal(err)
		}
		before, err := s.GetDashboard(ctx, owner, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		theirs := "theirs"
		calls := map[string]func() error{
			"get": func() error { _, err := s.GetDashboard(ctx, other, d.ID); return err },
			"update": func() error {
				_, err := s.UpdateDashboard(ctx, other, d.ID, boards.DashboardUpdate{Name: &theirs})
				return err
			},
			"delete":      func() error { return s.DeleteDashboard(ctx, other, d.ID, boards.Precondition{}) },
			"duplicate":   func() error { _, err := s.DuplicateDashboard(ctx, other, d.ID, nil); return err },
			"layout":      func() error { _, err := s.PutLayout(ctx, other, d.ID, boards.Layout{}); return err },
			"list widget": func() error { _, err := s.ListWidgets(ctx, other, d.ID, 10, ""); return err },
			"get widget":  func() error { _, err := s.GetWidget(ctx, other, d.ID, w.ID); return err },
			"add widget": func() error {
				_, err := s.CreateWidget(ctx, other, d.ID, boards.NewWidget{Title: "x", Position: boards.Rect{Y: 5, W: 2, H: 1}, Config: configs[0]})
				return err
			},
			"update widget": func() error {
				_, err := s.UpdateWidget(ctx, other, d.ID, w.ID, boards.WidgetUpdate{Title: &theirs})
				return err
			},
			"delete widget": func() error { return s.DeleteWidget(ctx, other, d.ID, w.ID, boards.Precondition{}) },
			"ticket": func() error {
				_, err := s.IssueTicket(ctx, other, otherSession, d.ID, time.Now())
				return err
			},
		}
		for name, call := range calls {
			if err := call(); apperr.KindOf(err) != apperr.NotFound || err.Error() != "dashboard not found" && err.Error() != "widget not found" {
				t.Errorf("%s of another user's dashboard: %v, want not found", name, err)
			}
		}
		page, err := s.ListDashboards(ctx, other, 10, "")
		if err != nil || len(page.Items) != 0 {
			t.Fatalf("the other user's list: %+v, %v", page.Items, err)
		}
		after, err := newService(t, storageOf(e), nil).GetDashboard(ctx, owner, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if after.Version != before.Version || after.Name != before.Name || len(after.Widgets) != 1 || after.Widgets[0].Title != "w" {
			t.Fatalf("the owner's dashboard changed: %+v", after)
		}
	})
}

// Keyset pages of dashboards and widgets have the same items and cursors
// on both engines.
func TestPagesAlike(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, e testdb.Engine) {
		ctx := context.Background()
		s, owner := mustService(t, e, nil)
		var ids []int64
		for _, name := range []string{"a", "b", "c", "d", "e"} {
			d, err := s.CreateDashboard(ctx, owner, boards.NewDashboard{Name: name})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, d.ID)
		}
		first := ids[0]
		for i := range 3 {
			if _, err := s.CreateWidget(ctx, owner, first, boards.NewWidget{Title: string(rune('x' + i)), Position: boards.Rect{Y: int32(i), W: 2, H: 1}, Config: configs[0]}); err != nil {
				t.Fatal(err)
			}
		}
		var got []string
		for cursor, n := "", 0; n == 0 || cursor != ""; n++ {
			page, err := s.ListDashboards(ctx, owner, 2, cursor)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range page.Items {
				got = append(got, d.Name)
			}
			got, cursor = append(got, "|"), page.NextCursor
		}
		for cursor, n := "", 0; n == 0 || cursor != ""; n++ {
			page, err := s.ListWidgets(ctx, owner, first, 2, cursor)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range page.Items {
				got = append(got, w.Title)
			}
			got, cursor = append(got, "|"), page.NextCursor
		}
		want := []string{"a", "b", "|", "c", "d", "|", "e", "|", "x", "y", "|", "z", "|"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("pages (-want +got):\n%s", diff)
		}
	})
}
