package httpmw

import (
	"net/http"
	"net/netip"
	"strings"
)

// hdrForwardedFor is X-Forwarded-For in canonical form, so that reading it
// costs no canonicalisation.
const hdrForwardedFor = "X-Forwarded-For"

// ClientIP identifies the client of r: the one function every per-client
// limit and throttle keys by. trusted lists the proxies whose
// X-Forwarded-For entries are believed (HTTP_TRUSTED_PROXIES).
//
// The rule is that of nginx's real_ip_recursive and Traefik:
//   - a direct peer (RemoteAddr) outside trusted is the client, whatever
//     X-Forwarded-For says;
//   - behind a trusted peer, X-Forwarded-For (every header line, entries
//     separated by commas) is read from the right, skipping trusted
//     entries; the first untrusted entry is the client;
//   - an entry that is not an address (garbage, an empty entry) stops the
//     walk: the client is the last trusted hop, the one that received the
//     garbage, since whoever wrote it is not known;
//   - when every entry is trusted, the left-most one is the client.
//
// Entries may carry a port ("192.0.2.1:4711", "[2001:db8::1]:443"), which
// is dropped, as are IPv6 zones; IPv4-mapped IPv6 addresses are unmapped.
// A peer address that does not parse (a Unix socket) is the zero Addr, one
// client for all such peers. It allocates nothing.
func ClientIP(r *http.Request, trusted []netip.Prefix) netip.Addr {
	client, ok := parseHop(r.RemoteAddr)
	if !ok || !isTrusted(client, trusted) {
		return client
	}
	lines := r.Header[hdrForwardedFor]
	for i := len(lines) - 1; i >= 0; i-- {
		rest := lines[i]
		for {
			entry := rest
			cut := strings.LastIndexByte(rest, ',')
			if cut >= 0 {
				entry, rest = rest[cut+1:], rest[:cut]
			}
			hop, ok := parseHop(entry)
			if !ok {
				return client // garbage: the last trusted hop
			}
			client = hop
			if !isTrusted(hop, trusted) {
				return client
			}
			if cut < 0 {
				break
			}
		}
	}
	return client // every hop trusted: the left-most
}

// parseHop parses an address with or without a port, trimmed of blanks.
// The form is told from the text first ("[v6]:port" and "v4:port" have a
// port, other text with colons is bare IPv6), so that no parse fails, and
// so allocates its error, on well-formed input.
func parseHop(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	var a netip.Addr
	if strings.HasPrefix(s, "[") || strings.Count(s, ":") == 1 {
		ap, err := netip.ParseAddrPort(s)
		if err != nil {
			return netip.Addr{}, false
		}
		a = ap.Addr()
	} else {
		var err error
		if a, err = netip.ParseAddr(s); err != nil {
			return netip.Addr{}, false
		}
	}
	return a.WithZone("").Unmap(), true
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
