package market

import "testing"

func FuzzDecodeCursor(f *testing.F) {
	f.Add(encodeAssetCursor("t=|x=|q=", "AAPL"), "t=|x=|q=")
	f.Add("MXwxbDFvZTdsfEFEQS1VU0Q", "t=stock|x=|q=")
	f.Add("", "")
	f.Add("!!!", "t=")
	f.Fuzz(func(t *testing.T, cursor, filters string) {
		sym, err := decodeAssetCursor(cursor, filters)
		if err != nil {
			return
		}
		if !ValidSymbol(sym) {
			t.Fatalf("decodeCursor(%q) accepted invalid symbol %q", cursor, sym)
		}
		if encodeAssetCursor(filters, sym) != cursor {
			// Only cursors this API issued are accepted.
			t.Fatalf("cursor %q decoded to %q but does not round-trip", cursor, sym)
		}
	})
}

func TestCursorRoundTrip(t *testing.T) {
	t.Parallel()
	c := encodeAssetCursor("t=etf|x=|q=", "BRK.B")
	got, err := decodeAssetCursor(c, "t=etf|x=|q=")
	if err != nil || got != "BRK.B" {
		t.Fatalf("decodeCursor = %q, %v", got, err)
	}
	if _, err := decodeAssetCursor(c, "t=stock|x=|q="); err == nil {
		t.Error("cursor accepted with other filters")
	}
}
