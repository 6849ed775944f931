// The dashboard stream as a frontend reads it: a ticket from an
// authenticated POST (an EventSource cannot send Authorization), then the
// text/event-stream, parsed into the spec's StreamEvent type.
import { test } from "node:test";
import assert from "node:assert/strict";
import createClient from "openapi-fetch";
import type { components, paths } from "../../gen/ts/schema.d.ts";

type StreamEvent = components["schemas"]["StreamEvent"];

const baseUrl = process.env.MARKETPULSE_URL;
if (!baseUrl) throw new Error("MARKETPULSE_URL is not set");

// readEvents parses server-sent events off body until want says stop.
async function readEvents(body: ReadableStream<Uint8Array>, want: (ev: StreamEvent) => boolean): Promise<StreamEvent[]> {
  const seen: StreamEvent[] = [];
  const decoder = new TextDecoder();
  let buf = "";
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buf += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buf.indexOf("\n\n")) >= 0) {
      const frame = buf.slice(0, end);
      buf = buf.slice(end + 2);
      const fields: Record<string, string> = {};
      for (const line of frame.split("\n")) {
        const i = line.indexOf(":");
        if (i > 0) fields[line.slice(0, i)] = line.slice(i + 1).trimStart();
      }
      if (!fields.event || fields.data === undefined) continue;
      const ev = { event: fields.event, id: fields.id, data: JSON.parse(fields.data) } as StreamEvent;
      seen.push(ev);
      if (!want(ev)) return seen;
    }
  }
  return seen;
}

test("open a dashboard's stream with a single-use ticket and read its quotes", async () => {
  const api = createClient<paths>({ baseUrl });
  const email = `ts-stream-${Date.now()}@example.com`;
  const password = "correct horse battery staple";
  assert.equal((await api.POST("/api/auth/register", { body: { email, password, displayName: "TS" } })).response.status, 201);
  const login = await api.POST("/api/auth/login", { body: { email, password } });
  const authed = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${login.data!.token}` } });

  const dash = await authed.POST("/api/dashboards", { body: { name: "Live" } });
  const dashboardId = dash.data!.id;
  const widget = await authed.POST("/api/dashboards/{dashboardId}/widgets", {
    params: { path: { dashboardId } },
    body: { title: "Two", position: { x: 0, y: 0, w: 4, h: 4 }, config: { kind: "watchlist", symbols: ["AAPL", "MSFT"] } },
  });
  assert.equal(widget.response.status, 201, JSON.stringify(widget.error));

  const ticket = await authed.POST("/api/dashboards/{dashboardId}/stream-tickets", { params: { path: { dashboardId } } });
  assert.equal(ticket.response.status, 201, JSON.stringify(ticket.error));
  const url = `${baseUrl}/api/dashboards/${dashboardId}/stream?ticket=${encodeURIComponent(ticket.data!.ticket)}`;

  const ctl = new AbortController();
  const res = await fetch(url, { signal: ctl.signal });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "text/event-stream");
  const symbols = new Set<string>();
  const events = await readEvents(res.body!, (ev) => {
    if (ev.event === "quote") symbols.add(ev.data.symbol);
    return symbols.size < 2;
  });
  ctl.abort();
  assert.deepEqual([...symbols].sort(), ["AAPL", "MSFT"], "a snapshot of the widgets' quotes");
  for (const ev of events) {
    if (ev.event === "quote") {
      assert.ok(ev.id, "quote events carry an id to resume from");
      assert.ok(ev.data.price > 0);
    }
  }

  const reused = await fetch(url);
  assert.equal(reused.status, 401, "a ticket is single-use");
  assert.equal(reused.headers.get("content-type"), "application/problem+json");
  await reused.body?.cancel();
});
