package httpapi_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/marketpulse/api/gen/oas"
	"github.com/marketpulse/api/internal/apitest"
	"github.com/marketpulse/api/internal/contract"
)

// The authorization matrix is generated from openapi.yaml: every operation
// is called by every kind of caller, and the expected status follows from
// the operation's class. A new operation without an entry in requests fails
// the test, so none can skip it.

type caller string

const (
	anonymous caller = "anonymous"
	owner     caller = "user A (owner)"
	stranger  caller = "user B"
	adminUser caller = "admin user"
	machine   caller = "ADMIN_TOKEN"
)

// The order matters: the owner goes last, because its call may delete or
// change the resource the others try.
var callers = []caller{anonymous, stranger, adminUser, machine, owner}

type class int

const (
	public     class = iota // no token needed
	self                    // the caller's own account: any user
	collection              // the caller's own dashboards: any user
	owned                   // user A's dashboard or widget
	adminOnly               // admin users and ADMIN_TOKEN
	ticket                  // a stream ticket; no bearer token opens it
)

// fixture holds the resources the requests refer to.
type fixture struct {
	dashboardID, widgetID, userBID int64
	emailA                         string
}

// request builds the path and body for an operation.
type request func(f fixture) (path, body string)

var requests = map[string]request{
	"getHealth":            static("/api/system/health", ""),
	"getInfo":              static("/api/system/info", ""),
	"getMetrics":           static("/api/system/metrics", ""),
	"getPrometheusMetrics": static("/metrics", ""),
	"getCacheStats":        static("/api/system/cache-stats", ""),
	"getProviders":         static("/api/system/providers", ""),
	"invalidateCache":      static("/api/system/cache/invalidate", `{"namespace":"asset","keys":["AAPL"]}`),
	"refreshCache":         static("/api/system/cache/refresh", `{"namespace":"asset","keys":["AAPL"]}`),
	"warmCache":            static("/api/system/cache/warm", `{"top":5}`),
	"listAssets":           static("/api/assets?limit=2", ""),
	"getAsset":             static("/api/assets/AAPL", ""),
	"createAsset": func(fixture) (string, string) {
		return "/api/assets", fmt.Sprintf(`{"symbol":"MTX%d","name":"Matrix","type":"stock"}`, matrixSeq.Add(1))
	},
	"updateAsset":  static("/api/assets/AAPL", `{"sector":"Technology"}`),
	"deleteAsset":  static("/api/assets/IBM", ""),
	"getQuote":     static("/api/assets/AAPL/quote", ""),
	"listQuotes":   static("/api/quotes?symbols=AAPL,MSFT,NOPE", ""),
	"ingestQuotes": static("/api/quotes", `{"quotes":[{"symbol":"AAPL","price":190.5,"asOf":"2026-01-02T15:04:05Z","provider":"matrix"}]}`),
	"getHistory":   static("/api/assets/AAPL/history?interval=1d", ""),
	"ingestBars":   static("/api/assets/AAPL/bars", `{"interval":"1d","bars":[{"ts":"2026-01-02T00:00:00Z","open":1,"high":2,"low":1,"close":2}]}`),
	"listNews":     static("/api/news?limit=5", ""),
	"getArticle":   static("/api/news/1", ""),
	"ingestNews":   static("/api/news", `{"articles":[{"url":"https://example.com/matrix","title":"Matrix","source":"Test","publishedAt":"2026-01-02T15:04:05Z","symbols":["AAPL"]}]}`),
	"register": func(fixture) (string, string) {
		return "/api/auth/register", fmt.Sprintf(`{"email":%q,"password":%q,"displayName":"M"}`, apitest.NewEmail(), apitest.Password)
	},
	"login": func(f fixture) (string, string) {
		return "/api/auth/login", fmt.Sprintf(`{"email":%q,"password":%q}`, f.emailA, apitest.Password)
	},
	"logout":         static("/api/auth/logout", ""),
	"getMe":          static("/api/users/me", ""),
	"updateMe":       static("/api/users/me", `{"displayName":"Renamed"}`),
	"changePassword": static("/api/users/me/password", fmt.Sprintf(`{"currentPassword":%q,"newPassword":"another long password"}`, apitest.Password)),
	"listUsers":      static("/api/admin/users", ""),
	"updateUser": func(f fixture) (string, string) {
		return fmt.Sprintf("/api/admin/users/%d", f.userBID), `{"active":true}`
	},
	"listDashboards":     static("/api/dashboards", ""),
	"createDashboard":    static("/api/dashboards", `{"name":"Matrix"}`),
	"getDashboard":       dash("", ""),
	"updateDashboard":    dash("", `{"name":"Renamed"}`),
	"deleteDashboard":    dash("", ""),
	"duplicateDashboard": dash("/duplicate", `{}`),
	"putLayout": func(f fixture) (string, string) {
		return fmt.Sprintf("/api/dashboards/%d/layout", f.dashboardID),
			fmt.Sprintf(`{"items":[{"widgetId":%d,"position":{"x":0,"y":0,"w":4,"h":4}}]}`, f.widgetID)
	},
	"listWidgets":  dash("/widgets", ""),
	"createWidget": dash("/widgets", `{"title":"W","position":{"x":6,"y":0,"w":2,"h":2},"config":{"kind":"watchlist","symbols":["AAPL"]}}`),
	"getWidget":    widget(""),
	"updateWidget": widget(`{"title":"Renamed"}`),
	"deleteWidget": widget(""),
	"streamQuotes": static("/api/stream?symbols=AAPL", ""),
	// Opened by a ticket, never by a bearer token: without one, 401 for all.
	"streamDashboard":    dash("/stream?ticket=mpst_none", ""),
	"createStreamTicket": dash("/stream-tickets", ""),
}

