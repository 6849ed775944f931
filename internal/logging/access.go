package logging

import (
	"context"
	"io"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/marketpulse/api/internal/httpmw"
)

// handler is slog's JSON or text handler with a fast path for access lines
// (httpmw.RequestLogger): at LOG_LEVEL=info every request writes one, and
// through slog's API a line cost about a microsecond and an allocation
// (seven attributes, a float formatted by encoding/json). The fast path
// appends the same bytes slog would into a pooled buffer. Loggers derived
// with With or WithGroup are slog's own handlers, without the fast path.
type handler struct {
	slog.Handler
	out  *lockedWriter // shared with Handler, so lines never interleave
	json bool
}

// lockedWriter serialises the writes of slog's handler and of the fast
// path, each a whole line.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func newHandler(out io.Writer, opts *slog.HandlerOptions, json bool) *handler {
	lw := &lockedWriter{w: out}
	h := &handler{out: lw, json: json}
	if json {
		h.Handler = slog.NewJSONHandler(lw, opts)
	} else {
		h.Handler = slog.NewTextHandler(lw, opts)
	}
	return h
}

var lineBufs = sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}

// LogRequest implements httpmw.RequestLogger.
func (h *handler) LogRequest(level slog.Level, r httpmw.Request) bool {
	return h.logRequestAt(time.Now(), level, r)
}

func (h *handler) logRequestAt(now time.Time, level slog.Level, r httpmw.Request) bool {
	if !h.Enabled(context.Background(), level) {
		return true
	}
	if !plain(r.Method) || !plain(r.Path) || !plain(r.Operation) || !plain(r.RequestID) || now.Year() >= 10000 {
		return false
	}
	bp := lineBufs.Get().(*[]byte)
	b := (*bp)[:0]
	ms := float64(r.Duration.Microseconds()) / 1000
	if h.json {
		b = append(b, `{"time":"`...)
		b = now.AppendFormat(b, time.RFC3339Nano)
		b = append(b, `","level":"`...)
		b = append(b, level.String()...)
		b = append(b, `","msg":"request","method":"`...)
		b = append(b, r.Method...)
		b = append(b, `","path":"`...)
		b = append(b, r.Path...)
		b = append(b, `","operation":"`...)
		b = append(b, r.Operation...)
		b = append(b, `","status":`...)
		b = strconv.AppendInt(b, int64(r.Status), 10)
		b = append(b, `,"duration_ms":`...)
		b = appendJSONFloat(b, ms)
		b = append(b, `,"bytes":`...)
		b = strconv.AppendInt(b, r.Bytes, 10)
		b = append(b, `,"request_id":"`...)
		b = append(b, r.RequestID...)
		b = append(b, "\"}\n"...)
	} else {
		b = append(b, "time="...)
		b = appendRFC3339Millis(b, now)
		b = append(b, " level="...)
		b = append(b, level.String()...)
		b = append(b, " msg=request method="...)
		b = append(b, r.Method...)
		b = append(b, " path="...)
		b = append(b, r.Path...)
		b = append(b, " operation="...)
		b = append(b, r.Operation...)
		b = append(b, " status="...)
		b = strconv.AppendInt(b, int64(r.Status), 10)
		b = append(b, " duration_ms="...)
		b = strconv.AppendFloat(b, ms, 'g', -1, 64)
		b = append(b, " bytes="...)
		b = strconv.AppendInt(b, r.Bytes, 10)
		b = append(b, " request_id="...)
		b = append(b, r.RequestID...)
		b = append(b, '\n')
	}
	_, _ = h.out.Write(b) // as slog's handlers, a failed log write is not the request's error
	*bp = b
	if cap(b) <= 4<<10 {
		lineBufs.Put(bp)
	}
	return true
}

// plain reports whether s is written as it is, unquoted and unescaped, by
// both of slog's handlers: a non-empty string of printable ASCII without
// space, '"', '\\' or '='. Anything else takes slog's path.
func plain(s string) bool {
	if s == "" {
		return false
	}
	for i := range len(s) {
		if c := s[i]; c <= ' ' || c > '~' || c == '"' || c == '\\' || c == '=' {
			return false
		}
	}
	return true
}

// appendJSONFloat appends f as encoding/json does (slog's JSON handler
// calls json.Marshal for floats). A duration in milliseconds is finite and
// non-negative.
func appendJSONFloat(b []byte, f float64) []byte {
	format := byte('f')
	if f != 0 && (f < 1e-6 || f >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// encoding/json writes e-07 as e-7.
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// appendRFC3339Millis appends t as slog's text handler writes times: RFC
// 3339 with exactly three fractional digits.
func appendRFC3339Millis(b []byte, t time.Time) []byte {
	const prefixLen = len("2006-01-02T15:04:05.000")
	n := len(b)
	t = t.Truncate(time.Millisecond).Add(time.Millisecond / 10)
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b[:n+prefixLen], b[n+prefixLen+1:]...) // drop the fourth digit
}
