package main

import (
	"os"
	"testing"

	"github.com/marketpulse/api/internal/testpg"
)

// instanceEnv, set to 1, makes the test binary the real program: the tests
// that need whole server processes (to SIGKILL one, say) start it again
// with this variable and the arguments of main.
const instanceEnv = "MARKETPULSE_TEST_INSTANCE"

// TestMain runs main in an instance started by a test, and otherwise the
// tests, stopping the PostgreSQL cluster that the migrate and instance
// tests start.
func TestMain(m *testing.M) {
	if os.Getenv(instanceEnv) == "1" {
		main()
		os.Exit(0)
	}
	testpg.Main(m)
}
