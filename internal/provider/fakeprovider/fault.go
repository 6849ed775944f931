package fakeprovider

import (
	"net/http"
)

type faultKind uint8

const (
	kindNone faultKind = iota
	kindStatus
	kindHang
	kindTruncate
	kindMalform
)

// Fault is what the server does to a request instead of answering it with
// its route.
type Fault struct {
	kind        faultKind
	status      int
	header      http.Header
	contentType string
	body        []byte
}

// TooMany is a 429 with the Retry-After value (none when empty) and body.
func TooMany(retryAfter, contentType, body string) Fault {
	h := http.Header{}
	if retryAfter != "" {
		h.Set("Retry-After", retryAfter)
	}
	return Fault{kind: kindStatus, status: http.StatusTooManyRequests, header: h, contentType: contentType, body: []byte(body)}
}

// Status answers status with body (a 500, an in-body limit note with 200,
// an unknown symbol's documented error, an empty series).
func Status(status int, contentType, body string) Fault {
	return Fault{kind: kindStatus, status: status, contentType: contentType, body: []byte(body)}
}

// InternalError is a 500 with a JSON error body.
func InternalError() Fault {
	return Status(http.StatusInternalServerError, "application/json", `{"error":"internal"}`)
}

// HTMLPage is an HTML error page with status (proxies and CDNs answer so).
func HTMLPage(status int) Fault {
	return Status(status, "text/html; charset=utf-8",
		"<!DOCTYPE html>\n<html><head><title>Service Unavailable</title></head><body><h1>Oops</h1></body></html>\n")
}

// Hang holds the request until Release, Close, or the client gives up.
func Hang() Fault { return Fault{kind: kindHang} }

// Truncated serves the first half of the route's body.
func Truncated() Fault { return Fault{kind: kindTruncate} }

// Malformed serves the route's body with a syntax error (for JSON, XML
// and CSV) in its middle.
func Malformed() Fault { return Fault{kind: kindMalform} }

// Inject makes every request from now on meet f, until Clear.
func (s *Server) Inject(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults, s.sticky = []Fault{f}, true
}

// InjectNext makes the next n requests meet f; later ones are answered
// normally.
func (s *Server) InjectNext(n int, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults, s.sticky = nil, false
	for range n {
		s.faults = append(s.faults, f)
	}
}

// Pass is no fault: the request is answered by its route (a step of
// InjectSeq).
func Pass() Fault { return Fault{kind: kindNone} }

// InjectSeq makes the next requests meet fs in order, one each; later
// ones are answered normally.
func (s *Server) InjectSeq(fs ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults, s.sticky = append([]Fault(nil), fs...), false
}

// Clear removes every injected fault.
func (s *Server) Clear() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults, s.sticky = nil, false
}

// Release lets every request hanging now, and every later one, go on
// (they are then answered by their route).
func (s *Server) Release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case <-s.release:
	default:
		close(s.release)
	}
}

// Hanging receives once for every request that starts hanging.
func (s *Server) Hanging() <-chan struct{} { return s.hanging }

// nextFault takes the fault of the next request (s.mu held).
func (s *Server) nextFault() (Fault, bool) {
	if len(s.faults) == 0 {
		return Fault{}, false
	}
	f := s.faults[0]
	if !s.sticky || len(s.faults) > 1 {
		s.faults = s.faults[1:]
	}
	return f, true
}

func (f Fault) apply(s *Server, w http.ResponseWriter, r *http.Request, rt route, found bool) {
	switch f.kind {
	case kindStatus:
		for k, vs := range f.header {
			w.Header()[k] = vs
		}
		write(w, f.status, f.contentType, f.body)
		return
	case kindHang:
		s.mu.Lock()
		release := s.release
		s.mu.Unlock()
		s.hanging <- struct{}{}
		select {
		case <-release:
		case <-s.closed:
			panic(http.ErrAbortHandler) // the client sees the connection drop
		case <-r.Context().Done():
			return
		}
	}
	if !found {
		write(w, http.StatusNotFound, "application/json", []byte(`{"error":"no route"}`))
		return
	}
	body := rt.body
	switch f.kind {
	case kindTruncate:
		body = body[:len(body)/2]
	case kindMalform:
		mid := len(body) / 2
		body = append(append(append([]byte{}, body[:mid]...), `<<{"broken": ,`...), body[mid:]...)
	}
	write(w, http.StatusOK, rt.contentType, body)
}

func write(w http.ResponseWriter, status int, contentType string, body []byte) {
	if contentType != "" {
		w.Header().Set("Content-Type", contentType)
	}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
