// The frontend's path through the API, with the client the frontend uses:
// openapi-fetch over the types generated from openapi.yaml (gen/ts).
// Run by scripts/client-test.sh against a freshly started server.
import { test } from "node:test";
import assert from "node:assert/strict";
import createClient from "openapi-fetch";
import type { paths } from "../../gen/ts/schema.d.ts";

const baseUrl = process.env.MARKETPULSE_URL;
if (!baseUrl) throw new Error("MARKETPULSE_URL is not set");

test("register, log in, build a dashboard and read it back", async () => {
  const api = createClient<paths>({ baseUrl });
  const email = `ts-${Date.now()}@example.com`;
  const password = "correct horse battery staple";

  const reg = await api.POST("/api/auth/register", {
    body: { email, password, displayName: "TS client" },
  });
  assert.equal(reg.response.status, 201, JSON.stringify(reg.error));

  const login = await api.POST("/api/auth/login", { body: { email, password } });
  assert.equal(login.response.status, 200, JSON.stringify(login.error));
  const token = login.data!.token;
  const authed = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${token}` } });

  const me = await authed.GET("/api/users/me");
  assert.equal(me.data?.email, email);

  const dash = await authed.POST("/api/dashboards", { body: { name: "Morning" } });
  assert.equal(dash.response.status, 201, JSON.stringify(dash.error));
  const dashboardId = dash.data!.id;
  assert.equal(dash.data!.isDefault, true, "the first dashboard is the default one");

  const watch = await authed.POST("/api/dashboards/{dashboardId}/widgets", {
    params: { path: { dashboardId } },
    body: {
      title: "Big tech",
      position: { x: 0, y: 0, w: 6, h: 4 },
      config: { kind: "watchlist", symbols: ["AAPL", "MSFT", "NVDA"] },
    },
  });
  assert.equal(watch.response.status, 201, JSON.stringify(watch.error));

  const chart = await authed.POST("/api/dashboards/{dashboardId}/widgets", {
    params: { path: { dashboardId } },
    body: {
      title: "Apple, 1y",
      position: { x: 6, y: 0, w: 6, h: 4 },
      config: { kind: "price_chart", symbol: "AAPL", interval: "1d", range: "1y" },
      refreshSeconds: 300,
    },
  });
  assert.equal(chart.response.status, 201, JSON.stringify(chart.error));

  const before = await authed.GET("/api/dashboards/{dashboardId}", { params: { path: { dashboardId } } });
  assert.equal(before.response.status, 200);
  const etag = before.response.headers.get("ETag");
  assert.ok(etag, "GET sends an ETag");

  // Swap the two widgets' rows.
  const layout = await authed.PUT("/api/dashboards/{dashboardId}/layout", {
    params: { path: { dashboardId }, header: { "If-Match": etag! } },
    body: {
      items: [
        { widgetId: watch.data!.id, position: { x: 0, y: 4, w: 12, h: 4 } },
        { widgetId: chart.data!.id, position: { x: 0, y: 0, w: 12, h: 4 } },
      ],
    },
  });
  assert.equal(layout.response.status, 200, JSON.stringify(layout.error));

  const stale = await authed.PUT("/api/dashboards/{dashboardId}/layout", {
    params: { path: { dashboardId }, header: { "If-Match": etag! } },
    body: { items: [] },
  });
  assert.equal(stale.response.status, 412, "a stale If-Match is refused");
  assert.equal(stale.error?.code, "version_mismatch");

  const after = await authed.GET("/api/dashboards/{dashboardId}", { params: { path: { dashboardId } } });
  const byId = new Map(after.data!.widgets.map((w) => [w.id, w]));
  assert.deepEqual(byId.get(watch.data!.id)?.position, { x: 0, y: 4, w: 12, h: 4 });
  assert.deepEqual(byId.get(chart.data!.id)?.position, { x: 0, y: 0, w: 12, h: 4 });
  assert.notEqual(after.response.headers.get("ETag"), etag, "the layout change gives a new ETag");
});

test("errors are problem documents the client can read", async () => {
  const api = createClient<paths>({ baseUrl });
  const res = await api.GET("/api/assets/{symbol}", { params: { path: { symbol: "NOPE" } } });
  assert.equal(res.response.status, 404);
  assert.equal(res.error?.code, "not_found");
  assert.ok(res.error?.requestId);
  assert.equal(res.response.headers.get("Content-Type"), "application/problem+json");
});
