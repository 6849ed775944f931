package httpapi_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/marketpulse/api/internal/apitest"
)

// Text that is not UTF-8 is refused where it stands — path, query parameter
// or JSON field — with 400 invalid_encoding and a pointer, before anything
// stores it; and no problem message repeats what the client sent.
func TestInvalidUTF8IsRefusedWithAPointer(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	json := map[string]string{"Content-Type": "application/json"}
	register := func(name string) string {
		return `{"email":"` + apitest.NewEmail() + `","password":"` + apitest.Password + `","displayName":"` + name + `"}`
	}
	tests := []struct {
		method, path, body string
		pointer            string
	}{
		{"GET", "/api/assets?type=%C0%AF", "", "/query/type"},
		{"GET", "/api/news?limit=5&q=apple%FF", "", "/query/q"},
		{"GET", "/api/news?%FF=1", "", "/query"},
		{"GET", "/api/assets/%C0%AF", "", "/path"},
		{"POST", "/api/auth/register", register("Ada \xff"), "/body/displayName"},
		{"POST", "/api/auth/register", "{\"a~/b\xfe\":1}", "/body"},
		{"POST", "/api/auth/register", "{\"x\":[1,{\"a~/b\":\"\xc0\"}]}", "/body/x/1/a~0~1b"},
	}
	for _, tt := range tests {
		resp, body := do(t, s, tt.method, tt.path, tt.body, json)
		p := decodeProblem(t, resp, body, 400)
		if p.Code != "invalid_encoding" || len(p.Errors) != 1 || p.Errors[0].Pointer != tt.pointer {
			t.Errorf("%s %s: %+v, want invalid_encoding at %s", tt.method, tt.path, p, tt.pointer)
		}
		if !utf8.Valid(body) {
			t.Errorf("%s %s: the problem is not UTF-8: %q", tt.method, tt.path, body)
		}
	}
	// Nothing was stored: the display name's account does not exist.
	if resp, body := do(t, s, "POST", "/api/auth/register", register("Ada"), json); resp.StatusCode != 201 {
		t.Fatalf("valid registration: %d %s", resp.StatusCode, body)
	}
}

// A parameter that ogen refuses is described by its rule, not echoed.
func TestParameterErrorsDoNotEchoTheInput(t *testing.T) {
	t.Parallel()
	s := apitest.Start(t)
	for _, path := range []string{
		"/api/assets?type=bogus-type-value",
		"/api/assets?limit=bogus-type-value",
		"/api/assets/bogus-type-value",
		"/api/news?since=bogus-type-value",
	} {
		resp, body := do(t, s, "GET", path, "", nil)
		p := decodeProblem(t, resp, body, 400)
		if len(p.Errors) != 1 || p.Errors[0].Message == "" || strings.Contains(p.Detail.Value+p.Errors[0].Message, "bogus") {
			t.Errorf("%s: %s, want a message that names the rule, not the value", path, body)
		}
	}
	resp, body := do(t, s, "GET", "/api/assets?limit=0", "", nil)
	if p := decodeProblem(t, resp, body, 400); len(p.Errors) != 1 || p.Errors[0].Message != "int: value 0 less than 1" {
		t.Errorf("a limit of 0: %+v, want the bound named", p.Errors)
	}
}
