package store_test

import (
	"context"
	"errors"
	"testing"
)

// Single-row reads drop a live context's cancellation (readPool), but a
// context already done must still fail the read.
func TestPointReadHonoursADoneContext(t *testing.T) {
	t.Parallel()
	d := mustOpen(t)
	mustAsset(t, d.Write, "RP", "Read pool")
	ctx, cancel := context.WithCancel(t.Context())
	if a, err := d.Read.GetAssetBySymbol(ctx, "RP"); err != nil || a.Symbol != "RP" {
		t.Fatalf("read with a live context = %+v, %v", a, err)
	}
	cancel()
	if _, err := d.Read.GetAssetBySymbol(ctx, "RP"); !errors.Is(err, context.Canceled) {
		t.Errorf("read with a canceled context: err = %v, want context.Canceled", err)
	}
}
