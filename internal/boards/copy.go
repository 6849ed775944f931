package boards

import (
	"context"
	"unicode/utf8"

	"github.com/marketpulse/api/internal/display"
)

// DuplicateDashboard copies the owner's dashboard id with its widgets, in
// one transaction, under name (nil: "<name> (copy)"). The copy is never the
// default.
func (s *Service) DuplicateDashboard(ctx context.Context, owner, id int64, name *string) (*Detail, error) {
	var text display.Fields
	if text.CheckOpt("name", name); text.Err() != nil {
		return nil, text.Err()
	}
	var d *Detail
	err := s.st.InTx(ctx, func(tx Tx) error {
		src, err := s.ownDashboard(ctx, tx, owner, id)
		if err != nil {
			return err
		}
		row, err := tx.CreateDashboard(ctx, owner, dashboardFields{Name: or(name, copyName(src.Name)), Description: src.Description})
		if err != nil {
			return err
		}
		if err := tx.CopyWidgets(ctx, src.ID, row.ID); err != nil {
			return err
		}
		d, err = s.loadDetail(ctx, tx, owner, row.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	s.invalidate(ctx, DashboardTag(d.ID), WidgetsOfTag(d.ID))
	s.notify(Change{Owner: owner, Dashboard: d.Stamp()})
	return d, nil
}

// copyName is "<name> (copy)", the name shortened so that the whole fits the
// 100 characters a dashboard name may have.
func copyName(name string) string {
	const suffix, maxLen = " (copy)", 100
	keep := maxLen - utf8.RuneCountInString(suffix)
	if utf8.RuneCountInString(name) > keep {
		name = string([]rune(name)[:keep])
	}
	return name + suffix
}