// ticketed are the operations a stream ticket authorizes, not a bearer
// token (openapi.yaml declares them without security).
var ticketed = map[string]bool{"streamDashboard": true}

// matrixSeq makes each createAsset call create another asset.
var matrixSeq atomic.Int64

func static(path, body string) request { return func(fixture) (string, string) { return path, body } }

func dash(suffix, body string) request {
	return func(f fixture) (string, string) {
		return fmt.Sprintf("/api/dashboards/%d%s", f.dashboardID, suffix), body
	}
}

func widget(body string) request {
	return func(f fixture) (string, string) {
		return fmt.Sprintf("/api/dashboards/%d/widgets/%d", f.dashboardID, f.widgetID), body
	}
}

func classify(op contract.Operation) class {
	switch {
	case ticketed[op.ID]:
		return ticket
	case !op.Secured:
		return public
	case slices.Contains(op.Tags, "admin") || slices.Contains(op.Tags, "system"):
		return adminOnly
	case slices.Contains(op.Tags, "users") || slices.Contains(op.Tags, "auth"):
		return self
	case strings.Contains(op.Path, "{dashboardId}"):
		return owned
	default:
		return collection
	}
}

// allowed reports whether status is right for c calling an operation of k.
func allowed(k class, c caller, status int) bool {
	ok := status >= 200 && status < 300
	switch k {
	case public:
		return status != http.StatusUnauthorized && status != http.StatusForbidden && status < 500
	case self, collection:
		switch c {
		case anonymous:
			return status == http.StatusUnauthorized
		case machine:
			return status == http.StatusForbidden
		}
		return ok
	case owned:
		switch c {
		case anonymous:
			return status == http.StatusUnauthorized
		case machine:
			return status == http.StatusForbidden
		case stranger, adminUser:
			return status == http.StatusNotFound
		}
		return ok
	case ticket:
		return status == http.StatusUnauthorized
	case adminOnly:
		switch c {
		case anonymous:
			return status == http.StatusUnauthorized
		case owner, stranger:
			return status == http.StatusForbidden
		}
		return ok
	}
	return false
}

