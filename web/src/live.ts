// Live updates: the one module that knows how the page subscribes. A
// stored dashboard opens its own stream (GET /api/dashboards/{id}/stream)
// with a single-use ticket; the demo opens the public quote stream
// (GET /api/stream?symbols=…). A stream that errors or closes is closed and
// reopened — with a new ticket — from the last event id seen.
import { api, must, type Quote, type Schemas } from "./api";

export type DashboardChange = Schemas["DashboardChange"];

export interface LiveHandlers {
  quote(q: Quote): void;
  dashboard?(c: DashboardChange): void;
  status?(s: "live" | "reconnecting"): void;
}

export interface LiveTarget {
  dashboardId?: number; // a stored dashboard; undefined for the demo
  symbols: string[];
}

/** streamURL is where to open target's stream now (asking for a ticket when it is a stored dashboard). */
async function streamURL(target: LiveTarget, lastId: string): Promise<URL> {
  let u: URL;
  if (target.dashboardId !== undefined) {
    const t = must(await api.POST("/api/dashboards/{dashboardId}/stream-tickets", { params: { path: { dashboardId: target.dashboardId } } }));
    u = new URL(`/api/dashboards/${target.dashboardId}/stream`, location.origin);
    u.searchParams.set("ticket", t.ticket);
  } else {
    u = new URL("/api/stream", location.origin);
    u.searchParams.set("symbols", [...new Set(target.symbols)].slice(0, 50).join(","));
  }
  if (lastId) u.searchParams.set("lastEventId", lastId);
  return u;
}

/** connect subscribes to target's live events until the returned stop is called. */
export function connect(target: LiveTarget, on: LiveHandlers): () => void {
  let es: EventSource | null = null;
  let lastId = "";
  let stopped = false;
  let retry = 1000;
  let timer = 0;
  if (target.dashboardId === undefined && target.symbols.length === 0) return () => {};

  const listen = <T>(src: EventSource, name: string, fn: (data: T) => void) =>
    src.addEventListener(name, (ev) => {
      const m = ev as MessageEvent<string>;
      if (m.lastEventId) lastId = m.lastEventId;
      fn(JSON.parse(m.data) as T);
    });
  const open = async () => {
    if (stopped) return;
    let u: URL;
    try {
      u = await streamURL(target, lastId);
    } catch {
      reopen();
      return;
    }
    if (stopped) return;
    const src = new EventSource(u);
    es = src;
    src.addEventListener("open", () => {
      retry = 1000;
      on.status?.("live");
    });
    listen<Quote>(src, "quote", on.quote);
    listen<DashboardChange>(src, "dashboard", (c) => on.dashboard?.(c));
    src.addEventListener("closing", () => reopen());
    // EventSource would retry by itself, but with a used ticket: reopen instead.
    src.addEventListener("error", () => reopen());
  };
  const reopen = () => {
    es?.close();
    es = null;
    if (stopped) return;
    on.status?.("reconnecting");
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void open(), retry);
    retry = Math.min(retry * 2, 30000);
  };
  void open();
  return () => {
    stopped = true;
    window.clearTimeout(timer);
    es?.close();
  };
}
