package logging

import (
	"bytes"
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/marketpulse/api/internal/httpmw"
)

// slogLine is the line slog's own handler writes for r at t: what the
// access log wrote before the fast path.
func slogLine(t *testing.T, json bool, at time.Time, level slog.Level, r httpmw.Request) string {
	t.Helper()
	var buf bytes.Buffer
	var h slog.Handler = slog.NewTextHandler(&buf, nil)
	if json {
		h = slog.NewJSONHandler(&buf, nil)
	}
	rec := slog.NewRecord(at, level, "request", 0)
	rec.AddAttrs(
		slog.String("method", r.Method),
		slog.String("path", r.Path),
		slog.String("operation", r.Operation),
		slog.Int("status", r.Status),
		slog.Float64("duration_ms", float64(r.Duration.Microseconds())/1000),
		slog.Int64("bytes", r.Bytes),
		slog.String("request_id", r.RequestID),
	)
	if err := h.Handle(context.Background(), rec); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// The fast path writes, byte for byte, what slog writes, in both formats.
func TestAccessLineIsSlogs(t *testing.T) {
	zone := time.FixedZone("X", -5*3600-30*60)
	times := []time.Time{
		time.Date(2026, 12, 4, 21, 21, 9, 0, time.UTC),
		time.Date(2026, 12, 4, 21, 21, 9, 123000000, time.UTC),
		time.Date(2026, 12, 4, 21, 21, 9, 123456789, zone),
		time.Date(2026, 1, 2, 3, 4, 5, 999999999, time.UTC),
		time.Date(2026, 1, 2, 3, 4, 5, 100, time.UTC),
	}
	durations := []time.Duration{0, time.Microsecond, 999 * time.Microsecond, 1500 * time.Microsecond,
		12345678 * time.Microsecond, 3 * time.Hour, 1234567 * time.Hour}
	reqs := []httpmw.Request{
		{Method: "GET", Path: "/api/assets/AAPL", Operation: "getAsset", RequestID: "0123456789abcdef0123456789abcdef", Status: 200, Bytes: 182},
		{Method: "POST", Path: "/api/news/<script>&x", Operation: "unknown", RequestID: "client-id:1.2_3", Status: 404, Bytes: 0},
		{Method: "PATCH", Path: "/api/assets/%5EGSPC", Operation: "updateAsset", RequestID: "r", Status: 503, Bytes: 1 << 40},
	}
	for _, json := range []bool{true, false} {
		for i, at := range times {
			for j, d := range durations {
				r := reqs[(i+j)%len(reqs)]
				r.Duration = d
				level := slog.LevelInfo
				if r.Status >= 500 {
					level = slog.LevelError
				}
				var buf bytes.Buffer
				h := newHandler(&buf, nil, json)
				if !h.logRequestAt(at, level, r) {
					t.Fatalf("json=%v %+v: the fast path refused a plain request", json, r)
				}
				if want := slogLine(t, json, at, level, r); buf.String() != want {
					t.Errorf("json=%v:\nfast %s\nslog %s", json, buf.String(), want)
				}
			}
		}
	}
}

// Values slog would quote or escape go through slog; lines below the level
// are dropped by both.
func TestAccessLineLeavesTheRestToSlog(t *testing.T) {
	ok := httpmw.Request{Method: "GET", Path: "/api/x", Operation: "getX", RequestID: "id", Status: 200}
	for _, r := range []httpmw.Request{
		{Method: "GET", Path: "/api/a b", Operation: "getX", RequestID: "id"},
		{Method: "GET", Path: `/api/"q"`, Operation: "getX", RequestID: "id"},
		{Method: "GET", Path: `/api/\x`, Operation: "getX", RequestID: "id"},
		{Method: "GET", Path: "/api/k=v", Operation: "getX", RequestID: "id"},
		{Method: "GET", Path: "/api/é", Operation: "getX", RequestID: "id"},
		{Method: "GET", Path: "/api/\x7f", Operation: "getX", RequestID: "id"},
		{Method: "GET", Path: "/api/x", Operation: "getX", RequestID: ""},
	} {
		var buf bytes.Buffer
		if newHandler(&buf, nil, true).LogRequest(slog.LevelInfo, r) || buf.Len() != 0 {
			t.Errorf("%+v: taken by the fast path (%q)", r, buf.String())
		}
	}
	var buf bytes.Buffer
	h := newHandler(&buf, &slog.HandlerOptions{Level: slog.LevelWarn}, true)
	if !h.LogRequest(slog.LevelInfo, ok) || buf.Len() != 0 {
		t.Errorf("an info line at level warn: wrote %q", buf.String())
	}
	if !h.LogRequest(slog.LevelError, ok) || buf.Len() == 0 {
		t.Errorf("an error line at level warn was not written")
	}
}

// A derived logger keeps working (slog's handler, without the fast path).
func TestDerivedLoggerWrites(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(newHandler(&buf, nil, true)).With("component", "x")
	log.Info("hello")
	if _, fast := log.Handler().(httpmw.RequestLogger); fast || !bytes.Contains(buf.Bytes(), []byte(`"component":"x"`)) {
		t.Fatalf("derived logger: fast path %v, wrote %q", fast, buf.String())
	}
}
