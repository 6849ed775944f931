package account

import (
	"testing"
	"time"
)

func TestLoginDelayDoublesPastTheBurstUpToItsCap(t *testing.T) {
	t.Parallel()
	tests := []struct {
		give int // recent failures on the account
		want time.Duration
	}{
		{0, 0}, {9, 0},
		{10, 250 * time.Millisecond},
		{11, 500 * time.Millisecond},
		{12, time.Second},
		{13, 2 * time.Second},
		{14, 2 * time.Second},
		{1 << 20, 2 * time.Second},
	}
	for _, tt := range tests {
		if got := loginDelay(tt.give, 10); got != tt.want {
			t.Errorf("loginDelay(%d failures, burst 10) = %v, want %v", tt.give, got, tt.want)
		}
	}
}
