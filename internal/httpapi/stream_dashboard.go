package httpapi

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/account"
	"github.com/marketpulse/api/internal/boards"
	"github.com/marketpulse/api/internal/problem"
	"github.com/marketpulse/api/internal/stream"
)

// The owner's dashboard stream: quotes of every symbol its widgets name and
// "dashboard" events when it changes, opened with a single-use ticket.

// CreateStreamTicket implements createStreamTicket.
func (h *Handler) CreateStreamTicket(ctx context.Context, params oas.CreateStreamTicketParams) (*oas.StreamTicket, error) {
	p, err := requireUser(ctx)
	if err != nil {
		return nil, err
	}
	t, err := h.Boards.IssueTicket(ctx, p.UserID, p.SessionID, int64(params.DashboardId), time.Now())
	if err != nil {
		return nil, err
	}
	return &oas.StreamTicket{Ticket: t.Ticket, ExpiresAt: t.ExpiresAt}, nil
}

// dashboardStreamID matches GET /api/dashboards/{id}/stream; ok with id 0
// when the id is not a valid one.
func dashboardStreamID(path string) (id int64, ok bool) {
	rest, ok := strings.CutPrefix(path, "/api/dashboards/")
	if !ok {
		return 0, false
	}
	digits, ok := strings.CutSuffix(rest, "/stream")
	if !ok || strings.Contains(digits, "/") {
		return 0, false
	}
	id, err := strconv.ParseInt(digits, 10, 64)
	if err != nil || id < 1 {
		return 0, true
	}
	return id, true
}

// serveDashboardStream serves GET /api/dashboards/{id}/stream?ticket=….
func (h *Handler) serveDashboardStream(w http.ResponseWriter, r *http.Request, id int64) {
	ctx := r.Context()
	if id == 0 {
		problem.Write(w, problem.New(ctx, http.StatusBadRequest, "invalid_parameter", "dashboardId must be a positive integer"))
		return
	}
	q := r.URL.Query()
	watch, err := h.Boards.RedeemTicket(ctx, q.Get("ticket"), id, time.Now())
	if err != nil {
		problem.Write(w, h.NewError(ctx, err))
		return
	}
	d, err := h.Boards.GetDashboard(ctx, watch.Owner, id)
	if err != nil {
		problem.Write(w, h.NewError(ctx, err))
		return
	}
	symbols := boards.Symbols(d)
	last := r.Header.Get("Last-Event-ID")
	if last == "" {
		last = q.Get("lastEventId")
	}
	s, ok := h.subscribe(w, r, stream.SubscribeOptions{
		User: userKey(watch.Owner), Session: sessionKey(watch.Session), Keys: append(symbols, dashboardKey(id)),
		Types: []string{"news"},
	}, last)
	if !ok {
		return
	}
	var snap []stream.Event
	if !s.Resumed() {
		if snap, err = h.quoteEvents(ctx, symbols, s.Start()); err != nil {
			h.Stream.Hub().Unsubscribe(s)
			problem.Write(w, problem.New(ctx, http.StatusServiceUnavailable, "unavailable", "quotes unavailable"))
			return
		}
	}
	o := h.StreamOptions
	o.Intercept = func(ctx context.Context, evs []stream.Event) ([]stream.Event, bool) {
		return h.followDashboard(ctx, s, watch.Owner, id, evs)
	}
	_ = stream.Serve(ctx, w, s, snap, o)
}

// followDashboard, on a dashboard event among evs, makes s follow the
// dashboard's new symbols and adds the quotes of those added; the stream
// ends after the dashboard's deletion.
func (h *Handler) followDashboard(ctx context.Context, s *stream.Sub, owner, id int64, evs []stream.Event) ([]stream.Event, bool) {
	for _, ev := range evs {
		if ev.Type != "dashboard" {
			continue
		}
		d, err := h.Boards.GetDashboard(ctx, owner, id)
		if err != nil { // deleted (or unreadable): this was the last event
			return evs, true
		}
		symbols := boards.Symbols(d)
		added := h.Stream.Hub().SetKeys(s, append(symbols, dashboardKey(id)))
		if more, err := h.quoteEvents(ctx, added, ev.ID); err == nil {
			evs = append(evs, more...)
		}
		return evs, false
	}
	return evs, false
}

// dashboardChange is the data of a "dashboard" event (DashboardChange).
type dashboardChange struct {
	DashboardID int64  `json:"dashboardId"`
	ETag        string `json:"etag"`
	Deleted     bool   `json:"deleted"`
}

// PublishDashboard publishes a dashboard's change to every instance's
// streams of it. It is meant for boards.Deps.Changed.
func (h *Handler) PublishDashboard(c boards.Change) {
	if h.Stream == nil {
		return
	}
	key := dashboardKey(c.Dashboard.ID)
	if len(h.Stream.Wanted([]string{key})) == 0 {
		return
	}
	ch := dashboardChange{DashboardID: c.Dashboard.ID, Deleted: c.Deleted}
	if !c.Deleted {
		ch.ETag = dashboardETag(c.Dashboard)
	}
	data, err := json.Marshal(ch)
	if err != nil {
		return
	}
	h.Stream.Publish([]stream.Event{{Type: "dashboard", Key: key, Data: data}})
}

// AccountChanged closes the streams of an ended session, or all of a
// user's when their sessions were revoked or their access changed. It is
// meant for account.Deps.Changed.
func (h *Handler) AccountChanged(c account.Change) {
	if h.Stream == nil {
		return
	}
	switch c.Kind {
	case account.SessionEnded:
		h.Stream.CloseSession(sessionKey(c.SessionID))
	case account.SessionsRevoked, account.AccessChanged:
		h.Stream.CloseUser(userKey(c.UserID))
	}
}

func dashboardKey(id int64) string { return "dashboard:" + strconv.FormatInt(id, 10) }
func userKey(id int64) string      { return "u" + strconv.FormatInt(id, 10) }
func sessionKey(id int64) string   { return "s" + strconv.FormatInt(id, 10) }
