package migrate_test

import (
	"testing"

	"github.com/marketpulse/api/internal/testpg"
)

// TestMain stops the PostgreSQL cluster that the postgres tests start.
func TestMain(m *testing.M) { testpg.Main(m) }
