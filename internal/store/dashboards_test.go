package store_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/internal/apperr"
)

func TestDashboardOwnershipAndLocking(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	ctx := t.Context()
	owner, other := mustUser(t, d.Write, "own@example.com"), mustUser(t, d.Write, "oth@example.com")
	b := mustDashboard(t, d.Write, owner.ID, "Main", 0)
	if b.Version != 1 || b.IsDefault != 0 {
		t.Fatalf("created %+v", b)
	}
	if got := must(d.Read.GetDashboard(ctx, db.GetDashboardParams{ID: b.ID, OwnerID: owner.ID}))(t); got != b {
		t.Errorf("GetDashboard = %+v, want %+v", got, b)
	}
	_, err := d.Read.GetDashboard(ctx, db.GetDashboardParams{ID: b.ID, OwnerID: other.ID})
	wantErr(t, err, apperr.NotFound, "not_found")

	upd := db.UpdateDashboardFieldsParams{ID: b.ID, OwnerID: owner.ID, Version: 1, Name: "Renamed", Description: "d"}
	b2 := must(d.Write.UpdateDashboardFields(ctx, upd))(t)
	if b2.Version != 2 || b2.Name != "Renamed" || b2.Description != "d" || b2.UpdatedAt.Before(b.UpdatedAt) {
		t.Errorf("UpdateDashboardFields = %+v", b2)
	}
	tests := []struct {
		name string
		give db.UpdateDashboardFieldsParams
	}{
		{"stale version", upd},
		{"another owner", db.UpdateDashboardFieldsParams{ID: b.ID, OwnerID: other.ID, Version: 2, Name: "Stolen"}},
		{"missing dashboard", db.UpdateDashboardFieldsParams{ID: b.ID + 1, OwnerID: owner.ID, Version: 1, Name: "X"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := d.Write.UpdateDashboardFields(ctx, tt.give)
			wantNoRows(t, err)
		})
	}
	if got := must(d.Read.GetDashboard(ctx, db.GetDashboardParams{ID: b.ID, OwnerID: owner.ID}))(t); got != b2 {
		t.Errorf("rejected updates changed the row: %+v", got)
	}
	if n := must(d.Read.CountDashboards(ctx, owner.ID))(t); n != 1 {
		t.Errorf("CountDashboards = %d", n)
	}
	if n := must(d.Write.DeleteDashboardVersion(ctx, db.DeleteDashboardVersionParams{ID: b.ID, OwnerID: other.ID, Version: b2.Version}))(t); n != 0 {
		t.Error("deleted another owner's dashboard")
	}
	if n := must(d.Write.DeleteDashboardVersion(ctx, db.DeleteDashboardVersionParams{ID: b.ID, OwnerID: owner.ID, Version: b2.Version}))(t); n != 1 {
		t.Errorf("DeleteDashboardVersion rows = %d", n)
	}
}

