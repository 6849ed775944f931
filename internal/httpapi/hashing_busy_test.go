package httpapi_test

import (
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apitest"
	"github.com/marketpulse/api/internal/config"
)

// TestLoginFloodIsRefusedWithRetryAfter: with one hashing slot and no
// queue, logins that overlap are refused at once with 503 server_busy and
// Retry-After instead of waiting, for known and unknown emails alike.
func TestLoginFloodIsRefusedWithRetryAfter(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t, func(c *config.Config) {
		c.Auth.HashConcurrency, c.Auth.HashQueue = 1, 0
		c.Auth.ArgonMemoryKiB, c.Auth.ArgonIterations = 2048, 2 // a few ms: concurrent logins overlap
	})
	known := apitest.NewEmail()
	s.Register(t, known)
	type answer struct {
		status          int
		code, retry, ct string
		err             error
	}
	// login runs on goroutines of its own, so it reports instead of failing.
	login := func(email string) answer {
		resp, err := s.HTTP.Post(s.URL+"/api/auth/login", "application/json",
			strings.NewReader(`{"email":"`+email+`","password":"`+apitest.Password+`"}`))
		if err != nil {
			return answer{err: err}
		}
		defer resp.Body.Close()
		a := answer{status: resp.StatusCode, retry: resp.Header.Get("Retry-After"), ct: resp.Header.Get("Content-Type")}
		var p oas.Problem
		if body, err := io.ReadAll(resp.Body); err != nil {
			a.err = err
		} else if resp.StatusCode >= 400 {
			a.err = p.UnmarshalJSON(body)
			a.code = p.Code
		}
		return a
	}
	busy := map[bool]bool{} // known email → a 503 was seen
	deadline := time.Now().Add(60 * time.Second)
	for !busy[true] || !busy[false] {
		if time.Now().After(deadline) {
			t.Fatalf("no overlapping login was refused within 60 s (seen: %v)", busy)
		}
		var wg sync.WaitGroup
		answers := make([]answer, 8)
		for i := range answers {
			wg.Go(func() {
				if i%2 == 0 {
					answers[i] = login(known)
				} else {
					answers[i] = login(apitest.NewEmail())
				}
			})
		}
		wg.Wait()
		for i, a := range answers {
			if a.err != nil {
				t.Fatalf("login %d: %v", i, a.err)
			}
			want := map[bool]int{true: http.StatusOK, false: http.StatusUnauthorized}[i%2 == 0]
			switch a.status {
			case want:
			case http.StatusServiceUnavailable:
				if a.code != "server_busy" || a.retry != "1" || a.ct != "application/problem+json" {
					t.Fatalf("refused login: code %q, Retry-After %q, Content-Type %q; want server_busy after 1 s", a.code, a.retry, a.ct)
				}
				busy[i%2 == 0] = true
			default:
				t.Fatalf("login %d: %d %s, want %d or 503", i, a.status, a.code, want)
			}
		}
	}
	// Once the flood is over, logins succeed again.
	if a := login(known); a.status != http.StatusOK {
		t.Errorf("login after the flood: %d %s", a.status, a.code)
	}
}
