package httpapi_test

import (
	"testing"

	"github.com/marketpulse/api/internal/testpg"
)

// TestMain runs the suite through testpg, whose cluster the servers use
// when MARKETPULSE_TEST_ENGINE=postgres (see apitest).
func TestMain(m *testing.M) { testpg.Main(m) }