func TestDefaultDashboard(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	ctx := t.Context()
	u, v := mustUser(t, d.Write, "u@example.com"), mustUser(t, d.Write, "v@example.com")
	first := mustDashboard(t, d.Write, u.ID, "First", 1)
	second := mustDashboard(t, d.Write, u.ID, "Second", 0)
	mustDashboard(t, d.Write, u.ID, "Third", 0)  // any number of non-defaults
	mustDashboard(t, d.Write, v.ID, "Theirs", 1) // one default per user, not per table

	_, err := d.Write.CreateDashboard(ctx, db.CreateDashboardParams{OwnerID: u.ID, Name: "Second default", IsDefault: 1})
	wantErr(t, err, apperr.Conflict, "conflict")
	_, err = d.Write.SetDefaultDashboard(ctx, db.SetDefaultDashboardParams{ID: second.ID, OwnerID: u.ID, Version: second.Version})
	wantErr(t, err, apperr.Conflict, "conflict")

	err = d.InTx(ctx, func(q *db.Queries) error {
		if _, err := q.ClearDefaultDashboard(ctx, db.ClearDefaultDashboardParams{OwnerID: u.ID, KeepID: second.ID}); err != nil {
			return err
		}
		_, err := q.SetDefaultDashboard(ctx, db.SetDefaultDashboardParams{ID: second.ID, OwnerID: u.ID, Version: second.Version})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	def := must(d.Read.GetDefaultDashboard(ctx, u.ID))(t)
	if def.ID != second.ID || def.Version != 2 {
		t.Errorf("default = %+v, want %d at version 2", def, second.ID)
	}
	if f := must(d.Read.GetDashboard(ctx, db.GetDashboardParams{ID: first.ID, OwnerID: u.ID}))(t); f.IsDefault != 0 || f.Version != 2 {
		t.Errorf("old default = %+v, want cleared at version 2", f)
	}
	w := mustUser(t, d.Write, "w@example.com")
	_, err = d.Read.GetDefaultDashboard(ctx, w.ID)
	wantNoRows(t, err)
}

func TestListDashboardsKeyset(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	ctx := t.Context()
	u, v := mustUser(t, d.Write, "u@example.com"), mustUser(t, d.Write, "v@example.com")
	var want []int64
	for i := range 7 {
		want = append(want, mustDashboard(t, d.Write, u.ID, "D"+string(rune('a'+i)), 0).ID)
		mustDashboard(t, d.Write, v.ID, "Other", 0)
	}
	var got []int64
	p := db.ListDashboardsParams{OwnerID: u.ID, MaxRows: 3}
	for range 5 {
		page := must(d.Read.ListDashboards(ctx, p))(t)
		for _, b := range page {
			if b.OwnerID != u.ID {
				t.Fatalf("listed another owner's dashboard %+v", b)
			}
			got = append(got, b.ID)
		}
		if len(page) < 3 {
			break
		}
		p.AfterID = page[len(page)-1].ID
	}
	if !slices.Equal(got, want) {
		t.Errorf("pages = %v, want %v", got, want)
	}
}

func TestDashboardConstraints(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	ctx := t.Context()
	u := mustUser(t, d.Write, "u@example.com")
	ok := db.CreateDashboardParams{OwnerID: u.ID, Name: "Ok"}
	tests := []struct {
		name string
		give func(p *db.CreateDashboardParams)
		code string
	}{
		{"empty name", func(p *db.CreateDashboardParams) { p.Name = "" }, "invalid"},
		{"name too long", func(p *db.CreateDashboardParams) { p.Name = strings.Repeat("n", 101) }, "invalid"},
		{"description too long", func(p *db.CreateDashboardParams) { p.Description = strings.Repeat("d", 1001) }, "invalid"},
		{"is_default not boolean", func(p *db.CreateDashboardParams) { p.IsDefault = 2 }, "invalid"},
		{"unknown owner", func(p *db.CreateDashboardParams) { p.OwnerID = u.ID + 1 }, "invalid_reference"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := ok
			tt.give(&p)
			_, err := d.Write.CreateDashboard(ctx, p)
			wantErr(t, err, apperr.Invalid, tt.code)
		})
	}
	t.Run("version below 1", func(t *testing.T) {
		b := mustDashboard(t, d.Write, u.ID, "V", 0)
		_, err := d.Writer.ExecContext(ctx, `UPDATE dashboards SET version = 0 WHERE id = ?`, b.ID)
		wantErr(t, err, apperr.Invalid, "invalid")
	})
}

func TestDeleteUserCascades(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	ctx := t.Context()
	u, keep := mustUser(t, d.Write, "gone@example.com"), mustUser(t, d.Write, "kept@example.com")
	for _, owner := range []int64{u.ID, keep.ID} {
		b := mustDashboard(t, d.Write, owner, "B", 1)
		mustWidget(t, d.Write, owner, b.ID, "W")
		mustSession(t, d.Write, owner, "tok"+string(rune('0'+owner)), at(t, "2099-01-01 00:00:00"))
	}
	must(d.Write.DeleteUser(ctx, u.ID))(t)
	for table, where := range map[string]string{
		"dashboards": "owner_id = ?",
		"sessions":   "user_id = ?",
	} {
		var gone, kept int
		q := "SELECT count(*) FROM " + table + " WHERE " + where
		if err := d.Reader.QueryRowContext(ctx, q, u.ID).Scan(&gone); err != nil {
			t.Fatal(err)
		}
		if err := d.Reader.QueryRowContext(ctx, q, keep.ID).Scan(&kept); err != nil {
			t.Fatal(err)
		}
		if gone != 0 || kept != 1 {
			t.Errorf("%s: %d rows of the deleted user, %d of the other; want 0 and 1", table, gone, kept)
		}
	}
	// The deleted user's dashboard took its widget with it.
	if n := count(t, d, "widgets", "1"); n != 1 {
		t.Errorf("%d widgets left, want 1", n)
	}
}
