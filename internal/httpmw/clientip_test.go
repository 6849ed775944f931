package httpmw_test

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/marketpulse/api/internal/httpmw"
)

// trusted is a proxy set of a loopback proxy, an internal network and an
// IPv6 load balancer range.
var trusted = []netip.Prefix{
	netip.MustParsePrefix("127.0.0.1/32"),
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("2001:db8:1::/48"),
}

func request(remote string, xff ...string) *http.Request {
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.RemoteAddr = remote
	for _, v := range xff {
		r.Header.Add("X-Forwarded-For", v)
	}
	return r
}

func TestClientIP(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		remote  string
		xff     []string
		trusted []netip.Prefix
		want    string // "invalid" for the zero Addr
	}{
		{name: "no proxy trusted: the peer", remote: "198.51.100.7:4711", want: "198.51.100.7"},
		{name: "no proxy trusted: XFF ignored", remote: "10.0.0.2:4711", xff: []string{"203.0.113.5"}, want: "10.0.0.2"},
		{name: "untrusted peer: XFF ignored", remote: "198.51.100.7:4711", xff: []string{"203.0.113.5"}, trusted: trusted, want: "198.51.100.7"},
		{name: "trusted peer, no XFF: the peer", remote: "127.0.0.1:4711", trusted: trusted, want: "127.0.0.1"},
		{name: "one proxy", remote: "127.0.0.1:4711", xff: []string{"203.0.113.5"}, trusted: trusted, want: "203.0.113.5"},
		{name: "spoofed left-most entry", remote: "127.0.0.1:4711", xff: []string{"1.2.3.4, 203.0.113.5"}, trusted: trusted, want: "203.0.113.5"},
		{name: "spoofed trusted-looking left-most entry", remote: "127.0.0.1:4711", xff: []string{"10.9.9.9, 203.0.113.5"}, trusted: trusted, want: "203.0.113.5"},
		{name: "proxy chain", remote: "127.0.0.1:4711", xff: []string{"1.2.3.4, 203.0.113.5, 10.0.0.3, 10.0.0.2"}, trusted: trusted, want: "203.0.113.5"},
		{name: "every hop trusted: the left-most", remote: "127.0.0.1:4711", xff: []string{"10.0.0.9,10.0.0.3"}, trusted: trusted, want: "10.0.0.9"},
		{name: "lines read right to left", remote: "127.0.0.1:4711", xff: []string{"1.2.3.4", "203.0.113.5, 10.0.0.3"}, trusted: trusted, want: "203.0.113.5"},
		{name: "client's line first, proxy's line last", remote: "127.0.0.1:4711", xff: []string{"1.2.3.4, 5.6.7.8", "203.0.113.5"}, trusted: trusted, want: "203.0.113.5"},
		{name: "walk crosses lines", remote: "127.0.0.1:4711", xff: []string{"203.0.113.5", "10.0.0.3"}, trusted: trusted, want: "203.0.113.5"},
		{name: "entry with a port", remote: "127.0.0.1:4711", xff: []string{"203.0.113.5:5555"}, trusted: trusted, want: "203.0.113.5"},
		{name: "IPv6 entry with a port", remote: "127.0.0.1:4711", xff: []string{"[2001:db8:2::7]:443"}, trusted: trusted, want: "2001:db8:2::7"},
		{name: "IPv6 peer and chain", remote: "[2001:db8:1::1]:8443", xff: []string{"2001:db8:2::7, 2001:db8:1::9"}, trusted: trusted, want: "2001:db8:2::7"},
		{name: "IPv6 zone dropped", remote: "127.0.0.1:4711", xff: []string{"fe80::1%eth0"}, trusted: trusted, want: "fe80::1"},
		{name: "IPv4-mapped peer is trusted as IPv4", remote: "[::ffff:127.0.0.1]:4711", xff: []string{"203.0.113.5"}, trusted: trusted, want: "203.0.113.5"},
		{name: "IPv4-mapped entry unmapped", remote: "127.0.0.1:4711", xff: []string{"::ffff:203.0.113.5"}, trusted: trusted, want: "203.0.113.5"},
		{name: "blanks", remote: "127.0.0.1:4711", xff: []string{"  203.0.113.5 ,\t10.0.0.3 "}, trusted: trusted, want: "203.0.113.5"},
		{name: "garbage right-most: the peer", remote: "127.0.0.1:4711", xff: []string{"203.0.113.5, unknown"}, trusted: trusted, want: "127.0.0.1"},
		{name: "garbage behind a trusted hop: that hop", remote: "127.0.0.1:4711", xff: []string{"203.0.113.5, <script>, 10.0.0.3"}, trusted: trusted, want: "10.0.0.3"},
		{name: "garbage left of the client: not reached", remote: "127.0.0.1:4711", xff: []string{"garbage, 203.0.113.5"}, trusted: trusted, want: "203.0.113.5"},
		{name: "empty entry stops the walk", remote: "127.0.0.1:4711", xff: []string{"203.0.113.5,,10.0.0.3"}, trusted: trusted, want: "10.0.0.3"},
		{name: "empty line stops the walk", remote: "127.0.0.1:4711", xff: []string{"203.0.113.5", ""}, trusted: trusted, want: "127.0.0.1"},
		{name: "obfuscated identifier", remote: "127.0.0.1:4711", xff: []string{"_hidden"}, trusted: trusted, want: "127.0.0.1"},
		{name: "peer without a port", remote: "198.51.100.7", want: "198.51.100.7"},
		{name: "unparsable peer", remote: "@", xff: []string{"203.0.113.5"}, trusted: trusted, want: "invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := httpmw.ClientIP(request(tt.remote, tt.xff...), tt.trusted)
			s := got.String()
			if !got.IsValid() {
				s = "invalid"
			}
			if s != tt.want {
				t.Errorf("ClientIP(peer %s, XFF %q) = %s, want %s", tt.remote, tt.xff, s, tt.want)
			}
		})
	}
}

// TestClientIPAllocatesNothing: it runs on every request.
func TestClientIPAllocatesNothing(t *testing.T) {
	for _, r := range []*http.Request{
		request("198.51.100.7:4711"),
		request("127.0.0.1:4711", "1.2.3.4, 203.0.113.5, 10.0.0.3"),
		request("[2001:db8:1::1]:8443", "2001:db8:2::7"),
	} {
		if n := testing.AllocsPerRun(100, func() { httpmw.ClientIP(r, trusted) }); n != 0 {
			t.Errorf("ClientIP(peer %s, XFF %q) allocates %v times", r.RemoteAddr, r.Header.Values("X-Forwarded-For"), n)
		}
	}
}

func BenchmarkClientIP(b *testing.B) {
	direct := request("198.51.100.7:4711")
	proxied := request("127.0.0.1:4711", "1.2.3.4, 203.0.113.5, 10.0.0.3")
	b.Run("direct", func(b *testing.B) {
		for b.Loop() {
			httpmw.ClientIP(direct, trusted)
		}
	})
	b.Run("proxied", func(b *testing.B) {
		for b.Loop() {
			httpmw.ClientIP(proxied, trusted)
		}
	})
}
