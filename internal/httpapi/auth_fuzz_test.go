package httpapi_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/marketpulse/api/internal/apitest"
	"github.com/marketpulse/api/internal/contract"
)

// fuzzPost posts body through the full stack in-process and requires an
// answer that is not a 5xx and matches openapi.yaml.
func fuzzPost(t *testing.T, s *apitest.Server, v *contract.Validator, path, body, userAgent string) {
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", userAgent)
	rec := httptest.NewRecorder()
	s.Handler.ServeHTTP(rec, req)
	if rec.Code >= 500 {
		t.Fatalf("POST %s %q → %d: %s", path, body, rec.Code, rec.Body)
	}
	if err := v.Check(req, rec.Code, rec.Header(), rec.Body.Bytes()); err != nil {
		t.Fatal(err)
	}
}

// FuzzRegister posts arbitrary bodies to register (seeds in
// testdata/fuzz/FuzzRegister).
func FuzzRegister(f *testing.F) {
	s := apitest.Start(f)
	v := contract.Load(f)
	f.Fuzz(func(t *testing.T, body string) {
		fuzzPost(t, s, v, "/api/auth/register", body, "fuzz")
	})
}

// FuzzLogin posts arbitrary bodies and User-Agents (stored with a session)
// to login; the seeds in testdata/fuzz/FuzzLogin include the credentials of
// the account created here, so that sessions get created.
func FuzzLogin(f *testing.F) {
	s := apitest.Start(f)
	s.Register(f, "fuzz@example.com")
	v := contract.Load(f)
	f.Fuzz(func(t *testing.T, body, userAgent string) {
		fuzzPost(t, s, v, "/api/auth/login", body, userAgent)
	})
}
