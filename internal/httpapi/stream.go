package httpapi

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/marketpulse/api/internal/market"
	"github.com/marketpulse/api/internal/news"
	"github.com/marketpulse/api/internal/problem"
	"github.com/marketpulse/api/internal/stream"
)

// maxStreamSymbols bounds the symbols of one GET /api/stream.
const maxStreamSymbols = 50

// StreamPath is the public quote stream. It and the dashboard stream are
// served beside ogen's router (ogen cannot serve text/event-stream; see
// ogen.yml and docs/architecture.md), in withStream.
const StreamPath = "/api/stream"

// StreamRelay is the stream room as the handler uses it: the local hub it
// subscribes clients to, and the relay that publishes to every instance.
type StreamRelay interface {
	Hub() *stream.Hub
	Publish(evs []stream.Event)
	Wanted(keys []string) []string
	CloseUser(user string)
	CloseSession(session string)
	State() string
	// Listening tells the other instances that a stream opened here.
	Listening()
}

// serveStream serves GET /api/stream?symbols=A,B: a snapshot of the
// symbols' latest quotes (the REST API's Quote JSON), then their changes,
// as server-sent events with heartbeats.
func (h *Handler) serveStream(w http.ResponseWriter, r *http.Request) {
	symbols := strings.Split(r.URL.Query().Get("symbols"), ",")
	if len(symbols) == 0 || symbols[0] == "" || len(symbols) > maxStreamSymbols {
		problem.Write(w, problem.New(r.Context(), http.StatusBadRequest, "invalid_symbols",
			"symbols must list 1 to 50 comma-separated symbols"))
		return
	}
	s, ok := h.subscribe(w, r, stream.SubscribeOptions{Keys: symbols, Types: []string{"news"}}, r.Header.Get("Last-Event-ID"))
	if !ok {
		return
	}
	var snap []stream.Event
	var err error
	if !s.Resumed() { // beyond the replay window (or new): a snapshot
		snap, err = h.quoteEvents(r.Context(), symbols, s.Start())
	}
	if err != nil {
		h.Stream.Hub().Unsubscribe(s)
		problem.Write(w, problem.New(r.Context(), http.StatusServiceUnavailable, "unavailable", "quotes unavailable"))
		return
	}
	_ = stream.Serve(r.Context(), w, s, snap, h.StreamOptions)
}

// subscribe subscribes the client of r with o, resuming after lastID, or
// answers the problem and reports false.
func (h *Handler) subscribe(w http.ResponseWriter, r *http.Request, o stream.SubscribeOptions, lastID string) (*stream.Sub, bool) {
	o.Client = clientInfoFrom(r.Context()).ip.String()
	o.LastEventID, _ = strconv.ParseUint(lastID, 10, 64)
	s, err := h.Stream.Hub().Subscribe(o)
	if err != nil {
		status, code := http.StatusServiceUnavailable, "shutting_down"
		if errors.Is(err, stream.ErrLimit) {
			status, code = http.StatusTooManyRequests, "too_many_streams"
		}
		problem.Write(w, problem.New(r.Context(), status, code, err.Error()))
		return nil, false
	}
	h.Stream.Listening()
	return s, true
}

// quoteEvents are the quote events, with id, of symbols' latest quotes
// (none for an unknown symbol or one without a quote).
func (h *Handler) quoteEvents(ctx context.Context, symbols []string, id uint64) ([]stream.Event, error) {
	reads, err := h.Market.Quotes(ctx, symbols)
	if err != nil {
		return nil, err
	}
	evs := make([]stream.Event, 0, len(reads))
	for i := range reads {
		if reads[i].Quote() == nil {
			continue
		}
		evs = append(evs, stream.Event{ID: id, Type: "quote", Key: reads[i].Symbol, Data: quoteRep(&reads[i]).Body})
	}
	return evs, nil
}

// PublishQuotes publishes the latest quotes of a market change to every
// instance's streams. It is meant for market.Deps.Changed.
func (h *Handler) PublishQuotes(ctx context.Context, c market.Change) {
	if c.Kind != market.QuotesChanged || h.Stream == nil {
		return
	}
	symbols := h.Stream.Wanted(c.Symbols)
	if len(symbols) == 0 {
		return // no one listens: do not read (and cache) the quotes
	}
	evs, err := h.quoteEvents(ctx, symbols, 0)
	if err != nil {
		h.Log.Warn("stream: read changed quotes", "err", err)
		return
	}
	h.Stream.Publish(evs)
}

// withStream routes the stream paths to the streams, everything else to
// next.
func (h *Handler) withStream(next http.Handler) http.Handler {
	if h.Stream == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			if r.URL.Path == StreamPath {
				h.serveStream(w, r)
				return
			}
			if id, ok := dashboardStreamID(r.URL.Path); ok {
				h.serveDashboardStream(w, r, id)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// PublishNews publishes new articles as news events to the streams of
// their symbols on every instance. It is meant for news.Deps.Changed.
func (h *Handler) PublishNews(ctx context.Context, c news.Change) {
	if h.Stream == nil {
		return
	}
	var evs []stream.Event
	for _, a := range c.Articles {
		if len(a.Symbols) == 0 || len(h.Stream.Wanted(a.Symbols)) == 0 {
			continue
		}
		art, _, err := h.News.Article(ctx, a.ID)
		if err != nil {
			h.Log.Warn("stream: read a new article", "id", a.ID, "err", err)
			continue
		}
		evs = append(evs, stream.Event{Type: "news", Tags: a.Symbols, Data: articleRep(art).Body})
	}
	h.Stream.Publish(evs)
}
