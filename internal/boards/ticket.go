package boards

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/auth"
)

// TicketTTL is how long a stream ticket stays usable.
const TicketTTL = 30 * time.Second

// Ticket opens one stream of one dashboard, once, within TicketTTL. A
// browser's EventSource cannot send Authorization, so the owner trades a
// bearer-authenticated POST for a ticket that is single-use, short-lived
// and bound to the session and the dashboard: a ticket that leaks through a
// URL is worth nothing by the time anyone reads it.
type Ticket struct {
	Ticket    string
	ExpiresAt time.Time
}

// Watch is what a redeemed ticket opens: whose session, which dashboard.
type Watch struct {
	Owner, Session, Dashboard int64
}

// ErrTicket is every way a ticket can be wrong (malformed, unknown, used,
// expired, of another dashboard, its session ended): one answer (401).
var ErrTicket error = apperr.New(apperr.Unauthorized, "invalid_ticket",
	"the stream ticket is unknown, used or expired: ask for a new one")

// IssueTicket issues a ticket for the owner's dashboard id to session (404
// when the dashboard is not theirs, as everywhere).
func (s *Service) IssueTicket(ctx context.Context, owner, session, id int64, now time.Time) (Ticket, error) {
	ticket, digest := auth.NewTicket()
	exp := toMillis(now.Add(TicketTTL))
	issued, err := s.st.IssueTicket(ctx, digest[:], session, id, exp)
	if err != nil {
		return Ticket{}, fmt.Errorf("issue stream ticket: %w", err)
	}
	if !issued || owner == 0 {
		return Ticket{}, s.dashboardNotFound
	}
	return Ticket{Ticket: ticket, ExpiresAt: exp}, nil
}

// RedeemTicket uses up ticket for dashboard id and says whose it was.
func (s *Service) RedeemTicket(ctx context.Context, ticket string, id int64, now time.Time) (Watch, error) {
	if !auth.LooksLikeTicket(ticket) {
		return Watch{}, ErrTicket
	}
	digest := auth.Digest(ticket)
	w, err := s.st.RedeemTicket(ctx, digest[:], toMillis(now))
	if errors.Is(err, errNoRow) {
		return Watch{}, ErrTicket
	}
	if err != nil {
		return Watch{}, fmt.Errorf("redeem stream ticket: %w", err)
	}
	if w.Dashboard != id { // used up all the same: a ticket opens one stream
		return Watch{}, ErrTicket
	}
	return w, nil
}

// SweepExpiredTickets deletes up to max tickets of st expired at now.
func SweepExpiredTickets(ctx context.Context, st Storage, now time.Time, max int64) (int64, error) {
	n, err := st.SweepTickets(ctx, toMillis(now), max)
	if err != nil {
		return n, fmt.Errorf("sweep stream tickets: %w", err)
	}
	return n, nil
}

// toMillis cuts t to the UTC millisecond, the precision both engines keep,
// before either sees it: each would round a finer time on its own, and
// not alike in a minute's last half millisecond (SQLite's strftime clamps
// to :59.999, timestamptz(3) rounds up).
func toMillis(t time.Time) time.Time { return t.UTC().Truncate(time.Millisecond) }

// Symbols are the distinct symbols d's widgets name, in widget order: what
// its stream sends quotes of.
func Symbols(d *Detail) []string {
	var out []string
	seen := map[string]struct{}{}
	add := func(syms ...string) {
		for _, s := range syms {
			if _, ok := seen[s]; !ok && s != "" {
				seen[s] = struct{}{}
				out = append(out, s)
			}
		}
	}
	for i := range d.Widgets {
		c := d.Widgets[i].Config
		switch {
		case c.Watchlist != nil:
			add(c.Watchlist.Symbols...)
		case c.PriceChart != nil:
			add(c.PriceChart.Symbol)
		case c.NewsFeed != nil:
			add(c.NewsFeed.Symbols...)
		case c.MarketOverview != nil:
			add(c.MarketOverview.Symbols...)
		case c.Heatmap != nil:
			add(c.Heatmap.Symbols...)
		}
	}
	return out
}