func TestAuthorizationMatrix(t *testing.T) {
	t.Parallel()
	ops := contract.Load(t).Operations()
	for _, op := range ops {
		if _, ok := requests[op.ID]; !ok {
			t.Errorf("operation %s (%s %s) has no entry in the authorization matrix", op.ID, op.Method, op.Path)
		}
	}
	for id := range requests {
		if !slices.ContainsFunc(ops, func(o contract.Operation) bool { return o.ID == id }) {
			t.Errorf("matrix entry %s is not an operation of openapi.yaml", id)
		}
	}
	for _, op := range ops {
		build, ok := requests[op.ID]
		if !ok {
			continue
		}
		t.Run(op.ID, func(t *testing.T) {
			t.Parallel()
			s := apitest.Start(t)
			tokens, f := matrixFixture(t, s)
			k := classify(op)
			var notFound string
			for _, c := range callers {
				path, body := build(f)
				header := map[string]string{}
				if body != "" {
					header["Content-Type"] = "application/json"
				}
				if tok := tokens[c]; tok != "" {
					header["Authorization"] = "Bearer " + tok
				}
				resp, b := do(t, s, op.Method, path, body, header)
				if !allowed(k, c, resp.StatusCode) {
					t.Errorf("%s as %s: status %d; body %s", op.ID, c, resp.StatusCode, b)
				}
				if resp.StatusCode == http.StatusNotFound && k == owned {
					// Someone else's resource answers exactly like a missing one.
					p := decodeProblem(t, resp, b, http.StatusNotFound)
					if notFound == "" {
						notFound = p.Code + "|" + p.Detail.Value
					} else if got := p.Code + "|" + p.Detail.Value; got != notFound {
						t.Errorf("%s as %s: 404 body %q differs from %q", op.ID, c, got, notFound)
					}
				}
			}
		})
	}
}

// matrixFixture creates users A, B and an admin, and A's dashboard with one
// widget. It returns each caller's token.
func matrixFixture(t *testing.T, s *apitest.Server) (map[caller]string, fixture) {
	t.Helper()
	ctx := context.Background()
	login := func(email string) (*oas.Client, *oas.Session) { return s.Login(t, email, apitest.Password) }

	emailA, emailB := apitest.NewEmail(), apitest.NewEmail()
	s.Register(t, emailA)
	userB := s.Register(t, emailB)
	clientA, sessA := login(emailA)
	_, sessB := login(emailB)

	d, err := clientA.CreateDashboard(ctx, &oas.DashboardCreate{Name: "A's"})
	if err != nil {
		t.Fatal(err)
	}
	dashID := d.Response.ID
	w, err := clientA.CreateWidget(ctx, &oas.WidgetCreate{
		Title:    "Watch",
		Position: oas.GridPosition{X: 0, Y: 0, W: 4, H: 4},
		Config:   oas.NewWatchlistConfigWidgetConfig(oas.WatchlistConfig{Kind: oas.WatchlistConfigKindWatchlist, Symbols: []oas.Symbol{"AAPL"}}),
	}, oas.CreateWidgetParams{DashboardId: dashID})
	if err != nil {
		t.Fatal(err)
	}
	adminToken := adminSessionToken(t, s)
	return map[caller]string{
			owner: sessA.Token, stranger: sessB.Token, adminUser: adminToken, machine: apitest.AdminToken,
		}, fixture{
			dashboardID: int64(dashID), widgetID: int64(w.Response.ID), userBID: int64(userB.ID), emailA: emailA,
		}
}

func adminSessionToken(t *testing.T, s *apitest.Server) string {
	t.Helper()
	email := apitest.NewEmail()
	u := s.Register(t, email)
	if _, err := s.Admin.UpdateUser(context.Background(), &oas.AdminUserUpdate{Role: oas.NewOptRole(oas.RoleAdmin)},
		oas.UpdateUserParams{UserId: u.ID}); err != nil {
		t.Fatal(err)
	}
	_, sess := s.Login(t, email, apitest.Password)
	return sess.Token
}
