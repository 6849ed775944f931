package config

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// parsePrefixes reads a comma-separated list of addresses (a prefix of one
// address) and CIDR prefixes (masked, so 10.1.2.3/8 is 10.0.0.0/8).
// IPv4-mapped IPv6 forms are unmapped, as client addresses are.
func parsePrefixes(raw string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for part := range strings.SplitSeq(raw, ",") {
		p := strings.TrimSpace(part)
		if p == "" {
			continue
		}
		pfx, err := parsePrefix(p)
		if err != nil {
			return nil, fmt.Errorf("%s is not an IP address or CIDR prefix such as 10.0.0.0/8", strconv.Quote(p))
		}
		out = append(out, pfx)
	}
	return out, nil
}

func parsePrefix(s string) (netip.Prefix, error) {
	if !strings.Contains(s, "/") {
		a, err := netip.ParseAddr(s)
		if err != nil || a.Zone() != "" {
			return netip.Prefix{}, fmt.Errorf("bad address %q", s)
		}
		a = a.Unmap()
		return netip.PrefixFrom(a, a.BitLen()), nil
	}
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	if a := p.Addr(); a.Is4In6() {
		bits := p.Bits() - 96
		if bits < 0 {
			return netip.Prefix{}, fmt.Errorf("mapped prefix %q shorter than /96", s)
		}
		p = netip.PrefixFrom(a.Unmap(), bits)
	}
	return p.Masked(), nil
}

// trustProxyRemoved is why HTTP_TRUST_PROXY stops the start.
const trustProxyRemoved = "removed: it believed the left-most X-Forwarded-For entry, which any client writes; " +
	"list the addresses of your proxies in HTTP_TRUSTED_PROXIES instead (e.g. 127.0.0.1,10.0.0.0/8)"

// removedProblems is one line per removed variable that is set, so that
// nobody upgrades into silently different trust. HTTP_TRUST_PROXY=false is
// let through: it asked for nothing the service now fails to do.
func removedProblems(getenv func(string) string) []string {
	if v := getenv("HTTP_TRUST_PROXY"); v != "" && v != "false" {
		return []string{fmt.Sprintf("HTTP_TRUST_PROXY: %s (got %q)", trustProxyRemoved, v)}
	}
	return nil
}
