// The market side of the frontend's path through the API: asset pages,
// a watchlist's quotes, news search and conditional GETs, with the same
// openapi-fetch client over gen/ts. Needs the demo market (seed-demo).
import { test } from "node:test";
import assert from "node:assert/strict";
import createClient from "openapi-fetch";
import type { paths } from "../../gen/ts/schema.d.ts";

const baseUrl = process.env.MARKETPULSE_URL;
if (!baseUrl) throw new Error("MARKETPULSE_URL is not set");

// symbols is comma-separated (style: form, explode: false) in the spec.
const api = createClient<paths>({ baseUrl, querySerializer: { array: { style: "form", explode: false } } });

test("list assets a page at a time, following nextCursor", async () => {
  const first = await api.GET("/api/assets", { params: { query: { limit: 20 } } });
  assert.equal(first.response.status, 200, JSON.stringify(first.error));
  const page1 = first.data!;
  assert.equal(page1.items.length, 20);
  assert.ok(page1.nextCursor, "200+ demo assets leave a next page");

  const next = await api.GET("/api/assets", { params: { query: { limit: 20, cursor: page1.nextCursor } } });
  assert.equal(next.response.status, 200, JSON.stringify(next.error));
  const page2 = next.data!;
  assert.equal(page2.items.length, 20);
  const last1 = page1.items.at(-1)!.symbol;
  const first2 = page2.items[0]!.symbol;
  assert.ok(first2 > last1, `page 2 starts (${first2}) after page 1 ends (${last1})`);
  const seen = new Set(page1.items.map((a) => a.symbol));
  assert.ok(page2.items.every((a) => !seen.has(a.symbol)), "pages do not overlap");
});

test("a watchlist's quotes, with unknown symbols reported, not failed", async () => {
  const symbols = ["MSFT", "AAPL", "BTC-USD", "EURUSD=X", "^GSPC", "NOPE"];
  const res = await api.GET("/api/quotes", { params: { query: { symbols } } });
  assert.equal(res.response.status, 200, JSON.stringify(res.error));
  const list = res.data!;
  assert.deepEqual(list.unknown, ["NOPE"]);
  assert.ok(Array.isArray(list.unquoted));
  assert.deepEqual(
    list.quotes.map((q) => q.symbol),
    ["MSFT", "AAPL", "BTC-USD", "EURUSD=X", "^GSPC"],
    "quotes come in the order asked for",
  );
  for (const q of list.quotes) {
    assert.equal(q.provider, "demo");
    assert.ok(q.price > 0, `${q.symbol} has a price`);
    assert.equal(typeof q.stale, "boolean");
    assert.ok(!Number.isNaN(Date.parse(q.asOf)), `${q.symbol} asOf ${q.asOf}`);
    assert.ok(!Number.isNaN(Date.parse(q.updatedAt)), `${q.symbol} updatedAt ${q.updatedAt}`);
  }
  assert.ok(res.response.headers.get("ETag"), "quotes send an ETag");
  assert.match(
    res.response.headers.get("Cache-Status") ?? "",
    /^marketpulse; (hit; detail=l[12]|fwd=(uri-miss|partial); stored)$/,
    "Cache-Status says which cache tier answered",
  );
});

test("search the news", async () => {
  const res = await api.GET("/api/news", { params: { query: { q: "earnings", limit: 5 } } });
  assert.equal(res.response.status, 200, JSON.stringify(res.error));
  const page = res.data!;
  assert.equal(page.items.length, 5, "the demo news mentions earnings often");
  for (const a of page.items) {
    assert.ok(a.symbols.length >= 1, `article ${a.id} is about some asset`);
    assert.ok(a.match, `search result ${a.id} has a match`);
    assert.match(`${a.match!.title} ${a.match!.snippet}`, /<mark>/i, "matches are highlighted");
  }

  const none = await api.GET("/api/news", { params: { query: { q: "zzzqqqxxy" } } });
  assert.equal(none.response.status, 200, JSON.stringify(none.error));
  assert.deepEqual(none.data!.items, []);
  assert.equal(none.data!.nextCursor, null);
});

test("If-None-Match with the current ETag answers 304", async () => {
  const res = await api.GET("/api/assets/{symbol}", { params: { path: { symbol: "AAPL" } } });
  assert.equal(res.response.status, 200, JSON.stringify(res.error));
  assert.equal(res.data!.symbol, "AAPL");
  const etag = res.response.headers.get("ETag");
  assert.ok(etag, "GET sends an ETag");

  const again = await api.GET("/api/assets/{symbol}", {
    params: { path: { symbol: "AAPL" }, header: { "If-None-Match": etag! } },
  });
  assert.equal(again.response.status, 304);
  assert.equal(again.data, undefined);

  const other = await api.GET("/api/assets/{symbol}", {
    params: { path: { symbol: "AAPL" }, header: { "If-None-Match": '"not-the-tag"' } },
  });
  assert.equal(other.response.status, 200, "a stale tag gets the full answer");
});
