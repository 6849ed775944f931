package store_test

import (
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/marketpulse/api/gen/db"
	"github.com/marketpulse/api/internal/apperr"
	"github.com/marketpulse/api/internal/store"
)

// argon2 is a well-formed password hash for the users_password_hash_format check.
const argon2 = "$argon2id$v=19$m=65536,t=1,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"

// at parses "2006-01-02 15:04:05" as UTC.
func at(tb testing.TB, s string) time.Time {
	tb.Helper()
	t, err := time.Parse(time.DateTime, s)
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

func mustUser(tb testing.TB, q *db.Queries, email string) db.User {
	tb.Helper()
	u, err := q.CreateUser(tb.Context(), db.CreateUserParams{Email: email, PasswordHash: argon2, DisplayName: "User " + email, Role: "user"})
	if err != nil {
		tb.Fatalf("create user %s: %v", email, err)
	}
	return u
}

func mustAsset(tb testing.TB, q *db.Queries, symbol, name string) db.Asset {
	tb.Helper()
	a, err := q.CreateAsset(tb.Context(), db.CreateAssetParams{Symbol: symbol, Name: name, Type: "stock", Exchange: "NASDAQ", Currency: "USD", Active: 1})
	if err != nil {
		tb.Fatalf("create asset %s: %v", symbol, err)
	}
	return a
}

func mustDashboard(tb testing.TB, q *db.Queries, owner int64, name string, isDefault int64) db.Dashboard {
	tb.Helper()
	d, err := q.CreateDashboard(tb.Context(), db.CreateDashboardParams{OwnerID: owner, Name: name, IsDefault: isDefault})
	if err != nil {
		tb.Fatalf("create dashboard %s: %v", name, err)
	}
	return d
}

func widgetParams(owner, dashboard int64, title string) db.CreateWidgetParams {
	return db.CreateWidgetParams{
		OwnerID: owner, DashboardID: dashboard, Kind: "watchlist", Title: title,
		PosX: 0, PosY: 0, Width: 4, Height: 3, Config: `{"symbols":["AAPL"]}`, RefreshSeconds: 60,
	}
}

func mustWidget(tb testing.TB, q *db.Queries, owner, dashboard int64, title string) db.Widget {
	tb.Helper()
	w, err := q.CreateWidget(tb.Context(), widgetParams(owner, dashboard, title))
	if err != nil {
		tb.Fatalf("create widget %s: %v", title, err)
	}
	return w
}

func articleParams(n int, title, summary string, published time.Time) db.InsertArticleParams {
	return db.InsertArticleParams{
		Url: fmt.Sprintf("https://news.example/%d", n), Title: title, Summary: summary,
		Source: "wire", PublishedAt: published,
	}
}

func mustArticle(tb testing.TB, q *db.Queries, p db.InsertArticleParams) db.NewsArticle {
	tb.Helper()
	a, err := q.InsertArticle(tb.Context(), p)
	if err != nil {
		tb.Fatalf("insert article %s: %v", p.Url, err)
	}
	return a
}

// wantErr fails unless store.Translate(err) is an *apperr.Error of kind and code.
func wantErr(tb testing.TB, err error, kind apperr.Kind, code string) {
	tb.Helper()
	if err == nil {
		tb.Fatalf("got no error, want kind %d (%s)", kind, code)
	}
	var ae *apperr.Error
	if terr := store.Translate(err, "thing"); !errors.As(terr, &ae) || ae.Kind != kind || ae.Code != code {
		tb.Fatalf("Translate(%v) = %v, want kind %d code %q", err, terr, kind, code)
	}
}

// wantNoRows fails unless err is sql.ErrNoRows.
func wantNoRows(tb testing.TB, err error) {
	tb.Helper()
	if !errors.Is(err, sql.ErrNoRows) {
		tb.Fatalf("err = %v, want sql.ErrNoRows", err)
	}
}

// count returns the rows of table matching where (a trusted literal).
func count(tb testing.TB, d *store.DB, table, where string) int {
	tb.Helper()
	var n int
	if err := d.Reader.QueryRowContext(tb.Context(), "SELECT count(*) FROM "+table+" WHERE "+where).Scan(&n); err != nil {
		tb.Fatal(err)
	}
	return n
}

// must returns v, failing the test if err is not nil: must(q.GetUser(ctx, id))(t).
func must[T any](v T, err error) func(testing.TB) T {
	return func(tb testing.TB) T {
		tb.Helper()
		if err != nil {
			tb.Fatal(err)
		}
		return v
	}
}

func noErr(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
