package boards_test

import (
	"context"
	"crypto/sha256"
	"testing"
	"time"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/gen/pgdb"
	"github.com/marketpulse/api/internal/boards"
	"github.com/marketpulse/api/internal/testdb"
	"github.com/marketpulse/api/internal/testpg"
)

func TestMain(m *testing.M) { testpg.Main(m) }

// storageOf is the boards storage of e's engine.
func storageOf(e testdb.Engine) boards.Storage {
	if e.Postgres != nil {
		return boards.Postgres(e.Postgres)
	}
	return boards.SQLite(e.SQLite)
}

// The rows boards' tests need that other domains own (users, sessions,
// assets) are written here with each engine's generated queries: this file
// is the only one of the tests that knows the engines apart.

const passwordHash = "$argon2id$v=19$m=65536,t=1,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"

// mustUser creates a user of e with a session that expires in an hour,
// and returns their ids.
func mustUser(tb testing.TB, e testdb.Engine, email string) (user, session int64) {
	tb.Helper()
	ctx := context.Background()
	digest := sha256.Sum256([]byte(email))
	expires := time.Now().Add(time.Hour).UTC()
	var err error
	switch {
	case e.SQLite != nil:
		var u db.User
		if u, err = e.SQLite.Write.CreateUser(ctx, db.CreateUserParams{Email: email, PasswordHash: passwordHash, DisplayName: "A", Role: "user"}); err != nil {
			break
		}
		var s db.Session
		s, err = e.SQLite.Write.CreateSession(ctx, db.CreateSessionParams{TokenHash: digest[:], UserID: u.ID, ExpiresAt: expires, UserAgent: "test"})
		user, session = u.ID, s.ID
	default:
		q := pgdb.New(e.Postgres.Pool)
		var u pgdb.User
		if u, err = q.CreateUser(ctx, pgdb.CreateUserParams{Email: email, PasswordHash: passwordHash, DisplayName: "A", Role: "user"}); err != nil {
			break
		}
		var s pgdb.Session
		s, err = q.CreateSession(ctx, pgdb.CreateSessionParams{TokenHash: digest[:], UserID: u.ID, ExpiresAt: expires, UserAgent: "test"})
		user, session = u.ID, s.ID
	}
	if err != nil {
		tb.Fatalf("%s: create user %s: %v", e.Name, email, err)
	}
	return user, session
}

// mustAssets creates active stocks of e named symbols.
func mustAssets(tb testing.TB, e testdb.Engine, symbols ...string) {
	tb.Helper()
	ctx := context.Background()
	for _, s := range symbols {
		var err error
		switch {
		case e.SQLite != nil:
			_, err = e.SQLite.Write.CreateAsset(ctx, db.CreateAssetParams{Symbol: s, Name: s, Type: "stock", Exchange: "NASDAQ", Currency: "USD", Active: 1})
		default:
			_, err = pgdb.New(e.Postgres.Pool).CreateAsset(ctx, pgdb.CreateAssetParams{Symbol: s, Name: s, Type: "stock", Exchange: "NASDAQ", Currency: "USD", Active: true})
		}
		if err != nil {
			tb.Fatalf("%s: create asset %s: %v", e.Name, s, err)
		}
	}
}

// storedConfig is the config of widget id as e's database holds it.
func storedConfig(tb testing.TB, e testdb.Engine, id int64) string {
	tb.Helper()
	ctx := context.Background()
	var raw string
	var err error
	switch {
	case e.SQLite != nil:
		err = e.SQLite.Reader.QueryRowContext(ctx, "SELECT config FROM widgets WHERE id = ?", id).Scan(&raw)
	default:
		err = e.Postgres.Pool.QueryRow(ctx, "SELECT config::text FROM widgets WHERE id = $1", id).Scan(&raw)
	}
	if err != nil {
		tb.Fatalf("%s: read the config of widget %d: %v", e.Name, id, err)
	}
	return raw
}
