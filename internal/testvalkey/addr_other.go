//go:build !unix

package testvalkey

import (
	"net"
	"strconv"
	"testing"
)

// ClosedAddr returns a loopback address where nothing listens. Unlike on unix, another
// process may take the port later.
func ClosedAddr(tb testing.TB) string {
	tb.Helper()
	return net.JoinHostPort("127.0.0.1", strconv.Itoa(FreePort(tb)))
}
