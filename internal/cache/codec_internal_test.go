package cache

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

type point struct {
	X, Y int
}

func TestCodecRoundTrip(t *testing.T) {
	t.Parallel()
	expires := time.UnixMilli(1_700_000_000_123)
	tombstone := encodeTombstone(fmt.Errorf("point 7: %w", ErrNotFound), expires)
	value, err := encodeValue(point{1, 2}, expires)
	if err != nil {
		t.Fatalf("encodeValue: %v", err)
	}
	tests := []struct {
		name        string
		give        []byte
		wantVal     any
		wantMsg     string // of the tombstone error
		wantExpires time.Time
		wantErr     bool
	}{
		{"value", value, point{1, 2}, "", expires, false},
		{"tombstone", tombstone, nil, "point 7: not found", expires, false},
		{"empty tombstone message", encodeTombstone(errors.New(""), expires), nil, "not found", expires, false},
		{"empty", nil, nil, "", time.Time{}, true},
		{"header only, unknown kind", append([]byte{'x'}, make([]byte, 8)...), nil, "", time.Time{}, true},
		{"bad json", append(value[:headerLen:headerLen], '{'), nil, "", time.Time{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e, gotExpires, err := decodeEntry[point](tt.give, ErrNotFound)
			if (err != nil) != tt.wantErr {
				t.Fatalf("decodeEntry error = %v, want error %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if !gotExpires.Equal(tt.wantExpires) {
				t.Errorf("expires = %v, want %v", gotExpires, tt.wantExpires)
			}
			if diff := cmp.Diff(tt.wantVal, e.val); diff != "" {
				t.Errorf("value (-want +got):\n%s", diff)
			}
			if tt.wantMsg != "" && (e.notFound == nil || e.notFound.Error() != tt.wantMsg || !errors.Is(e.notFound, ErrNotFound)) {
				t.Errorf("tombstone error = %v, want %q matching ErrNotFound", e.notFound, tt.wantMsg)
			}
			if e.size != uint32(len(tt.give)) {
				t.Errorf("size = %d, want %d", e.size, len(tt.give))
			}
		})
	}
}

// FuzzDecodeEntry: L2 is shared, so a payload may come from anything that writes there.
func FuzzDecodeEntry(f *testing.F) {
	value, _ := encodeValue(point{1, 2}, time.Now())
	f.Add(value)
	f.Add(encodeTombstone(ErrNotFound, time.Now()))
	f.Add([]byte("v"))
	f.Fuzz(func(t *testing.T, b []byte) {
		e, _, err := decodeEntry[point](b, ErrNotFound)
		if err == nil && e.notFound == nil {
			if _, ok := e.val.(point); !ok {
				t.Errorf("decoded value %T, want point", e.val)
			}
		}
	})
}

func TestJitterStaysWithinTenPercent(t *testing.T) {
	t.Parallel()
	const d = time.Second
	lo, hi := d, d
	for range 10_000 {
		j := jitter(d)
		lo, hi = min(lo, j), max(hi, j)
	}
	if lo < d*9/10 || hi > d*11/10 {
		t.Errorf("jitter range [%v, %v], want within [%v, %v]", lo, hi, d*9/10, d*11/10)
	}
	if lo > d*95/100 || hi < d*105/100 {
		t.Errorf("jitter range [%v, %v] is too narrow", lo, hi)
	}
	if got := jitter(3); got != 3 {
		t.Errorf("jitter(3ns) = %v, want unchanged", got)
	}
}
