package httpapi

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/marketpulse/api/internal/market"
	"github.com/marketpulse/api/internal/problem"
	"github.com/marketpulse/api/internal/stream"
)

// maxStreamSymbols bounds the symbols of one GET /api/stream.
const maxStreamSymbols = 50

// StreamPath is the public quote stream, served beside ogen's router (ogen
// cannot serve text/event-stream); see docs/architecture.md.
const StreamPath = "/api/stream"

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
	last, _ := strconv.ParseUint(r.Header.Get("Last-Event-ID"), 10, 64)
	s, err := h.Stream.Subscribe(stream.SubscribeOptions{
		Client: clientInfoFrom(r.Context()).ip.String(), Keys: symbols, LastEventID: last,
	})
	if err != nil {
		status, code := http.StatusServiceUnavailable, "shutting_down"
		if errors.Is(err, stream.ErrLimit) {
			status, code = http.StatusTooManyRequests, "too_many_streams"
		}
		problem.Write(w, problem.New(r.Context(), status, code, err.Error()))
		return
	}
	defer h.Stream.Unsubscribe(s)
	var snap []stream.Event
	if !s.Resumed() { // beyond the replay window (or new): a snapshot
		snap, err = h.quoteEvents(r.Context(), symbols)
	}
	if err != nil {
		problem.Write(w, problem.New(r.Context(), http.StatusServiceUnavailable, "unavailable", "quotes unavailable"))
		return
	}
	_ = stream.Serve(r.Context(), w, s, snap, h.StreamOptions)
}

// quoteEvents are the quote events of symbols' latest quotes (none for an
// unknown symbol or one without a quote).
func (h *Handler) quoteEvents(ctx context.Context, symbols []string) ([]stream.Event, error) {
	reads, err := h.Market.Quotes(ctx, symbols)
	if err != nil {
		return nil, err
	}
	evs := make([]stream.Event, 0, len(reads))
	for i := range reads {
		if reads[i].Quote() == nil {
			continue
		}
		evs = append(evs, stream.Event{Type: "quote", Key: reads[i].Symbol, Data: quoteRep(&reads[i]).Body})
	}
	return evs, nil
}

// PublishQuotes publishes the latest quotes of a market change to the
// stream hub. It is meant for market.Deps.Changed.
func (h *Handler) PublishQuotes(ctx context.Context, c market.Change) {
	if c.Kind != market.QuotesChanged || h.Stream == nil {
		return
	}
	symbols := h.Stream.Wanted(c.Symbols)
	if len(symbols) == 0 {
		return // no one listens: do not read (and cache) the quotes
	}
	evs, err := h.quoteEvents(ctx, symbols)
	if err != nil {
		h.Log.Warn("stream: read changed quotes", "err", err)
		return
	}
	for _, ev := range evs {
		h.Stream.Publish(ev)
	}
}

// withStream routes GET StreamPath to the stream, everything else to next.
func (h *Handler) withStream(next http.Handler) http.Handler {
	if h.Stream == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == StreamPath && r.Method == http.MethodGet {
			h.serveStream(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}
