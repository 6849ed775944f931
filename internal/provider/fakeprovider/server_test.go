package fakeprovider_test

import (
	"io"
	"net/http"
	"sync"
	"testing"

	"github.com/marketpulse/api/internal/provider/fakeprovider"
)

func get(t *testing.T, fp *fakeprovider.Server, path string) (int, string) {
	t.Helper()
	resp, err := fp.Client().Get(fp.URL() + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

func TestRoutesCountsAndFaults(t *testing.T) {
	t.Parallel()
	fp := fakeprovider.Start(t)
	fp.Serve("/query", "application/json", []byte(`{"any":1}`))
	fp.Serve("/query?function=A&symbol=X", "application/json", []byte(`{"ax":1}`))
	fp.Serve("/query?function=A", "application/json", []byte(`{"a":1}`))
	tests := []struct{ path, want string }{
		{"/query?function=A&symbol=X&apikey=k", `{"ax":1}`},
		{"/query?function=A&symbol=Y", `{"a":1}`},
		{"/query?function=B", `{"any":1}`},
	}
	for _, tt := range tests {
		if status, body := get(t, fp, tt.path); status != 200 || body != tt.want {
			t.Fatalf("%s: %d %s", tt.path, status, body)
		}
	}
	if status, _ := get(t, fp, "/other"); status != http.StatusNotFound {
		t.Fatalf("no route: %d", status)
	}
	fp.InjectNext(2, fakeprovider.InternalError())
	for range 2 {
		if status, _ := get(t, fp, "/query"); status != 500 {
			t.Fatalf("injected: %d", status)
		}
	}
	if _, body := get(t, fp, "/query"); body != `{"any":1}` {
		t.Fatalf("after the injected faults: %s", body)
	}
	fp.Inject(fakeprovider.Truncated())
	if _, body := get(t, fp, "/query"); body != `{"an` {
		t.Fatalf("truncated: %q", body)
	}
	fp.Clear()
	if fp.Requests("/query") != 7 || fp.Requests("/other") != 1 || fp.Total() != 8 || len(fp.Queries()) != 8 {
		t.Fatalf("counts %d %d %d", fp.Requests("/query"), fp.Requests("/other"), fp.Total())
	}
}

func TestConcurrentRequestsAreCounted(t *testing.T) {
	t.Parallel()
	fp := fakeprovider.Start(t)
	fp.Serve("/q", "application/json", []byte(`{}`))
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			resp, err := fp.Client().Get(fp.URL() + "/q")
			if err == nil {
				resp.Body.Close()
			}
		})
	}
	wg.Wait()
	if fp.Total() != 20 {
		t.Fatalf("total %d", fp.Total())
	}
}

func TestHangReleased(t *testing.T) {
	t.Parallel()
	fp := fakeprovider.Start(t)
	fp.Serve("/q", "application/json", []byte(`{"ok":true}`))
	fp.Inject(fakeprovider.Hang())
	done := make(chan string, 1)
	go func() {
		resp, err := fp.Client().Get(fp.URL() + "/q")
		if err != nil {
			done <- err.Error()
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		done <- string(b)
	}()
	<-fp.Hanging()
	fp.Release()
	if body := <-done; body != `{"ok":true}` {
		t.Fatalf("released: %q", body)
	}
}
