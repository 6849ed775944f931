package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// MaxBody is the default bound of a provider answer's body.
const MaxBody = 4 << 20

// DefaultPause is how long a provider is paused after a 429 without a
// usable Retry-After.
const DefaultPause = time.Minute

// DefaultTimeout is the default per-request timeout.
const DefaultTimeout = 10 * time.Second

// Fetcher makes the HTTP requests of one adapter: each is admitted by
// Gate first, bounded by Timeout and MaxBody, and its failures become a
// *LimitedError or *BadAnswerError. No error it returns carries the body,
// the URL or a header, so an API key in the query or a header never
// reaches a log.
type Fetcher struct {
	Provider string
	HTTP     *http.Client     // nil: http.DefaultClient
	Gate     Gate             // nil: Open
	Timeout  time.Duration    // 0: DefaultTimeout
	MaxBody  int64            // 0: MaxBody
	Now      func() time.Time // nil: time.Now
}

// Answer is a response that passed the fetcher: a status below 500 other
// than 429, 401 and 403, with its (bounded) body.
type Answer struct {
	Status int
	Header http.Header
	Body   []byte
}

// Get requests url with the header and returns the answer. A 429 is a
// *LimitedError until Retry-After (seconds or an HTTP date; DefaultPause
// without it), a 5xx, 401 or 403, a transport failure, a timeout or a body
// over the bound a *BadAnswerError. A gate refusal is returned as is, and
// the request is not made. When ctx itself ends, its error is returned.
func (f *Fetcher) Get(ctx context.Context, url string, header http.Header) (Answer, error) {
	gate := f.Gate
	if gate == nil {
		gate = Open
	}
	if err := gate.Admit(ctx); err != nil {
		return Answer{}, err
	}
	timeout := f.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	rctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(rctx, http.MethodGet, url, nil)
	if err != nil {
		return Answer{}, f.bad(0, "bad request URL")
	}
	for k, vs := range header {
		req.Header[k] = vs
	}
	client := f.HTTP
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return Answer{}, f.transport(ctx, err)
	}
	defer resp.Body.Close()
	if err := f.status(resp); err != nil {
		return Answer{}, err
	}
	body, err := f.read(ctx, resp.Body)
	if err != nil {
		return Answer{}, err
	}
	return Answer{Status: resp.StatusCode, Header: resp.Header, Body: body}, nil
}

// status classifies the statuses that never carry an answer.
func (f *Fetcher) status(resp *http.Response) error {
	switch c := resp.StatusCode; {
	case c == http.StatusTooManyRequests:
		return &LimitedError{Provider: f.Provider, Until: f.retryAfter(resp.Header.Get("Retry-After")), Reason: "429"}
	case c >= 500:
		return f.bad(c, "server error")
	case c == http.StatusUnauthorized || c == http.StatusForbidden:
		return f.bad(c, "key refused")
	}
	return nil
}

// retryAfter is the time a Retry-After value names, DefaultPause from now
// when it names none (or one in the past).
func (f *Fetcher) retryAfter(v string) time.Time {
	now := f.now()
	v = strings.TrimSpace(v)
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return now.Add(time.Duration(s) * time.Second)
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t
	}
	return now.Add(DefaultPause)
}

// read reads the body up to the bound.
func (f *Fetcher) read(ctx context.Context, r io.Reader) ([]byte, error) {
	limit := f.MaxBody
	if limit <= 0 {
		limit = MaxBody
	}
	body, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, f.transport(ctx, err)
	}
	if int64(len(body)) > limit {
		return nil, f.bad(0, "body over "+strconv.FormatInt(limit, 10)+" bytes")
	}
	return body, nil
}

// transport names a failed exchange without its URL (url.Error carries
// the query, where keys may be).
func (f *Fetcher) transport(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("provider %s: %w", f.Provider, ctx.Err())
	}
	if errors.Is(err, context.DeadlineExceeded) || isTimeout(err) {
		return f.bad(0, "timeout")
	}
	return f.bad(0, "transport failed")
}

func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}

func (f *Fetcher) bad(status int, reason string) error {
	return &BadAnswerError{Provider: f.Provider, Status: status, Reason: reason}
}

func (f *Fetcher) now() time.Time {
	if f.Now != nil {
		return f.Now()
	}
	return time.Now()
}

// GetJSON is Get followed by DecodeJSON of the body into v. The status is
// returned so that the adapter can read a documented 4xx error shape.
func (f *Fetcher) GetJSON(ctx context.Context, url string, header http.Header, v any) (int, error) {
	a, err := f.Get(ctx, url, header)
	if err != nil {
		return 0, err
	}
	if err := DecodeJSON(f.Provider, a, v); err != nil {
		return a.Status, err
	}
	return a.Status, nil
}

// DecodeJSON decodes the body of a into v: an HTML page, an empty body,
// truncated or malformed JSON is a *BadAnswerError (with a's status when
// it is not a 2xx).
func DecodeJSON(provider string, a Answer, v any) error {
	status := 0
	if a.Status >= 300 {
		status = a.Status
	}
	bad := func(reason string) error { return &BadAnswerError{Provider: provider, Status: status, Reason: reason} }
	body := bytes.TrimSpace(a.Body)
	switch {
	case isHTML(a.Header.Get("Content-Type"), body):
		return bad("HTML page instead of JSON")
	case len(body) == 0:
		return bad("empty body")
	}
	if err := json.Unmarshal(body, v); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) && int(se.Offset) >= len(body) || strings.Contains(err.Error(), "unexpected end of JSON input") {
			return bad("truncated JSON")
		}
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return bad("unexpected JSON shape at " + te.Field)
		}
		return bad("malformed JSON")
	}
	return nil
}

// isHTML reports whether a body is an HTML page (by its type or its first
// byte).
func isHTML(contentType string, body []byte) bool {
	if mt, _, err := mime.ParseMediaType(contentType); err == nil && (mt == "text/html" || mt == "application/xhtml+xml") {
		return true
	}
	return len(body) > 0 && body[0] == '<'
}
