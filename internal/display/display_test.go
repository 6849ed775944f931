package display_test

import (
	"testing"

	"github.com/marketpulse/api/internal/display"
)

func TestCheck(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		give string
		want bool
	}{
		{"Tech stocks", true},
		{"two\nlines\tand tab\r\n", true},
		{"日本株 · émergents", true},
		{"", true},
		{"nul\x00", false},
		{"esc\x1b[31m", false},
		{"del\x7f", false},
		{"c1\u0085", false},
		{"\u202egnp.exe", false},
		{"isolate\u2066x\u2069", false},
		{"zero\u200bwidth", true}, // not an override
	} {
		if got := display.Check(tt.give); got != tt.want {
			t.Errorf("Check(%q) = %v, want %v", tt.give, got, tt.want)
		}
	}
	if !display.CheckOpt(nil) {
		t.Error("CheckOpt(nil) = false")
	}
	if bad := "\x00"; display.CheckOpt(&bad) {
		t.Error("CheckOpt of NUL = true")
	}
}
