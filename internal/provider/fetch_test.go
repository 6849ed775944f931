package provider_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/marketpulse/api/internal/provider"
	"github.com/marketpulse/api/internal/provider/fakeprovider"
)

const secret = "SECRET-KEY-123"

var now = time.Date(2026, 12, 3, 15, 0, 0, 0, time.UTC)

func newFetcher(fp *fakeprovider.Server, gate provider.Gate) *provider.Fetcher {
	return &provider.Fetcher{Provider: "fake", HTTP: fp.Client(), Gate: gate, Timeout: 2 * time.Second,
		MaxBody: 1 << 10, Now: func() time.Time { return now }}
}

func TestFetcherClassifies(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		fault  fakeprovider.Fault
		until  time.Time // a LimitedError until then
		status int       // else a BadAnswerError of status
		reason string
	}{
		{name: "429 seconds", fault: fakeprovider.TooMany("30", "text/plain", "Too Many Requests"), until: now.Add(30 * time.Second)},
		{name: "429 date", fault: fakeprovider.TooMany("Thu, 03 Dec 2026 15:10:00 GMT", "", ""), until: now.Add(10 * time.Minute)},
		{name: "429 bare", fault: fakeprovider.TooMany("", "", ""), until: now.Add(provider.DefaultPause)},
		{name: "429 junk", fault: fakeprovider.TooMany("soon", "", ""), until: now.Add(provider.DefaultPause)},
		{name: "500", fault: fakeprovider.InternalError(), status: 500, reason: "server error"},
		{name: "403", fault: fakeprovider.Status(403, "application/json", `{"error":"bad key `+secret+`"}`), status: 403, reason: "key refused"},
		{name: "html 200", fault: fakeprovider.HTMLPage(200), reason: "HTML page instead of JSON"},
		{name: "html 502", fault: fakeprovider.HTMLPage(502), status: 502, reason: "server error"},
		{name: "truncated", fault: fakeprovider.Truncated(), reason: "truncated JSON"},
		{name: "malformed", fault: fakeprovider.Malformed(), reason: "malformed JSON"},
		{name: "too big", fault: fakeprovider.Status(200, "application/json", `{"a":"`+strings.Repeat("x", 2000)+`"}`), reason: "body over 1024 bytes"},
		{name: "empty", fault: fakeprovider.Status(200, "application/json", ""), reason: "empty body"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fp := fakeprovider.Start(t)
			fp.Serve("/q", "application/json", []byte(`{"price": 12.5, "name": "x"}`))
			fp.Inject(tt.fault)
			var v map[string]any
			_, err := newFetcher(fp, nil).GetJSON(context.Background(), fp.URL()+"/q?token="+secret, nil, &v)
			assertNoSecret(t, err)
			if !tt.until.IsZero() {
				var le *provider.LimitedError
				if !errors.As(err, &le) || !le.Until.Equal(tt.until) || le.Provider != "fake" || le.Reason != "429" {
					t.Fatalf("err = %v, want limited until %v", err, tt.until)
				}
				return
			}
			var be *provider.BadAnswerError
			if !errors.As(err, &be) || be.Status != tt.status || be.Reason != tt.reason {
				t.Fatalf("err = %#v, want bad answer %d %q", err, tt.status, tt.reason)
			}
		})
	}
}

func assertNoSecret(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		t.Fatal("no error")
	}
	if strings.Contains(err.Error(), secret) {
		t.Fatalf("error %q carries the key", err)
	}
}

func TestFetcherDecodes(t *testing.T) {
	t.Parallel()
	fp := fakeprovider.Start(t)
	fp.Serve("/q", "application/json", []byte(`{"price": 12.5}`))
	gate := &fakeprovider.CountingGate{}
	var v struct{ Price float64 }
	status, err := newFetcher(fp, gate).GetJSON(context.Background(), fp.URL()+"/q", http.Header{"X-Key": {secret}}, &v)
	if err != nil || status != 200 || v.Price != 12.5 {
		t.Fatalf("got %d %v %v", status, v, err)
	}
	if gate.Admitted() != 1 || fp.Total() != 1 || fp.Requests("/q") != 1 {
		t.Fatalf("admitted %d, served %d", gate.Admitted(), fp.Total())
	}
}

func TestFetcherGateRefusalMakesNoRequest(t *testing.T) {
	t.Parallel()
	fp := fakeprovider.Start(t)
	refusal := &provider.LimitedError{Provider: "fake", Until: now.Add(time.Hour), Reason: "budget:day"}
	gate := &fakeprovider.CountingGate{Refuse: refusal}
	_, err := newFetcher(fp, gate).Get(context.Background(), fp.URL()+"/q", nil)
	if !errors.Is(err, refusal) || fp.Total() != 0 || gate.Refused() != 1 {
		t.Fatalf("err %v, served %d", err, fp.Total())
	}
}

func TestFetcherTimesOutAHang(t *testing.T) {
	t.Parallel()
	fp := fakeprovider.Start(t)
	fp.Serve("/q", "application/json", []byte(`{}`))
	fp.Inject(fakeprovider.Hang())
	f := newFetcher(fp, nil)
	f.Timeout = 50 * time.Millisecond
	_, err := f.Get(context.Background(), fp.URL()+"/q?token="+secret, nil)
	assertNoSecret(t, err)
	var be *provider.BadAnswerError
	if !errors.As(err, &be) || be.Reason != "timeout" {
		t.Fatalf("err = %v, want timeout", err)
	}
}

func TestFetcherHangReleasedByRelease(t *testing.T) {
	t.Parallel()
	fp := fakeprovider.Start(t)
	fp.Serve("/q", "application/json", []byte(`{"price": 1}`))
	fp.InjectNext(1, fakeprovider.Hang())
	done := make(chan error, 1)
	go func() {
		var v map[string]any
		_, err := newFetcher(fp, nil).GetJSON(context.Background(), fp.URL()+"/q", nil, &v)
		done <- err
	}()
	<-fp.Hanging()
	fp.Release()
	if err := <-done; err != nil {
		t.Fatalf("released request: %v", err)
	}
}

func TestFetcherHangEndsOnClose(t *testing.T) {
	t.Parallel()
	fp := fakeprovider.Start(t)
	fp.Inject(fakeprovider.Hang())
	f := newFetcher(fp, nil)
	f.Timeout = time.Hour
	done := make(chan error, 1)
	go func() {
		_, err := f.Get(context.Background(), fp.URL()+"/q", nil)
		done <- err
	}()
	<-fp.Hanging()
	fp.Close()
	var be *provider.BadAnswerError
	if err := <-done; !errors.As(err, &be) {
		t.Fatalf("err = %v, want a bad answer", err)
	}
}

func TestFetcherCallerCancel(t *testing.T) {
	t.Parallel()
	fp := fakeprovider.Start(t)
	fp.Inject(fakeprovider.Hang())
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := newFetcher(fp, nil).Get(ctx, fp.URL()+"/q", nil)
		done <- err
	}()
	<-fp.Hanging()
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want canceled", err)
	}
}
