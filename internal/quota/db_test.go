package quota_test

import (
	"context"
	"sync"
	"testing"

	"github.com/marketpulse/api/internal/pgstore"
	"github.com/marketpulse/api/internal/quota"
	"github.com/marketpulse/api/internal/store"
	"github.com/marketpulse/api/internal/testdb"
	"github.com/marketpulse/api/internal/testpg"
)

func TestMain(m *testing.M) { testpg.Main(m) }

// storageOf is the quota storage of e's database.
func storageOf(e testdb.Engine) quota.Storage {
	if e.SQLite != nil {
		return quota.SQLite(e.SQLite)
	}
	return quota.Postgres(e.Postgres)
}

// reopen opens e's database once more, as another instance sharing it or
// a restart does; closeIt closes that handle (again at the test's end is a
// no-op).
func reopen(t *testing.T, e testdb.Engine) (s quota.Storage, closeIt func()) {
	t.Helper()
	ctx := context.Background()
	var once sync.Once
	switch e.Name {
	case testdb.NameSQLite:
		d, err := store.Open(ctx, e.SQLite.Path(), store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		s, closeIt = quota.SQLite(d), func() { once.Do(func() { _ = d.Close() }) }
	default:
		// testpg's URLs carry no password, so the redacted URL is the URL.
		d, err := pgstore.Open(ctx, e.Postgres.URL(), pgstore.Options{MaxConns: 4})
		if err != nil {
			t.Fatal(err)
		}
		s, closeIt = quota.Postgres(d), func() { once.Do(d.Close) }
	}
	t.Cleanup(closeIt)
	return s, closeIt
}
